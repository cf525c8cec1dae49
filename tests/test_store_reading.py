"""Reading never writes, and what went wrong is named right (issue 9, items 8 and 9).

Reading commands open the file for viewing: nothing is created, locked, probed,
upgraded or written, an empty file stays empty, and what is not a regular file is
refused at once. A busy file, a file needing a rollback it cannot get, a file with an
index someone added and a damaged file get four different answers; only damage points
to a backup.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pathlib
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator

import pytest
from conftest import ROOT, as_unprivileged_user, digest, run_sql
from sqlite_utils import Database

from storage.errors import StoreError
from storage.store import open_store
from storage.store import opening as opening_module
from storage.store.locking import WriterLock
from storage.store.schema import KNOWN_MIGRATIONS, MIGRATION_TABLES, migrations


def folder_state(folder: pathlib.Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) if p.is_file() else "-" for p in sorted(folder.rglob("*"))}


@contextlib.contextmanager
def nothing_written(folder: pathlib.Path) -> Iterator[None]:
    before = folder_state(folder)
    yield
    assert folder_state(folder) == before, "something in the folder was created, changed or removed"


def refused(path: pathlib.Path, code: str, **kwargs: bool) -> StoreError:
    with nothing_written(path.parent), pytest.raises(StoreError) as info:
        open_store(path, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


@pytest.fixture
def no_writer_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader neither takes the writer's lock nor probes the folder with a temporary file."""

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a reading command reached for a writer's tool")

    monkeypatch.setattr(tempfile, "mkstemp", forbidden)
    monkeypatch.setattr(WriterLock, "acquire", forbidden)


def cli(*args: str) -> int:
    import main

    return main.main(list(args))


# -- item 9: reads never write ----------------------------------------------------------
READS = [["list"], ["check", "1"], ["export", "1", "--json", "-"], ["history", "1"], ["backups"]]


@pytest.mark.parametrize("command", READS, ids=lambda c: c[0])
def test_reading_commands_write_nothing(sample_db: pathlib.Path, command: list[str], no_writer_tools: None,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with nothing_written(sample_db.parent):
        assert cli(command[0], str(sample_db), *command[1:]) in (0, 1)  # check: 1 for findings
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("command", READS[:4], ids=lambda c: c[0])
def test_reading_an_empty_file_leaves_it_empty(tmp_path: pathlib.Path, command: list[str], no_writer_tools: None,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The repro: ``: > z.db; main.py list z.db`` exited 0 and left 28,672 bytes."""
    path = tmp_path / "z.db"
    path.write_bytes(b"")
    with nothing_written(tmp_path):
        assert cli(command[0], str(path), *command[1:]) == 2
    err = capsys.readouterr().err
    assert "（store.empty）" in err and "没有任何报告" in err and err.count("\n") == 1
    assert path.stat().st_size == 0


def test_reading_a_missing_file_or_an_empty_database_creates_nothing(tmp_path: pathlib.Path) -> None:
    refused(tmp_path / "missing.db", "store.missing", read_only=True)
    assert not (tmp_path / "missing.db").exists()
    blank = tmp_path / "blank.db"  # a SQLite file without any table
    run_sql(blank, "pragma user_version = 1")
    refused(blank, "store.empty", read_only=True)


def test_reading_an_older_file_does_not_upgrade_it(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(Database(conn), stop_before="m002_report_versions")
    conn.close()
    with nothing_written(tmp_path):
        assert cli("list", str(path)) == 0
    assert capsys.readouterr().out == ""


def test_a_pipe_is_refused_at_once(tmp_path: pathlib.Path) -> None:
    """The repro: ``mkfifo f.db; main.py list f.db`` hung for ever."""
    fifo = tmp_path / "f.db"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "list", str(fifo)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "（store.not-a-file）" in result.stderr


def test_what_is_not_a_regular_file_is_refused(tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    link = tmp_path / "link.db"
    link.symlink_to(fifo)
    targets = [fifo, link]
    if os.geteuid() == 0:
        device = tmp_path / "device.db"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets.append(device)
    for target in targets:
        for kwargs in ({}, {"read_only": True}):
            refused(target, "store.not-a-file", **kwargs)
    for kwargs in ({}, {"read_only": True}):
        refused(tmp_path, "store.is-directory", **kwargs)


def test_the_window_still_opens_for_writing(sample_db: pathlib.Path, sample_report) -> None:
    with open_store(sample_db, read_only=True) as viewer:
        assert viewer.read_only and viewer.list_reports()[0].id == 1
        with pytest.raises(StoreError) as info:
            viewer.add(sample_report)
        assert info.value.code == "store.read-only"
        with open_store(sample_db) as writer:  # a viewer does not hold the writer's lock
            assert not writer.read_only
            writer.add(sample_report)
        assert [i.id for i in viewer.list_reports()] == [1, 2]


# -- item 8: busy, read-only, foreign and damaged are different ------------------------------
def test_a_file_another_program_locked_is_busy_not_damaged(sample_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opening_module, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(sample_db, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        for kwargs in ({}, {"read_only": True}):
            error = refused(sample_db, "store.busy", **kwargs)
            assert "占用" in error.message and "损坏" not in error.message and "备份" not in error.message
    finally:
        holder.execute("rollback")
    with open_store(sample_db) as store:
        assert not store.read_only  # the failed open released the writer's lock
        holder.execute("begin exclusive")
        with pytest.raises(StoreError) as info:  # busy while reading, after the open
            store.list_reports()
        assert info.value.code == "store.busy"
        holder.execute("rollback")
        assert [i.id for i in store.list_reports()] == [1]
    holder.close()


def leave_hot_journal(path: pathlib.Path) -> None:
    """A writer killed halfway through a transaction that had already spilled to the file."""
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('pragma cache_size = 2')\n"
        "c.execute('begin')\n"
        "c.execute('update report_versions set summary = summary || ?', ['x' * 3000])\n"
        "c.execute('create table spill (x)')\n"
        "c.execute('insert into spill select randomblob(1000) from report_versions, (select 1 union select 2 union select 3)')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=30)
    assert path.with_name(path.name + "-journal").exists()


@pytest.fixture
def public_dir(sample_report) -> Iterator[pathlib.Path]:
    """A folder 'nobody' can reach, holding a data file with a few versions."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="zeping-hot-"))
    folder.chmod(0o755)
    with open_store(folder / "data.db") as store:
        store.add(sample_report)
        for n in range(40):
            store.save(1, dataclasses.replace(sample_report, preamble=f"第{n}稿"), store.version_of(1))
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_a_leftover_journal_is_not_damage(public_dir: pathlib.Path) -> None:
    path = public_dir / "data.db"
    with open_store(path, read_only=True) as store:
        expected = store.load(1)
    leave_hot_journal(path)
    for name in ("data.db", "data.db-journal"):
        (public_dir / name).chmod(0o666)
    public_dir.chmod(0o555)  # write-protected media
    with as_unprivileged_user():
        for kwargs in ({}, {"read_only": True}):
            error = refused(path, "store.needs-recovery", **kwargs)
            assert "只读" in error.message and "损坏" not in error.message and "data.db-journal" in error.message
    public_dir.chmod(0o755)
    error = refused(path, "store.needs-recovery", read_only=True)  # a viewer never rolls back
    assert "窗口中打开" in error.message
    with open_store(path) as store:  # a writer does, back to the last complete save
        assert store.load(1) == expected
    assert not path.with_name("data.db-journal").exists()


def test_indexes_and_tables_someone_added_are_left_alone(sample_db: pathlib.Path, sample_report) -> None:
    run_sql(sample_db, "create index by_unit on reports (unit)",
            "create index by_year on report_versions (json_extract(document, '$.year'))", "create table notes (body text)")
    with open_store(sample_db) as store:
        assert not store.read_only
        store.save(1, sample_report, store.version_of(1))
        assert store.add(sample_report) == 2
    with open_store(sample_db, read_only=True) as store:
        assert [i.id for i in store.list_reports()] == [1, 2]
        assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_what_this_program_cannot_use_is_foreign_not_damaged(sample_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    conn = sqlite3.connect(sample_db)
    conn.create_collation("pinyin", lambda a, b: (a > b) - (a < b))
    conn.execute("create index by_pinyin on reports (unit collate pinyin)")
    conn.commit()
    conn.close()
    error = refused(sample_db, "store.foreign-schema")
    assert "pinyin" in error.message and "损坏" not in error.message


def test_another_programs_database_and_a_file_missing_our_tables(sample_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Another program's database: tables, none of our migrations (an index changes nothing).
    Ours without the tables its migrations made is refused too, not called damaged."""
    other = tmp_path / "other.db"
    run_sql(other, "create table reports (id integer primary key)", "create index by_id on reports (id)")
    refused(other, "store.not-zeping")
    run_sql(sample_db, "drop table report_versions")
    error = refused(sample_db, "store.missing-table")
    assert "report_versions" in error.message and "损坏" not in error.message
    assert set(MIGRATION_TABLES) == KNOWN_MIGRATIONS  # each migration names the table it makes


def test_a_failed_connect_releases_the_lock(sample_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_args: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(opening_module, "_connect", failing)
    error = refused(sample_db, "store.unopenable")
    assert "损坏" not in error.message
    monkeypatch.undo()
    with open_store(sample_db) as store:
        assert not store.read_only


def test_a_disk_error_while_opening_is_not_damage(sample_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = opening_module._check_file

    def failing(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(opening_module, "_check_file", failing)
    error = refused(sample_db, "store.io-error")
    assert "损坏" not in error.message and "备份" not in error.message
