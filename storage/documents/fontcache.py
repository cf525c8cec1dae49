"""Parsed TrueType metrics kept on disk, so a font is not parsed again in every process.

reportlab parses the whole of a TrueType file (character map, widths, glyph offsets:
40–90 ms for each bundled CJK font) each time a process registers it. What the parse
gives — every attribute of reportlab's ``TTFontFace`` but the file's bytes — is saved
once and read back in a few milliseconds:

* a cache is keyed by the font file's SHA-256, its sub-font index and the reportlab
  version (another reportlab may parse differently), all stored in it and checked;
* the bundled fonts' caches ship beside them (resources/fonts/<font>.metrics, written by
  ``tools/build_fonts.py --metrics``, which tools/build_bundle.py runs too), so that a
  clerk's very first export is fast; any other font (an official font of the PC, or a
  bundled one after a reportlab update) is cached on first use in the user's cache folder
  (storage.paths.cache_dir), written atomically;
* a cache that cannot be read, is damaged or stale is ignored and written anew: a cache
  never stops an export.

The format is a line of JSON followed by arrays of fixed-size numbers (no pickle or
marshal: a cache is data, never code), with a CRC-32 against damage.

reportlab internals used here (tests/test_fontcache.py compares a face made from a cache
with one reportlab parses, so a reportlab release that changes them fails there): a face
(a :class:`CachedFace`, reportlab's ``TTFontFace`` made without its ``__init__``) is given
the saved attributes, the file's bytes (``_ttf_data``, read when the font is embedded)
and its unit scale (``_pdfScale``); the ``TTFont`` around it is set up as
``TTFont.__init__`` does.
"""

from __future__ import annotations

import base64
import functools
import gc
import itertools
import json
import pathlib
import sys
import zlib
from array import array
from collections.abc import Callable
from fnmatch import fnmatch
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from storage.documents.fontfiles import font_file, read_hashed
from storage.paths import cache_dir

FORMAT = 2
SUFFIX = ".metrics"
MAGIC = b"ZEPING-FONT-METRICS\n"
# Not saved: the file's bytes, a function, a read position, where the file was.
_NOT_SAVED = frozenset({"_ttf_data", "_pdfScale", "_pos", "filename", "zp_later"})


def bundled_cache_path(font: pathlib.Path) -> pathlib.Path:
    """Where a bundled font's cache ships: beside it."""
    return font.with_name(font.name + SUFFIX)


def _user_cache_path(digest: str, index: int) -> pathlib.Path:
    return cache_dir() / "font-metrics" / f"{digest}-{index}{SUFFIX}"


def load_ttfont(name: str, path: pathlib.Path, index: int) -> TTFont:
    """reportlab's ``TTFont(name, path, subfontIndex=index)``, from a cache when there is
    a good one (else parsed, and the cache written). TTFError/OSError/ValueError as
    reportlab raises them for a file it cannot use."""
    data, digest = font_file(path)  # read ahead while reportlab loaded, when an export began
    for cache in (bundled_cache_path(path), _user_cache_path(digest, index)):
        state = read_cache(cache, digest, index)
        if state is not None:
            return _font_from_state(name, state, data, path)
    font = parse(name, path, index)
    _write_user_cache(_user_cache_path(digest, index), cache_bytes(font, digest, index))
    return font


def parse(name: str, path: pathlib.Path, index: int) -> TTFont:
    """reportlab's own parse of the font (40–90 ms for a bundled one)."""
    return TTFont(name, str(path), subfontIndex=index)


def read_cache(cache: pathlib.Path, digest: str, index: int) -> dict[str, Any] | None:
    """The saved face attributes in ``cache`` if it is for this font and reportlab, else None.

    A cache is a line of JSON, the face's attributes with its tables as references to
    arrays of numbers, then those arrays; a CRC-32 of them is in the JSON.
    """
    try:
        data = cache.read_bytes()
        if not data.startswith(MAGIC):
            return None
        end = data.index(b"\n", len(MAGIC))
        document = json.loads(data[len(MAGIC):end])
        if (document["format"], document["reportlab"], document["sha256"], document["index"]) != (
                FORMAT, reportlab.Version, digest, index):
            return None
        arrays = memoryview(data)[end + 1:]
        if zlib.crc32(arrays) != document["crc32"]:
            return None
        face = document["face"]["dict"]
        decoder = _Decoder(arrays)
        state: dict[str, Any] = {}
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of new objects, none garbage: no collections meanwhile
        try:
            for key, value in face:
                # Checked now, built when read: see CachedFace.
                state[key] = decoder.later(value) if key in LATER else decoder.decode(value)
        finally:
            if collecting:
                gc.enable()
        return state
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        # Missing, unreadable or damaged (JSON, checksum, arrays): parse the font.
        return None


def cache_bytes(font: TTFont, digest: str, index: int) -> bytes:
    """The cache of a parsed font (``digest``: SHA-256 of its file)."""
    state = {key: value for key, value in vars(font.face).items() if key not in _NOT_SAVED}
    encoder = _Encoder()
    face = encoder.encode(state)
    arrays = b"".join(encoder.arrays)
    document = {"format": FORMAT, "reportlab": reportlab.Version, "sha256": digest, "index": index,
                "crc32": zlib.crc32(arrays), "face": face}
    header = json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return MAGIC + header + b"\n" + arrays


def write_bundled_cache(font: pathlib.Path) -> pathlib.Path:
    """Parse a bundled font and write the cache that ships beside it (the tools' job)."""
    _data, digest = read_hashed(font)
    parsed = parse(f"zp-cache-{font.stem}", font, 0)
    cache = bundled_cache_path(font)
    cache.write_bytes(cache_bytes(parsed, digest, 0))
    return cache


def _write_user_cache(cache: pathlib.Path, data: bytes) -> None:
    from model.errors import ZepingError
    from storage.files import write_bytes_atomically

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(cache, data)
    except (OSError, ZepingError):
        pass  # no cache folder (read-only profile): the next process parses the font again


LATER = frozenset({"glyphToChar"})  # the face's attributes built when first read


class CachedFace(TTFontFace):  # type: ignore[misc]
    """A face made from a cache. Its glyph → characters table, which only reportlab's
    text shaping reads, is built when first read (it was half the time of reading a cache)."""

    def __getattr__(self, name: str) -> Any:
        later = self.__dict__.get("zp_later", {})
        if name not in later:
            raise AttributeError(name)
        value = later.pop(name)()
        setattr(self, name, value)
        return value


def _font_from_state(name: str, state: dict[str, Any], data: bytes, path: pathlib.Path) -> TTFont:
    face = CachedFace.__new__(CachedFace)
    face.zp_later = {key: state.pop(key) for key in LATER & state.keys()}
    face.__dict__.update(state)
    face.filename = str(path)  # where it is now (reportlab names the embedded file by it)
    face._ttf_data = data
    face._pos = 0
    units = face.unitsPerEm
    face._pdfScale = _identity if units == 1000 else _scale_by(1000 / units)
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font


def _identity(value: float) -> float:
    return value


def _scale_by(factor: float) -> Callable[[float], float]:
    return lambda value: value * factor


# ---------------------------------------------------------------- JSON with number arrays

_LITTLE = sys.byteorder == "little"
_CODES = ("B", "H", "I", "q", "d")


def _all(values: Any, kind: type) -> bool:
    return all(type(v) is kind for v in values)


class _Encoder:
    """Face attributes → JSON, the large tables as references to arrays of numbers."""

    def __init__(self) -> None:
        self.arrays: list[bytes] = []
        self._size = 0

    def array(self, values: list[int] | list[float]) -> list[object]:
        """[typecode, offset, count] of the values, stored in the smallest type that holds them."""
        if values and isinstance(values[0], float):
            code = "d"
        else:
            low, high = int(min(values, default=0)), int(max(values, default=0))
            small = [c for c in ("B", "H", "I") if low >= 0 and high < 256 ** array(c).itemsize]
            code = small[0] if small else "q"
        packed = array(code, values)
        if not _LITTLE:
            packed.byteswap()
        raw = packed.tobytes()
        reference = [code, self._size, len(values)]
        self.arrays.append(raw)
        self._size += len(raw)
        return reference

    def encode(self, value: Any) -> Any:
        if value is None or type(value) in (bool, int, float, str):
            return value
        if isinstance(value, TTFNameBytes):
            return {"name": [base64.b64encode(bytes(value)).decode("ascii"), value.ustr]}
        if isinstance(value, bytes):
            return {"bytes": base64.b64encode(value).decode("ascii")}
        if isinstance(value, tuple):
            return {"tuple": [self.encode(v) for v in value]}
        if isinstance(value, list):
            if value and _all(value, int):
                return {"ints": self.array(value)}
            if value and _all(value, tuple) and all(len(v) == 2 and _all(v, int) for v in value):
                return {"pairs": [self.array([v[0] for v in value]), self.array([v[1] for v in value])]}
            return [self.encode(v) for v in value]
        if isinstance(value, dict):
            keys, values = list(value), list(value.values())
            if keys and _all(keys, int):
                if _all(values, int) or _all(values, float):
                    return {"numbers": [self.array(keys), self.array(values)]}
                if _all(values, list) and all(_all(v, int) for v in values):
                    flat = [item for v in values for item in v]
                    return {"lists": [self.array(keys), self.array([len(v) for v in values]), self.array(flat)]}
            return {"dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        raise TypeError(f"cannot cache a {type(value).__name__}")


class _Decoder:
    """The JSON of :class:`_Encoder` back to face attributes; ValueError for a damaged one."""

    def __init__(self, arrays: memoryview) -> None:
        self._arrays = arrays

    def array(self, reference: list[Any]) -> list[Any]:
        size = self._check(reference)
        code, offset, _count = reference
        values = array(code)
        values.frombytes(self._arrays[offset:offset + size])
        if not _LITTLE:
            values.byteswap()
        return values.tolist()

    def later(self, value: Any) -> Callable[[], Any]:
        """``value`` decoded when called; its arrays are checked now (ValueError)."""
        if isinstance(value, dict) and len(value) == 1:
            (_kind, body), = value.items()
            for reference in body if isinstance(body, list) and body and isinstance(body[0], list) else []:
                self._check(reference)
        return functools.partial(self.decode, value)

    def _check(self, reference: list[Any]) -> int:
        """The size in bytes of an array reference that lies inside the cache (else ValueError)."""
        code, offset, count = reference
        if code not in _CODES:
            raise ValueError(f"unknown array type {code!r}")
        size: int = count * array(code).itemsize
        if offset < 0 or count < 0 or offset + size > len(self._arrays):
            raise ValueError("array outside the cache")
        return size

    def decode(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        if not isinstance(value, dict):
            return value
        (kind, body), = value.items()
        if kind == "name":
            return _name_bytes(base64.b64decode(body[0], validate=True), body[1])
        if kind == "bytes":
            return base64.b64decode(body, validate=True)
        if kind == "tuple":
            return tuple(self.decode(v) for v in body)
        if kind == "ints":
            return self.array(body)
        if kind == "pairs":
            return list(zip(self.array(body[0]), self.array(body[1]), strict=True))
        if kind == "numbers":
            return dict(zip(self.array(body[0]), self.array(body[1]), strict=True))
        if kind == "lists":
            return _lists(*(self.array(part) for part in body))
        if kind == "dict":
            return {self.decode(k): self.decode(v) for k, v in body}
        raise ValueError(f"unknown kind {kind!r}")


def _lists(keys: list[int], lengths: list[int], flat: list[int]) -> dict[int, list[int]]:
    """{key: its run of ``flat``}, the runs ``lengths`` long."""
    if len(keys) != len(lengths) or sum(lengths) != len(flat):
        raise ValueError("lists do not add up")
    ends = list(itertools.accumulate(lengths))
    starts = [0, *ends[:-1]]
    return dict(zip(keys, map(flat.__getitem__, map(slice, starts, ends)), strict=True))


def _name_bytes(raw: bytes, text: str) -> TTFNameBytes:
    """A name as reportlab keeps it: UTF-8 bytes that also carry the decoded text."""
    name = bytes.__new__(TTFNameBytes, raw)
    name.ustr = text
    return name
