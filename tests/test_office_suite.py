"""Word and Excel files through a real office suite, where LibreOffice is installed
(skipped otherwise: CI does not install it). LibreOffice lays out our .docx (its page
count within one of our PDF's), and saves our exports and the office test files again,
which must still read back as the reports they hold."""

from __future__ import annotations

import io
import pathlib
import shutil
import subprocess

import pytest
from conftest import DATA, ROOT
from pypdf import PdfReader
from test_reading import TABLE_KEYS, TEXT_KEYS, _as_printed, _part

from storage.documents.excel import render_xlsx
from storage.documents.pdf import render_pdf
from storage.documents.word import render_docx
from storage.interchange import load_file
from storage.reading import read_source
from storage.rulesets import load_ruleset

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
OFFICE = DATA / "office"
VARIANTS = ("linxiang-2023.docx", "pingjiang-2022.docx", "yueyang-2023.xlsx", "miluo-2021.xlsx")

# The bundled fonts under the names the documents ask for, so that the layout does not
# depend on the machine's fonts (as ZEPING_BUNDLED_FONTS does for the PDF).
FONTS_CONF = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir><cachedir>{cache}</cachedir>
{aliases}</fontconfig>"""
ALIASES = {"仿宋": "Noto Serif CJK SC", "宋体": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
           "黑体": "Noto Sans CJK SC", "楷体": "Zeping Kai"}


@pytest.fixture(scope="module")
def office(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Runs LibreOffice on files: convert(files, format) → the converted files."""
    root = tmp_path_factory.mktemp("office")
    aliases = "".join(f"<alias binding='same'><family>{name}</family><prefer><family>{family}</family></prefer></alias>"
                      for name, family in ALIASES.items())
    conf = root / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=ROOT / "resources" / "fonts", cache=root / "cache", aliases=aliases),
                    encoding="utf-8")

    def convert(files: list[pathlib.Path], target: str) -> list[pathlib.Path]:
        out = root / f"out-{target.split(':')[0]}-{len(list(root.iterdir()))}"
        out.mkdir()
        assert SOFFICE is not None
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={(root / 'profile').as_uri()}", "--convert-to",
                        target, "--outdir", str(out), *map(str, files)],
                       check=True, capture_output=True, timeout=300, env={"FONTCONFIG_FILE": str(conf), "HOME": str(root),
                                                                          "PATH": "/usr/bin:/bin"})
        return [out / f"{f.stem}.{target.split(':')[0]}" for f in files]

    return convert


def test_the_docx_has_about_the_pdfs_pages(office, tmp_path, sample_report) -> None:
    ruleset = load_ruleset(sample_report.ruleset)
    path = tmp_path / "sample.docx"
    path.write_bytes(render_docx(sample_report, ruleset))
    (converted,) = office([path], "pdf")
    word_pages = len(PdfReader(str(converted)).pages)
    pdf_pages = len(PdfReader(io.BytesIO(render_pdf(sample_report, ruleset, stable=True))).pages)
    assert abs(word_pages - pdf_pages) <= 1, (word_pages, pdf_pages)


@pytest.fixture(scope="module")
def saved_again(office, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Our exports of the sample and the office test files, opened and saved by
    LibreOffice (one run per format)."""
    from storage.sample import sample_report

    folder = tmp_path_factory.mktemp("sources")
    report = sample_report()
    ruleset = load_ruleset(report.ruleset)
    (folder / "sample.docx").write_bytes(render_docx(report, ruleset))
    (folder / "sample.xlsx").write_bytes(render_xlsx(report, ruleset))
    for name in VARIANTS:
        shutil.copyfile(OFFICE / name, folder / name)
    files = sorted(folder.iterdir())
    converted = office([p for p in files if p.suffix == ".docx"], "docx:MS Word 2007 XML")
    converted += office([p for p in files if p.suffix == ".xlsx"], "xlsx:Calc MS Excel 2007 XML")
    return {path.name: path for path in converted}


@pytest.mark.parametrize("name", ["sample.docx", "sample.xlsx"])
def test_our_exports_saved_by_libreoffice_read_back(saved_again, sample_report, name: str) -> None:
    keys = TABLE_KEYS + (TEXT_KEYS if name.endswith(".docx") else ())
    found, expected = _part(read_source(saved_again[name]).report, keys), _part(sample_report, keys)
    assert _as_printed(found) == _as_printed(expected)


@pytest.mark.parametrize("name", VARIANTS)
def test_the_office_test_files_saved_again_still_read_the_same(saved_again, name: str) -> None:
    expected = load_file(str(OFFICE / f"{pathlib.Path(name).stem}.json"))
    keys = TABLE_KEYS + (TEXT_KEYS if name.endswith(".docx") else ())
    assert _part(read_source(saved_again[name]).report, keys) == _part(expected, keys)
