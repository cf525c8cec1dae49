"""The font files a PDF needs, read and hashed ahead on other threads while reportlab
loads (storage.documents.fontfiles): the same bytes and hash as reading them then, a file
that cannot be read is said when it is asked for, and the module loads no reportlab."""

from __future__ import annotations

import hashlib
import pathlib
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from storage.documents import fontfiles
from storage.documents.layout import HEITI, KAITI
from storage.documents.registry import exporter


@pytest.fixture
def fresh(monkeypatch):
    """fontfiles as in a new process: nothing read ahead or handed out yet."""
    monkeypatch.setattr(fontfiles, "_ahead", {})
    monkeypatch.setattr(fontfiles, "_taken", set())


def _wait_for_reads() -> None:
    for pending in list(fontfiles._ahead.values()):
        pending.exception(timeout=30)


def test_a_file_read_ahead_is_the_file_read_then(fresh) -> None:
    fontfiles.read_ahead(bundled_only=True)
    path = fontfiles.bundled_file(KAITI)
    assert path in fontfiles._ahead
    data, digest = fontfiles.font_file(path)
    assert data == path.read_bytes() and digest == hashlib.sha256(data).hexdigest()
    assert path not in fontfiles._ahead  # handed out once: the registered font keeps the bytes


def test_files_handed_out_are_not_read_again(fresh) -> None:
    path = fontfiles.bundled_file(HEITI)
    fontfiles.font_file(path)
    fontfiles.read_ahead(bundled_only=True)
    assert path not in fontfiles._ahead and fontfiles.bundled_file(KAITI) in fontfiles._ahead
    _wait_for_reads()


def test_the_first_official_font_of_a_role_is_located_and_read_ahead(fresh, monkeypatch) -> None:
    stand_in = fontfiles.bundled_file(KAITI)  # any TrueType file will do
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(fontfiles, "fontconfig_families", lambda: {"simhei": (stand_in, 0)})
    monkeypatch.setattr(fontfiles, "BUNDLED", {})  # only what was located
    fontfiles.read_ahead(bundled_only=False)
    deadline = time.monotonic() + 30  # locating runs on the other thread
    while not fontfiles._ahead and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(fontfiles._ahead) == [stand_in]
    assert fontfiles.font_file(stand_in)[0] == stand_in.read_bytes()


def test_a_file_that_cannot_be_read_is_said_when_asked_for(fresh, tmp_path: pathlib.Path, monkeypatch) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    font = folder / "NotoSansSC-Regular.ttf"
    font.write_bytes(b"x")
    monkeypatch.setattr(fontfiles, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    fontfiles.read_ahead(bundled_only=True)  # the other bundled files are missing: not read ahead
    assert list(fontfiles._ahead) == [font]
    _wait_for_reads()
    font.unlink()  # gone after it was read: the bytes read are what the export gets
    assert fontfiles.font_file(font)[0] == b"x"
    with pytest.raises(OSError):
        fontfiles.font_file(folder / "NotoSerifSC-Bold.ttf")


def test_the_pdf_export_reads_its_fonts_ahead_and_that_loads_no_reportlab() -> None:
    assert exporter("pdf").ahead == "storage.documents.fontfiles:read_ahead"
    code = (
        "import sys\n"
        "from storage.documents import fontfiles\n"
        "fontfiles.read_ahead()\n"
        "print(sorted(m for m in sys.modules if m.startswith('reportlab')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
