"""Package the Linux bundle (dist/zeping/, from tools/build_bundle.py) as a .deb for UOS,
Kylin and Debian-family systems::

    python tools/build_deb.py                 # dist/org.zeping.app_<version>_amd64.deb
    python tools/build_deb.py --uos-store     # without the /usr/share links (see below)

The layout is the one the UOS app store prescribes (统信应用商店打包规范)::

    /opt/apps/<appid>/info                                    JSON: appid, name, version, arch, permissions
    /opt/apps/<appid>/files/                                  the bundle; files/zeping is the program
    /opt/apps/<appid>/entries/applications/<appid>.desktop    the menu entry
    /opt/apps/<appid>/entries/icons/hicolor/<size>/apps/<appid>.png (and scalable/…svg)

There are no maintainer scripts (postinst and the like): installing only puts files in
place, and removing the package removes exactly those. The clerk's data lives in the home
folder (~/.local/share/zeping) and is never touched. UOS shows the entries of /opt/apps;
other desktops read /usr/share, so the package also links the menu entry and the icons
there, unless ``--uos-store`` (whose review wants nothing outside /opt/apps).

``Depends`` names the system libraries the bundle does not carry (OpenGL/EGL, which Qt
links, and libxcb) and the C library version its newest symbol needs, found with objdump.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from storage.resources import PRODUCT_NAME, app_version  # noqa: E402

APP_ID = "org.zeping.app"  # reverse domain name, as UOS wants; also the package name
ARCH = "amd64"
ICONS = ROOT / "resources" / "icons"
# Libraries the bundle leaves to the system (PyInstaller's rule: the graphics driver stack
# and X's connection library must be the machine's own), with their Debian packages.
SYSTEM_LIBRARIES = {"libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libxcb.so.1": "libxcb1"}

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=Performance Self-Evaluation
Name[zh_CN]={name}
GenericName=Budget performance self-evaluation report
GenericName[zh_CN]=预算绩效自评报告
Comment=Write, score, check and print the yearly budget performance self-evaluation
Comment[zh_CN]=填写预算绩效自评报告和自评表，自动评分、体检，导出 PDF
Exec=/opt/apps/{appid}/files/zeping %f
Icon={appid}
Terminal=false
Categories=Office;
MimeType=application/json;
Keywords=绩效;自评;预算;报告;
StartupWMClass=zeping
"""


def deb_version(version: str, build: int) -> str:
    """UOS wants four numbers (MAJOR.MINOR.PATCH.BUILD); Debian accepts them as they are."""
    numbers = re.findall(r"\d+", version)[:3]
    if len(numbers) != 3:
        raise SystemExit(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return ".".join([*numbers, str(build)])


def glibc_required(bundle: pathlib.Path) -> str:
    """The newest GLIBC_x.y symbol version any file of the bundle asks for."""
    versions: set[tuple[int, ...]] = set()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path.name == "zeping"):
            out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=False).stdout
            versions.update(tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out))
    if not versions:
        raise SystemExit(f"{bundle}: no GLIBC symbol versions found (is objdump installed?)")
    return ".".join(map(str, max(versions)))


def info(version: str) -> dict[str, object]:
    """The UOS ``info`` file: nothing beyond a window is asked for."""
    return {
        "appid": APP_ID,
        "name": PRODUCT_NAME,
        "version": version,
        "arch": [ARCH],
        "permissions": {
            "autostart": False, "notification": False, "trayicon": False, "clipboard": False,
            "account": False, "bluetooth": False, "camera": False, "audio_record": False,
            "installed_apps": False,
        },
    }


def control(version: str, glibc: str, installed_kb: int) -> str:
    depends = ", ".join([f"libc6 (>= {glibc})", *SYSTEM_LIBRARIES.values()])
    return (
        f"Package: {APP_ID}\nVersion: {version}\nArchitecture: {ARCH}\n"
        "Maintainer: Zeping <zeping@localhost>\nSection: office\nPriority: optional\n"
        f"Installed-Size: {installed_kb}\nDepends: {depends}\n"
        f"Description: {PRODUCT_NAME} - budget performance self-evaluation reports\n"
        " Offline editor for the yearly budget performance self-evaluation report\n"
        " (预算绩效自评报告) of county-level units: scores, audit, PDF export.\n"
    )


def _tree_size_kb(folder: pathlib.Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) // 1024 + 1


def stage(bundle: pathlib.Path, tree: pathlib.Path, version: str, *, links: bool) -> None:
    """Lay out the package's files under ``tree`` (the future /)."""
    app = tree / "opt" / "apps" / APP_ID
    shutil.copytree(bundle, app / "files", symlinks=True)
    entries = app / "entries"
    (entries / "applications").mkdir(parents=True)
    desktop = entries / "applications" / f"{APP_ID}.desktop"
    desktop.write_text(DESKTOP_ENTRY.format(name=PRODUCT_NAME, appid=APP_ID), encoding="utf-8")
    icon_files = []
    for png in sorted(ICONS.glob("zeping-*.png")):
        size = png.stem.split("-")[1]
        icon_files.append((f"{size}x{size}", f"{APP_ID}.png", png))
    icon_files.append(("scalable", f"{APP_ID}.svg", ICONS / "zeping.svg"))
    for size, name, source in icon_files:
        target = entries / "icons" / "hicolor" / size / "apps" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (app / "info").write_text(json.dumps(info(version), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if links:  # relative links, so that the staged tree is correct wherever it is unpacked
        for source in [desktop, *(entries / "icons").rglob("*.*")]:
            relative = source.relative_to(entries)
            link = tree / "usr" / "share" / relative
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(pathlib.Path(*[".."] * (len(relative.parts) + 1), "opt", "apps", APP_ID, "entries", relative))
    for path in tree.rglob("*"):  # root-owned files readable by all, whatever the umask
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)


def build_deb(bundle: pathlib.Path, out_dir: pathlib.Path, *, build: int = 1, links: bool = True) -> pathlib.Path:
    if not (bundle / "zeping").is_file():
        raise SystemExit(f"{bundle}/zeping not found: run tools/build_bundle.py first")
    version = deb_version(app_version(), build)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{APP_ID}_{version}_{ARCH}.deb"
    with tempfile.TemporaryDirectory(prefix="zeping-deb-") as scratch:
        tree = pathlib.Path(scratch) / "root"
        stage(bundle, tree, version, links=links)
        (tree / "DEBIAN").mkdir(mode=0o755)
        (tree / "DEBIAN" / "control").write_text(control(version, glibc_required(bundle), _tree_size_kb(tree)), encoding="utf-8")
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Package dist/zeping/ as a .deb (UOS layout).")
    parser.add_argument("--bundle", type=pathlib.Path, default=ROOT / "dist" / "zeping")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "dist")
    parser.add_argument("--build", type=int, default=1, help="the fourth version number (default 1)")
    parser.add_argument("--uos-store", action="store_true", help="no links into /usr/share (UOS store review)")
    args = parser.parse_args(argv)
    target = build_deb(args.bundle, args.out, build=args.build, links=not args.uos_store)
    print(f"built {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
