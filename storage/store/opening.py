"""Opening a data file: every check and refusal before the first write, then the upgrade.

Two ways in. ``open_store(path)`` opens for *writing* (the window, import, restore): the
file may be created, the writer's lock is taken, and an older file is upgraded after a
backup. ``open_store(path, read_only=True)`` opens for *viewing* (list, check, export,
history): the file must exist; no lock, no probe of the folder, no journal, no upgrade,
no backup — SQLite opens it ``mode=ro``, so reading never writes a byte anywhere.

In order: the path is a regular file (a folder, a pipe, a device is refused at once,
before anything could block on it); its first bytes are SQLite's header (an empty file
with backups, or a cut-short one, is damaged; an empty one is created into a data file
only by a writer); whether a writer may write (the file or its folder is read-only, or
another writer holds the lock: then it is opened read-only, see ``locking``); SQLite's
quick check; no triggers or views (this program never makes them, and they would run
code on our writes); the migrations it records are ours, none is newer, and the tables
they made are there. Tables and indexes someone added are left alone: a file is
"another program's database" when it has tables but records none of our migrations.
An index that uses a function SQLite does not trust by default (``json_extract`` over
the documents, say) is allowed: only SQLite's built-in functions exist on our
connection, and triggers and views, which could run them on our writes, are refused.

Nothing is written to a refused file. SQLite's errors are put in the clerk's words by
``failures.open_error``: busy, read-only, foreign and damaged are different messages.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import re
import sqlite3
import stat

from storage.errors import StoreError
from storage.store.applied import KNOWN_MIGRATIONS, MIGRATION_TABLES, applied_migrations, has_pending
from storage.store.backups import list_backups
from storage.store.failures import UNTOUCHED, damaged, foreign_schema, open_error, write_error
from storage.store.history import Clock
from storage.store.locking import WriterLock
from storage.store.store import Store

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
VIEWING = "只为查看而打开"  # the read-only reason of a store opened with read_only=True
_UNTRUSTED = r"malformed database schema \((.+?)\) - unsafe use of"  # compiled if ever needed


def _status(path: pathlib.Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"无法读取数据文件 {path}：{exc.strerror}", "store.unreadable") from None


def _refuse_odd(path: pathlib.Path, info: os.stat_result) -> None:
    """Only a regular file is a data file: a pipe or a device would block or be ruined."""
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} 是文件夹，不是数据文件", "store.is-directory")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} 不是普通文件（而是设备、管道或套接字），不能作为数据文件打开，{UNTOUCHED}",
                         "store.not-a-file")


def _header(path: pathlib.Path) -> bytes:
    """The file's first bytes; non-blocking, in case a pipe took the file's place meanwhile."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise StoreError(f"无法读取数据文件 {path}：{exc.strerror}", "store.unreadable") from None
    try:
        _refuse_odd(path, os.fstat(fd))
        return os.read(fd, len(SQLITE_HEADER))
    finally:
        os.close(fd)


def _empty(path: pathlib.Path, finding: str) -> StoreError:
    return StoreError(f"数据文件 {path} {finding}，其中没有任何报告，{UNTOUCHED}", "store.empty")


def _refuse_foreign(path: pathlib.Path, header: bytes, *, viewing: bool) -> None:
    """Refuse files that are not SQLite, or are cut short, before sqlite3 touches them."""
    if not header:
        if list_backups(path):  # an emptied data file: a fresh start would hide the loss
            raise damaged(path, "是空的（0 字节），可能已损坏")
        if viewing:
            raise _empty(path, "是空的（0 字节）")
        return
    if SQLITE_HEADER.startswith(header) and len(header) < len(SQLITE_HEADER):
        raise damaged(path, f"不完整（只有 {len(header)} 字节）")
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} 不是本程序的数据文件（不是 SQLite 数据库），{UNTOUCHED}", "store.not-sqlite")


def _folder_read_only(path: pathlib.Path) -> str | None:
    """Why the journal could not be made beside the file, found by trying (os.access
    misses ACLs and read-only mounts); SQLite makes it beside a symlink's target."""
    import tempfile  # writers only: a reading command need not import it (and shutil, random)

    for folder in {path.absolute().parent, pathlib.Path(os.path.realpath(path)).parent}:
        try:
            fd, probe = tempfile.mkstemp(prefix=".zeping-probe-", dir=folder)
        except OSError:
            return "文件所在的文件夹不允许写入"
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return None


def _writer(path: pathlib.Path, exists: bool) -> tuple[WriterLock | None, str | None]:
    """The writer's lock on the file (made empty when missing), or why this session may only read."""
    reason = None if exists else _folder_read_only(path)  # the file first: its own reason names it
    if reason is None:
        try:
            lock = WriterLock.acquire(path)
        except OSError:
            reason = "文件是只读的，或没有修改它的权限"
        else:
            if lock is None:
                return None, "它已在另一个窗口或程序中打开，为避免两处同时修改，这里只能查看"
            reason = _folder_read_only(path) if exists else None
            if reason is None:
                return lock, None
            lock.release()
    if not exists:
        raise StoreError(f"无法在 {path.absolute().parent} 新建数据文件：{reason}", "store.unwritable")
    return None, reason


def _connect(path: pathlib.Path, read_only: bool) -> sqlite3.Connection:
    timeout = BUSY_TIMEOUT_MS / 1000
    if read_only:
        return sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, isolation_level=None, timeout=timeout)
    return sqlite3.connect(path, isolation_level=None, timeout=timeout)


def _schema(path: pathlib.Path, conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(type, name) of every schema object; trusts an index SQLite would not by default."""
    try:
        return conn.execute("select type, name from sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        match = re.match(_UNTRUSTED, str(exc))
        if match is None:
            raise
        conn.execute("pragma trusted_schema = on")
        schema: list[tuple[str, str]] = conn.execute("select type, name from sqlite_master").fetchall()
        if ("index", match.group(1)) not in schema:
            raise foreign_schema(path, str(exc).removeprefix("malformed database schema ")) from None
        return schema


def _check_file(path: pathlib.Path, conn: sqlite3.Connection, *, read_only: bool) -> None:
    """Everything that must hold before the first write; reads only."""
    conn.execute("pragma trusted_schema = off")
    conn.execute("pragma foreign_keys = on")
    conn.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS:d}")
    schema = _schema(path, conn)
    result = conn.execute("pragma quick_check").fetchone()
    if result is None or result[0] != "ok":
        detail = result[0] if result else "无结果"
        raise damaged(path, f"已损坏（完整性检查未通过：{str(detail)[:80]}）")
    unknown = sorted(name for kind, name in schema if kind in ("view", "trigger"))
    if unknown:
        raise StoreError(
            f"数据文件 {path} 中含有本程序不会创建的触发器或视图（{'、'.join(unknown)[:80]}），"
            f"可能被其他程序改动过；为安全起见没有打开，也{UNTOUCHED}",
            "store.foreign-schema",
        )
    tables = {name for kind, name in schema if kind == "table" and not name.startswith("sqlite_")}
    if not tables:
        if read_only:  # a writer makes it a data file; a reader finds nothing in it
            raise _empty(path, "是空的数据库")
        return
    applied = applied_migrations(conn)
    if not applied & KNOWN_MIGRATIONS:
        raise StoreError(f"{path} 是其他程序的 SQLite 数据库，不是本程序的数据文件，{UNTOUCHED}", "store.not-zeping")
    if applied - KNOWN_MIGRATIONS:
        raise StoreError(f"数据文件 {path} 由更新版本的程序创建，请升级本程序后再打开；{UNTOUCHED}", "store.newer")
    missing = sorted({MIGRATION_TABLES[name] for name in applied} - tables)
    if missing:
        raise StoreError(f"数据文件 {path} 缺少本程序的数据表（{'、'.join(missing)}），可能被其他程序改动过；"
                         f"为安全起见没有打开，也{UNTOUCHED}", "store.missing-table")


def _upgrade(store: Store) -> None:
    """A writable file is made durable and brought to the current schema (after a backup)."""
    if store.read_only:
        return
    store.conn.execute("pragma journal_mode = delete")
    store.conn.execute("pragma synchronous = full")
    if has_pending(store.conn):  # sqlite-utils is imported for an upgrade only (or the first write)
        from storage.store.schema import migrations

        store.backup_once()  # an upgrade is a write: keep the old file first
        try:
            migrations.apply(store.db)
        except sqlite3.Error as exc:
            raise write_error(exc, store.path) from None


def _writable(path: pathlib.Path) -> bool:
    """Whether a writer could roll back a journal here (for the advice only)."""
    effective = os.access in os.supports_effective_ids
    return all(os.access(where, os.W_OK, effective_ids=effective) for where in (path, path.absolute().parent))


def open_store(path: str | pathlib.Path, *, create: bool = True, read_only: bool = False,
               clock: Clock | None = None) -> Store:
    """Open a data file: checked, then for writing locked and migrated (see the module doc).

    ``create``: a missing file is made (writing only). ``read_only``: open for viewing;
    never creates, locks or writes. ``clock`` (for tests) stamps versions and backups.
    """
    path = pathlib.Path(path)
    info = _status(path)
    if info is None:
        if read_only or not create:
            raise StoreError(f"找不到数据文件 {path}", "store.missing")
    else:
        _refuse_odd(path, info)
        _refuse_foreign(path, _header(path), viewing=read_only)
    lock, reason = (None, VIEWING) if read_only else _writer(path, exists=info is not None)
    conn: sqlite3.Connection | None = None
    store: Store | None = None
    try:
        conn = _connect(path, reason is not None)
        if lock is not None and not lock.holds(path):
            raise StoreError(f"数据文件 {path} 在打开时被替换了，请重新打开，{UNTOUCHED}", "store.replaced")
        _check_file(path, conn, read_only=reason is not None)
        store = Store(path, conn, read_only=reason is not None, read_only_reason=reason, lock=lock, clock=clock)
        _upgrade(store)
    except BaseException as exc:
        if store is not None:
            store.close()
        else:
            if conn is not None:
                conn.close()
            if lock is not None:
                lock.release()
        if isinstance(exc, sqlite3.Error):
            raise open_error(exc, path, writable=_writable(path)) from None
        raise
    return store
