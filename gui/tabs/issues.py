"""问题与改进: sections 五 to 七, the attachments, the signature."""

from __future__ import annotations

import datetime
import itertools
from typing import ClassVar

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from gui.dialogs import DialogService
from gui.tabs.base import ReportTab
from model.report import Report


class IssuesTab(ReportTab):
    """问题与改进: sections 五 to 七, the attachments, the signature."""

    tab = "issues"
    text_lines: ClassVar[dict[str, int]] = {"attachments": 2}

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        body = QGroupBox("报告正文：五、存在的问题和改进措施　六、结果应用和公开　七、其他需要说明的问题", self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.sections)
        tail = QGroupBox("附件与落款", self)
        tail.setLayout(self.form(("attachments", "signature.unit", "signature.date")))
        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addWidget(tail)
        order: list[QWidget] = [self.sections.tree, self.sections.title_edit, self.sections.text_edit,
                 self.binder.widget("attachments"), self.binder.widget("signature.unit"),
                 self.binder.widget("signature.date")]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

    def load(self, report: Report) -> None:
        super().load(report)
        # The report is signed the year after the one it evaluates.
        year = report.year + 1 if report.year else datetime.date.today().year
        self.binder.widget("signature.date").setPlaceholderText(f"如：{year}年4月17日")
