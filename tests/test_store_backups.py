"""Backups: a consistent copy before the session's first write, rotating, taken on close for new files."""

from __future__ import annotations

import copy
import datetime
import pathlib
import shutil
import sqlite3

import pytest
from conftest import digest, run_sql

from storage.errors import StoreError
from storage.interchange import dumps
from storage.store import backup_dir, list_backups, open_store
from storage.store.backups import BACKUP_DIR, KEEP_BACKUPS


class Clock:
    def __init__(self) -> None:
        self.now = datetime.datetime(2024, 3, 1, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

    def __call__(self) -> datetime.datetime:
        return self.now


def reports_in(path: pathlib.Path) -> list[str]:
    conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("select document from reports order by id")]
    finally:
        conn.close()


def test_new_file_is_backed_up_on_close(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    store = open_store(path)
    store.add(sample_report)
    assert list_backups(path) == []  # nothing worth keeping existed before the first write
    store.close()
    backups = list_backups(path)
    assert len(backups) == 1 and backups[0].parent == tmp_path / "backups"
    assert backups[0].name.startswith("data.db-") and backups[0].suffix == ".db"
    assert len(reports_in(backups[0])) == 1


def test_first_write_copies_the_state_before_it(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
    before = reports_in(path)
    with open_store(path) as store:
        assert store.backup_path is None
        changed = copy.deepcopy(sample_report)
        changed.preamble = "本次会话的修改"
        store.save(1, changed, store.version_of(1))
        assert store.backup_path is not None
        assert reports_in(store.backup_path) == before  # the state the session started from
        taken = store.backup_path
        store.save(1, sample_report, store.version_of(1))
        store.add(sample_report)
        assert store.backup_path == taken  # one per session
    assert len(list_backups(path)) == 2
    assert list_backups(path)[0] == taken


def test_reading_session_takes_no_backup(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
    for _ in range(3):
        with open_store(path) as store:
            store.load(1)
            store.history(1)
    assert len(list_backups(path)) == 1


def test_backup_made_inside_an_open_transaction_holds_committed_data_only(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
    with open_store(path) as store:
        store.db.execute("begin")
        store.db.execute("update reports set unit = 'uncommitted'")
        taken = store.backup_now()
        store.db.execute("rollback")
        assert taken is not None
        conn = sqlite3.connect(taken)
        assert conn.execute("select unit from reports").fetchone()[0] == sample_report.unit
        conn.close()


def test_rotation_keeps_ten(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    clock = Clock()
    other = tmp_path / "other.db"  # another data file in the same folder: its backups are its own
    with open_store(other) as store:
        store.add(sample_report)
    with open_store(path, clock=clock) as store:
        store.add(sample_report)
    for session in range(14):
        clock.now += datetime.timedelta(days=1)
        with open_store(path, clock=clock) as store:
            changed = copy.deepcopy(sample_report)
            changed.preamble = f"第{session}次"
            store.save(1, changed, store.version_of(1))
    backups = list_backups(path)
    assert len(backups) == KEEP_BACKUPS
    assert backups[0].name == "data.db-20240315-080000-15.db"  # newest first
    assert backups[-1].name == "data.db-20240306-080000-6.db"
    assert len(list_backups(other)) == 1
    # The newest backup holds the state before the last session's save.
    with open_store(backups[0], create=False) as restored:
        assert restored.load(1).preamble == "第12次"


def test_two_backups_in_the_same_second_do_not_collide(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    clock = Clock()
    with open_store(path, clock=clock) as store:
        store.add(sample_report)
        first = store.backup_now()
        second = store.backup_now()
    assert first is not None and second is not None and first != second
    assert [p.name for p in list_backups(path)][:2] == ["data.db-20240301-080000-2.db", "data.db-20240301-080000-1.db"]


def test_failed_backup_does_not_block_saving(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
    for old in list_backups(path):
        old.unlink()
    backup_dir(path).rmdir()
    backup_dir(path).write_text("a file where the backups folder should be")
    with open_store(path) as store:
        changed = copy.deepcopy(sample_report)
        changed.preamble = "仍然要保存"
        store.save(1, changed, store.version_of(1))
        assert store.backup_path is None
        assert store.backup_error is not None and "未能备份" in store.backup_error
    with open_store(path) as store:
        assert store.load(1).preamble == "仍然要保存"


def test_half_written_backup_from_a_killed_process_is_cleaned(tmp_path: pathlib.Path, sample_report) -> None:
    path = tmp_path / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
    stale = backup_dir(path) / ".data.db-20240101-000000-1.db.part"
    stale.write_bytes(b"SQLite format 3\x00 half")
    with open_store(path) as store:
        store.save(1, sample_report, store.version_of(1))
        store.add(sample_report)
    assert not stale.exists()
    assert all(not p.name.endswith(".part") for p in backup_dir(path).iterdir())


@pytest.mark.parametrize("name", ["数据 文件.db", "a#b?c%d.db"])
def test_backup_of_unusual_names(tmp_path: pathlib.Path, sample_report, name: str) -> None:
    path = tmp_path / name
    with open_store(path) as store:
        store.add(sample_report)
    backups = list_backups(path)
    assert len(backups) == 1
    assert [dumps(r) for r in _loads(reports_in(backups[0]))] == [dumps(sample_report)]


def _loads(documents: list[str]):
    from storage.interchange import loads

    return [loads(d) for d in documents]


# -- issue 9, items 10 and 11: neighbours, foreign files, the clock ------------------------------
def session(path: pathlib.Path, clock: Clock, text: str) -> None:
    """One writing session (its first write takes a backup)."""
    with open_store(path, clock=clock) as store:
        report = store.load(1)
        report.preamble = text
        store.save(1, report, store.version_of(1))


def seeded(path: pathlib.Path, sample_report, clock: Clock) -> None:
    with open_store(path, clock=clock) as store:
        store.add(sample_report)


def test_neighbours_with_one_stem_keep_their_own_backups(tmp_path: pathlib.Path, sample_report) -> None:
    clock = Clock()
    db, sqlite_file = tmp_path / "zeping.db", tmp_path / "zeping.sqlite"
    for path in (db, sqlite_file):
        seeded(path, sample_report, clock)
        session(path, clock, f"{path.suffix} 的修改")
    own_db, own_sqlite = list_backups(db), list_backups(sqlite_file)
    assert len(own_db) == len(own_sqlite) == 2 and not set(own_db) & set(own_sqlite)
    assert all(p.name.startswith("zeping.db-") for p in own_db)
    assert all(p.name.startswith("zeping.sqlite-") for p in own_sqlite)
    db.write_bytes(db.read_bytes()[:100])  # damaged: the hint names its own newest backup
    with pytest.raises(StoreError) as info:
        open_store(db)
    assert str(own_db[0]) in info.value.message and "zeping.sqlite-" not in info.value.message


def test_backups_named_the_old_way_are_listed_but_never_deleted(tmp_path: pathlib.Path, sample_report) -> None:
    clock = Clock()
    path = tmp_path / "zeping.db"
    seeded(path, sample_report, clock)
    first = list_backups(path)[0]
    older = [backup_dir(path) / f"zeping-2023010{day}-080000.db" for day in range(1, 4)]
    for name in older:
        shutil.copyfile(first, name)
        run_sql(name, "pragma application_id = 0")  # not marked
    assert list_backups(path) == [first, *reversed(older)]  # new ones first, then the old, newest first
    for n in range(12):
        clock.now += datetime.timedelta(hours=1)
        session(path, clock, f"第{n}次")
    assert all(name.exists() for name in older)
    assert len(list_backups(path)) == KEEP_BACKUPS + len(older)
    seeded(tmp_path / "zeping.sqlite", sample_report, clock)  # now the old names are ambiguous
    assert not set(older) & set(list_backups(path))


def test_rotation_never_deletes_foreign_files_in_a_linked_backups_folder(tmp_path: pathlib.Path, sample_report) -> None:
    """The repro: a ``backups/`` that is a symlink lost 3 of 12 foreign files."""
    clock = Clock()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "zeping.db"
    (tmp_path / "data" / BACKUP_DIR).symlink_to(elsewhere, target_is_directory=True)
    seeded(path, sample_report, clock)
    foreign = []
    for n in range(12):  # named as backups are (old and new style), some even SQLite, none made for this file
        name = f"zeping.db-20200101-0000{n:02d}-{n + 1}.db" if n % 2 else f"zeping-20200101-0000{n:02d}.db"
        target = elsewhere / name
        if n % 3 == 0:
            run_sql(target, "create table other (x)")
        else:
            target.write_text(f"someone else's file {n}")
        foreign.append((target, digest(target)))
    for n in range(14):
        clock.now += datetime.timedelta(hours=1)
        session(path, clock, f"第{n}次")
    assert [(target, digest(target)) for target, _digest in foreign if target.exists()] == foreign
    own = {p.name for p in elsewhere.iterdir()} - {target.name for target, _d in foreign}
    assert len(own) == KEEP_BACKUPS and own == {p.name for p in list_backups(path)}


def test_backups_are_ordered_by_sequence_not_by_the_clock(tmp_path: pathlib.Path, sample_report) -> None:
    """The repro: backups taken while the clock was a year behind rotated out first."""
    clock = Clock()
    path = tmp_path / "data.db"
    seeded(path, sample_report, clock)
    taken = []
    for n in range(8):
        clock.now += datetime.timedelta(days=1)
        if n == 3:
            clock.now -= datetime.timedelta(days=365)  # a dead CMOS battery for one session
        session(path, clock, f"第{n}次")
        taken.append(list_backups(path)[0])
        if n == 3:
            clock.now += datetime.timedelta(days=365)
    assert list_backups(path)[: len(taken)] == list(reversed(taken))
    back_dated = taken[3]
    assert "2023" in back_dated.name
    for n in range(5):
        session(path, clock, f"后来第{n}次")
    assert list_backups(path)[-1] == back_dated  # the oldest kept: by sequence, not by its date
    session(path, clock, "再后来")
    assert back_dated not in list_backups(path)  # gone in its turn, no earlier
    assert list_backups(path)[-1] == taken[4]
