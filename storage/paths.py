"""Where the clerk's data lives by default, per platform (no Qt: the CLI uses it too)."""

from __future__ import annotations

import os
import pathlib
import sys

APP_DIR = "Zeping"
DATA_FILE = "zeping.db"


def data_dir() -> pathlib.Path:
    """%APPDATA%\\Zeping on Windows, ~/Library/Application Support/Zeping on macOS,
    $XDG_DATA_HOME/zeping (~/.local/share/zeping) elsewhere. ZEPING_HOME overrides."""
    override = os.environ.get("ZEPING_HOME")
    if override:
        return pathlib.Path(override)
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(pathlib.Path.home() / "AppData" / "Roaming")
        return pathlib.Path(base) / APP_DIR
    if sys.platform == "darwin":
        return pathlib.Path.home() / "Library" / "Application Support" / APP_DIR
    base = os.environ.get("XDG_DATA_HOME") or str(pathlib.Path.home() / ".local" / "share")
    return pathlib.Path(base) / APP_DIR.lower()


def cache_dir() -> pathlib.Path:
    """Files the program can make again (font metrics): %LOCALAPPDATA%\\Zeping\\cache on
    Windows (not the roaming profile), ~/Library/Caches/Zeping on macOS,
    $XDG_CACHE_HOME/zeping (~/.cache/zeping) elsewhere; ZEPING_HOME/cache when set."""
    override = os.environ.get("ZEPING_HOME")
    if override:
        return pathlib.Path(override) / "cache"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(pathlib.Path.home() / "AppData" / "Local")
        return pathlib.Path(base) / APP_DIR / "cache"
    if sys.platform == "darwin":
        return pathlib.Path.home() / "Library" / "Caches" / APP_DIR
    base = os.environ.get("XDG_CACHE_HOME") or str(pathlib.Path.home() / ".cache")
    return pathlib.Path(base) / APP_DIR.lower()


def default_data_file() -> pathlib.Path:
    return data_dir() / DATA_FILE
