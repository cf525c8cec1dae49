"""Bad and hostile values, through the store and through `python main.py import`.

Each case is either stored and given back exactly (export → compare), or refused with a
Chinese message naming the field, a non-zero exit status, no traceback, and the data
file's bytes unchanged.
"""

from __future__ import annotations

import copy
import json
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import digest

import main
from model.errors import InputRefused
from storage.interchange import dumps, loads
from storage.store import open_store

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "2022-kepu.json"
BASE: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))

Path = tuple[str | int, ...]
SAME = object()  # the stored value is the value given


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]  # the report file's bytes
    refused: str | None = None  # text the refusal must contain (the field), or None: stored
    path: Path = ()  # for stored cases: where to compare in the export
    expected: Any = SAME
    value: Any = None


def _set(data: Any, path: Path, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _get(data: Any, path: Path) -> Any:
    for key in path:
        data = data[key]
    return data


def _json(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only expressible as a \uXXXX escape
        return json.dumps(data, ensure_ascii=True, indent=1).encode("ascii")


def field(name: str, path: Path, value: Any, refused: str | None = None, expected: Any = SAME) -> Case:
    def build() -> bytes:
        data = copy.deepcopy(BASE)
        _set(data, path, value)
        return _json(data)

    return Case(name, build, refused, path, expected, value)


def raw(name: str, build: Callable[[], bytes], refused: str) -> Case:
    return Case(name, build, refused)


def _replace(old: str, new: str) -> Callable[[], bytes]:
    def build() -> bytes:
        text = _json(BASE).decode("utf-8")
        assert old in text
        return text.replace(old, new, 1).encode("utf-8")

    return build


def _deep_sections(depth: int) -> list[Any]:
    node: dict[str, Any] = {"key": None, "title": "最深", "text": "", "children": []}
    for _ in range(depth - 1):
        node = {"key": None, "title": "一层", "text": "", "children": [node]}
    return [node]


def _huge_file() -> bytes:
    return b"{" + b" " * (64 * 1024 * 1024) + b"}"


MB_TEXT = ("绩效自评𠀀😀<&>\n" * 100_000)[:1_000_000]
ANNUAL = ("funds", "total", "annual")
EXECUTED = ("funds", "total", "executed")

CASES = [
    # -- numbers refused -----------------------------------------------------------
    field("money-not-a-number", ANNUAL, "四十三", "funds.total.annual"),
    field("money-letters", ANNUAL, "abc", "funds.total.annual"),
    field("money-negative", ANNUAL, "-5", "funds.total.annual"),
    field("money-negative-number", EXECUTED, -0.01, "funds.total.executed"),
    field("money-1e309-text", ANNUAL, "1e309", "funds.total.annual"),
    raw("money-1e309-number", _replace('"annual": "43"', '"annual": 1e309'), "funds.total.annual"),
    field("money-nan-text", ANNUAL, "NaN", "funds.total.annual"),
    field("money-infinity-text", ANNUAL, "Infinity", "funds.total.annual"),
    field("money-minus-infinity", ANNUAL, "-Infinity", "funds.total.annual"),
    raw("money-nan-literal", _replace('"annual": "43"', '"annual": NaN'), "funds.total.annual"),
    raw("money-infinity-literal", _replace('"annual": "43"', '"annual": Infinity'), "funds.total.annual"),
    field("money-true", ANNUAL, True, "funds.total.annual"),
    field("money-list", ANNUAL, [43], "funds.total.annual"),
    field("money-object", ANNUAL, {"v": 43}, "funds.total.annual"),
    field("money-seven-decimals", ANNUAL, "0.0000001", "funds.total.annual"),
    field("money-too-large", ANNUAL, "1000000000000", "funds.total.annual"),
    field("weight-chinese-numeral", ("indicators", 0, "weight"), "十", "indicators[0].weight"),
    field("score-with-unit-as-typed", ("indicators", 0, "score"), "10分", None, "10"),  # DOMAIN §9
    field("score-dash-not-applicable", ("indicators", 0, "score"), "—", None, None),
    field("score-huge-exponent", ("indicators", 0, "score"), "1e99999999999999999999", "indicators[0].score"),
    raw("score-huge-exponent-number", _replace('"score": "10"', '"score": 1e99999999999999999999'), "indicators[0].score"),
    field("year-superscript", ("year",), "²", "year"),
    field("year-circled", ("year",), "①", "year"),
    field("year-4301-digits", ("year",), "9" * 4301, "year"),
    raw("year-4301-digit-number", _replace('"year": 2022', '"year": ' + "9" * 4301), "year"),
    field("rate-not-a-number", ("funds", "declared", "rate"), "abc%", "funds.declared.rate"),
    # -- required and typed fields refused -----------------------------------------
    field("unit-empty", ("unit",), "", "unit"),
    field("unit-blank", ("unit",), "  \t ", "unit"),
    field("unit-null", ("unit",), None, "unit"),
    field("unit-number", ("unit",), 123, "unit"),
    field("project-name-empty", ("project", "name"), "", "project.name"),
    field("project-not-object", ("project",), "科普", "project"),
    field("indicators-not-list", ("indicators",), {"a": 1}, "indicators"),
    field("indicator-not-object", ("indicators", 0), "指标", "indicators[0]"),
    field("attachment-number", ("attachments",), [1], "attachments[0]"),
    field("year-chinese", ("year",), "二〇二二", "year"),
    field("year-too-old", ("year",), 1800, "year"),
    field("year-bool", ("year",), True, "year"),
    field("year-fraction", ("year",), 2022.5, "year"),
    field("date-impossible", ("signature", "date"), "2023-02-30", "signature.date"),
    field("band-unknown", ("indicators", 0, "band"), "优秀", "indicators[0].band"),
    field("section-key-unknown", ("sections", 0, "key"), "intro", "sections[0].key"),
    field("ruleset-false", ("ruleset",), False, "ruleset"),
    field("ruleset-unknown-kept", ("ruleset",), "guangdong-2030", None),  # opens under the default
    field("kind-unknown", ("kind",), "whole", "kind"),
    field("format-wrong", ("format",), "word", "format"),
    field("version-ahead", ("version",), 3, "版本"),
    field("sections-too-deep", ("sections",), _deep_sections(7), "sections[0]"),
    # -- characters refused -------------------------------------------------------
    field("nul", ("preamble",), "前\x00后", "preamble"),
    field("bell", ("title",), "标题\x07", "title"),
    field("escape", ("goal", "actual"), "\x1b[31m红", "goal.actual"),
    field("crlf-read-as-newline", ("sections", 0, "text"), "第一段\r\n第二段", None, "第一段\n第二段"),
    field("lone-carriage-return", ("sections", 0, "text"), "第一段\r第二段", "sections[0].text"),
    field("c1-next-line", ("preamble",), "第一段\x85第二段", "preamble"),
    field("delete-char", ("project", "department"), "部门\x7f", "project.department"),
    field("lone-high-surrogate", ("preamble",), "a\ud800b", "preamble"),
    field("lone-low-surrogate", ("indicators", 0, "note"), "\udc00", "indicators[0].note"),
    field("text-over-2m", ("preamble",), "字" * 2_000_001, "preamble"),
    # -- whole files refused ------------------------------------------------------
    raw("top-level-array", lambda: b"[]", "报告对象"),
    raw("empty-file", lambda: b"", "JSON"),
    raw("truncated-json", lambda: _json(BASE).decode("utf-8")[:300].encode("utf-8"), "JSON"),
    raw("gbk-file", lambda: _json(BASE).decode("utf-8").encode("gbk", "replace"), "UTF-8"),
    raw("utf16-file", lambda: _json(BASE).decode("utf-8").encode("utf-16"), "UTF-8"),
    raw("invalid-utf8-byte", lambda: _json(BASE).replace(b'"unit": "', b'"unit": "\xff', 1), "UTF-8"),
    raw("surrogate-bytes", lambda: _json(BASE).replace("科普".encode(), b"\xed\xa0\x80", 1), "UTF-8"),
    raw("raw-control-byte", lambda: _json(BASE).replace("科普".encode(), b"\x01", 1), "JSON"),
    raw("deep-nesting", lambda: b"[" * 100_000 + b"]" * 100_000, "嵌套"),
    raw("huge-file", _huge_file, "64 MB"),
    # -- stored and given back exactly ----------------------------------------------
    field("executed-over-budget", ("funds", "current", "executed"), "500"),
    field("rate-over-1000-percent", ("funds", "declared", "rate"), "1500%"),
    field("target-percent-over-1000", ("indicators", 0, "target"), "≥1200%"),
    field("score-over-weight", ("indicators", 0, "score"), "99"),
    field("one-megabyte-text", ("preamble",), MB_TEXT),
    field("markup", ("title",), "<b>标题</b> & <i>></i> &amp; &lt;"),
    field("para-close", ("sections", 0, "text"), "正文</para><para>注入</para>]]>"),
    field("emoji", ("unit",), "科协😀👍🏽👨‍👩‍👧🇨🇳"),
    field("cjk-extension-b", ("project", "name"), "𠀀𪚥𫠝项目"),
    field("tab-and-newline", ("goal", "expected"), "第一段\t甲\n第二段\n\n"),
    field("bom-inside-text", ("preamble",), "\ufeff开头有 BOM"),
    field("line-separators", ("preamble",), "甲\u2028乙\u2029丙"),
    field("bidi-override", ("goal", "actual"), "\u202e反向\u202c"),
    field("combining-marks", ("unit",), "e\u0301 不做规范化 é"),
    field("noncharacter", ("preamble",), "\uffff\U0010ffff"),
    field("quotes-backslashes", ("preamble",), 'C:\\路径\\"引号"}]\\u0000'),
    field("sql-text", ("unit",), "'); drop table reports; --"),
    field("spaces-only-optional", ("title",), "   "),
    field("long-unit", ("unit",), "单位" * 5000),
    field("money-json-number", ANNUAL, 28.5, expected="28.5"),
    field("money-exponent", ANNUAL, "1E+2", expected="100"),
    field("money-six-decimals", ANNUAL, "0.000001"),
    field("money-trailing-zeros", ANNUAL, "10.50"),
    field("money-largest", ANNUAL, "999999999999.99"),
    field("money-zero", EXECUTED, "0"),
    field("year-as-text", ("year",), "2022", expected=2022),
    field("many-indicators", ("indicators",), [dict(BASE["indicators"][0], name=f"指标{i}") for i in range(2000)]),
    field("no-indicators", ("indicators",), []),
    field("unknown-keys-nested", ("extra",), json.loads("[" * 500 + "1" + "]" * 500), expected=None),
    Case("bom-file", lambda: b"\xef\xbb\xbf" + _json(BASE)),
]
CASES_BY_NAME = {case.name: case for case in CASES}
assert len(CASES_BY_NAME) == len(CASES) >= 40



@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("template") / "data.db"
    with open_store(path) as store:
        store.add(loads(SAMPLE.read_text(encoding="utf-8")))
    return path


@pytest.fixture
def data_file(template: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "data.db"
    shutil.copyfile(template, path)
    return path


def check_stored(case: Case, exported: dict[str, Any]) -> None:
    if case.name == "unknown-keys-nested":
        assert "extra" not in exported  # ignored, the rest stored
        return
    if case.name == "bom-file":
        assert exported == json.loads(dumps(loads(SAMPLE.read_text(encoding="utf-8"))))
        return
    expected = case.value if case.expected is SAME else case.expected
    assert _get(exported, case.path) == expected


def check_refusal_message(case: Case, message: str) -> None:
    assert case.refused is not None
    assert case.refused in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert "Traceback" not in message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_through_the_store(case: Case, data_file: pathlib.Path, tmp_path: pathlib.Path) -> None:
    report_file = tmp_path / "report.json"
    report_file.write_bytes(case.build())
    before = digest(data_file)
    if case.refused is not None:
        from storage.interchange import load_file

        with pytest.raises(InputRefused) as info:
            load_file(str(report_file))
        check_refusal_message(case, info.value.message)
        assert digest(data_file) == before
        return
    from storage.interchange import load_file

    report = load_file(str(report_file))
    with open_store(data_file) as store:
        report_id = store.add(report)
    with open_store(data_file) as store:
        again = store.load(report_id)
        assert again == report
        assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    check_stored(case, json.loads(dumps(again)))
    assert dumps(loads(dumps(again))) == dumps(again)  # canonical: stable on a second trip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_through_the_command_line(
    case: Case, data_file: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report_file = tmp_path / "report.json"
    report_file.write_bytes(case.build())
    before = digest(data_file)
    status = main.main(["import", str(data_file), str(report_file)])
    out, err = capsys.readouterr()
    if case.refused is not None:
        assert status != 0
        assert out == ""
        check_refusal_message(case, err)
        assert err.count("\n") == 1 and "input." in err
        assert digest(data_file) == before
        return
    assert status == 0, err
    report_id = out.strip()
    assert report_id.isdigit()
    exported = tmp_path / "out.json"
    assert main.main(["export", str(data_file), report_id, "--json", str(exported)]) == 0
    check_stored(case, json.loads(exported.read_text(encoding="utf-8")))


def test_refused_import_creates_no_data_file(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    report_file = tmp_path / "bad.json"
    report_file.write_bytes(CASES_BY_NAME["money-negative"].build())
    assert main.main(["import", str(tmp_path / "new.db"), str(SAMPLE), str(report_file)]) == 1
    assert not (tmp_path / "new.db").exists()
    assert "funds.total.annual" in capsys.readouterr().err


def test_executed_over_budget_is_stored_and_the_audit_warns(
    data_file: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report_file = tmp_path / "report.json"
    report_file.write_bytes(CASES_BY_NAME["executed-over-budget"].build())
    assert main.main(["import", str(data_file), str(report_file)]) == 0
    report_id = capsys.readouterr().out.strip()
    main.main(["check", str(data_file), report_id, "--json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert "funds.executed-over-budget" in {f["code"] for f in findings}


def test_sql_text_did_not_run(data_file: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    report_file = tmp_path / "report.json"
    report_file.write_bytes(CASES_BY_NAME["sql-text"].build())
    assert main.main(["import", str(data_file), str(report_file)]) == 0
    assert main.main(["list", str(data_file)]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3  # the new id, then both reports listed


# A few cases through a real process: the exit status and stderr as the clerk sees them.
@pytest.mark.parametrize(
    "name", ["money-nan-literal", "nul", "lone-high-surrogate", "deep-nesting", "gbk-file", "cjk-extension-b", "para-close"]
)
def test_real_process(name: str, data_file: pathlib.Path, tmp_path: pathlib.Path) -> None:
    case = CASES_BY_NAME[name]
    report_file = tmp_path / "report.json"
    report_file.write_bytes(case.build())
    before = digest(data_file)
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import", str(data_file), str(report_file)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
    )
    assert "Traceback" not in result.stderr
    if case.refused is not None:
        assert result.returncode != 0 and result.stdout == ""
        check_refusal_message(case, result.stderr)
        assert digest(data_file) == before
        return
    assert result.returncode == 0, result.stderr
    exported = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", str(data_file), result.stdout.strip(), "--json", "-"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
    )
    assert exported.returncode == 0, exported.stderr
    check_stored(case, json.loads(exported.stdout))
