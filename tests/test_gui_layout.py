"""The window on the commonest office laptop screen, 1366 × 768 (issue 11 item 5)."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from gui.main_window import MainWindow
from gui_support import FakeDialogs, show
from storage.sample import sample_report
from storage.store import open_store
from storage.workspace import Workspace

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

# 1366 × 768 less a title bar and a taskbar.
SMALL = (1366, 698)


@pytest.fixture
def small_window(qtbot, tmp_path):
    report = sample_report()
    report.indicators.extend(copy.deepcopy(report.indicators[:5]))  # 15 rows: more than fit
    path = tmp_path / "small.db"
    with open_store(path) as store:
        store.add(report)
    window = MainWindow(Workspace.open(path), FakeDialogs())
    qtbot.addWidget(window)
    window.resize(*SMALL)
    show(qtbot, window)
    window.tabs.setCurrentWidget(window.pages["targets"])
    qtbot.wait(10)
    yield window
    window.close()


def test_the_grid_shows_twelve_rows_and_every_column(small_window):
    targets = small_window.pages["targets"]
    view = targets.view
    assert small_window.width() <= SMALL[0] and small_window.height() <= SMALL[1]
    rows = view.viewport().height() // view.verticalHeader().defaultSectionSize()
    assert rows >= 12
    columns = sum(view.columnWidth(i) for i in range(targets.model.columnCount()))
    assert columns <= view.viewport().width() + 1  # nothing pushed off the right side (偏差原因…)
    assert not view.horizontalScrollBar().isVisible()
    label = "产出指标（50分）"
    assert view.columnWidth(0) >= view.fontMetrics().horizontalAdvance(label)  # the whole 一级 label
    from gui.indicator_model import COLUMN_KEYS

    note = COLUMN_KEYS.index("note")
    assert not view.isColumnHidden(note)
    header = targets.model.headerData(note, Qt.Orientation.Horizontal)
    assert view.columnWidth(note) >= view.fontMetrics().horizontalAdvance(header)


def test_the_section_editor_stays_usable(small_window):
    targets = small_window.pages["targets"]
    text = targets.sections.text_edit
    assert text.height() >= 3 * text.fontMetrics().lineSpacing()
    assert targets.sections.tree.height() >= 3 * targets.sections.tree.fontMetrics().lineSpacing()


def test_findings_wrap_to_the_dock_never_cut(small_window):
    view = small_window.dock.view
    delegate = view.itemDelegate()
    for row in range(small_window.dock.model.rowCount()):
        index = small_window.dock.model.index(row, 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.widget = view
        hint = delegate.sizeHint(option, index)
        text = index.data()
        assert hint.width() <= view.viewport().width()
        # Every line of the text, wrapped at the width it is drawn, fits the height asked for.
        lines = view.fontMetrics().boundingRect(0, 0, hint.width() - 2 * delegate.PADDING, 1_000_000,
                                                int(Qt.TextFlag.TextWordWrap), text).height()
        assert hint.height() >= lines + 2 * delegate.PADDING
    assert delegate.sizeHint(QStyleOptionViewItem(), QModelIndex()).height() >= 0
