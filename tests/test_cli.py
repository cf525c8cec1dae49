"""The command line of INTERCHANGE.md §2: exit codes, output, messages, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import DATA, ROOT, SAMPLE_JSON, digest


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )



@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "unit.db"
    result = run("import", str(path), str(SAMPLE_JSON), str(DATA / "correct-national.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "2"]
    return path


def test_list(data_file) -> None:
    result = run("list", str(data_file))
    assert result.returncode == 0
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["1", "2022", "益阳市资阳区科学技术协会", "科普宣传与科普活动"] in lines
    assert ["2", "2023", "某县农业农村局", "农业技术推广"] in lines


def test_check_json_on_the_seed(data_file) -> None:
    result = run("check", str(data_file), "1", "--json")
    assert result.returncode == 1  # error-level findings
    data = json.loads(result.stdout)
    assert data["scores"]["execution_rate"] == "65.12"
    assert data["scores"]["execution_score"] == "6.51"
    assert data["scores"]["total"] == "106.51"
    assert data["scores"]["indicators"][0] == {"name": "组织科普宣传活动", "suggested": "10.00", "score": "10.00"}
    rate = next(f for f in data["findings"] if f["code"] == "funds.rate-mismatch")
    assert rate["severity"] == "error" and rate["where"] == "资金使用 / 年度资金总额 / 执行率"


def test_check_clean_report_exits_0(data_file) -> None:
    result = run("check", str(data_file), "2")
    assert result.returncode == 0, result.stdout
    assert "总分 92.80，等级 优" in result.stdout


def test_export_import_export_identical(data_file, tmp_path) -> None:
    first = tmp_path / "first.json"
    assert run("export", str(data_file), "1", "--json", str(first)).returncode == 0
    assert first.read_text(encoding="utf-8") == SAMPLE_JSON.read_text(encoding="utf-8")
    other = tmp_path / "other.db"
    assert run("import", str(other), str(first)).stdout.strip() == "1"
    second = tmp_path / "second.json"
    assert run("export", str(other), "1", "--json", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["check"], 2, "缺少参数"),
        (["check", "{db}", "x"], 2, "不是整数"),
        (["check", "{db}", "99"], 2, "没有编号为 99 的报告"),
        (["check", "{missing}", "1"], 2, "找不到数据文件"),
        (["export", "{db}", "1"], 2, "--json --pdf"),
        (["list", "{json}"], 2, "不是本程序的数据文件"),
        (["import", "{db}", "{missing}"], 1, "无法读取文件"),
        (["a", "b"], 2, "窗口模式"),
    ],
)
def test_errors_are_one_chinese_sentence(data_file, tmp_path, args, code, words) -> None:
    before = digest(data_file)
    subs = {"{db}": str(data_file), "{missing}": str(tmp_path / "nope"), "{json}": str(SAMPLE_JSON)}
    result = run(*[subs.get(a, a) for a in args])
    assert result.returncode == code
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert digest(data_file) == before
    assert not (tmp_path / "nope").exists()


def test_import_refuses_all_when_one_file_is_bad(data_file, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    data["indicators"][3]["weight"] = "十"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = digest(data_file)
    result = run("import", str(data_file), str(SAMPLE_JSON), str(bad))
    assert result.returncode == 1
    assert "indicators[3].weight" in result.stderr and "第4个绩效指标" in result.stderr
    assert digest(data_file) == before


def test_help_is_chinese() -> None:
    result = run("--help")
    assert result.returncode == 0 and "绩效自评助手" in result.stdout


def test_exported_file_is_readable_by_others_like_any_saved_file(data_file, tmp_path) -> None:
    out = tmp_path / "out.json"
    assert run("export", str(data_file), "1", "--json", str(out)).returncode == 0
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777  # not mkstemp's 0600


def test_export_to_standard_output(data_file) -> None:
    result = run("export", str(data_file), "1", "--json", "-")
    assert result.returncode == 0
    assert result.stdout == SAMPLE_JSON.read_text(encoding="utf-8")
