"""The 体检 list with thousands of findings (issue 14): laid out a batch at a time between
paints, each finding's text and height worked out once. Structure, not the clock."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QListView

from gui.findings import BATCH, FindingsDock
from model.audit import ERROR, WARNING, Finding, Place

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

MANY = 3000


def _findings(count: int) -> list[Finding]:
    return [Finding(ERROR if i % 3 == 0 else WARNING, "text.rate-mismatch", Place("overview", "preamble", "开头语"),
                    f"第{i}段写执行率为100%，但计算的执行率为65.12%，请核对后修改。" * (1 + i % 4))
            for i in range(count)]


@pytest.fixture
def dock(qtbot, monkeypatch):
    dock = FindingsDock()
    qtbot.addWidget(dock)
    dock.resize(320, 600)
    dock.show()
    qtbot.waitExposed(dock)
    measured: list[tuple[str, int]] = []
    delegate = dock.view.itemDelegate()
    original = delegate._text_rect

    def counting(option, text, width):
        measured.append((text, width))
        return original(option, text, width)

    monkeypatch.setattr(delegate, "_text_rect", counting)
    dock.measured = measured
    return dock


def test_a_long_list_is_laid_out_in_batches_between_paints(qtbot, dock) -> None:
    assert dock.view.layoutMode() == QListView.LayoutMode.Batched
    dock.set_findings(_findings(MANY))
    dock.view.doItemsLayout()  # what the view does on its next pass of the event loop
    assert 0 < len(dock.measured) <= 2 * BATCH  # the first batch, not all 3,000
    qtbot.waitUntil(lambda: len({text for text, _width in dock.measured}) == MANY, timeout=60_000)  # the rest


def test_each_finding_is_measured_once_per_width(qtbot, dock) -> None:
    findings = _findings(300)
    dock.set_findings(findings)
    qtbot.waitUntil(lambda: len({text for text, _width in dock.measured}) == len(findings), timeout=30_000)
    dock.view.doItemsLayout()  # laid out again: nothing measured again at a width already seen
    dock.view.scrollToBottom()
    qtbot.wait(50)
    assert len(dock.measured) == len(set(dock.measured))
