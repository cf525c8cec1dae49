"""Opening a data file: pragmas, refusals that leave the bytes alone, read-only, one writer."""

from __future__ import annotations

import pathlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator

import pytest
from conftest import as_unprivileged_user, digest, writer_in_another_process

from storage.errors import StoreError
from storage.store import list_backups, open_store

ROOT = pathlib.Path(__file__).resolve().parent.parent



def folder_state(folder: pathlib.Path) -> dict[str, str]:
    """Every file below ``folder`` with its hash: nothing may appear, vanish or change."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}




def refused(path: pathlib.Path, code: str, **kwargs: object) -> StoreError:
    before = folder_state(path.parent)
    with pytest.raises(StoreError) as info:
        open_store(path, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == code
    assert folder_state(path.parent) == before, "a refused file (or its folder) was changed"
    return info.value


# -- pragmas ---------------------------------------------------------------------------
def test_connection_settings(sample_db: pathlib.Path) -> None:
    with open_store(sample_db) as store:
        assert store.db.execute("pragma trusted_schema").fetchone()[0] == 0
        assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
        assert store.db.execute("pragma journal_mode").fetchone()[0] == "delete"
        assert store.db.execute("pragma busy_timeout").fetchone()[0] >= 1000
        assert store.db.execute("pragma synchronous").fetchone()[0] == 2  # FULL


def test_closed_file_stands_alone(sample_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """After close only the data file (and backups/) remain: copy it anywhere and it is whole."""
    with open_store(sample_db) as store:
        report = store.load(1)
        store.save(1, report, store.version_of(1))
    leftovers = {p.name for p in tmp_path.iterdir()}
    assert leftovers == {"data.db", "backups"}
    copy = tmp_path / "elsewhere" / "copy.db"
    copy.parent.mkdir()
    shutil.copyfile(sample_db, copy)
    with open_store(copy, create=False) as store:
        assert [i.id for i in store.list_reports()] == [1]


def test_wal_file_is_converted_to_delete_mode(sample_db: pathlib.Path) -> None:
    conn = sqlite3.connect(sample_db)
    assert conn.execute("pragma journal_mode = wal").fetchone()[0] == "wal"
    conn.close()
    with open_store(sample_db) as store:
        assert store.db.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert not sample_db.with_name("data.db-wal").exists()


# -- refusals --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [b"hello, this is a text file\n", b"%PDF-1.4\n" + b"\x00" * 2000, b"PK\x03\x04" + b"x" * 100, "报告".encode("gbk") * 50],
    ids=["text", "pdf", "zip", "gbk-text"],
)
def test_not_sqlite_refused(tmp_path: pathlib.Path, content: bytes) -> None:
    path = tmp_path / "data.db"
    path.write_bytes(content)
    error = refused(path, "store.not-sqlite")
    assert "不是本程序的数据文件" in error.message


@pytest.mark.parametrize("keep", [5, 16, 60, 100, 1000, 4096 + 10])
def test_truncated_file_refused_naming_newest_backup(sample_db: pathlib.Path, keep: int) -> None:
    with open_store(sample_db) as store:  # a second session: its first write makes a backup
        store.save(1, store.load(1), store.version_of(1))
        store.add(store.load(1))
    backups = list_backups(sample_db)
    assert backups
    data = sample_db.read_bytes()
    assert len(data) > keep
    sample_db.write_bytes(data[:keep])
    error = refused(sample_db, "store.corrupt")
    assert str(backups[0]) in error.message


def test_emptied_file_with_backups_is_refused(sample_db: pathlib.Path) -> None:
    with open_store(sample_db) as store:
        store.add(store.load(1))
    sample_db.write_bytes(b"")
    error = refused(sample_db, "store.corrupt")
    assert "0 字节" in error.message and str(list_backups(sample_db)[0]) in error.message


def test_empty_file_without_backups_becomes_a_data_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "new.db"
    path.write_bytes(b"")
    with open_store(path) as store:
        assert store.list_reports() == []


def test_damaged_pages_refused(sample_db: pathlib.Path) -> None:
    with open_store(sample_db) as store:
        store.add(store.load(1))  # makes a backup of the first state
    data = bytearray(sample_db.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data), page):  # scribble over the b-tree page headers
        data[offset : offset + 8] = b"\xff" * 8
    sample_db.write_bytes(bytes(data))
    error = refused(sample_db, "store.corrupt")
    assert "已损坏" in error.message and "备份" in error.message


def test_schema_ahead_refused(sample_db: pathlib.Path) -> None:
    conn = sqlite3.connect(sample_db)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) values ('zeping', 'm099_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    error = refused(sample_db, "store.newer")
    assert "更新版本" in error.message


def test_other_programs_database_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "wechat.db"
    conn = sqlite3.connect(path)
    conn.execute("create table messages (id integer primary key, body text)")
    conn.execute("insert into messages (body) values ('你好')")
    conn.commit()
    conn.close()
    error = refused(path, "store.not-zeping")
    assert "其他程序" in error.message


def test_missing_and_directory(tmp_path: pathlib.Path) -> None:
    with pytest.raises(StoreError) as info:
        open_store(tmp_path / "nothing.db", create=False)
    assert info.value.code == "store.missing"
    assert not (tmp_path / "nothing.db").exists()
    with pytest.raises(StoreError) as info:
        open_store(tmp_path)
    assert info.value.code == "store.is-directory"


# -- one writer ------------------------------------------------------------------------
def test_second_instance_opens_read_only(sample_db: pathlib.Path, sample_report) -> None:
    with open_store(sample_db) as first:
        assert not first.read_only
        before = digest(sample_db)
        with open_store(sample_db) as second:
            assert second.read_only
            assert "另一个窗口或程序" in (second.read_only_reason or "")
            assert [i.id for i in second.list_reports()] == [1]  # reading works
            with pytest.raises(StoreError) as info:
                second.add(sample_report)
            assert info.value.code == "store.read-only"
            assert "只读" in info.value.message
            for write in (lambda: second.save(1, sample_report, second.version_of(1)), lambda: second.delete(1), lambda: second.restore(1, 1)):
                with pytest.raises(StoreError) as info:
                    write()
                assert info.value.code == "store.read-only"
        assert digest(sample_db) == before
        first.add(sample_report)  # the first is still the writer
    with open_store(sample_db) as third:  # released on close
        assert not third.read_only
    assert {p.name for p in sample_db.parent.iterdir()} <= {"data.db", "backups"}  # no lock file


def test_lock_of_a_killed_process_does_not_block(sample_db: pathlib.Path) -> None:
    with writer_in_another_process(sample_db), open_store(sample_db) as store:
        assert store.read_only  # held by a live process
    with open_store(sample_db) as store:
        assert not store.read_only


# -- read-only files and folders -------------------------------------------------------


@pytest.fixture
def public_dir(sample_report) -> Iterator[pathlib.Path]:
    """A folder 'nobody' can reach (pytest's tmp_path is private to root)."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="zeping-ro-"))
    folder.chmod(0o755)
    path = folder / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_file_or_folder_opens_read_only(public_dir: pathlib.Path, what: str, sample_report) -> None:
    path = public_dir / "data.db"
    path.chmod(0o444)
    if what == "folder":
        path.chmod(0o666)
        public_dir.chmod(0o555)
    before = folder_state(public_dir)
    with as_unprivileged_user(), open_store(path) as store:
        assert store.read_only
        assert ("文件夹" in (store.read_only_reason or "")) == (what == "folder")
        assert store.list_reports()[0].id == 1
        assert store.load(1).unit == sample_report.unit
        assert store.history(1)[0].version == 1
        with pytest.raises(StoreError) as info:
            store.save(1, sample_report, store.version_of(1))
        assert info.value.code == "store.read-only" and "只读" in info.value.message
    assert folder_state(public_dir) == before


def test_read_only_cli_reads_and_refuses_writes(public_dir: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    import main

    path = public_dir / "data.db"
    path.chmod(0o444)
    before = folder_state(public_dir)
    sample = ROOT / "resources" / "sample" / "2022-kepu.json"
    with as_unprivileged_user():
        assert main.main(["list", str(path)]) == 0
        listed = capsys.readouterr()
        assert listed.out.startswith("1\t2022\t") and listed.err == ""  # reading is read-only anyway
        assert main.main(["export", str(path), "1", "--json", "-"]) == 0
        assert '"format": "zeping-report"' in capsys.readouterr().out
        assert main.main(["import", str(path), str(sample)]) == 2
        refused_import = capsys.readouterr()
        assert "只读" in refused_import.err and "store.read-only" in refused_import.err
    assert folder_state(public_dir) == before


def test_cannot_create_in_read_only_folder(public_dir: pathlib.Path) -> None:
    public_dir.chmod(0o555)
    with as_unprivileged_user(), pytest.raises(StoreError) as info:
        open_store(public_dir / "new.db")
    assert info.value.code == "store.unwritable"
    assert not (public_dir / "new.db").exists()
