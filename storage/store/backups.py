"""Backups of a data file: their folder and names, making one, rotating, listing.

The first write of a session copies the file as it was into ``backups/`` beside it
(``<stem>-YYYYMMDD-HHMMSS[-n].db``), keeping the newest :data:`KEEP_BACKUPS`. A copy is
made with the SQLite backup API from its own read-only connection (so it holds only
committed data), checked, written to a hidden ``.part`` file, synced, and only then given
its name; a copy half-written by a killed process is never mistaken for a backup.
:func:`backup_hint` is the sentence that names the newest backup when a file is damaged.
"""

from __future__ import annotations

import datetime
import glob
import os
import pathlib
import re
import sqlite3

BACKUP_DIR = "backups"
KEEP_BACKUPS = 10


def backup_dir(path: pathlib.Path) -> pathlib.Path:
    """The backups folder: ``backups`` beside the data file."""
    return path.absolute().parent / BACKUP_DIR


def _backup_pattern(path: pathlib.Path) -> re.Pattern[str]:
    return re.compile(re.escape(path.stem) + r"-(\d{8}-\d{6})(?:-(\d+))?\.db")


def list_backups(path: str | pathlib.Path) -> list[pathlib.Path]:
    """The backups of the data file at ``path``, newest first (works on a broken file)."""
    path = pathlib.Path(path)
    folder = backup_dir(path)
    pattern = _backup_pattern(path)
    found: list[tuple[str, int, pathlib.Path]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file():
            found.append((match.group(1), int(match.group(2) or 0), entry))
    found.sort(reverse=True)
    return [entry for _stamp_text, _n, entry in found]


def backup_hint(path: pathlib.Path) -> str:
    """What the clerk can do about a damaged file: the newest backup, or that there is none."""
    backups = list_backups(path)
    if not backups:
        return "没有找到本文件的备份。"
    return f"最新的备份是 {backups[0]}，可关闭程序后用它替换此文件（替换前请另存损坏的文件）。"


def make_backup(path: pathlib.Path, moment: datetime.datetime) -> pathlib.Path:
    """A consistent copy of the committed state, via the SQLite backup API; rotates."""
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    base = f"{path.stem}-{moment.strftime('%Y%m%d-%H%M%S')}"
    target = folder / f"{base}.db"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{base}-{number}.db"
    partial = folder / f".{target.name}.part"
    # Own read-only connection: it sees only committed data, never our open transaction.
    source = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        source.execute("pragma trusted_schema = off")
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("pragma journal_mode = delete")
            check = copy.execute("pragma quick_check").fetchone()
        finally:
            copy.close()
    finally:
        source.close()
    if check is None or check[0] != "ok":
        partial.unlink(missing_ok=True)
        raise sqlite3.DatabaseError("backup copy failed its check")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    # Make room first, so that even a kill between the two steps leaves at most 10.
    _rotate_backups(path, keep=KEEP_BACKUPS - 1, spare=partial)
    os.replace(partial, target)
    return target


def _rotate_backups(path: pathlib.Path, *, keep: int, spare: pathlib.Path) -> None:
    for old in list_backups(path)[keep:]:
        old.unlink(missing_ok=True)
    # Copies left half-written by a killed process (only the writer gets here).
    prefix = f".{path.stem}-"
    for entry in backup_dir(path).glob(f"{glob.escape(prefix)}*.db.part"):
        if entry != spare:
            entry.unlink(missing_ok=True)
