"""The audit on the seed as filed (every applicable mistake of DOMAIN.md §6) and on
correct reports (no error-level finding)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from conftest import DATA

from model.audit import ERROR, audit
from model.report import Report, Section
from storage.interchange import load_file
from storage.rulesets import load_ruleset

NATIONAL = load_ruleset("national-2020")


def _codes(report: Report, ruleset=NATIONAL) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in audit(report, ruleset):
        found.setdefault(finding.code, []).append(finding)
    return found


# DOMAIN.md §6 item → the code(s) that name it on the seed.
SEED_MISTAKES = {
    1: ["funds.rate-mismatch", "funds.score-mismatch"],
    2: ["funds.score-over-weight"],
    3: ["funds.parts-blank"],
    4: ["weights.total", "weights.level1", "weights.level1-label", "indicator.level2-misplaced"],
    5: ["conclusion.no-score", "conclusion.grade-word"],
    6: ["text.amount-mismatch", "text.rate-mismatch"],
    7: ["title.project-mismatch"],
    8: ["text.kind-wording"],
    9: ["indicator.unit-mismatch"],
    10: ["indicator.deadline-outside-year"],
    11: ["indicator.cost-operator"],
    12: ["indicator.qualitative-numeric", "indicator.band-missing"],
    13: ["indicator.note-over-achievement", "funds.note-missing"],
    14: ["text.relative-time"],
    16: ["level1.no-indicators"],
}


@pytest.mark.parametrize("item", sorted(SEED_MISTAKES))
def test_seed_mistake_is_found(sample_report: Report, item: int) -> None:
    codes = _codes(sample_report)
    for code in SEED_MISTAKES[item]:
        assert code in codes, f"§6 item {item}: {code} not reported"


def test_seed_findings_in_detail(sample_report: Report) -> None:
    codes = _codes(sample_report)
    rate = codes["funds.rate-mismatch"][0]
    assert rate.severity == ERROR and "65.12%" in rate.message and rate.where == "资金使用 / 年度资金总额 / 执行率"
    assert "6.51" in codes["funds.score-mismatch"][0].message
    assert "110" in codes["weights.total"][0].message
    rows = sorted(f.place.row for f in codes["indicator.unit-mismatch"])
    assert rows == [2, 4]  # 100分 vs 100%; 28万 vs 100%
    assert codes["indicator.deadline-outside-year"][0].place.column == "target"
    assert len(codes["indicator.band-missing"]) == 4
    assert {f.place.row for f in codes["indicator.note-over-achievement"]} == {0, 1}
    assert "满意度指标" in codes["level1.no-indicators"][0].message
    misplaced = codes["indicator.level2-misplaced"][0]
    assert misplaced.place.row == 9 and misplaced.place.tab == "targets"
    assert any("43" in f.message for f in codes["text.amount-mismatch"])
    assert {f.place.label for f in codes["text.relative-time"]} == {"章节“有序推进科学普及工作”", "章节“突出抓好科技人才工作”"}
    sections = [f for f in codes["text.relative-time"]]
    assert all(f.place.field == "section" and f.place.path for f in sections)


def test_findings_are_errors_first_and_plain_chinese(sample_report: Report) -> None:
    findings = audit(sample_report, NATIONAL)
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    for finding in findings:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message)
        assert finding.where.split(" / ")[0] in ("概况", "资金使用", "绩效目标", "问题与改进")


@pytest.mark.parametrize("name", ["correct-national.json", "hubei-stations.json"])
def test_correct_reports_have_no_error(name: str) -> None:
    report = load_file(str(DATA / name))
    findings = audit(report, load_ruleset(report.ruleset))
    assert [f for f in findings if f.severity == ERROR] == []


def _correct() -> Report:
    return load_file(str(DATA / "correct-national.json"))


def test_conclusion_grade_and_score_disagreeing() -> None:
    report = _correct()
    conclusion = report.section("conclusion")
    assert conclusion is not None
    conclusion.text = "自评总分85分，等级为良。"
    codes = _codes(report)
    assert "conclusion.score-mismatch" in codes and "conclusion.grade-mismatch" in codes


def test_filed_total_differs_from_parts() -> None:
    report = _correct()
    report.funds.total.annual = Decimal(0)
    codes = _codes(report)
    assert "funds.total-mismatch" in codes
    assert codes["funds.total-mismatch"][0].place.field == "funds.total.annual"


def test_score_above_weight_and_outside_band() -> None:
    report = _correct()
    report.indicators[0].score = Decimal(12)
    report.indicators[7].score = Decimal(9)  # 部分达成 allows 6–8 (60%–80%)
    codes = _codes(report)
    assert codes["indicator.score-over-weight"][0].place.row == 0
    assert codes["indicator.score-outside-band"][0].place.row == 7


def test_missing_weight_and_empty_level1() -> None:
    report = _correct()
    report.indicators[8].weight = None
    codes = _codes(report)
    assert "indicator.weight-missing" in codes
    report.indicators = [i for i in report.indicators if i.level1 != "满意度指标"]
    assert "level1.no-indicators" in _codes(report)


def test_below_target_needs_a_note() -> None:
    report = _correct()
    report.indicators[0].note = ""
    assert _codes(report)["indicator.note-missing"][0].place.row == 0


def test_hand_typed_numbering_is_reported() -> None:
    report = _correct()
    report.sections.append(Section(None, "2、制度执行情况"))
    report.sections.append(Section(None, "2、制度执行情况"))
    codes = _codes(report)
    assert len(codes["section.typed-number"]) == 2
    assert "section.duplicate-number" in codes


def test_hubei_fixed_total_for_indicators() -> None:
    report = load_file(str(DATA / "hubei-stations.json"))
    report.indicators[0] = dataclasses.replace(report.indicators[0], weight=Decimal(30))
    codes = _codes(report, load_ruleset("hubei"))
    assert "weights.indicators" in codes and "weights.total" in codes
