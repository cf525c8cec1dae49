"""Parsed font metrics cached on disk (storage.documents.fontcache): a face made from a
cache is the face reportlab parses; the bundled fonts' caches ship and are current; a
missing, damaged or stale cache is ignored and written anew; a cache never stops an export."""

from __future__ import annotations

import hashlib
import pathlib

import pytest
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from storage.documents import fontcache
from storage.documents.fontfiles import BUNDLED
from storage.paths import cache_dir
from storage.resources import resource_path

FONTS = sorted({resource_path("fonts", name) for name in BUNDLED.values()})
KAI = resource_path("fonts", "ZepingKai-Regular.ttf")


def _digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _comparable(font: TTFont) -> tuple[dict[str, object], dict[str, object]]:
    assert font.face.glyphToChar  # built when first read from a cached face
    face = {k: v for k, v in vars(font.face).items() if k not in ("_pdfScale", "_pos", "filename", "zp_later")}
    outer = {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding", "fontName")}
    return face, outer


@pytest.mark.parametrize("font", FONTS, ids=lambda p: p.name)
def test_a_face_from_the_shipped_cache_is_the_parsed_face(font: pathlib.Path) -> None:
    # Also the check that the shipped caches are current: after a reportlab update, run
    # ``python tools/build_fonts.py --metrics`` (the bundle build does it by itself).
    state = fontcache.read_cache(fontcache.bundled_cache_path(font), _digest(font), 0)
    assert state is not None, f"{font.name}.metrics is missing or stale"
    parsed = TTFont("parsed", str(font))
    cached = fontcache._font_from_state("cached", state, font.read_bytes(), font)
    assert "glyphToChar" not in vars(cached.face)  # only reportlab's shaping reads it
    assert _comparable(cached) == _comparable(parsed)
    assert isinstance(cached.face, ttfonts.TTFontFace)
    assert {k: type(v) for k, v in vars(cached).items() if k != "face"} == \
        {k: type(v) for k, v in vars(parsed).items() if k != "face"}
    assert vars(cached.encoding) == vars(parsed.encoding) and len(cached.state) == len(parsed.state) == 0
    for value in (0, 17, 1000, -120):
        assert cached.face._pdfScale(value) == parsed.face._pdfScale(value)
    assert cached.face.makeSubset([0x4E00, 0x79D1, 0x3002]) == parsed.face.makeSubset([0x4E00, 0x79D1, 0x3002])


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the font was parsed")

    monkeypatch.setattr(fontcache, "parse", refuse)


def _copy_of_kai(tmp_path: pathlib.Path) -> pathlib.Path:
    """A bundled font without its shipped cache beside it."""
    font = tmp_path / KAI.name
    font.write_bytes(KAI.read_bytes())
    return font


def test_a_font_without_a_cache_is_parsed_once_then_read_from_the_users_cache(tmp_path, monkeypatch) -> None:
    font = _copy_of_kai(tmp_path)
    first = fontcache.load_ttfont("first", font, 0)
    written = list((cache_dir() / "font-metrics").iterdir())
    assert [p.name for p in written] == [f"{_digest(font)}-0{fontcache.SUFFIX}"]
    _no_parsing(monkeypatch)
    second = fontcache.load_ttfont("second", font, 0)
    assert _comparable(second) == _comparable(first)


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped byte", "not ours", "other reportlab",
                                    "other font", "garbage header"])
def test_a_damaged_or_stale_cache_is_ignored_and_written_anew(tmp_path, damage) -> None:
    font = _copy_of_kai(tmp_path)
    good = fontcache.bundled_cache_path(KAI).read_bytes()
    header_end = good.index(b"\n", len(fontcache.MAGIC))
    bad = {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "flipped byte": good[:-100] + bytes([good[-100] ^ 0xFF]) + good[-99:],
        "not ours": b"\x80\x04\x95 pickle-like bytes",
        "other reportlab": good.replace(b'"reportlab":"', b'"reportlab":"0.', 1),
        "other font": good.replace(_digest(KAI).encode(), b"0" * 64, 1),
        "garbage header": fontcache.MAGIC + b'{"format": 2, "face": [' + good[header_end:],
    }[damage]
    fontcache.bundled_cache_path(font).write_bytes(bad)  # where a shipped cache would be
    assert fontcache.read_cache(fontcache.bundled_cache_path(font), _digest(font), 0) is None
    loaded = fontcache.load_ttfont("after-damage", font, 0)
    assert _comparable(loaded) == _comparable(TTFont("parsed", str(KAI)))
    assert (cache_dir() / "font-metrics" / f"{_digest(font)}-0{fontcache.SUFFIX}").is_file()


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ZEPING_HOME", str(blocker))  # the cache folder would be inside a file
    font = _copy_of_kai(tmp_path)
    assert fontcache.load_ttfont("no-cache-folder", font, 0).face.name == TTFont("p", str(KAI)).face.name


def test_the_bundled_fonts_load_from_their_shipped_caches(monkeypatch) -> None:
    _no_parsing(monkeypatch)
    for font in FONTS:
        assert fontcache.load_ttfont(f"shipped-{font.stem}", font, 0).face.numGlyphs > 9000


def test_a_font_reportlab_cannot_use_is_refused_as_before(tmp_path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00 not really a font")
    with pytest.raises(ttfonts.TTFError):
        fontcache.load_ttfont("broken", broken, 0)
