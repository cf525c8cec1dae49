"""The 体检 panel: the audit's findings in a list, errors first; activating one asks the
window to jump to its place.

A big report can have thousands of findings, each wrapped to the list's width: the list
lays them out in batches between paints (the window shows at once, the list fills in),
the text and height of each finding are worked out once, and the model answers the roles
it does not hold without any work."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from model.audit import ERROR, INFO, SEVERITY_WORDS, WARNING, Finding

_COLOURS = {ERROR: QColor("#b42318"), WARNING: QColor("#8a5a00"), INFO: QColor("#475467")}
_BRUSHES = {severity: QBrush(colour) for severity, colour in _COLOURS.items()}
FINDING_ROLE = Qt.ItemDataRole.UserRole
_DISPLAY, _TOOL_TIP, _FOREGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole
_HELD_ROLES = frozenset({_DISPLAY, _TOOL_TIP, _FOREGROUND, FINDING_ROLE})
BATCH = 100  # findings laid out between two paints of a long list


class FindingsModel(QAbstractListModel):
    """A read-only list of findings."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._texts: list[str | None] = []

    def set_findings(self, findings: list[Finding]) -> None:
        if findings == self._findings:
            return
        self.beginResetModel()
        self._findings = list(findings)
        self._texts = [None] * len(self._findings)
        self.endResetModel()

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def text(self, row: int) -> str:
        """What row ``row`` shows (made once)."""
        text = self._texts[row]
        if text is None:
            finding = self._findings[row]
            text = self._texts[row] = f"【{SEVERITY_WORDS[finding.severity]}】{finding.where}\n{finding.message}"
        return text

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per row, most of them unheld: answered first.
        if role not in _HELD_ROLES:
            return None
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._findings):
            return None
        finding = self._findings[row]
        if role == _DISPLAY:
            return self.text(row)
        if role == _TOOL_TIP:
            return f"{finding.message}（{finding.code}）\n双击或按回车转到此处。"
        if role == _FOREGROUND:
            return _BRUSHES[finding.severity]
        return finding


class FindingDelegate(QStyledItemDelegate):
    """Each finding wrapped to the list's width, never cut with "…": the height asked for
    and the text drawn come from one layout at one width."""

    PADDING = 4

    def __init__(self, view: QListView, model: FindingsModel) -> None:
        super().__init__(view)
        self._model = model
        # Height of each (text, width) as measured: a finding's size is asked for again
        # on every layout (a resize, the next batch, a scroll).
        self._heights: dict[tuple[str, int], int] = {}
        model.modelReset.connect(self._heights.clear)

    def _text_rect(self, option: QStyleOptionViewItem, text: str, width: int) -> QRect:
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        return option.fontMetrics.boundingRect(QRect(0, 0, max(1, width), 1_000_000), int(flags), text)

    def _width(self, option: QStyleOptionViewItem) -> int:
        view = option.widget
        if isinstance(view, QListView):  # the items stand `spacing` in from either side
            return view.viewport().width() - 2 * view.spacing() - 2 * self.PADDING
        return option.rect.width() - 2 * self.PADDING

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        row = index.row()
        if not index.isValid() or row >= self._model.rowCount():
            return super().sizeHint(option, index)
        # The text straight from the model (initStyleOption would ask it for every role).
        text = self._model.text(row)
        width = self._width(option)
        height = self._heights.get((text, width))
        if height is None:
            height = self._heights[(text, width)] = self._text_rect(option, text, width).height()
        return QSize(width + 2 * self.PADDING, height + 2 * self.PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(opt.palette.highlightedText().color() if selected else opt.palette.text().color())
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QBrush) and not selected:
            painter.setPen(foreground.color())
        # The same width as sizeHint's: the height asked for is the height drawn.
        area = QRect(opt.rect.left() + self.PADDING, opt.rect.top() + self.PADDING, self._width(opt),
                     opt.rect.height() - 2 * self.PADDING)
        painter.drawText(area, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
        painter.restore()


class FindingsDock(QDockWidget):
    """The dock: a count line and the list; ``activated`` carries the finding."""

    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("体检", parent)
        self.setObjectName("findings-dock")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.model = FindingsModel(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.view = QListView(self)
        self.view.setObjectName("findings")
        self.view.setAccessibleName("体检结果")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setItemDelegate(FindingDelegate(self.view, self.model))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # heights follow the dock's width
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # entries wrap instead
        self.view.setUniformItemSizes(False)  # a finding takes the lines its text needs
        # A long list is laid out a batch at a time between paints: the window does not
        # wait for thousands of findings to be measured before it shows the report.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(BATCH)
        self.view.setSpacing(2)
        self.view.setAlternatingRowColors(True)
        self.view.activated.connect(self._on_view_activated)
        self.view.clicked.connect(self._on_view_activated)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

    def set_findings(self, findings: list[Finding]) -> None:
        self.model.set_findings(findings)
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = sum(1 for f in findings if f.severity == WARNING)
        if not findings:
            self.summary.setText("没有发现问题。")
        else:
            self.summary.setText(f"错误 {errors} 处，提醒 {warnings} 处。点击一条转到对应位置。")

    def _on_view_activated(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.activated.emit(finding)
