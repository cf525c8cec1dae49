"""Start the window: the QApplication, a CJK font when the system has none, the data
file, the main window. ``run_window`` is what main.py calls in window mode."""

from __future__ import annotations

import os
import pathlib
import signal
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from gui.dialogs import DialogService

if TYPE_CHECKING:
    from gui.main_window import MainWindow
from model.errors import ZepingError
from storage.resources import PROGRAM, resource_path
from storage.startup import usual_collections

# Bundled fonts to try for the interface, best first (resources/fonts, from the PDF work).
UI_FONT_PREFERENCE = ("NotoSansSC", "NotoSerifSC", "ZepingKai")


def has_cjk_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def bundled_font_files(folder: pathlib.Path | None = None) -> list[pathlib.Path]:
    """The .ttf/.otf files of resources/fonts, the preferred interface font first."""
    folder = folder or resource_path("fonts")
    files = sorted([*folder.glob("*.ttf"), *folder.glob("*.otf")]) if folder.is_dir() else []

    def rank(path: pathlib.Path) -> int:
        for i, prefix in enumerate(UI_FONT_PREFERENCE):
            if path.name.startswith(prefix):
                return i
        return len(UI_FONT_PREFERENCE)

    return sorted(files, key=rank)


def ensure_cjk_font(app: QGuiApplication, *, force: bool = False, folder: pathlib.Path | None = None) -> str | None:
    """When no font on the machine covers Simplified Chinese (or ``force``), load the
    bundled fonts and make the first usable one the application font. Returns the family
    used, or None when the system fonts are kept (or nothing could be loaded)."""
    if has_cjk_font() and not force:
        return None
    for path in bundled_font_files(folder):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families:
            font = QFont(families[0], app.font().pointSize())
            app.setFont(font)
            return families[0]
    return None


def app_icon(folder: pathlib.Path | None = None) -> QIcon:
    """The program's icon at every size rendered by tools/build_icons.py (empty when the
    files are missing: the window then has the system's default icon)."""
    folder = folder or resource_path("icons")
    icon = QIcon()
    for path in sorted(folder.glob("zeping-*.png")):
        icon.addFile(str(path))
    return icon


class MissingQtWords(QTranslator):
    """Qt's own words that its Chinese catalogue lacks (the file dialog Qt draws itself on
    Linux still says "Look in" and "Files of type"), as Qt's other dialogs word them."""

    WORDS: ClassVar[dict[tuple[str, str], str]] = {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
        ("QPrintSettingsOutput", "Page &Set:"): "页面集(&S)：",
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None is Qt's null string: "no translation here, ask the next catalogue" ("" would
        # translate every other text to nothing).
        return self.WORDS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_qt_translation(app: QCoreApplication) -> QTranslator | None:
    """Qt's own words (确定, 取消, 是, 否 in message boxes, the file and print dialogs) in
    Chinese: the qtbase catalogue shipped with PySide6, then the words it lacks. None when
    the catalogue is not there."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        return None
    app.installTranslator(translator)
    app.installTranslator(MissingQtWords(app))
    return translator


def _quit_on_sigterm(app: QApplication) -> QTimer:
    """Close the window (which saves) on SIGTERM; a timer lets Python see the signal."""
    def on_signal(_signum: int, _frame: object) -> None:
        for widget in app.topLevelWidgets():
            if widget.isWindow() and widget.isVisible():
                widget.close()
        app.quit()

    signal.signal(signal.SIGTERM, on_signal)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def display_problem(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why no window can be shown here, in plain words (None: it can). Without a display
    Qt itself would only say, misleadingly, that libxcb-cursor0 is needed, then abort."""
    env = os.environ if env is None else env
    if platform in ("win32", "darwin") or env.get("QT_QPA_PLATFORM"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ("没有可用的图形界面（未设置 DISPLAY 或 WAYLAND_DISPLAY），无法打开窗口。请在桌面环境中运行；"
                f"不开窗口也可以使用命令行，见 {PROGRAM} --help。（gui.no-display）")
    return None


def run_window(path: str | None) -> int:
    """Open the window on ``path`` (None: the default data file; a .json file: the default
    data file, and the report imported into it); the exit status."""
    from gui.main_window import APP_NAME, MainWindow

    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Zeping")
    app.setWindowIcon(app_icon())
    ensure_cjk_font(app)
    install_qt_translation(app)
    dialogs = DialogService()
    # The window shows first; the data file (and the SQLite layer) opens right after.
    window = MainWindow(None, dialogs)
    window.show()
    window.raise_()
    window.activateWindow()  # also takes the keyboard where no window manager gives it
    def attach() -> None:
        if not attach_data_file(window, dialogs, path):
            window.close()
            app.exit(2)
        usual_collections()  # started: Python's own collections (storage.startup)

    QTimer.singleShot(0, attach)
    keep = _quit_on_sigterm(app)
    status = app.exec()
    keep.stop()
    return status


def missing_file_choice(window: MainWindow, dialogs: DialogService, path: str) -> str | None:
    """``main.py FILE`` with no such file: create it only when the clerk says so (a moved
    or renamed file must not look like lost data); or open another. The path, or None."""
    from gui.dialogs import DATA_FILTER

    choice = dialogs.choose(
        window, "数据文件不存在",
        f"找不到数据文件：\n{path}\n\n要在这里新建一个空的数据文件吗？如果原来的数据文件被移动或改名了，"
        "请选“打开其他文件…”找到它。", ["新建数据文件", "打开其他文件…"])
    if choice == 0:
        return path
    if choice == 1:
        return dialogs.open_file(window, "打开数据文件", DATA_FILTER, str(pathlib.Path(path).parent))
    return None


def attach_data_file(window: MainWindow, dialogs: DialogService, path: str | None) -> bool:
    """Open ``path`` (None: the default data file, created with the sample on first run)
    in ``window``; False when nothing could be opened (the clerk was told why)."""
    from storage.paths import default_data_file
    from storage.sample import open_default_store
    from storage.store import open_store
    from storage.workspace import Workspace

    # A report JSON (double-clicked where the installer associated .json): import it into
    # the default data file, as 文件 → 导入 JSON would.
    report_json = path if path is not None and path.lower().endswith(".json") else None
    if path is not None and report_json is None and not os.path.lexists(path):
        path = missing_file_choice(window, dialogs, path)
        if path is None:
            return False
    try:
        store = open_default_store(default_data_file()) if path is None or report_json else open_store(path)
    except ZepingError as exc:
        print(f"{exc.message}（{exc.code}）", file=sys.stderr)
        dialogs.error(window, "无法打开数据文件", f"{exc.message}（{exc.code}）")
        return False
    window.attach(Workspace(store))
    if report_json is not None:
        window.exports.import_json(report_json)
    return True
