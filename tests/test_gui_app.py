"""gui/app.py's start-up: a report JSON given on the command line (a double-clicked .json
where the Windows installer associated it) is imported into the default data file."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

from conftest import DATA, ROOT

from gui import app as gui_app
from gui.main_window import MainWindow
from gui_support import FakeDialogs
from storage.paths import default_data_file
from storage.store import open_store


def test_a_json_argument_is_imported_into_the_default_file(qtbot, qapp) -> None:
    dialogs = FakeDialogs()
    window = MainWindow(None, dialogs)
    qtbot.addWidget(window)
    gui_app.attach_data_file(window, dialogs, str(DATA / "correct-national.json"))
    assert dialogs.messages == []
    assert window.report.unit == "某县农业农村局"  # the imported report is the one shown
    window.close()
    with open_store(default_data_file(), create=False) as store:  # first run: sample, then the import
        assert sorted((info.id, info.year) for info in store.list_reports()) == [(1, 2022), (2, 2023)]


def test_a_bad_json_argument_is_refused_and_the_window_stays(qtbot, qapp, tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "坏.JSON"
    bad.write_text("{", encoding="utf-8")
    dialogs = FakeDialogs()
    window = MainWindow(None, dialogs)
    qtbot.addWidget(window)
    gui_app.attach_data_file(window, dialogs, str(bad))
    assert [title for title, _text in dialogs.messages] == ["无法导入"]
    assert window.report_id == 1  # the default file's sample
    window.close()


def test_the_window_starts_with_fewer_collections_and_then_goes_back_to_pythons(tmp_path: pathlib.Path) -> None:
    # main.py collects far less while the program starts (storage.startup); the window, a
    # long run, has Python's own thresholds again once its report is attached. In its own
    # process: run_window sets up the application for good.
    code = (
        "import gc, sys\n"
        "from storage import startup\n"
        "pythons = gc.get_threshold()\n"
        "startup.fewer_collections()\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from gui import app\n"
        "attach = app.attach_data_file\n"
        "def attach_and_quit(*args):\n"
        "    print('starting', gc.get_threshold()[0] > 10 * pythons[0])\n"
        "    ok = attach(*args)\n"
        "    QTimer.singleShot(0, lambda: print('started', gc.get_threshold() == pythons, flush=True))\n"
        "    QTimer.singleShot(0, QApplication.quit)\n"
        "    return ok\n"
        "app.attach_data_file = attach_and_quit\n"
        "sys.exit(app.run_window(None))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ZEPING_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["starting", "True", "started", "True"]
