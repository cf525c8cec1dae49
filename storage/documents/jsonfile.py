"""The report as its interchange file (docs/INTERCHANGE.md), as an export format."""

from __future__ import annotations

from model.report import Report
from model.rules import RuleSet
from storage.interchange import dumps


def render_json(report: Report, ruleset: RuleSet) -> bytes:
    """The report's JSON, UTF-8; the rule set is not written (the report names its own)."""
    return dumps(report).encode("utf-8")
