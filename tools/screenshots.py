"""Screenshots of each tab of the window at a given screen size, for looking at the
layout (issue 11: 1366×768, the commonest office laptop, and 1920×1080).

    python tools/screenshots.py OUT_FOLDER [WIDTHxHEIGHT …]

Runs offscreen on a temporary copy of the sample report; writes one PNG per tab and size.
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    out = pathlib.Path(argv[0] if argv else "shots")
    sizes = [tuple(int(n) for n in size.split("x")) for size in (argv[1:] or ["1366x768", "1920x1080"])]
    out.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="zeping-shots-")
    os.environ["ZEPING_HOME"] = home
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from gui.app import ensure_cjk_font, install_qt_translation
    from gui.main_window import MainWindow
    from storage.sample import sample_report
    from storage.store import open_store
    from storage.workspace import Workspace

    ensure_cjk_font(app)
    install_qt_translation(app)
    path = pathlib.Path(home) / "shots.db"
    with open_store(path) as store:
        store.add(sample_report())
    for width, height in sizes:
        window = MainWindow(Workspace.open(path))
        # The window manager's title bar and the taskbar take about 70 pixels of the screen.
        window.resize(width, height - 70)
        window.show()
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            app.processEvents()
            name = out / f"{width}x{height}-{index + 1}-{window.tabs.tabText(index)}.png"
            window.grab().save(str(name))
            targets = window.pages["targets"]
            rows = targets.view.rowAt(targets.view.viewport().height() - 1)
            print(name, f"(indicator rows shown: {rows if rows >= 0 else targets.model.rowCount()})"
                  if index == 2 else "")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
