"""One window start, for bench/bench_gui.py: a fresh process that starts, shows and prints
PAINTED at the first paint of the window with its report (``window``: as gui.app.run_window
and main.py start it), or of a bare QMainWindow (``bare``). It imports nothing else, so
that the bare start is PySide6's alone.

    python bench/window_child.py bare|window DATA_FILE
"""

from __future__ import annotations

import pathlib
import sys

PAINTED = "PAINTED"  # printed by the child at the first paint that counts
OPENED = "OPENED"  # printed by the child once the data file is open (before the report shows)


def child(kind: str, path: str) -> None:
    """Runs in a fresh process: start, show, print PAINTED at the first paint of the
    window with its report (bare: of the window)."""
    if kind != "bare":
        from storage.startup import fewer_collections

        fewer_collections()  # as main.py does before the window starts
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])
    armed = False

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if armed and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) \
                    and watched.window() is window:
                print(PAINTED, flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    if kind == "bare":
        window = QMainWindow()
        window.resize(1280, 760)
        armed = True
        window.show()
    else:
        from gui.app import ensure_cjk_font, install_qt_translation
        from gui.main_window import MainWindow

        ensure_cjk_font(app)
        install_qt_translation(app)
        window = MainWindow(None)
        window.show()

        def attach() -> None:
            nonlocal armed
            from storage.startup import usual_collections
            from storage.store import open_store
            from storage.workspace import Workspace

            workspace = Workspace(open_store(path))
            print(OPENED, flush=True)
            window.attach(workspace)
            usual_collections()  # as gui.app.run_window does once the report is attached
            armed = True  # the next paint shows the report

        QTimer.singleShot(0, attach)
    app.exec()
    if kind != "bare":
        window.close()



if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    child(sys.argv[1], sys.argv[2])
