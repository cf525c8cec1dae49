"""The four tabs of the window, one module each on a shared base (gui.tabs.base)."""

from __future__ import annotations

from gui.dialogs import DialogService
from gui.tabs.base import ReportTab
from gui.tabs.funds import FundsTab
from gui.tabs.issues import IssuesTab
from gui.tabs.overview import OverviewTab
from gui.tabs.targets import TargetsTab

__all__ = ["FundsTab", "IssuesTab", "OverviewTab", "ReportTab", "TargetsTab", "build_tabs"]


def build_tabs(dialogs: DialogService) -> dict[str, ReportTab]:
    """One tab per form part of the catalogue (model.fields.TABS), in that order."""
    return {
        "overview": OverviewTab(dialogs),
        "funds": FundsTab(dialogs),
        "targets": TargetsTab(dialogs),
        "issues": IssuesTab(dialogs),
    }
