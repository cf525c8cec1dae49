"""History: every save keeps a snapshot; restore (also of deleted reports); thinning by age, never more
than a correct clock would."""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import pathlib
import shutil
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from model.report import Project, Report
from storage.errors import ReportNotFound, StoreError
from storage.interchange import dumps
from storage.store import list_backups, open_store
from storage.store.history import KEEP_ALL_DAYS, KEEP_DAILY_DAYS, KEEP_NEWEST, versions_to_keep
from storage.store.schema import migrations

ROOT = pathlib.Path(__file__).resolve().parent.parent
TZ = datetime.timezone(datetime.timedelta(hours=8))


class FakeClock:
    def __init__(self, start: datetime.datetime) -> None:
        self.now = start

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.datetime(2024, 1, 1, 9, 0, tzinfo=TZ))


def edited(report, text: str):
    changed = copy.deepcopy(report)
    changed.preamble = text
    return changed


def test_every_save_is_a_version(tmp_path: pathlib.Path, sample_report, clock: FakeClock) -> None:
    with open_store(tmp_path / "d.db", clock=clock) as store:
        report_id = store.add(sample_report)
        clock.advance(minutes=5)
        store.save(report_id, edited(sample_report, "第二稿"), store.version_of(report_id))
        clock.advance(minutes=5)
        store.save(report_id, edited(sample_report, "第二稿"), store.version_of(report_id))  # unchanged: no new version
        store.save(report_id, edited(sample_report, "第三稿"), store.version_of(report_id))
        versions = store.history(report_id)
        assert [v.version for v in versions] == [3, 2, 1]
        assert [v.action for v in versions] == ["save", "save", "add"]
        assert versions[2].saved_at == "2024-01-01T09:00:00+08:00"
        assert versions[0].action_label == "保存"
        assert "2022年度 科普宣传与科普活动" in versions[0].summary and "指标 10 项" in versions[0].summary
        assert versions[0].size > 1000
        assert store.load_version(report_id, 1) == sample_report
        assert store.load_version(report_id, 2).preamble == "第二稿"


def test_restore_is_a_new_version(tmp_path: pathlib.Path, sample_report) -> None:
    with open_store(tmp_path / "d.db") as store:
        report_id = store.add(sample_report)
        store.save(report_id, edited(sample_report, "改坏了"), store.version_of(report_id))
        assert store.restore(report_id, 1) == 3
        assert dumps(store.load(report_id)) == dumps(sample_report)
        top = store.history(report_id)[0]
        assert (top.version, top.action, top.restored_from) == (3, "restore", 1)
        assert top.action_label == "恢复（自版本 1）"
        assert store.list_reports()[0].unit == sample_report.unit
        with pytest.raises(StoreError) as info:
            store.restore(report_id, 99)
        assert info.value.code == "store.no-such-version"
        with pytest.raises(ReportNotFound):
            store.history(424242)


def test_deleted_report_keeps_history_and_comes_back(tmp_path: pathlib.Path, sample_report) -> None:
    with open_store(tmp_path / "d.db") as store:
        first = store.add(sample_report)
        second = store.add(edited(sample_report, "另一份"))
        store.save(second, edited(sample_report, "另一份，改过"), store.version_of(second))
        store.delete(second)
        assert [i.id for i in store.list_reports()] == [first]
        deleted = store.list_deleted()
        assert [(d.id, d.project) for d in deleted] == [(second, sample_report.project.name)]
        versions = store.history(second)
        assert [v.action for v in versions] == ["delete", "save", "add"]
        # A new report never takes the deleted one's id (its history would mix in).
        third = store.add(sample_report)
        assert third not in (first, second)
        new_version = store.restore(second, 2)
        assert new_version == 4
        assert store.load(second).preamble == "另一份，改过"
        assert store.list_deleted() == []
        assert sorted(i.id for i in store.list_reports()) == sorted([first, second, third])
        with pytest.raises(ReportNotFound):
            store.delete(999)


def test_history_survives_reopening(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "d.db"
    with open_store(path) as store:
        report_id = store.add(sample_report)
        store.save(report_id, edited(sample_report, "第二稿"), store.version_of(report_id))
    with open_store(path) as store:
        assert [v.version for v in store.history(report_id)] == [2, 1]


# -- thinning -------------------------------------------------------------------------
def at(days_ago: float, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days_ago)


def test_versions_to_keep_rules() -> None:
    now = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=TZ)
    # Version n saved (100 - n) days ago: the newest is this save, the previous a day ago.
    versions = [(n, at(100 - n, now)) for n in range(1, 101)]
    keep = versions_to_keep(versions, now)
    previous = at(1, now)  # ages count from the previous save (the clock of this one may be wrong)
    assert {n for n in range(81, 101)} <= keep  # the newest 20
    assert all(n in keep for n, t in versions if previous - t <= datetime.timedelta(days=7))
    assert all(n not in keep for n, t in versions if previous - t > datetime.timedelta(days=90))
    assert keep == {n for n in range(9, 101)}  # one a day for 90 days


def test_one_a_day_keeps_the_newest_of_the_day() -> None:
    now = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=TZ)
    day = datetime.datetime(2024, 5, 1, 8, 0, tzinfo=TZ)
    old = [(n, day + datetime.timedelta(hours=n)) for n in range(1, 5)]  # four saves on 1 May
    between = [(n, day + datetime.timedelta(days=n - 4)) for n in range(5, 15)]  # one a day, 2 to 11 May
    recent = [(n, now - datetime.timedelta(minutes=100 - n)) for n in range(15, 15 + KEEP_NEWEST)]
    keep = versions_to_keep(old + between + recent, now)
    assert keep == {4} | {n for n, _t in between + recent}


def test_the_last_eight_days_saved_on_are_kept_whatever_the_dates() -> None:
    """Days counted as days on which the report was saved: a month of silence costs nothing."""
    now = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=TZ)
    sessions = [datetime.datetime(2024, 3, day, 9, 0, tzinfo=TZ) for day in (1, 4, 8, 12, 15, 19, 22, 26, 29)]
    versions = [(1 + 3 * i + k, start + datetime.timedelta(minutes=k)) for i, start in enumerate(sessions) for k in range(3)]
    versions.append((len(versions) + 1, now))
    keep = versions_to_keep(versions, now)
    assert {n for n, t in versions if t.date() >= sessions[1].date()} <= keep  # 8 days saved on, in full
    assert {n for n, t in versions if t.date() == sessions[0].date()} & keep == {3}  # the 9th: its newest


def test_thinning_over_months_with_injected_clock(tmp_path: pathlib.Path, clock: FakeClock) -> None:
    """Three saves a day for four months; what is kept follows the rules."""
    sample_report = Report(unit="单位", year=2023, project=Project(name="项目"))
    with open_store(tmp_path / "d.db", clock=clock) as store:
        report_id = store.add(sample_report)
        counter = 0
        for _day in range(120):
            for _save in range(3):
                counter += 1
                clock.advance(hours=5)
                store.save(report_id, edited(sample_report, f"第{counter}稿"), store.version_of(report_id))
            clock.advance(hours=9)
        versions = store.history(report_id)
        now = clock.now
        ages = {v.version: now - datetime.datetime.fromisoformat(v.saved_at) for v in versions}
        newest = max(ages)
        assert newest == counter + 1
        assert set(range(newest - KEEP_NEWEST + 1, newest + 1)) <= set(ages)
        week = [v for v, age in ages.items() if age <= datetime.timedelta(days=KEEP_ALL_DAYS)]
        assert len(week) >= 3 * KEEP_ALL_DAYS
        days = [datetime.datetime.fromisoformat(v.saved_at).date() for v in versions]
        recent_days = sorted(set(days))[-(KEEP_ALL_DAYS + 2):]  # today's, and the 8 days saved on before
        old_days = [d for d in days if d not in recent_days]
        assert len(old_days) == len(set(old_days)), "more than one version kept for an old day"
        assert max(ages.values()) <= datetime.timedelta(days=KEEP_DAILY_DAYS + 1)
        assert 80 <= len(versions) <= 3 * (KEEP_ALL_DAYS + 2) + KEEP_DAILY_DAYS + 1
        # Every kept version still loads.
        assert store.load_version(report_id, min(ages)).preamble.startswith("第")


def test_long_pause_thins_as_the_clerk_works_again(tmp_path: pathlib.Path, sample_report, clock: FakeClock) -> None:
    """After a real pause (or a clock a year ahead: the two look alike) nothing is dropped
    at once; the old burst thins to its day's newest once 8 later days were saved on."""
    with open_store(tmp_path / "d.db", clock=clock) as store:
        report_id = store.add(sample_report)
        for n in range(30):
            clock.advance(minutes=1)
            store.save(report_id, edited(sample_report, f"第{n}稿"), store.version_of(report_id))
        clock.advance(days=400)  # the next spring
        store.save(report_id, edited(sample_report, "新的一年"), store.version_of(report_id))
        assert len(store.history(report_id)) == 32
        for day in range(1, 9):
            clock.advance(days=1)
            store.save(report_id, edited(sample_report, f"新的一年，第{day}天"), store.version_of(report_id))
        versions = store.history(report_id)
        assert len(versions) == KEEP_NEWEST
        assert versions[0].version == 40 and versions[-1].version == 21


# -- upgrading an older file -----------------------------------------------------------
def test_older_file_gets_history_and_a_backup_first(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    migrations.apply(db, stop_before="m002_report_versions")
    document = json.dumps(json.loads(dumps(sample_report)), ensure_ascii=False, sort_keys=True)
    conn.execute(
        "insert into reports (year, unit, project, title, ruleset, document, created_at, updated_at)"
        " values (2022, 'u', 'p', 't', 'national-2020', ?, '2023-04-17T10:00:00+08:00', '2023-04-17T10:00:00+08:00')",
        [document],
    )
    conn.close()
    old_bytes = path.read_bytes()
    with open_store(path) as store:
        versions = store.history(1)
        assert [(v.version, v.action, v.saved_at) for v in versions] == [(1, "migrate", "2023-04-17T10:00:00+08:00")]
        assert store.load_version(1, 1) == sample_report
    backups = list_backups(path)
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    assert backup.execute("select document from reports").fetchone()[0] == document
    assert backup.execute("select name from sqlite_master where name = 'report_versions'").fetchone() is None
    backup.close()
    assert path.read_bytes() != old_bytes


# -- command line ----------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )


def test_cli_history_and_restore(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "d.db"
    with open_store(path) as store:
        report_id = store.add(sample_report)
        store.save(report_id, edited(sample_report, "改坏了"), store.version_of(report_id))
    shown = run_cli("history", str(path), str(report_id))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == f"报告 {report_id} 共有 2 个版本："
    assert lines[1].split("\t")[0] == "2" and lines[1].split("\t")[2] == "保存"
    assert lines[2].split("\t")[0] == "1" and lines[2].split("\t")[2] == "新建"
    restored = run_cli("restore", str(path), str(report_id), "1")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip() == f"已将报告 {report_id} 恢复为版本 1 的内容（记为新版本 3）"
    with open_store(path) as store:
        assert dumps(store.load(report_id)) == dumps(sample_report)
    before = path.read_bytes()
    missing = run_cli("restore", str(path), str(report_id), "77")
    assert missing.returncode == 2 and "没有版本 77" in missing.stderr and "store.no-such-version" in missing.stderr
    unknown = run_cli("history", str(path), "99")
    assert unknown.returncode == 2 and "没有编号为 99 的报告" in unknown.stderr
    for result in (missing, unknown):
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_cli_history_of_deleted_report(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "d.db"
    with open_store(path) as store:
        report_id = store.add(sample_report)
        store.delete(report_id)
    shown = run_cli("history", str(path), str(report_id))
    assert shown.returncode == 0
    assert "已删除" in shown.stdout.splitlines()[0]
    assert shown.stdout.splitlines()[1].split("\t")[2] == "删除"
    assert run_cli("restore", str(path), str(report_id), "1").returncode == 0
    listed = run_cli("list", str(path))
    assert listed.stdout.startswith(f"{report_id}\t2022\t")


# -- issue 9, item 11: the clock ---------------------------------------------------------------
def kept_after_one_more_save(path: pathlib.Path, sample_report, moment: datetime.datetime) -> set[int]:
    with open_store(path, clock=lambda: moment) as store:
        store.save(1, edited(sample_report, f"{moment}"), store.version_of(1))
        return {v.version for v in store.history(1)}


@pytest.mark.parametrize("skew", [datetime.timedelta(days=365), datetime.timedelta(days=-365)], ids=["ahead", "behind"])
def test_one_save_with_a_wrong_clock_drops_nothing_a_correct_clock_keeps(
        tmp_path: pathlib.Path, sample_report, clock: FakeClock, skew: datetime.timedelta) -> None:
    """The repro: 61 versions, one save with the clock a year ahead, 41 gone for ever."""
    path = tmp_path / "d.db"
    with open_store(path, clock=clock) as store:
        store.add(sample_report)
        for n in range(60):  # a save every other day or so, as a busy spring goes
            clock.advance(hours=37)
            store.save(1, edited(sample_report, f"第{n}稿"), store.version_of(1))
        assert len(store.history(1)) == 61
    wrong = tmp_path / "wrong.db"
    shutil.copyfile(path, wrong)
    correct_now = clock.now + datetime.timedelta(minutes=5)
    correct = kept_after_one_more_save(path, sample_report, correct_now)
    skewed = kept_after_one_more_save(wrong, sample_report, correct_now + skew)
    assert correct - {62} <= skewed
    if skew > datetime.timedelta(0):
        assert len(skewed) == 62  # nothing at all was dropped
    later = correct_now + datetime.timedelta(minutes=5)  # the clock is right again
    assert kept_after_one_more_save(path, sample_report, later) <= kept_after_one_more_save(wrong, sample_report, later)


@given(
    gaps=st.lists(st.integers(min_value=1, max_value=60 * 24 * 40), min_size=1, max_size=150),
    skew=st.integers(min_value=-60 * 24 * 800, max_value=60 * 24 * 800),
)
@settings(max_examples=300, deadline=None)
def test_one_wrong_clock_never_drops_more(gaps: list[int], skew: int) -> None:
    """Any history saved with a correct clock, then one save with the clock off by
    ``skew`` minutes: thinning keeps at least what a correct clock would keep."""
    start = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=TZ)
    moments = list(itertools.accumulate((datetime.timedelta(minutes=g) for g in gaps), initial=start))
    correct = list(enumerate(moments, start=1))
    wrong_now = moments[-1] + datetime.timedelta(minutes=skew)
    wrong = [*correct[:-1], (len(correct), wrong_now)]
    assert versions_to_keep(correct, moments[-1]) <= versions_to_keep(wrong, wrong_now)
