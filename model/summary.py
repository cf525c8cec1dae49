"""Scores and findings as plain data and as text: what ``check`` prints."""

from __future__ import annotations

from decimal import Decimal

from model.audit import ERROR, SEVERITY_WORDS, Finding
from model.report import Report
from model.scoring import Scores, execution_rate_problem
from model.values import two

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import Any


def _two(value: Decimal | None) -> str | None:
    """Two decimals, or JSON null for a figure that cannot be computed."""
    return None if value is None else two(value)


def check_dict(report: Report, scores: Scores, findings: list[Finding]) -> dict[str, Any]:
    """The object of ``check --json`` (INTERCHANGE.md §2). An unscored form has a null
    total and grade; a group-scored one lists its groups and null indicator scores."""
    found: dict[str, Any] = {
        "scores": {
            "execution_rate": _two(scores.execution_rate),
            "execution_score": _two(scores.execution_score),
            "arrival_rate": _two(scores.arrival_rate),
            "indicators": [
                {"name": ind.name, "suggested": _two(res.suggested), "score": _two(res.score) if res.counted else None}
                for ind, res in zip(report.indicators, scores.indicators, strict=False)
            ],
            "level1": {name: _two(total) for name, total in scores.level1_totals.items()},
            "total": _two(scores.total),
            "suggested_total": _two(scores.suggested_total),
            "grade": scores.grade,
            "scoring": scores.mode,
        },
        "findings": [
            {"severity": f.severity, "code": f.code, "where": f.where, "message": f.message}
            for f in findings
        ],
    }
    if scores.groups:
        found["scores"]["groups"] = [
            {"level1": g.level1, "level2": g.level2, "weight": _two(g.weight), "suggested": _two(g.suggested),
             "score": _two(g.score)}
            for g in scores.groups
        ]
    return found


def check_summary(report: Report, scores: Scores, findings: list[Finding]) -> str:
    """The human-readable report of ``check``."""
    lines = [report.title or f"{report.year}年度 {report.project.name}"]
    rate = (f"{_two(scores.execution_rate)}%" if scores.execution_rate is not None
            else f"无法计算（{execution_rate_problem(report.funds)}）")
    if scores.scored:
        lines.append(
            f"预算执行率 {rate}，执行率得分 {_two(scores.execution_score) or '—'}／{_two(scores.execution_weight)}；"
            f"总分 {_two(scores.total)}，等级 {scores.grade}"
        )
    else:
        lines.append(f"预算执行率 {rate}；本表不评分（无总分、无等级）")
    for ind, res in zip(report.indicators, scores.indicators, strict=False):
        if res.counted:
            suggested = _two(res.suggested) or f"—（{res.reason}）"
            lines.append(f"  {ind.name}：建议得分 {suggested}，得分 {_two(res.score)}")
    for group in scores.groups:
        suggested = _two(group.suggested) or f"—（{group.reason}）"
        lines.append(f"  {group.level1}／{group.level2}：分值 {_two(group.weight) or '—'}，建议得分 {suggested}，"
                     f"得分 {_two(group.score)}")
    errors = sum(1 for f in findings if f.severity == ERROR)
    lines.append(f"体检：{errors} 个错误，{len(findings) - errors} 个提醒")
    for f in findings:
        lines.append(f"[{SEVERITY_WORDS[f.severity]}] {f.where}：{f.message}（{f.code}）")
    return "\n".join(lines)


def mail_text(report: Report, scores: Scores) -> tuple[str, str]:
    """A suggested subject and body for emailing the report to the 财政局."""
    year = f"{report.year}年度" if report.year else ""
    name = report.project.name or "项目"
    subject = f"{report.unit}{year}{name}绩效自评报告"
    grade = f"，等级为“{scores.grade}”" if scores.grade else ""
    body = (
        "您好！\n\n"
        f"现报送{report.unit}{year}{name}项目支出绩效自评报告及自评表（见附件 PDF），"
        f"自评总分 {_two(scores.total)} 分{grade}。\n\n"
        "如有问题请联系。\n\n"
        f"{report.signature.unit or report.unit}"
    )
    return subject, body
