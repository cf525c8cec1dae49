"""The exporter registry: one declaration per format, read by `main.py export` (and the
window's 文件 menu); writing is atomic and loads a writer's library only when used."""

from __future__ import annotations

import dataclasses
import importlib
import subprocess
import sys

import pytest
from conftest import ROOT

import main
from storage.documents.registry import exporter, exporters
from storage.interchange import load_file
from storage.rulesets import load_ruleset


def test_each_format_is_declared_once_and_complete() -> None:
    formats = exporters()
    assert [e.key for e in formats][:2] == ["json", "pdf"]
    for field in ("key", "flag", "label", "suffix"):
        values = [getattr(e, field) for e in formats]
        assert len(set(values)) == len(values), field
    for e in formats:
        assert e.flag == f"--{e.key}" and e.suffix == f".{e.key}"
        assert e.label.startswith("导出") and e.label.endswith("…")
        assert f"*{e.suffix}" in e.file_filter
        for reference in (e.renderer, e.ahead) if e.ahead else (e.renderer,):
            module, _, name = reference.partition(":")
            assert callable(getattr(importlib.import_module(module), name)), reference


def test_lookup_by_key() -> None:
    assert exporter("pdf").suffix == ".pdf"
    with pytest.raises(KeyError):
        exporter("doc")


def test_the_command_line_offers_one_option_per_format() -> None:
    parser = main._parser()
    for e in exporters():
        args = parser.parse_args(["export", "data.db", "1", e.flag, f"out{e.suffix}"])
        assert getattr(args, e.key) == f"out{e.suffix}"
        assert all(getattr(args, other.key) is None for other in exporters() if other is not e)


def test_json_through_the_registry_reads_back_equal(tmp_path, sample_report) -> None:
    out = tmp_path / "报告.json"
    exporter("json").write(sample_report, load_ruleset(sample_report.ruleset), out)
    assert load_file(str(out)) == sample_report
    assert [p.name for p in tmp_path.iterdir()] == ["报告.json"]


def test_reading_the_registry_loads_no_writer_library() -> None:
    code = ("import sys, storage.documents.registry as r; r.exporters(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'storage') and 'registry' not in m))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "['storage', 'storage.documents']", result.stderr


def test_every_format_can_go_to_standard_output(sample_db) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(sample_db), "1", "--pdf", "-"],
                            capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout.startswith(b"%PDF") and result.stdout.rstrip().endswith(b"%%EOF")


CALLS: list[str] = []


def _work_ahead() -> None:
    CALLS.append(f"ahead, renderer loaded: {'test_registry_renderer' in sys.modules}")


def test_an_exporters_work_ahead_starts_before_its_renderer_is_imported(sample_report, tmp_path, monkeypatch) -> None:
    # The PDF's fonts are read on other threads while reportlab loads: the ahead function
    # runs first, then the renderer's module is imported and called.
    (tmp_path / "test_registry_renderer.py").write_text(
        "def render(report, ruleset):\n    return b'%PDF-'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    CALLS.clear()
    fake = dataclasses.replace(exporter("pdf"), renderer="test_registry_renderer:render",
                               ahead=f"{__name__}:_work_ahead")
    assert fake.render(sample_report, load_ruleset(sample_report.ruleset)) == b"%PDF-"
    assert CALLS == ["ahead, renderer loaded: False"]
    assert "test_registry_renderer" in sys.modules
    monkeypatch.delitem(sys.modules, "test_registry_renderer")
