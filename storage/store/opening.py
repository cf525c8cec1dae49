"""Opening a data file: every check and refusal before the first write, then the upgrade.

In order: the path is a file (or may be created); its first bytes are SQLite's header
(an empty file with backups, or a cut-short one, is damaged); whether it can only be read
(the file or its folder is read-only, or another writer holds the lock); SQLite's quick
check; no triggers or views (this program never makes them, and they would run code on
our writes); the migrations it records are ours and none is newer. Nothing is written to
a refused file. A writable file is then upgraded, after a backup of its old state.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import sqlite3
import tempfile

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage.errors import StoreError
from storage.store.backups import list_backups
from storage.store.failures import UNTOUCHED, damaged, write_error
from storage.store.history import Clock
from storage.store.locking import WriterLock
from storage.store.schema import KNOWN_MIGRATIONS, applied_migrations, migrations
from storage.store.store import Store

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def _refuse_foreign(path: pathlib.Path) -> None:
    """Refuse files that are not SQLite, or are cut short, before sqlite3 touches them."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"无法读取数据文件 {path}：{exc.strerror}", "store.unreadable") from None
    if not header:
        if list_backups(path):  # an emptied data file: a fresh start would hide the loss
            raise damaged(path, "是空的（0 字节），可能已损坏")
        return
    if SQLITE_HEADER.startswith(header) and len(header) < len(SQLITE_HEADER):
        raise damaged(path, f"不完整（只有 {len(header)} 字节）")
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} 不是本程序的数据文件（不是 SQLite 数据库），{UNTOUCHED}", "store.not-sqlite")


def _read_only_reason(path: pathlib.Path) -> str | None:
    """Why this file can only be read, found by trying (os.access misses ACLs and mounts)."""
    if path.exists():
        try:
            os.close(os.open(path, os.O_RDWR))
        except OSError:
            return "文件是只读的，或没有修改它的权限"
    folder = path.absolute().parent
    try:  # rollback journals are created beside the file: the folder must be writable too
        fd, probe = tempfile.mkstemp(prefix=".zeping-probe-", dir=folder)
    except OSError:
        return "文件所在的文件夹不允许写入"
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


def _lock(path: pathlib.Path) -> tuple[WriterLock | None, str | None]:
    """The writer's lock, or why this session may only read."""
    try:
        lock = WriterLock.acquire(path)
    except OSError as exc:
        return None, f"无法建立锁文件（{exc.strerror}）"
    if lock is None:
        return None, "它已在另一个窗口或程序中打开，为避免两处同时修改，这里只能查看"
    return lock, None


def _connect(path: pathlib.Path, read_only: bool) -> sqlite3.Connection:
    try:
        if read_only:
            return sqlite3.connect(
                path.absolute().as_uri() + "?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        return sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开数据文件 {path}：{exc}", "store.unopenable") from None


def _check_file(path: pathlib.Path, conn: sqlite3.Connection) -> None:
    """Everything that must hold before the first write; reads only."""
    conn.execute("pragma trusted_schema = off")
    conn.execute("pragma foreign_keys = on")
    conn.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS:d}")
    result = conn.execute("pragma quick_check").fetchone()
    if result is None or result[0] != "ok":
        detail = result[0] if result else "无结果"
        raise damaged(path, f"已损坏（完整性检查未通过：{str(detail)[:80]}）")
    schema = conn.execute("select type, name from sqlite_master where type in ('table', 'view', 'trigger')").fetchall()
    unknown = sorted(name for kind, name in schema if kind in ("view", "trigger"))
    if unknown:
        raise StoreError(
            f"数据文件 {path} 中含有本程序不会创建的触发器或视图（{'、'.join(unknown)[:80]}），"
            f"可能被其他程序改动过；为安全起见没有打开，也{UNTOUCHED}",
            "store.foreign-schema",
        )
    tables = {name for kind, name in schema if kind == "table" and not name.startswith("sqlite_")}
    applied = applied_migrations(Database(conn))
    if tables - {Migrations.migrations_table} and not applied & KNOWN_MIGRATIONS:
        raise StoreError(f"{path} 是其他程序的 SQLite 数据库，不是本程序的数据文件，{UNTOUCHED}", "store.not-zeping")
    if applied - KNOWN_MIGRATIONS:
        raise StoreError(f"数据文件 {path} 由更新版本的程序创建，请升级本程序后再打开；{UNTOUCHED}", "store.newer")


def _upgrade(store: Store) -> None:
    """A writable file is made durable and brought to the current schema (after a backup)."""
    if store.read_only:
        return
    store.db.execute("pragma journal_mode = delete")
    store.db.execute("pragma synchronous = full")
    if migrations.pending(store.db):
        store.backup_once()  # an upgrade is a write: keep the old file first
        try:
            migrations.apply(store.db)
        except sqlite3.Error as exc:
            raise write_error(exc, store.path) from None


def open_store(path: str | pathlib.Path, *, create: bool = True, clock: Clock | None = None) -> Store:
    """Open (and, for ``create``, make) a data file: checked, locked, migrated.

    ``clock`` (for tests) gives the time stamps of versions and backups.
    """
    path = pathlib.Path(path)
    exists = path.exists()
    if exists and path.is_dir():
        raise StoreError(f"{path} 是文件夹，不是数据文件", "store.is-directory")
    if not exists and not create:
        raise StoreError(f"找不到数据文件 {path}", "store.missing")
    if exists:
        _refuse_foreign(path)
    reason = _read_only_reason(path)
    if not exists and reason:
        raise StoreError(f"无法在 {path.absolute().parent} 新建数据文件：{reason}", "store.unwritable")
    lock = None
    if reason is None:
        lock, reason = _lock(path)
    read_only = reason is not None
    conn = _connect(path, read_only)
    try:
        _check_file(path, conn)
        store = Store(path, conn, read_only=read_only, read_only_reason=reason, lock=lock, clock=clock)
        _upgrade(store)
    except sqlite3.DatabaseError as exc:
        _give_up(conn, lock)
        raise damaged(path, f"已损坏或无法读取（{exc}）") from None
    except BaseException:
        _give_up(conn, lock)
        raise
    return store


def _give_up(conn: sqlite3.Connection, lock: WriterLock | None) -> None:
    conn.close()
    if lock is not None:
        lock.release()
