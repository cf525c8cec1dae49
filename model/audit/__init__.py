"""The audit (体检): every mistake of DOMAIN.md §6 the rules can see, as findings.

Each finding has a severity, a stable code, a place (tab and field, or table row) and a
plain Chinese message that says what is wrong and what to do. ``audit`` is pure: it
reads a report, its rule set and its scores, and returns the findings, errors first.

The checks live by job: ``funds`` (the money block), ``weights`` (structure, weights,
the totals the form printed, 二级 groups), ``indicators`` (each row), ``narrative`` (the
report's words). An error is raised only where the mistake is certain; what may be
right on some province's form is a reminder (warning). Forms without scores get no
score check at all.
"""

from __future__ import annotations

from model.audit.findings import (
    ERROR,
    INFO,
    SEVERITY_ORDER,
    SEVERITY_WORDS,
    WARNING,
    Context,
    Finding,
    Place,
    indicator_place,
)
from model.audit.funds import check_funds
from model.audit.indicators import check_indicators
from model.audit.narrative import RELATIVE_TIME_WORDS, check_narrative
from model.audit.weights import check_scored, check_structure
from model.report import Report
from model.rules import RuleSet
from model.scoring import Scores, score_report

__all__ = ["ERROR", "INFO", "RELATIVE_TIME_WORDS", "SEVERITY_WORDS", "WARNING", "Finding", "Place", "audit",
           "indicator_place"]


def audit(report: Report, ruleset: RuleSet, scores: Scores | None = None) -> list[Finding]:
    """All findings for ``report``, errors first."""
    if scores is None:
        scores = score_report(report, ruleset)
    ctx = Context(report, ruleset, scores)
    check_funds(ctx)
    check_structure(ctx)
    if scores.scored:
        check_scored(ctx)
    check_indicators(ctx)
    check_narrative(ctx)
    return sorted(ctx.findings, key=lambda f: SEVERITY_ORDER[f.severity])
