"""The window's data files: open another, 另存为 (a copy that the window then works on),
and switching between files with nothing unsaved lost."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

from gui.dialogs import DATA_FILTER
from model.errors import ZepingError
from storage.interchange import report_from_dict, report_to_dict

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class FileFlows:
    """打开…, 另存为…, 最近文件."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def switch_file(self, path: str, *, ask_unsaved: bool = True) -> bool:
        """Close this data file (after saving) and open another."""
        from storage.workspace import Workspace

        w = self._window
        if w.workspace is not None and pathlib.Path(path).resolve() == w.workspace.path.resolve():
            return True
        if ask_unsaved and not w.settle_unsaved():
            return False
        try:
            workspace = Workspace.open(path, create=True)
        except ZepingError as exc:
            w.dialogs.error(w, "无法打开数据文件", exc.message)
            return False
        if w.workspace is not None:
            w.workspace.close()
        w.attach(workspace)
        return True

    def open_file(self) -> None:
        w = self._window
        path = w.dialogs.open_file(w, "打开数据文件", DATA_FILTER, str(w.ws.path.parent))
        if path:
            self.switch_file(path)

    def save_as(self) -> None:
        """A copy of the data file; the window goes on in the copy, edits included (a
        read-only file's edits are kept that way)."""
        from storage.files import copy_data_file

        w = self._window
        path = w.dialogs.save_file(w, "数据文件另存为", DATA_FILTER, str(w.ws.path.parent))
        if not path:
            return
        w.save_now()
        pending = report_from_dict(report_to_dict(w.report)) if w.saving.dirty else None
        loaded = w.ws.version or 0  # the copy holds the same versions: save the edits on top of it
        try:
            copy_data_file(w.ws.store, path)
        except ZepingError as exc:
            w.dialogs.error(w, "无法另存", exc.message)
            return
        current = w.report_id
        if not self.switch_file(path, ask_unsaved=False) or current not in [i.id for i in w.ws.list_reports()]:
            return
        if pending is not None and current is not None and not w.ws.read_only:
            try:
                w.ws.store.save(current, pending, loaded)
            except ZepingError as exc:
                w.dialogs.error(w, "无法保存", exc.message)
        w.open_report(current)
