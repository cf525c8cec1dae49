"""The installable bundles: what tools/build_bundle.py keeps of Qt, the .deb's layout
(tools/build_deb.py), and — with ``-m slow`` — the real bundle built, run in a bare
environment (no venv, no variables) and packaged.

    python -m pytest -m slow tests/test_bundle.py     # about 3 minutes; needs .[bundle]
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE_JSON

sys.path.insert(0, str(ROOT / "tools"))
import build_bundle
import build_deb

from storage.resources import app_version

LINUX_QT = "PySide6/Qt"


@pytest.mark.parametrize(("dest", "kept"), [
    (f"{LINUX_QT}/translations/qtbase_zh_CN.qm", True),
    (f"{LINUX_QT}/translations/qtbase_de.qm", False),
    (f"{LINUX_QT}/translations/qtdeclarative_zh_CN.qm", False),
    (f"{LINUX_QT}/plugins/platforms/libqxcb.so", True),
    (f"{LINUX_QT}/plugins/platforms/libqoffscreen.so", True),
    (f"{LINUX_QT}/plugins/platforms/libqwayland-egl.so", False),
    (f"{LINUX_QT}/plugins/platforms/libqeglfs.so", False),
    (f"{LINUX_QT}/plugins/platformthemes/libqgtk3.so", False),
    (f"{LINUX_QT}/plugins/platformthemes/libqxdgdesktopportal.so", True),
    (f"{LINUX_QT}/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    (f"{LINUX_QT}/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    (f"{LINUX_QT}/plugins/printsupport/libcupsprintersupport.so", True),
    (f"{LINUX_QT}/plugins/tls/libqopensslbackend.so", False),
    (f"{LINUX_QT}/plugins/imageformats/libqjpeg.so", False),
    (f"{LINUX_QT}/lib/libQt6Pdf.so.6", True),
    (f"{LINUX_QT}/lib/libQt6Widgets.so.6", True),
    (f"{LINUX_QT}/lib/libQt6Quick.so.6", False),
    (f"{LINUX_QT}/lib/libQt6WaylandClient.so.6", False),
    (f"{LINUX_QT}/qml/QtQuick/qmldir", False),
    ("libcairo.so.2", False),
    ("libpangoft2-1.0.so.0", False),
    ("libfontconfig.so.1", True),
    # Windows wheels: no Qt/ level, DLLs beside the bindings.
    (r"PySide6\plugins\platforms\qwindows.dll", True),
    (r"PySide6\plugins\styles\qmodernwindowsstyle.dll", True),
    (r"PySide6\translations\qtbase_zh_CN.qm", True),
    (r"PySide6\Qt6Pdf.dll", True),
    (r"PySide6\Qt6Quick.dll", False),
    (r"PySide6\opengl32sw.dll", False),
    # The program's own files are never dropped.
    ("resources/fonts/NotoSansSC-Regular.ttf", True),
    ("resources/icons/zeping.ico", True),
    ("setup.cfg", True),
])
def test_what_the_bundle_keeps(dest: str, kept: bool) -> None:
    assert build_bundle.keep(dest) is kept


def test_deb_version_has_the_four_numbers_uos_wants() -> None:
    assert build_deb.deb_version("0.1.0", 1) == "0.1.0.1"
    assert build_deb.deb_version("2.10.3", 7) == "2.10.3.7"
    with pytest.raises(SystemExit):
        build_deb.deb_version("2.10", 1)


def deb_contents(deb: pathlib.Path) -> dict[str, str]:
    """Path in the package → its symbolic link target ("" for other entries)."""
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    entries = {}
    for line in listing.splitlines():
        name = line.split(maxsplit=5)[5]
        path, _, target = name.partition(" -> ")
        entries[path.removeprefix(".").rstrip("/")] = target
    return entries


def check_deb(deb: pathlib.Path, *, links: bool) -> pathlib.Path:
    """The layout UOS prescribes, no maintainer scripts; returns the unpacked tree."""
    app = f"/opt/apps/{build_deb.APP_ID}"
    entries = deb_contents(deb)
    assert f"{app}/info" in entries and f"{app}/files/zeping" in entries
    desktop = f"{app}/entries/applications/{build_deb.APP_ID}.desktop"
    assert desktop in entries
    assert f"{app}/entries/icons/hicolor/16x16/apps/{build_deb.APP_ID}.png" in entries
    assert f"{app}/entries/icons/hicolor/scalable/apps/{build_deb.APP_ID}.svg" in entries
    outside = {path for path in entries if path and not path.startswith(("/opt", "/usr"))}
    assert outside == set()
    linked = {path: target for path, target in entries.items() if path.startswith("/usr/share/") and target}
    if links:
        assert f"/usr/share/applications/{build_deb.APP_ID}.desktop" in linked
        assert all(pathlib.PurePosixPath(path).parent.joinpath(target).as_posix().count("/opt/apps/") == 1 for path, target in linked.items())
    else:
        assert not any(path.startswith("/usr") for path in entries if path not in ("/usr", "/usr/share"))
    control_files = subprocess.run(["dpkg-deb", "-I", str(deb)], capture_output=True, text=True, check=True).stdout
    assert not any(script in control_files for script in ("postinst", "preinst", "postrm", "prerm"))
    fields = dict(line.strip().split(": ", 1) for line in subprocess.run(
        ["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout.splitlines() if ": " in line)
    assert fields["Package"] == build_deb.APP_ID and fields["Version"] == build_deb.deb_version(app_version(), 1)
    assert fields["Depends"].startswith("libc6 (>= 2.")
    tree = deb.parent / "unpacked"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
    info = json.loads((tree / app.lstrip("/") / "info").read_text(encoding="utf-8"))
    assert info["appid"] == build_deb.APP_ID and info["version"] == fields["Version"] and info["arch"] == ["amd64"]
    text = (tree / desktop.lstrip("/")).read_text(encoding="utf-8")
    assert f"Exec={app}/files/zeping %f" in text and f"Icon={build_deb.APP_ID}" in text
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(tree / desktop.lstrip("/"))], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    return tree


@pytest.mark.skipif(not (shutil.which("dpkg-deb") and shutil.which("objdump")), reason="needs dpkg-deb and objdump (Debian)")
@pytest.mark.parametrize("links", [True, False])
def test_deb_layout_from_a_stand_in_bundle(tmp_path: pathlib.Path, links: bool) -> None:
    bundle = tmp_path / "zeping"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy(os.path.realpath(sys.executable), bundle / "zeping")  # any ELF program with GLIBC symbols
    deb = build_deb.build_deb(bundle, tmp_path / "out", links=links)
    check_deb(deb, links=links)


@pytest.mark.slow
def test_the_real_bundle(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("PyInstaller", reason='pip install -e ".[bundle]"')
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_bundle.py"), "--dist", str(dist),
                    "--work", str(tmp_path / "work")], check=True, cwd=ROOT)
    bundle = dist / "zeping"
    size, _files = build_bundle.folder_size(bundle)
    assert size <= 250e6, f"{size / 1e6:.0f} MB"
    assert build_bundle.bundle_problems(bundle) == []
    program = build_bundle.executable(dist)
    work = tmp_path / "run"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        # A bare environment: no venv, no PATH, no HOME, no display, no locale.
        return subprocess.run([str(program), *args], capture_output=True, text=True, encoding="utf-8",
                              env={}, cwd=work, timeout=120)

    assert run("--version").stdout == f"绩效自评助手 {app_version()}\n"
    smoke = run("--smoke-test")
    assert smoke.returncode == 0, smoke.stderr
    assert "安装包" in smoke.stdout and "QtPdf 读回 9 页" in smoke.stdout
    assert run("import", "d.db", str(SAMPLE_JSON)).stdout == "1\n"
    assert run("list", "d.db").stdout.startswith("1\t2022\t")
    assert run("export", "d.db", "1", "--pdf", "out.pdf").returncode == 0
    pdfinfo = subprocess.run(["pdfinfo", str(work / "out.pdf")], capture_output=True, text=True, check=True).stdout
    assert "Pages:           9" in pdfinfo
    usage = run("nonsense", "a", "b")
    assert usage.returncode == 2 and "运行 zeping --help" in usage.stderr
    if sys.platform.startswith("linux") and shutil.which("dpkg-deb"):
        tree = check_deb(build_deb.build_deb(bundle, tmp_path / "deb"), links=True)
        installed = tree / "opt" / "apps" / build_deb.APP_ID / "files" / "zeping"
        result = subprocess.run([str(installed), "--smoke-test"], capture_output=True, text=True, env={}, timeout=120)
        assert result.returncode == 0, result.stderr
