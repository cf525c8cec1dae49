"""Disk full and I/O errors during a save: a Chinese StoreError, and the previous state stays."""

from __future__ import annotations

import copy
import functools
import pathlib
import sqlite3
from collections.abc import Callable

import pytest
from conftest import digest

from storage.errors import StoreError
from storage.interchange import dumps
from storage.store import Store, open_store

SAMPLE = pathlib.Path(__file__).resolve().parent.parent / "resources" / "sample" / "2022-kepu.json"


class FaultyConnection(sqlite3.Connection):
    """A real connection that fails the statement starting with ``fail_on`` once armed."""

    fail_on: str | None = None
    error = "database or disk is full"

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
        armed = FaultyConnection.fail_on
        if armed and sql.strip().lower().startswith(armed):
            raise sqlite3.OperationalError(FaultyConnection.error)
        return super().execute(sql, *args)  # type: ignore[arg-type]


@pytest.fixture
def faulty(monkeypatch: pytest.MonkeyPatch) -> type[FaultyConnection]:
    monkeypatch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, factory=FaultyConnection))
    FaultyConnection.fail_on = None
    FaultyConnection.error = "database or disk is full"
    yield FaultyConnection
    FaultyConnection.fail_on = None



def state(store: Store) -> tuple[object, ...]:
    reports = [(i.id, dumps(store.load(i.id))) for i in store.list_reports()]
    versions = store.db.execute("select report_id, version, document from report_versions order by id").fetchall()
    return (reports, versions)


def edited(report, text: str):
    changed = copy.deepcopy(report)
    changed.preamble = text
    return changed


@pytest.fixture
def path(tmp_path: pathlib.Path, sample_report) -> pathlib.Path:
    path = tmp_path / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
        store.add(edited(sample_report, "第二份"))
    return path


def test_real_disk_full_via_max_page_count(path: pathlib.Path, sample_report) -> None:
    with open_store(path) as store:
        store.save(1, edited(sample_report, "session started"), store.version_of(1))  # backup taken, out of the way
        pages = store.db.execute("pragma page_count").fetchone()[0]
        store.db.execute(f"pragma max_page_count = {pages}")
        before, before_bytes = state(store), digest(path)
        with pytest.raises(StoreError) as info:
            store.save(1, edited(sample_report, "很长的内容" * 50_000), store.version_of(1))
        assert info.value.code == "store.disk-full"
        assert "磁盘空间已满" in info.value.message and "没有变化" in info.value.message
        assert state(store) == before
        assert digest(path) == before_bytes
        assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
        store.db.execute(f"pragma max_page_count = {pages * 100}")
        store.save(1, edited(sample_report, "腾出空间后再保存"), store.version_of(1))  # the store is still usable
    with open_store(path) as store:
        assert store.load(1).preamble == "腾出空间后再保存"


WRITES: dict[str, Callable[[Store, object], object]] = {
    "add": lambda store, report: store.add(report),
    "save": lambda store, report: store.save(1, edited(report, "新内容"), store.version_of(1)),
    "delete": lambda store, report: store.delete(2),
    "restore": lambda store, report: store.restore(1, 1),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize(
    ("fail_on", "error", "code"),
    [
        ("commit", "database or disk is full", "store.disk-full"),
        ("insert into report_versions", "database or disk is full", "store.disk-full"),
        ("update reports", "disk I/O error", "store.io-error"),
        ("commit", "disk I/O error", "store.io-error"),
    ],
)
def test_failed_write_leaves_previous_state(
    path: pathlib.Path, faulty: type[FaultyConnection], sample_report, write: str, fail_on: str, error: str, code: str
) -> None:
    with open_store(path) as store:
        store.save(1, edited(sample_report, "session started"), store.version_of(1))
        before, before_bytes = state(store), digest(path)
        faulty.fail_on, faulty.error = fail_on, error
        try:
            WRITES[write](store, sample_report)
        except StoreError as exc:
            assert exc.code == code
            assert "之前保存的内容没有变化" in exc.message
        else:
            # Some writes never reach the failing statement (delete has no update).
            assert fail_on != "commit"
            faulty.fail_on = None
            return
        faulty.fail_on = None
        assert state(store) == before
        assert not store.db.conn.in_transaction
    assert digest(path) == before_bytes


def test_cli_import_on_a_full_disk(
    path: pathlib.Path, faulty: type[FaultyConnection], capsys: pytest.CaptureFixture[str]
) -> None:
    import main

    before = digest(path)
    faulty.fail_on = "commit"
    assert main.main(["import", str(path), str(SAMPLE), str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "store.disk-full" in err
    faulty.fail_on = None
    assert digest(path) == before
    with open_store(path) as store:
        assert [i.id for i in store.list_reports()] == [1, 2]
