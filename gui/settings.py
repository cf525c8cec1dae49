"""The window's settings and recent files: one INI file beside the clerk's data
(no registry, testable), the window geometry fitted to the screen, the export folder."""

from __future__ import annotations

import pathlib

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QMainWindow

from storage.paths import data_dir

MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_files() -> list[str]:
    value = settings().value("recent/files") or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value]


def remember_file(path: pathlib.Path | str) -> list[str]:
    """Put ``path`` first in the recent files; returns the new list."""
    resolved = str(pathlib.Path(path).resolve())
    files = [resolved, *(f for f in recent_files() if f != resolved)][:MAX_RECENT]
    settings().setValue("recent/files", files)
    return files


def export_folder() -> pathlib.Path:
    """Where exports are offered: the last folder used, else the clerk's documents."""
    folder = settings().value("export/folder")
    if isinstance(folder, str) and pathlib.Path(folder).is_dir():
        return pathlib.Path(folder)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return pathlib.Path(documents) if documents and pathlib.Path(documents).is_dir() else pathlib.Path.home()


def remember_export_folder(path: str) -> None:
    settings().setValue("export/folder", str(pathlib.Path(path).parent))


def restore_geometry(window: QMainWindow) -> None:
    """The window as the clerk left it, kept on the screen (another monitor, a smaller
    screen); a first start takes up to 1280 × 800 of the screen."""
    store = settings()
    geometry = store.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        screen = QApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width = min(1280, area.width()) if area else 1200
        height = min(800, area.height()) if area else 760
        window.resize(width, height)
    state = store.value("window/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    fit_to_screen(window)


def fit_to_screen(window: QMainWindow) -> None:
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    margin = frame.height() - window.height()
    width = min(window.width(), area.width())
    height = min(window.height(), area.height() - max(0, margin))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), area.x()), area.right() - window.frameGeometry().width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - window.frameGeometry().height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def save_geometry(window: QMainWindow) -> None:
    store = settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    store.sync()
