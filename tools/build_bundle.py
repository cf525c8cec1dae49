"""Build the one-folder bundle ``dist/zeping/`` with PyInstaller (tools/zeping.spec).

Run from the repository root with the project's Python, after ``pip install -e ".[bundle]"``::

    python tools/build_bundle.py            # builds dist/zeping/, prints its size
    python tools/build_bundle.py --check    # and runs --version, --smoke-test, times the start

The bundle holds the Python interpreter, the program, resources/ (fonts, rule sets, the
sample, the icon), a copy of setup.cfg (the version), and of Qt only what the program
loads: QtCore/Gui/Widgets/PrintSupport, QtPdf (打印预览 and 打印), the platform plugins for
X11 and offscreen use (Windows: the Windows one), the print and input-method plugins, and
Qt's Chinese catalogue. ``keep`` below decides, file by file, for the spec.

The executable is ``dist/zeping/zeping``; on Windows ``zeping.exe`` (no console window:
the one a clerk double-clicks) and ``zeping-cli.exe`` (a console program, for the command
line and CI), both in the same folder and sharing its files.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SPEC = ROOT / "tools" / "zeping.spec"
NAME = "zeping"
WINDOWS = sys.platform == "win32"
# Strip symbols from the libraries (Linux: libpython alone drops from 23 to 6 MB); PyInstaller
# advises against it on Windows, where DLLs carry no debug symbols anyway.
STRIP = sys.platform.startswith("linux")

# Python packages the program never imports but that PyInstaller's analysis would follow
# (test and build tools installed in the same environment, other Qt bindings).
EXCLUDED_MODULES = (
    "tkinter", "unittest", "pydoc_data", "lib2to3", "pytest", "_pytest", "hypothesis", "pypdf",
    "PyQt5", "PyQt6", "PySide2", "IPython", "numpy", "setuptools", "pip", "fontTools",
    # reportlab imports Pillow, but the PDF has no pictures: Pillow's optional formats,
    # with their libraries (AVIF alone is 5 MB), stay out; Pillow skips what is missing.
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingtk", "PIL.ImageTk",
    "PIL._imagingcms", "PIL.ImageCms", "PIL.ImageQt",
)



def _writers() -> tuple[str, ...]:
    """The export writers' modules: the registry imports them by name when used, which
    PyInstaller's analysis cannot see."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from storage.documents.registry import exporters

    return tuple(exporter.renderer.partition(":")[0] for exporter in exporters())


# Modules imported by name: QtPdf (gui/printing.py), the export writers, and reportlab's C
# accelerator (reportlab imports _rl_accel inside exec(), which the analysis cannot see).
HIDDEN_IMPORTS = ("PySide6.QtPdf", *_writers(), "_rl_accel")

# Qt plugin folders and, inside them, the plugins the program needs. A folder not named
# here is dropped entirely; a folder named with None is kept whole.
QT_PLUGINS: dict[str, tuple[str, ...] | None] = {
    # xcb: X11 (UOS, Kylin); offscreen: --smoke-test without a display; windows: Windows.
    "platforms": ("qxcb", "qoffscreen", "qwindows"),
    # The desktop portal's file dialogs; not gtk3, which would load the system's GTK with
    # the bundle's own cairo and pango (and pulls 8 MB of them in).
    "platformthemes": ("qxdgdesktopportal",),
    "platforminputcontexts": ("ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"),  # typing Chinese
    "printsupport": None,  # CUPS: the printers in the print dialog
    "xcbglintegrations": None,  # loaded by the xcb plugin
    "styles": None,  # the Windows 11 / Vista styles on Windows
    "imageformats": ("qico",),  # PNG is built into QtGui; .ico for the window icon on Windows
}

# Qt libraries pulled in as dependencies of a plugin or module that the program never
# exercises: Wayland (xcb is used; Wayland desktops run X11 programs), EGLFS, OpenGL, QML,
# Quick, and the rest; on Windows the 20 MB software OpenGL renderer.
# The GTK stack that the gtk3 theme plugin (left out above) pulls in: PyInstaller collects
# a plugin's libraries before the spec can drop the plugin. (libjpeg: gdk-pixbuf's; Pillow
# brings its own under another name.)
EXCLUDED_LIBRARIES = re.compile(r"^lib(atk|cairo|pango|gdk|gtk|pixman|thai|datrie|fribidi|Xrender|jpeg\.so)")
EXCLUDED_QT_LIBRARIES = re.compile(
    r"(Qt6(Wayland|Quick|Qml|OpenGL|VirtualKeyboard|Multimedia|WebEngine|3D|Charts|DataVisualization|Graphs|"
    r"Designer|Help|Location|Positioning|Sensors|SerialPort|Bluetooth|Nfc|Sql|Test|Svg|Xml|Lottie|EglFS|EglFs|Wl)"
    r"|opengl32sw\.dll)",
    re.IGNORECASE,
)


def _qt_parts(dest: str) -> list[str] | None:
    """The path of a Qt file under the Qt folder of PySide6, or None for any other file.
    Linux wheels put Qt in PySide6/Qt/{lib,plugins,translations}, Windows wheels in
    PySide6/{plugins,translations} next to the DLLs."""
    parts = dest.replace("\\", "/").split("/")
    if parts[0] != "PySide6":
        return None
    return parts[2:] if len(parts) > 1 and parts[1] == "Qt" else parts[1:]


def keep(dest: str) -> bool:
    """Whether the bundle keeps the file that PyInstaller would put at ``dest`` (its path
    inside the bundle): the program's own files and Python's always, Qt's as above."""
    name = dest.replace("\\", "/").rsplit("/", 1)[-1]
    if EXCLUDED_QT_LIBRARIES.search(name) or EXCLUDED_LIBRARIES.match(name):
        return False
    parts = _qt_parts(dest)
    if not parts:
        return True
    if parts[0] == "translations":
        return name == "qtbase_zh_CN.qm"  # every word of QtWidgets and QtPrintSupport dialogs
    if parts[0] == "plugins":
        if len(parts) < 3 or parts[1] not in QT_PLUGINS:
            return False
        wanted = QT_PLUGINS[parts[1]]
        return wanted is None or any(re.fullmatch(rf"(lib)?{plugin}\.(so|dll|dylib)", name) for plugin in wanted)
    # Libraries stay; QML, WebEngine's data and build-time material go.
    return parts[0] not in ("qml", "resources", "libexec", "metatypes", "typesystems", "glue", "include", "scripts")


def folder_size(folder: pathlib.Path) -> tuple[int, int]:
    """(bytes, files) under ``folder``, symbolic links not followed."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def executable(dist: pathlib.Path, console: bool = True) -> pathlib.Path:
    """The bundle's program: on Windows the console one (``console``) or the windowed one."""
    if not WINDOWS:
        return dist / NAME / NAME
    return dist / NAME / (f"{NAME}-cli.exe" if console else f"{NAME}.exe")


def build(dist: pathlib.Path, work: pathlib.Path) -> pathlib.Path:
    """Run PyInstaller on the spec; the bundle's folder."""
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        sys.exit('PyInstaller is not installed: pip install -e ".[bundle]"')
    pyinstaller.run([str(SPEC), "--noconfirm", "--clean", "--log-level", "WARN",
                     "--distpath", str(dist), "--workpath", str(work)])
    return dist / NAME


def bundle_problems(bundle: pathlib.Path) -> list[str]:
    """What a finished bundle lacks (an empty list for a good one)."""
    internal = bundle / "_internal"
    required = [
        executable(bundle.parent),
        internal / "setup.cfg",
        internal / "resources" / "sample" / "2022-kepu.json",
        internal / "resources" / "rulesets" / "national-2020.json",
        internal / "resources" / "fonts" / "NotoSerifSC-Regular.ttf",
        internal / "resources" / "fonts" / "NotoSerifSC-Regular.ttf.metrics",
        internal / "resources" / "icons" / "zeping-256.png",
    ]
    problems = [f"missing: {path.relative_to(bundle)}" for path in required if not path.exists()]
    if not any(internal.rglob("qtbase_zh_CN.qm")):
        problems.append("missing: qtbase_zh_CN.qm")
    if not any(internal.rglob("*Qt6Pdf*")):
        problems.append("missing: the QtPdf library")
    return problems


def check(bundle: pathlib.Path) -> None:
    """--version and --smoke-test from the bundle in a bare environment; startup timed."""
    program = executable(bundle.parent)
    # A bare environment, but for what Windows needs and a display if there is one;
    # PYTHONUTF8 lets a CI machine whose code page has no Chinese (cp1252) show the output.
    passed = ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "DISPLAY", "PYTHONUTF8")
    env = {key: os.environ[key] for key in passed if key in os.environ}
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        result = subprocess.run([str(program), "--version"], capture_output=True, env=env, check=True)
        timings.append(time.perf_counter() - started)
    print(f"{result.stdout.decode('utf-8', 'replace').strip()}: --version in {sorted(timings)[2]:.2f} s (median of 5)")
    started = time.perf_counter()
    result = subprocess.run([str(program), "--smoke-test"], capture_output=True, env=env)
    elapsed = time.perf_counter() - started
    sys.stdout.write(result.stdout.decode("utf-8", "replace"))
    sys.stderr.write(result.stderr.decode("utf-8", "replace"))
    if result.returncode != 0:
        sys.exit(f"--smoke-test failed with status {result.returncode}")
    print(f"--smoke-test in {elapsed:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=pathlib.Path, default=ROOT / "dist", help="where dist/zeping/ goes")
    parser.add_argument("--work", type=pathlib.Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's scratch folder")
    parser.add_argument("--check", action="store_true", help="run --version and --smoke-test from the bundle")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    started = time.perf_counter()
    # The bundle's fonts carry metrics parsed by the reportlab it ships (a clerk's first
    # export then parses no font): rewritten here in case reportlab changed since.
    sys.path.insert(0, str(ROOT))
    from storage.documents.fonts import write_bundled_metrics

    write_bundled_metrics()
    bundle = build(args.dist.resolve(), args.work.resolve())
    size, files = folder_size(bundle)
    print(f"built {bundle} in {time.perf_counter() - started:.0f} s: {size / 1e6:.1f} MB in {files} files")
    problems = bundle_problems(bundle)
    if problems:
        sys.exit("incomplete bundle: " + "; ".join(problems))
    if args.check:
        check(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
