"""Turn a resource name into a path, from a source checkout or a PyInstaller bundle."""

from __future__ import annotations

import pathlib
import sys


def resource_root() -> pathlib.Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return pathlib.Path(frozen) / "resources"
    return pathlib.Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> pathlib.Path:
    """resources/<parts…>; the file need not exist."""
    return resource_root().joinpath(*parts)
