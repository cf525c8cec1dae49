"""gui/app.py's start-up: a report JSON given on the command line (a double-clicked .json
where the Windows installer associated it) is imported into the default data file."""

from __future__ import annotations

import pathlib

from conftest import DATA

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
