"""The clerk's data file: one SQLite file holding many reports (years, projects).

Each report is stored as its canonical interchange JSON (storage.interchange) plus the
columns the report list needs, so that what is saved is exactly what is exported and a
single code path maps dataclasses to rows and back. The schema is built by sqlite-utils
``Migrations``; every write runs inside ``db.atomic()``.
"""

from __future__ import annotations

import datetime
import json
import pathlib
import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from model.report import Report
from storage.errors import ReportNotFound, StoreError
from storage.interchange import loads, report_to_dict

SQLITE_HEADER = b"SQLite format 3\x00"

migrations = Migrations("zeping")


@migrations()
def m001_reports(db: Database) -> None:
    db["reports"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "year": int,
            "unit": str,
            "project": str,
            "title": str,
            "ruleset": str,
            "document": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"year", "unit", "project", "document", "created_at", "updated_at"},
    )
    db["reports"].create_index(["year", "project"])  # type: ignore[union-attr]


KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)


@dataclass(frozen=True)
class ReportInfo:
    """One line of the report list."""

    id: int
    year: int
    unit: str
    project: str
    title: str
    updated_at: str


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _document(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, sort_keys=True)


class Store:
    """An open data file. Use :func:`open_store`; close it when done."""

    def __init__(self, path: pathlib.Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.db = Database(conn)

    # -- reading -------------------------------------------------------------------
    def list_reports(self) -> list[ReportInfo]:
        rows = self.db.execute(
            "select id, year, unit, project, title, updated_at from reports order by year desc, project, id"
        ).fetchall()
        return [ReportInfo(*row) for row in rows]

    def load(self, report_id: int) -> Report:
        row = self.db.execute("select document from reports where id = ?", [report_id]).fetchone()
        if row is None:
            raise ReportNotFound(f"数据文件中没有编号为 {report_id} 的报告")
        return loads(row[0])

    # -- writing -------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"数据文件 {self.path} 以只读方式打开，不能保存", "store.read-only")

    def _row(self, report: Report) -> dict[str, object]:
        return {
            "year": report.year,
            "unit": report.unit,
            "project": report.project.name,
            "title": report.title,
            "ruleset": report.ruleset,
            "document": _document(report),
            "updated_at": _now(),
        }

    def add(self, report: Report) -> int:
        """Store a new report; returns its id."""
        self._check_writable()
        row = self._row(report)
        row["created_at"] = row["updated_at"]
        with self.db.atomic():
            cursor = self.db.execute(
                "insert into reports (year, unit, project, title, ruleset, document, created_at, updated_at)"
                " values (:year, :unit, :project, :title, :ruleset, :document, :created_at, :updated_at)",
                row,
            )
            report_id = cursor.lastrowid
        assert report_id is not None
        return report_id

    def save(self, report_id: int, report: Report) -> None:
        """Replace a report; one transaction."""
        self._check_writable()
        row = self._row(report)
        row["id"] = report_id
        with self.db.atomic():
            cursor = self.db.execute(
                "update reports set year=:year, unit=:unit, project=:project, title=:title,"
                " ruleset=:ruleset, document=:document, updated_at=:updated_at where id=:id",
                row,
            )
            if cursor.rowcount != 1:
                raise ReportNotFound(f"数据文件中没有编号为 {report_id} 的报告")

    def delete(self, report_id: int) -> None:
        self._check_writable()
        with self.db.atomic():
            cursor = self.db.execute("delete from reports where id = ?", [report_id])
            if cursor.rowcount != 1:
                raise ReportNotFound(f"数据文件中没有编号为 {report_id} 的报告")

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _refuse_foreign(path: pathlib.Path) -> None:
    """Refuse files that are not SQLite before sqlite3 touches them."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"无法读取数据文件 {path}：{exc.strerror}", "store.unreadable") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} 不是本程序的数据文件（不是 SQLite 数据库），未做任何改动", "store.not-sqlite")


def open_store(path: str | pathlib.Path, *, create: bool = True) -> Store:
    """Open (and, for ``create``, make) a data file, checked and migrated."""
    path = pathlib.Path(path)
    exists = path.exists()
    if exists and path.is_dir():
        raise StoreError(f"{path} 是文件夹，不是数据文件", "store.is-directory")
    if not exists and not create:
        raise StoreError(f"找不到数据文件 {path}", "store.missing")
    if exists:
        _refuse_foreign(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开数据文件 {path}：{exc}", "store.unopenable") from None
    try:
        conn.execute("pragma trusted_schema = off")
        conn.execute("pragma foreign_keys = on")
        conn.execute("pragma journal_mode = delete")
        result = conn.execute("pragma quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise StoreError(f"数据文件 {path} 已损坏（完整性检查未通过），未做任何改动", "store.corrupt")
        db = Database(conn)
        applied = {m.name for m in migrations.applied(db)}
        unknown = applied - KNOWN_MIGRATIONS
        if unknown:
            raise StoreError(f"数据文件 {path} 由更新版本的程序创建，请升级本程序后再打开", "store.newer")
        migrations.apply(db)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"数据文件 {path} 已损坏或无法读取（{exc}），未做任何改动", "store.corrupt") from None
    return Store(path, conn)
