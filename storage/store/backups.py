"""Backups of a data file: their folder and names, making one, rotating, listing.

The first write of a session copies the file as it was into ``backups/`` beside it,
keeping the newest :data:`KEEP_BACKUPS`. A copy is made with the SQLite backup API from
its own read-only connection (so it holds only committed data), marked, checked, written
to a hidden ``.part`` file, synced, and only then given its name; a copy half-written by
a killed process is never mistaken for a backup.

Names carry the data file's full name and a sequence number:
``<file name>-YYYYMMDD-HHMMSS-<n>.db``, e.g. ``zeping.db-20240417-153012-7.db``, so
``zeping.db`` and ``zeping.sqlite`` in one folder never share a backup, and the order of
backups is the sequence (one more than the highest there), never the clock: a backup
taken while the clock was wrong neither jumps ahead nor falls behind. The time in the
name is only for people.

Only files this program made for this data file are ever deleted: a regular file (not a
link) with such a name whose SQLite header carries :data:`BACKUP_MARK` (the copy's
``application_id``). A ``backups`` folder that is a link to a folder holding other
files, or a file someone named like a backup, loses nothing. Backups named by older
versions (``<stem>-YYYYMMDD-HHMMSS[-n].db``, unmarked) are still listed, after the new
ones, when they hold a ``reports`` table and no other data file in the folder shares the
stem; they are never deleted.
:func:`backup_hint` is the sentence that names the newest backup when a file is damaged.
"""

from __future__ import annotations

import datetime
import os
import pathlib
import re
import sqlite3
import stat

BACKUP_DIR = "backups"
KEEP_BACKUPS = 10
BACKUP_MARK = 0x5A50424B  # "ZPBK": the application_id of every backup this program makes
_SQLITE_HEADER = b"SQLite format 3\x00"


def backup_dir(path: pathlib.Path) -> pathlib.Path:
    """The backups folder: ``backups`` beside the data file."""
    return path.absolute().parent / BACKUP_DIR


def _ours(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(name) + r"-(\d{8}-\d{6})-(\d+)\.db")


def _older(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + r"-(\d{8}-\d{6})(?:-(\d+))?\.db")


def _head(entry: pathlib.Path) -> bytes:
    """The first 72 bytes of a regular file that is not a link (else nothing)."""
    try:
        if not stat.S_ISREG(os.lstat(entry).st_mode):
            return b""
        with open(entry, "rb") as handle:
            return handle.read(72)
    except OSError:
        return b""


def _marked(entry: pathlib.Path) -> bool:
    head = _head(entry)
    return head.startswith(_SQLITE_HEADER) and head[68:72] == BACKUP_MARK.to_bytes(4, "big")


def _holds_reports(entry: pathlib.Path) -> bool:
    """An unmarked file named the older way counts only as a copy of a data file."""
    if not _head(entry).startswith(_SQLITE_HEADER):
        return False
    try:
        conn = sqlite3.connect(entry.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return conn.execute("select 1 from sqlite_master where type = 'table' and name = 'reports'").fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _stem_shared(path: pathlib.Path) -> bool:
    """Whether another data file beside ``path`` has its stem (``zeping.sqlite`` beside
    ``zeping.db``): older backup names, made from the stem, cannot tell them apart."""
    try:
        names = [entry.name for entry in path.absolute().parent.iterdir()]
    except OSError:
        return True
    return any(pathlib.Path(name).stem == path.stem and not name.startswith(path.name) for name in names)


def _entries(path: pathlib.Path) -> list[pathlib.Path]:
    try:
        return list(backup_dir(path).iterdir())
    except OSError:
        return []


def _own_backups(path: pathlib.Path, entries: list[pathlib.Path]) -> list[tuple[int, pathlib.Path]]:
    """(sequence, file) of the backups this program made for ``path``, newest first."""
    pattern = _ours(path.name)
    found = []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and _marked(entry):
            found.append((int(match.group(2)), entry))
    return sorted(found, reverse=True)


def list_backups(path: str | pathlib.Path) -> list[pathlib.Path]:
    """The backups of the data file at ``path``, newest first (works on a broken file)."""
    path = pathlib.Path(path)
    entries = _entries(path)
    own = _own_backups(path, entries)
    older: list[tuple[str, int, pathlib.Path]] = []
    if entries and not _stem_shared(path):
        pattern, taken = _older(path.stem), {entry for _n, entry in own}
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match and entry not in taken and _holds_reports(entry):
                older.append((match.group(1), int(match.group(2) or 0), entry))
    older.sort(reverse=True)
    return [entry for _n, entry in own] + [entry for _stamp, _n, entry in older]


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
    entries = _entries(path)
    pattern = _ours(path.name)
    number = 1 + max((int(m.group(2)) for e in entries if (m := pattern.fullmatch(e.name))), default=0)
    base = f"{path.name}-{moment.strftime('%Y%m%d-%H%M%S')}"
    target = folder / f"{base}-{number}.db"
    while target.exists() or target.is_symlink():
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
            copy.execute(f"pragma application_id = {BACKUP_MARK:d}")
            copy.execute("pragma journal_mode = delete")
            check = copy.execute("pragma quick_check").fetchone()
        finally:
            copy.close()
    finally:
        source.close()
    if check is None or check[0] != "ok" or not _marked(partial):
        partial.unlink(missing_ok=True)
        raise sqlite3.DatabaseError("backup copy failed its check")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    # Make room first, so that even a kill between the two steps leaves at most 10.
    _rotate_backups(path, keep=KEEP_BACKUPS - 1, spare=partial)
    os.replace(partial, target)
    return target


def _rotate_backups(path: pathlib.Path, *, keep: int, spare: pathlib.Path) -> None:
    entries = _entries(path)
    for _number, old in _own_backups(path, entries)[keep:]:
        old.unlink(missing_ok=True)
    # Copies left half-written by a killed process (only the writer gets here).
    leftover = re.compile(r"\." + _ours(path.name).pattern + r"\.part")
    for entry in entries:
        if entry != spare and leftover.fullmatch(entry.name) and not entry.is_symlink():
            entry.unlink(missing_ok=True)
