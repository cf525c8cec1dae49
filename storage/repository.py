"""The clerk's data file: one SQLite file holding many reports (years, projects).

Each report is stored as its canonical interchange JSON (storage.interchange) plus the
columns the report list needs, so that what is saved is exactly what is exported and a
single code path maps dataclasses to rows and back. The schema is built by sqlite-utils
``Migrations``; every write runs inside ``db.atomic()``: one save, one transaction.

The API the window uses:

- ``open_store(path, create=True)`` → :class:`Store`, or :class:`StoreError` with a
  Chinese message when the file is refused (not SQLite, corrupt or truncated — naming the
  newest backup —, written by a newer version, another program's database, or holding
  triggers/views this program never creates). Nothing is written to a refused file.
- ``Store.read_only`` / ``Store.read_only_reason``: the file or its folder is read-only,
  or another window or process already has it open for writing (one writer per file, see
  storage.locking). Reading works; every write raises StoreError ``store.read-only``.
- ``list_reports()``, ``load(id)``, ``add(report)`` → id, ``save(id, report)``,
  ``delete(id)``. A report is checked before it is written (InputRefused naming the field),
  so whatever is stored loads back exactly. Disk full / I/O errors raise StoreError
  ``store.disk-full`` / ``store.io-error`` and leave the previous state.
- History: every add/save/restore/delete keeps a snapshot in ``report_versions``;
  ``history(id)`` → [:class:`Version`] newest first, ``restore(id, version)`` (recorded as
  a new version; works for deleted reports too), ``list_deleted()``. Thinning keeps the
  newest 20, all of the last 7 days, one a day for 90 days.
- Backups: the first write of a session first copies the file (SQLite backup API) into
  ``backups/`` beside it, keeping 10 (:func:`list_backups`). ``close()`` — call it when
  the window closes — takes the backup if the session wrote but none was taken yet (a
  new file), then releases the lock. A failed backup never blocks a save: it is reported
  in ``Store.backup_error``.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import pathlib
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Self

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from model.errors import InputRefused
from model.report import Report
from storage.errors import ReportNotFound, StoreError
from storage.interchange import loads, report_to_dict
from storage.locking import WriterLock

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

BACKUP_DIR = "backups"
KEEP_BACKUPS = 10

KEEP_NEWEST = 20
KEEP_ALL_DAYS = 7
KEEP_DAILY_DAYS = 90

Clock = Callable[[], datetime.datetime]

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


@migrations()
def m002_report_versions(db: Database) -> None:
    # No foreign key to reports: deleting a report keeps its history.
    db.execute(
        "create table report_versions ("
        " id integer primary key,"
        " report_id integer not null,"
        " version integer not null,"
        " saved_at text not null,"
        " action text not null,"
        " restored_from integer,"
        " size integer not null,"
        " summary text not null,"
        " document text not null,"
        " unique (report_id, version))"
    )
    rows = db.execute("select id, document, updated_at from reports order by id").fetchall()
    for report_id, document, updated_at in rows:
        db.execute(
            "insert into report_versions (report_id, version, saved_at, action, size, summary, document)"
            " values (?, 1, ?, 'migrate', ?, ?, ?)",
            [report_id, updated_at, _size(document), _summary_of(document), document],
        )


KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)
# Tables this program creates (sqlite_* are SQLite's own).
OWN_TABLES = frozenset({"reports", "report_versions", Migrations.migrations_table})

ACTION_LABELS = {
    "add": "新建",
    "save": "保存",
    "restore": "恢复",
    "delete": "删除",
    "migrate": "升级前的内容",
}


@dataclass(frozen=True)
class ReportInfo:
    """One line of the report list."""

    id: int
    year: int
    unit: str
    project: str
    title: str
    updated_at: str


@dataclass(frozen=True)
class Version:
    """One snapshot of a report in its history."""

    version: int
    saved_at: str
    action: str
    restored_from: int | None
    size: int
    summary: str

    @property
    def action_label(self) -> str:
        label = ACTION_LABELS.get(self.action, self.action)
        if self.action == "restore" and self.restored_from is not None:
            return f"{label}（自版本 {self.restored_from}）"
        return label


def _system_clock() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def _stamp(moment: datetime.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _document(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, sort_keys=True)


def _size(document: str) -> int:
    return len(document.encode("utf-8", "surrogatepass"))


def _summary(report: Report) -> str:
    chars = len(report.preamble) + sum(len(s.title) + len(s.text) for _d, s in report.all_sections())
    return f"{report.year}年度 {report.project.name}：指标 {len(report.indicators)} 项，正文 {chars} 字"


def _summary_of(document: str) -> str:
    try:
        return _summary(loads(document))
    except InputRefused:
        return "（内容无法读取）"


def versions_to_keep(versions: Iterable[tuple[int, datetime.datetime]], now: datetime.datetime) -> set[int]:
    """Thinning: the newest 20 always, all of the last 7 days, one a day for 90 days.

    ``versions`` are (version number, saved at); returns the numbers to keep. The kept
    one of a day is that day's newest.
    """
    ordered = sorted(versions, key=lambda item: item[0], reverse=True)
    keep: set[int] = set()
    days_kept: set[datetime.date] = set()
    for rank, (number, saved_at) in enumerate(ordered):
        age = now - saved_at
        day = saved_at.date()
        always = rank < KEEP_NEWEST or age <= datetime.timedelta(days=KEEP_ALL_DAYS)
        daily = age <= datetime.timedelta(days=KEEP_DAILY_DAYS) and day not in days_kept
        if always or daily:
            keep.add(number)
            days_kept.add(day)
    return keep


# -- backups ------------------------------------------------------------------------
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


def _backup_hint(path: pathlib.Path) -> str:
    backups = list_backups(path)
    if not backups:
        return "没有找到本文件的备份。"
    return f"最新的备份是 {backups[0]}，可关闭程序后用它替换此文件（替换前请另存损坏的文件）。"


def _make_backup(path: pathlib.Path, moment: datetime.datetime) -> pathlib.Path:
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
    for entry in backup_dir(path).glob(f"{glob_escape(prefix)}*.db.part"):
        if entry != spare:
            entry.unlink(missing_ok=True)


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


# -- errors -------------------------------------------------------------------------
def _write_error(exc: sqlite3.Error, path: pathlib.Path) -> StoreError:
    """Translate a failed write into the clerk's words; the transaction was rolled back."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return StoreError(f"磁盘空间已满，无法保存到 {path}；之前保存的内容没有变化，请腾出空间后再保存", "store.disk-full")
    if name.startswith("SQLITE_IOERR") or "i/o error" in text:
        return StoreError(f"读写数据文件 {path} 时出错（{exc}）；之前保存的内容没有变化，请检查磁盘或 U 盘后再保存", "store.io-error")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StoreError(f"数据文件 {path} 现在不允许写入；之前保存的内容没有变化", "store.read-only")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreError(f"数据文件 {path} 正被其他程序占用，暂时无法保存；之前保存的内容没有变化，请稍后再试", "store.busy")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return StoreError(f"数据文件 {path} 已损坏，无法保存。{_backup_hint(path)}", "store.corrupt")
    return StoreError(f"无法保存到数据文件 {path}（{exc}）；之前保存的内容没有变化", "store.write-failed")


class Store:
    """An open data file. Use :func:`open_store`; close it when done (see module doc)."""

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
        self.db = Database(conn)
        self.backup_path: pathlib.Path | None = None  # the backup taken this session
        self.backup_error: str | None = None
        self._lock = lock
        self._clock: Clock = clock or _system_clock
        self._backup_tried = False
        self._wrote = False
        self._closed = False

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
        return self._parse(row[0], f"编号为 {report_id} 的报告")

    def _parse(self, document: str, what: str) -> Report:
        try:
            return loads(document)
        except InputRefused as exc:
            detail = exc.problem
            raise StoreError(f"数据文件中{what}内容无法读取：{detail}", "store.bad-document") from None

    def _has_history(self) -> bool:
        row = self.db.execute(
            "select 1 from sqlite_master where type = 'table' and name = 'report_versions'"
        ).fetchone()
        return row is not None

    def history(self, report_id: int) -> list[Version]:
        """The saved versions of a report (also of a deleted one), newest first."""
        if not self._has_history():  # an older file opened read-only, not yet upgraded
            self.load(report_id)
            return []
        rows = self.db.execute(
            "select version, saved_at, action, restored_from, size, summary from report_versions"
            " where report_id = ? order by version desc",
            [report_id],
        ).fetchall()
        if not rows:
            self.load(report_id)  # raises ReportNotFound when there is no such report
        return [Version(*row) for row in rows]

    def load_version(self, report_id: int, version: int) -> Report:
        return self._parse(self._version_document(report_id, version), f"报告 {report_id} 的版本 {version}")

    def _version_document(self, report_id: int, version: int) -> str:
        row = None
        if self._has_history():
            row = self.db.execute(
                "select document from report_versions where report_id = ? and version = ?", [report_id, version]
            ).fetchone()
        if row is None:
            raise StoreError(f"报告 {report_id} 没有版本 {version}（用 history 命令查看可用的版本）", "store.no-such-version")
        document: str = row[0]
        return document

    def list_deleted(self) -> list[ReportInfo]:
        """Deleted reports whose history is kept (``updated_at`` is when deleted)."""
        if not self._has_history():
            return []
        rows = self.db.execute(
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
        document = _document(report)
        try:
            again = loads(document)
        except InputRefused as exc:
            raise exc.with_outcome("报告未保存") from None
        if _document(again) != document:  # a bug in interchange, not the clerk's doing
            raise RuntimeError("report does not survive its own round trip")
        return document

    def _backup_once(self) -> None:
        """Before the session's first write: copy the file as it was (if it holds anything)."""
        if self._backup_tried:
            return
        self._backup_tried = True
        row = self.db.execute("select count(*) from sqlite_master where type = 'table' and name = 'reports'").fetchone()
        if row[0] and self.db.execute("select exists (select 1 from reports)").fetchone()[0]:
            self.backup_now()

    def backup_now(self) -> pathlib.Path | None:
        """Copy the committed state into backups/ now; None (and backup_error) on failure."""
        try:
            self.backup_path = _make_backup(self.path, self._clock())
        except (OSError, sqlite3.Error) as exc:
            self.backup_error = f"未能备份数据文件到 {backup_dir(self.path)}（{exc}）"
            return None
        self.backup_error = None
        return self.backup_path

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; sqlite errors become StoreError, nothing half-written stays."""
        self._check_writable()
        self._backup_once()
        try:
            with self.db.atomic():
                yield
        except sqlite3.Error as exc:
            raise _write_error(exc, self.path) from None
        self._wrote = True

    def _row(self, report: Report, document: str, moment: str) -> dict[str, object]:
        return {
            "year": report.year,
            "unit": report.unit,
            "project": report.project.name,
            "title": report.title,
            "ruleset": report.ruleset,
            "document": document,
            "updated_at": moment,
        }

    def _record(self, report_id: int, document: str, action: str, moment: datetime.datetime,
                restored_from: int | None = None) -> int:
        row = self.db.execute(
            "select coalesce(max(version), 0) + 1 from report_versions where report_id = ?", [report_id]
        ).fetchone()
        version: int = row[0]
        self.db.execute(
            "insert into report_versions (report_id, version, saved_at, action, restored_from, size, summary, document)"
            " values (?, ?, ?, ?, ?, ?, ?, ?)",
            [report_id, version, _stamp(moment), action, restored_from, _size(document), _summary_of(document), document],
        )
        self._thin(report_id, moment)
        return version

    def _thin(self, report_id: int, now: datetime.datetime) -> None:
        rows = self.db.execute(
            "select version, saved_at from report_versions where report_id = ?", [report_id]
        ).fetchall()
        dated = []
        for number, saved_at in rows:
            try:
                moment = datetime.datetime.fromisoformat(saved_at)
            except ValueError:
                continue  # an unreadable stamp: keep the version rather than guess
            if (moment.tzinfo is None) == (now.tzinfo is None):  # else not comparable: keep
                dated.append((number, moment))
        keep = versions_to_keep(dated, now)
        for number, _moment in dated:
            if number not in keep:
                self.db.execute(
                    "delete from report_versions where report_id = ? and version = ?", [report_id, number]
                )

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
                row = self._row(report, document, _stamp(moment))
                row["created_at"] = row["updated_at"]
                # Ids are never reused: a deleted report's history keeps its id.
                report_id: int = self.db.execute(
                    "select max(coalesce((select max(id) from reports), 0),"
                    " coalesce((select max(report_id) from report_versions), 0)) + 1"
                ).fetchone()[0]
                row["id"] = report_id
                self.db.execute(
                    "insert into reports (id, year, unit, project, title, ruleset, document, created_at, updated_at)"
                    " values (:id, :year, :unit, :project, :title, :ruleset, :document, :created_at, :updated_at)",
                    row,
                )
                self._record(report_id, document, "add", moment)
                ids.append(report_id)
        return ids

    def save(self, report_id: int, report: Report) -> None:
        """Replace a report and keep a snapshot; one transaction. An unchanged report is not rewritten."""
        document = self._checked_document(report)
        with self._writing():
            current = self.db.execute("select document from reports where id = ?", [report_id]).fetchone()
            if current is None:
                raise ReportNotFound(f"数据文件中没有编号为 {report_id} 的报告")
            if current[0] == document:
                return
            moment = self._clock()
            row = self._row(report, document, _stamp(moment))
            row["id"] = report_id
            self.db.execute(
                "update reports set year=:year, unit=:unit, project=:project, title=:title,"
                " ruleset=:ruleset, document=:document, updated_at=:updated_at where id=:id",
                row,
            )
            self._record(report_id, document, "save", moment)

    def delete(self, report_id: int) -> None:
        """Remove a report from the list; its history stays, so it can be restored."""
        with self._writing():
            current = self.db.execute("select document from reports where id = ?", [report_id]).fetchone()
            if current is None:
                raise ReportNotFound(f"数据文件中没有编号为 {report_id} 的报告")
            self._record(report_id, current[0], "delete", self._clock())
            self.db.execute("delete from reports where id = ?", [report_id])

    def restore(self, report_id: int, version: int) -> int:
        """Make ``version`` the current content (a deleted report comes back); returns the new version."""
        self._check_writable()
        document = self._version_document(report_id, version)
        report = self._parse(document, f"报告 {report_id} 的版本 {version}")
        document = self._checked_document(report)
        with self._writing():
            moment = self._clock()
            row = self._row(report, document, _stamp(moment))
            row["id"] = report_id
            cursor = self.db.execute(
                "update reports set year=:year, unit=:unit, project=:project, title=:title,"
                " ruleset=:ruleset, document=:document, updated_at=:updated_at where id=:id",
                row,
            )
            if cursor.rowcount != 1:
                row["created_at"] = row["updated_at"]
                self.db.execute(
                    "insert into reports (id, year, unit, project, title, ruleset, document, created_at, updated_at)"
                    " values (:id, :year, :unit, :project, :title, :ruleset, :document, :created_at, :updated_at)",
                    row,
                )
            return self._record(report_id, document, "restore", moment, restored_from=version)

    def close(self) -> None:
        """Call when the window closes: backs up a session's work if not yet done, releases the file."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._wrote and self.backup_path is None and not self.read_only:
                self.backup_now()
        finally:
            self.db.conn.close()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- opening ------------------------------------------------------------------------
def _refuse_foreign(path: pathlib.Path) -> None:
    """Refuse files that are not SQLite, or are cut short, before sqlite3 touches them."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"无法读取数据文件 {path}：{exc.strerror}", "store.unreadable") from None
    if not header:
        if list_backups(path):  # an emptied data file: a fresh start would hide the loss
            raise StoreError(f"数据文件 {path} 是空的（0 字节），可能已损坏，未做任何改动。{_backup_hint(path)}", "store.corrupt")
        return
    if SQLITE_HEADER.startswith(header) and len(header) < len(SQLITE_HEADER):
        raise StoreError(f"数据文件 {path} 不完整（只有 {len(header)} 字节），未做任何改动。{_backup_hint(path)}", "store.corrupt")
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} 不是本程序的数据文件（不是 SQLite 数据库），未做任何改动", "store.not-sqlite")


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
        raise StoreError(
            f"数据文件 {path} 已损坏（完整性检查未通过：{str(detail)[:80]}），未做任何改动。{_backup_hint(path)}",
            "store.corrupt",
        )
    schema = conn.execute("select type, name from sqlite_master where type in ('table', 'view', 'trigger')").fetchall()
    unknown = sorted(name for kind, name in schema if kind in ("view", "trigger"))
    if unknown:
        raise StoreError(
            f"数据文件 {path} 中含有本程序不会创建的触发器或视图（{'、'.join(unknown)[:80]}），"
            "可能被其他程序改动过；为安全起见没有打开，也未做任何改动",
            "store.foreign-schema",
        )
    tables = {name for kind, name in schema if kind == "table" and not name.startswith("sqlite_")}
    applied = {m.name for m in migrations.applied(Database(conn))}
    if tables - {Migrations.migrations_table} and not applied & KNOWN_MIGRATIONS:
        raise StoreError(f"{path} 是其他程序的 SQLite 数据库，不是本程序的数据文件，未做任何改动", "store.not-zeping")
    if applied - KNOWN_MIGRATIONS:
        raise StoreError(f"数据文件 {path} 由更新版本的程序创建，请升级本程序后再打开；未做任何改动", "store.newer")


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
        try:
            lock = WriterLock.acquire(path)
        except OSError as exc:
            reason = f"无法建立锁文件（{exc.strerror}）"
        else:
            if lock is None:
                reason = "它已在另一个窗口或程序中打开，为避免两处同时修改，这里只能查看"
    conn = _connect(path, read_only=reason is not None)
    try:
        _check_file(path, conn)
        store = Store(path, conn, read_only=reason is not None, read_only_reason=reason, lock=lock, clock=clock)
        if reason is None:
            conn.execute("pragma journal_mode = delete")
            conn.execute("pragma synchronous = full")
            if migrations.pending(store.db):
                store._backup_once()  # an upgrade is a write: keep the old file first
                try:
                    migrations.apply(store.db)
                except sqlite3.Error as exc:
                    raise _write_error(exc, path) from None
    except StoreError:
        conn.close()
        if lock is not None:
            lock.release()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        if lock is not None:
            lock.release()
        raise StoreError(
            f"数据文件 {path} 已损坏或无法读取（{exc}），未做任何改动。{_backup_hint(path)}", "store.corrupt"
        ) from None
    except BaseException:
        conn.close()
        if lock is not None:
            lock.release()
        raise
    return store
