"""The command line of INTERCHANGE.md §4 for Word and Excel: export --docx/--xlsx, read,
import of .docx/.xlsx (all or nothing), exit codes and messages."""

from __future__ import annotations

import json
import zipfile

from conftest import DATA, SAMPLE_JSON, digest
from test_cli import run

OFFICE = DATA / "office"


def test_export_docx_and_xlsx(sample_db, tmp_path) -> None:
    for flag, suffix in (("--docx", ".docx"), ("--xlsx", ".xlsx")):
        out = tmp_path / f"报告{suffix}"
        result = run("export", str(sample_db), "1", flag, str(out))
        assert result.returncode == 0, result.stderr
        assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["data.db", "报告.docx", "报告.xlsx"]


def test_read_prints_the_report_json_and_what_was_not_read(tmp_path) -> None:
    result = run("read", str(OFFICE / "linxiang-2023.docx"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == "zeping-report" and report["project"]["name"] == "高标准农田建设项目"
    assert [i["score"] for i in report["indicators"]][6] == "9.67"
    lines = result.stderr.splitlines()
    assert "linxiang-2023.docx：未读取 第1个表格：（3 行 × 2 列）不是自评表，未读取（input.skipped）" in lines
    json_result = run("read", str(SAMPLE_JSON))
    assert json_result.returncode == 0 and json.loads(json_result.stdout)["year"] == 2022


def test_read_refuses_old_formats_and_bad_usage(tmp_path) -> None:
    old = tmp_path / "去年.wps"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("read", str(old))
    assert result.returncode == 1 and result.stdout == ""
    assert "另存为” .docx 后再读" in result.stderr and "(input.old-format)" not in result.stderr
    assert result.stderr.rstrip().endswith("（input.old-format）")
    assert run("read").returncode == 2
    assert run("read", "a.docx", "b.docx").returncode == 2


def test_read_names_the_cell_it_cannot_read(tmp_path, sample_report) -> None:
    import docx

    from storage.documents.word import render_docx
    from storage.rulesets import load_ruleset

    path = tmp_path / "上年.docx"
    path.write_bytes(render_docx(sample_report, load_ruleset(sample_report.ruleset)))
    document = docx.Document(str(path))
    document.tables[0].rows[3].cells[4].paragraphs[0].runs[0].text = "二十八"
    document.save(str(path))
    result = run("read", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert "第1个表格第4行第5列“二十八”：“年度资金总额/全年执行数”不是数字" in result.stderr


def test_import_office_files_all_or_nothing(tmp_path) -> None:
    target = tmp_path / "units.db"
    result = run("import", str(target), str(OFFICE / "pingjiang-2022.docx"), str(OFFICE / "yueyang-2023.xlsx"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "2"]
    listed = run("list", str(target)).stdout.splitlines()
    assert sorted(listed) == ["1\t2022\t平江县卫生健康局\t基层医疗卫生机构能力建设", "2\t2023\t岳阳县水利局\t农村饮水安全巩固提升工程"]
    before = digest(target)
    old = tmp_path / "去年.doc"
    old.write_bytes(b"old")
    result = run("import", str(target), str(OFFICE / "miluo-2021.xlsx"), str(old))
    assert result.returncode == 1 and result.stdout == ""
    assert digest(target) == before  # the good file was not imported either



def test_word_and_excel_exports_never_write_over_a_data_file(sample_db, tmp_path) -> None:
    before = digest(sample_db)
    for flag in ("--docx", "--xlsx"):
        result = run("export", str(sample_db), "1", flag, str(sample_db))
        assert result.returncode == 1 and "output.is-data-file" in result.stderr
    assert digest(sample_db) == before
