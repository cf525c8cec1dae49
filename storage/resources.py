"""Turn a resource name into a path, from a source checkout or a PyInstaller bundle; the
program's version, read from the one place it is written (setup.cfg's metadata)."""

from __future__ import annotations

import configparser
import functools
import importlib.metadata
import pathlib
import sys

# The distribution name in setup.cfg, for an installation that has no setup.cfg beside it.
DISTRIBUTION = "zeping"
PRODUCT_NAME = "绩效自评助手"
# The command as the clerk types it: the bundle's program, or the script in a checkout.
PROGRAM = "zeping" if getattr(sys, "frozen", False) else "python main.py"


def app_root() -> pathlib.Path:
    """The folder holding resources/ and setup.cfg: the checkout, or the bundle's."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return pathlib.Path(frozen)
    return pathlib.Path(__file__).resolve().parent.parent


def resource_root() -> pathlib.Path:
    return app_root() / "resources"


def resource_path(*parts: str) -> pathlib.Path:
    """resources/<parts…>; the file need not exist."""
    return resource_root().joinpath(*parts)


@functools.cache
def app_version() -> str:
    """``[metadata] version`` of setup.cfg: the checkout's, or the copy the bundle carries
    (tools/build_bundle.py puts it there); else the installed distribution's metadata."""
    config = configparser.ConfigParser(interpolation=None)
    if config.read(app_root() / "setup.cfg", encoding="utf-8") and config.has_option("metadata", "version"):
        return config.get("metadata", "version")
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "未知版本"


def version_line() -> str:
    """What ``--version`` prints: the product's Chinese name and the version."""
    return f"{PRODUCT_NAME} {app_version()}"
