"""A report's history: the snapshot each add/save/restore/delete keeps in ``report_versions``.

What a snapshot holds (the canonical document, its size, a one-line summary), the
:class:`Version` a history row becomes and its Chinese action label, recording a new
version, and thinning: the newest 20 always, all of the last 7 days, one a day for 90
days, counted so that a wrong clock never drops more than a correct one would
(:func:`versions_to_keep`). The clock that stamps versions (and backups) is defined here
so that tests can replace it in one place.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from model.errors import InputRefused
from model.report import Report

KEEP_NEWEST = 20
KEEP_ALL_DAYS = 7
KEEP_DAILY_DAYS = 90

Clock = Callable[[], datetime.datetime]

ACTION_LABELS = {
    "add": "新建",
    "save": "保存",
    "restore": "恢复",
    "delete": "删除",
    "migrate": "升级前的内容",
}


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


def system_clock() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


def stamp(moment: datetime.datetime) -> str:
    """A moment as it is stored (``saved_at``, ``updated_at``): ISO 8601 to the second."""
    return moment.isoformat(timespec="seconds")


# -- what a snapshot holds ---------------------------------------------------------
def document_of(report: Report) -> str:
    """The canonical document: interchange JSON with sorted keys, as stored and compared."""
    from storage.interchange import report_to_dict  # imported where used: reading a list needs none

    return json.dumps(report_to_dict(report), ensure_ascii=False, sort_keys=True)


def size_of(document: str) -> int:
    return len(document.encode("utf-8", "surrogatepass"))


def _summary(report: Report) -> str:
    chars = len(report.preamble) + sum(len(s.title) + len(s.text) for _d, s in report.all_sections())
    return f"{report.year}年度 {report.project.name}：指标 {len(report.indicators)} 项，正文 {chars} 字"


def summary_of(document: str) -> str:
    """The history list's one line about a document (which need not be readable)."""
    from storage.interchange import loads

    try:
        return _summary(loads(document))
    except InputRefused:
        return "（内容无法读取）"


# -- thinning -----------------------------------------------------------------------
def versions_to_keep(versions: Iterable[tuple[int, datetime.datetime]], now: datetime.datetime) -> set[int]:
    """Thinning: the newest 20 always, all of the last 7 days, one a day for 90 days.

    ``versions`` are (version number, saved at), the one just saved included; returns
    the numbers to keep. Versions are ranked by number, never by time, and the kept one
    of a day is that day's newest by number. The clock is not trusted alone:

    - ages are measured from the earlier of ``now`` and the previous version's time, so
      one save with the clock far ahead drops nothing (a real long pause is thinned at
      the next save), and a version dated after that moment counts as new: it is kept;
    - days are also counted as *days on which the report was saved* before this save,
      newest first by number: a version of one of the last 8 such days is kept (7 days
      touch at most 8 dates), the newest of each of the last 91 too. A version survives
      if either count keeps it, so a clock that jumps (either way, for one save or for
      weeks) never drops what a correct clock would keep.
    """
    ordered = sorted(versions, key=lambda item: item[0], reverse=True)
    if len(ordered) > 1:
        now = min(now, ordered[1][1])
    day_ranks: dict[datetime.date, int] = {}  # a date's rank among the days saved on
    for _number, saved_at in ordered[1:]:
        day_ranks.setdefault(saved_at.date(), len(day_ranks))
    keep: set[int] = set()
    days_kept: set[datetime.date] = set()
    for rank, (number, saved_at) in enumerate(ordered):
        age = now - saved_at
        day = saved_at.date()
        day_rank = day_ranks.get(day, 0)
        recent = age <= datetime.timedelta(days=KEEP_ALL_DAYS) or day_rank <= KEEP_ALL_DAYS
        within = age <= datetime.timedelta(days=KEEP_DAILY_DAYS) or day_rank <= KEEP_DAILY_DAYS
        if rank < KEEP_NEWEST or recent or (within and day not in days_kept):
            keep.add(number)
            days_kept.add(day)
    return keep


def _thin(db: sqlite3.Connection, report_id: int, now: datetime.datetime) -> None:
    rows = db.execute("select version, saved_at from report_versions where report_id = ?", [report_id]).fetchall()
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
            db.execute("delete from report_versions where report_id = ? and version = ?", [report_id, number])


# -- reading and recording ---------------------------------------------------------
def has_history(db: sqlite3.Connection) -> bool:
    """False for an older file opened read-only, not yet upgraded to keep versions."""
    row = db.execute("select 1 from sqlite_master where type = 'table' and name = 'report_versions'").fetchone()
    return row is not None


def current_version(db: sqlite3.Connection, report_id: int) -> int:
    """The number of the report's newest version (thinning never drops it); 0 when the
    file keeps no history yet or the report has none."""
    if not has_history(db):
        return 0
    row = db.execute("select coalesce(max(version), 0) from report_versions where report_id = ?", [report_id]).fetchone()
    number: int = row[0]
    return number


def record_version(db: sqlite3.Connection, report_id: int, document: str, action: str, moment: datetime.datetime,
           restored_from: int | None = None) -> int:
    """Keep a snapshot as the report's next version, then thin; returns its number.

    Runs inside the caller's transaction.
    """
    version = current_version(db, report_id) + 1
    db.execute(
        "insert into report_versions (report_id, version, saved_at, action, restored_from, size, summary, document)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        [report_id, version, stamp(moment), action, restored_from, size_of(document), summary_of(document), document],
    )
    _thin(db, report_id, moment)
    return version
