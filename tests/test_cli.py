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
    assert "总分 92.89，等级 优" in result.stdout


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


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _sample_with(tmp_path, change) -> str:
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_huge_exponents_and_odd_years_are_refused_on_one_line(data_file, tmp_path) -> None:
    before = digest(data_file)
    raw = SAMPLE_JSON.read_text(encoding="utf-8").replace('"annual": "43"', '"annual": 1e99999999999999999999')
    huge = tmp_path / "huge.json"
    huge.write_text(raw, encoding="utf-8")
    for source in (str(huge), _sample_with(tmp_path, lambda d: d.update(year="²")),
                   _sample_with(tmp_path, lambda d: d.update(year="9" * 4301))):
        result = run("import", str(data_file), source)
        assert result.returncode == 1
        line = _one_line(result)
        assert "文件未导入" in line and ("funds.total.annual" in line or "year" in line)
    assert digest(data_file) == before


def test_messages_escape_controls_and_separators(data_file, tmp_path) -> None:
    for change in (lambda d: d["indicators"][0].update(band="优\n秀\u2028"),
                   lambda d: d["sections"][0].update(key="in\x1b[31mtro\r\n\u2029")):
        result = run("import", str(data_file), _sample_with(tmp_path, change))
        assert result.returncode == 1
        line = _one_line(result)
        assert "\\n" in line and ("\\u2028" in line or ("\\x1b" in line and "\\u2029" in line))
        assert not any(c in line for c in "\x1b\r\u2028\u2029")


def test_gbk_console_does_not_crash(data_file, tmp_path) -> None:
    import os

    source = _sample_with(tmp_path, lambda d: d.update(unit="某县•科协😀"))
    assert run("import", str(data_file), source).returncode == 0
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    for args in (("list", str(data_file)), ("check", str(data_file), "3", "--json"), ("history", str(data_file), "3"),
                 ("check", str(data_file), "3")):
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, env=env, timeout=60)
        assert result.returncode in (0, 1), result.stderr.decode("gbk", "replace")
        assert b"Traceback" not in result.stderr
        text = result.stdout.decode("gbk")
        if args[0] == "list":
            assert "某县\\u2022科协" in text
        if "--json" in args:
            assert json.loads(text)["scores"]["total"]


@pytest.mark.parametrize("args", [
    ("check", "{db}", "99999999999999999999"), ("export", "{db}", "99999999999999999999", "--json", "-"),
    ("restore", "{db}", "1", "99999999999999999999"), ("history", "{db}", "-1"),
])
def test_report_numbers_out_of_range_are_usage_errors(data_file, args) -> None:
    before = digest(data_file)
    result = run(*[str(data_file) if a == "{db}" else a for a in args])
    assert result.returncode == 2
    assert "报告编号" in _one_line(result)
    assert digest(data_file) == before


def test_list_keeps_one_line_per_report(data_file, tmp_path) -> None:
    source = _sample_with(tmp_path, lambda d: d["project"].update(name="第一行\n第二行\t列"))
    assert run("import", str(data_file), source).returncode == 0
    lines = run("list", str(data_file)).stdout.splitlines()
    assert len(lines) == 3 and lines[2].split("\t")[3] == "第一行\\n第二行\\t列"


def test_a_command_run_as_a_program_ends_with_its_status_and_all_its_output(data_file, tmp_path) -> None:
    # main.py ends a command without the interpreter's teardown (finish_command): what it
    # printed is all there, the status is the command's, the file it wrote is complete.
    result = run("check", str(data_file), "1", "--json")
    assert result.returncode == 1 and json.loads(result.stdout)["scores"]["total"] == "106.51"
    pdf = tmp_path / "out.pdf"
    assert run("export", str(data_file), "1", "--pdf", str(pdf)).returncode == 0
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    piped = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(data_file), "1", "--pdf", "-"],
                           capture_output=True, timeout=60)
    assert piped.returncode == 0 and len(piped.stdout) == len(pdf.read_bytes())  # only the ids differ
    assert piped.stdout.startswith(b"%PDF-") and piped.stdout.endswith(b"%%EOF\n")


def test_a_closed_pipe_ends_quietly_with_120(data_file) -> None:
    # `… | head -1`: the reader went away before the output was written.
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "export", str(data_file), "1", "--json", "-"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    with process.stderr:
        errors = process.stderr.read().decode("utf-8", "replace")
    assert process.wait(timeout=60) == 120
    assert "Traceback" not in errors and "Exception" not in errors, errors


def test_a_command_without_standard_streams_ends_with_its_status(data_file) -> None:
    # The windowed Windows program (zeping.exe, no console) has sys.stdout and sys.stderr None.
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import main\n"
        "sys.stdout = sys.stderr = None\n"
        f"main.finish_command(main.main(['check', {str(data_file)!r}, '2']))\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60).returncode == 0  # a clean report


def test_a_command_run_as_a_program_collects_rarely_and_skips_the_teardown(data_file) -> None:
    # storage.startup's thresholds for the whole command, then finish_command's os._exit.
    code = (
        "import gc, os, runpy, sys\n"
        "real_exit = os._exit\n"
        "def leave(status):\n"
        "    print('leaving', gc.get_threshold()[0], status, flush=True)\n"
        "    real_exit(status)\n"
        "os._exit = leave\n"
        f"sys.argv = ['main.py', 'check', {str(data_file)!r}, '1']\n"
        f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__main__')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 1  # the seed has error-level findings
    threshold, status = result.stdout.splitlines()[-1].split()[1:]
    assert int(threshold) >= 100_000 and status == "1"
