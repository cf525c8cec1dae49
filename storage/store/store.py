"""The open data file: reading and writing reports, their history and the session's backup.

Each report is a row of ``reports`` holding its canonical document
(:func:`storage.store.history.document_of`) plus the columns the report list needs.
Every write is one ``db.atomic()`` transaction that also records a version; a failed
one raises StoreError and leaves the previous state. Made by
:func:`storage.store.opening.open_store`, which has checked, locked and upgraded the file.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import pathlib
import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from model.errors import InputRefused
from model.report import Report
from storage.errors import SaveConflict, StoreError
from storage.store.backups import backup_dir, list_backups, make_backup
from storage.store.failures import UNCHANGED, open_error, report_not_found, write_error
from storage.store.history import (
    Clock,
    Version,
    current_version,
    document_of,
    has_history,
    record_version,
    stamp,
    system_clock,
)
from storage.store.locking import WriterLock

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import Concatenate, ParamSpec, Self, TypeVar

    from sqlite_utils import Database

    _P = ParamSpec("_P")
    _R = TypeVar("_R")


@dataclass(frozen=True)
class ReportInfo:
    """One line of the report list."""

    id: int
    year: int
    unit: str
    project: str
    title: str
    updated_at: str


_open_stores: weakref.WeakSet[Store] = weakref.WeakSet()


def _reads(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """A read's SQLite error (the file busy, a disk error) becomes the clerk's StoreError."""

    @functools.wraps(method)
    def read(store: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(store, *args, **kwargs)
        except sqlite3.Error as exc:
            raise open_error(exc, store.path) from None

    return read


def open_data_files() -> set[tuple[int, int]]:
    """The identities (device, inode) of the data files open in this process: exports
    refuse to overwrite them by any name (storage.files)."""
    return {store.identity for store in list(_open_stores) if not store.closed}


class Store:
    """An open data file. Use :func:`open_store`; close it when done (see the package doc)."""

    def __init__(
        self,
        path: pathlib.Path,
        conn: sqlite3.Connection,
        *,
        read_only: bool = False,
        read_only_reason: str | None = None,
        lock: WriterLock | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self.conn = conn  # reads use it straight; writes through sqlite-utils (db)
        self._db: Database | None = None
        self.backup_path: pathlib.Path | None = None  # the backup taken this session
        self.backup_error: str | None = None
        self._lock = lock
        self._clock: Clock = clock or system_clock
        self._backup_tried = False
        self._wrote = False
        self._closed = False
        info = os.stat(path)
        self.identity = (info.st_dev, info.st_ino)
        _open_stores.add(self)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def db(self) -> Database:
        """sqlite-utils on the file's connection, for writes and migrations: imported at
        the first write, so commands that only read never import it."""
        if self._db is None:
            from sqlite_utils import Database

            # No plugins: nothing installed on the machine runs on our connection.
            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    # -- reading -------------------------------------------------------------------
    @_reads
    def list_reports(self) -> list[ReportInfo]:
        rows = self.conn.execute(
            "select id, year, unit, project, title, updated_at from reports order by year desc, project, id"
        ).fetchall()
        return [ReportInfo(*row) for row in rows]

    @_reads
    def load(self, report_id: int) -> Report:
        return self.load_with_version(report_id)[0]

    @_reads
    def load_with_version(self, report_id: int) -> tuple[Report, int]:
        """The report and the number of the version it is (pass it to :meth:`save`)."""
        if has_history(self.conn):  # one statement: the document and its version agree
            row = self.conn.execute(
                "select document, (select coalesce(max(version), 0) from report_versions where report_id = reports.id)"
                " from reports where id = ?", [report_id]).fetchone()
        else:
            row = self.conn.execute("select document, 0 from reports where id = ?", [report_id]).fetchone()
        if row is None:
            raise report_not_found(report_id)
        return self._parse(row[0], f"编号为 {report_id} 的报告"), row[1]

    @_reads
    def version_of(self, report_id: int) -> int:
        """The number of the report's current version (0 in a file without history)."""
        return current_version(self.conn, report_id)

    def _parse(self, document: str, what: str) -> Report:
        from storage.interchange import loads  # a file's list is read without it (`list`)

        try:
            return loads(document)
        except InputRefused as exc:
            raise StoreError(f"数据文件中{what}内容无法读取：{exc.problem}", "store.bad-document") from None

    @_reads
    def history(self, report_id: int) -> list[Version]:
        """The saved versions of a report (also of a deleted one), newest first."""
        if not has_history(self.conn):
            self.load(report_id)
            return []
        rows = self.conn.execute(
            "select version, saved_at, action, restored_from, size, summary from report_versions"
            " where report_id = ? order by version desc",
            [report_id],
        ).fetchall()
        if not rows:
            self.load(report_id)  # raises ReportNotFound when there is no such report
        return [Version(*row) for row in rows]

    @_reads
    def load_version(self, report_id: int, version: int) -> Report:
        return self._parse(self._version_document(report_id, version), f"报告 {report_id} 的版本 {version}")

    def _version_document(self, report_id: int, version: int) -> str:
        row = None
        if has_history(self.conn):
            row = self.conn.execute(
                "select document from report_versions where report_id = ? and version = ?", [report_id, version]
            ).fetchone()
        if row is None:
            raise StoreError(f"报告 {report_id} 没有版本 {version}（用 history 命令查看可用的版本）", "store.no-such-version")
        document: str = row[0]
        return document

    @_reads
    def list_deleted(self) -> list[ReportInfo]:
        """Deleted reports whose history is kept (``updated_at`` is when deleted)."""
        if not has_history(self.conn):
            return []
        rows = self.conn.execute(
            "select v.report_id, v.document, v.saved_at from report_versions v"
            " where v.action = 'delete' and v.report_id not in (select id from reports)"
            " and v.version = (select max(version) from report_versions w where w.report_id = v.report_id)"
            " order by v.saved_at desc, v.report_id"
        ).fetchall()
        found = []
        for report_id, document, saved_at in rows:
            report = self._parse(document, f"已删除的报告 {report_id}")
            found.append(ReportInfo(report_id, report.year, report.unit, report.project.name, report.title, saved_at))
        return found

    def backups(self) -> list[pathlib.Path]:
        return list_backups(self.path)

    # -- writing -------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            reason = f"（{self.read_only_reason}）" if self.read_only_reason else ""
            raise StoreError(f"数据文件 {self.path} 以只读方式打开{reason}，不能保存", "store.read-only")

    def _checked_document(self, report: Report) -> str:
        """The canonical document, refused (naming the field) unless it loads back exactly."""
        from storage.interchange import loads

        document = document_of(report)
        try:
            again = loads(document)
        except InputRefused as exc:
            raise exc.with_outcome("报告未保存") from None
        if document_of(again) != document:  # a bug in interchange, not the clerk's doing
            raise RuntimeError("report does not survive its own round trip")
        return document

    def backup_once(self) -> None:
        """Before the session's first write: copy the file as it was (if it holds anything)."""
        if self._backup_tried:
            return
        self._backup_tried = True
        row = self.conn.execute("select count(*) from sqlite_master where type = 'table' and name = 'reports'").fetchone()
        if row[0] and self.conn.execute("select exists (select 1 from reports)").fetchone()[0]:
            self.backup_now()

    def backup_now(self) -> pathlib.Path | None:
        """Copy the committed state into backups/ now; None (and backup_error) on failure."""
        try:
            self.backup_path = make_backup(self.path, self._clock())
        except (OSError, sqlite3.Error) as exc:
            self.backup_error = f"未能备份数据文件到 {backup_dir(self.path)}（{exc}）"
            return None
        self.backup_error = None
        return self.backup_path

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; sqlite errors become StoreError, nothing half-written stays."""
        self._check_writable()
        self.backup_once()
        try:
            with self.db.atomic():
                yield
        except sqlite3.Error as exc:
            raise write_error(exc, self.path) from None
        self._wrote = True

    def _row(self, report_id: int, report: Report, document: str, moment: datetime.datetime) -> dict[str, object]:
        """The ``reports`` row; ``created_at`` is used only by an insert."""
        return {
            "id": report_id,
            "year": report.year,
            "unit": report.unit,
            "project": report.project.name,
            "title": report.title,
            "ruleset": report.ruleset,
            "document": document,
            "created_at": stamp(moment),
            "updated_at": stamp(moment),
        }

    def _insert(self, row: dict[str, object]) -> None:
        self.conn.execute(
            "insert into reports (id, year, unit, project, title, ruleset, document, created_at, updated_at)"
            " values (:id, :year, :unit, :project, :title, :ruleset, :document, :created_at, :updated_at)",
            row,
        )

    def _update(self, row: dict[str, object]) -> bool:
        """Replace the report's row (keeping ``created_at``); False when there is none."""
        cursor = self.conn.execute(
            "update reports set year=:year, unit=:unit, project=:project, title=:title,"
            " ruleset=:ruleset, document=:document, updated_at=:updated_at where id=:id",
            row,
        )
        return cursor.rowcount == 1

    def _current_document(self, report_id: int) -> str:
        row = self.conn.execute("select document from reports where id = ?", [report_id]).fetchone()
        if row is None:
            raise report_not_found(report_id)
        document: str = row[0]
        return document

    def add(self, report: Report) -> int:
        """Store a new report; returns its id (never one a deleted report had)."""
        return self.add_many([report])[0]

    def add_many(self, reports: Iterable[Report]) -> list[int]:
        """Store new reports, all in one transaction; returns their ids."""
        checked = [(report, self._checked_document(report)) for report in reports]
        ids = []
        with self._writing():
            for report, document in checked:
                moment = self._clock()
                # Ids are never reused: a deleted report's history keeps its id.
                report_id: int = self.conn.execute(
                    "select max(coalesce((select max(id) from reports), 0),"
                    " coalesce((select max(report_id) from report_versions), 0)) + 1"
                ).fetchone()[0]
                self._insert(self._row(report_id, report, document, moment))
                record_version(self.conn, report_id, document, "add", moment)
                ids.append(report_id)
        return ids

    def save(self, report_id: int, report: Report, expected_version: int) -> int:
        """Replace a report and keep a snapshot, if its current version is still
        ``expected_version`` (the one the caller loaded): a compare-and-swap in one
        transaction. Returns the version now current (a new one, or the same when the
        content is unchanged: nothing is rewritten). Raises :class:`SaveConflict` when
        the report changed or was deleted since; nothing is written then."""
        document = self._checked_document(report)
        with self._writing():
            row = self.conn.execute("select document from reports where id = ?", [report_id]).fetchone()
            current = current_version(self.conn, report_id)
            if row is None and not current:
                raise report_not_found(report_id)
            if row is not None and row[0] == document:
                return current  # what the file holds is what the caller has: nothing to lose
            if row is None or current != expected_version:
                raise self._conflict(report_id, expected_version, None if row is None else current)
            moment = self._clock()
            self._update(self._row(report_id, report, document, moment))
            return record_version(self.conn, report_id, document, "save", moment)

    def _conflict(self, report_id: int, expected: int, current: int | None) -> SaveConflict:
        happened = "已在别处被删除" if current is None else f"已在别处被修改（现在是版本 {current}，这里打开的是版本 {expected}）"
        return SaveConflict(
            f"数据文件 {self.path} 中的报告 {report_id} {happened}，为免覆盖那边的内容，这次没有保存；"
            f"{UNCHANGED}，可把这里的内容另存为一份新报告，两份都保留", report_id, expected, current)

    def delete(self, report_id: int) -> None:
        """Remove a report from the list; its history stays, so it can be restored."""
        with self._writing():
            record_version(self.conn, report_id, self._current_document(report_id), "delete", self._clock())
            self.conn.execute("delete from reports where id = ?", [report_id])

    def restore(self, report_id: int, version: int) -> int:
        """Make ``version`` the current content (a deleted report comes back); returns the new version."""
        self._check_writable()
        document = self._version_document(report_id, version)
        report = self._parse(document, f"报告 {report_id} 的版本 {version}")
        document = self._checked_document(report)
        with self._writing():
            moment = self._clock()
            row = self._row(report_id, report, document, moment)
            if not self._update(row):
                self._insert(row)
            return record_version(self.conn, report_id, document, "restore", moment, restored_from=version)

    def close(self) -> None:
        """Call when the window closes: backs up a session's work if not yet done, releases the file."""
        if self._closed:
            return
        self._closed = True
        _open_stores.discard(self)
        try:
            if self._wrote and self.backup_path is None and not self.read_only:
                self.backup_now()
        finally:
            self.conn.close()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
