"""One writer per data file by the file's identity, not its name (issue 9, item 7).

A symbolic link, a hard link, the file moved while open: each reaches the lock the first
writer holds, on POSIX (flock) and on Windows (msvcrt.locking, run here through a
stand-in that behaves as Windows' mandatory byte-range locks do).
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
from conftest import ROOT, StandInMsvcrt, digest, writer_in_another_process

from storage.errors import StoreError
from storage.files import copy_data_file
from storage.store import locking, open_store
from storage.store.locking import LOCK_OFFSET, SQLITE_LOCK_BYTES, WriterLock, held_elsewhere, platform_calls


def fake_import(fake: StandInMsvcrt):
    def import_module(name: str) -> ModuleType:
        assert name == "msvcrt", f"the Windows branch imported {name}"
        return fake  # type: ignore[return-value]

    return import_module


@pytest.fixture(params=["posix", "windows"])
def platform(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandInMsvcrt | None]:
    if request.param == "posix":
        yield None
        return
    fake = StandInMsvcrt()
    monkeypatch.setattr(locking, "SYSTEM_CALLS", platform_calls("win32", fake_import(fake)))
    yield fake
    assert fake.held == {}, "a lock was left held"
    assert {offset for _mode, offset, _n in fake.calls} == {LOCK_OFFSET}


@pytest.fixture
def real(sample_db: pathlib.Path) -> pathlib.Path:
    """The data file in ``real/``; tests reach it through other names in ``other/``."""
    folder = sample_db.parent / "real"
    folder.mkdir()
    path = folder / "zeping.db"
    sample_db.rename(path)
    (sample_db.parent / "other").mkdir()
    return path


def second_writer_refused(path: pathlib.Path, sample_report) -> None:
    with open_store(path) as second:
        assert second.read_only and "另一个窗口或程序" in (second.read_only_reason or "")
        with pytest.raises(StoreError) as info:
            second.restore(1, 1)
        assert info.value.code == "store.read-only"


def test_a_symlink_or_hard_link_does_not_give_a_second_writer(real: pathlib.Path, platform: StandInMsvcrt | None,
                                                              sample_report) -> None:
    symlink = real.parent.parent / "other" / "zeping.db"
    symlink.symlink_to(real)
    hardlink = real.parent.parent / "other" / "hard.db"
    os.link(real, hardlink)
    with open_store(real) as window:
        assert not window.read_only
        before = digest(real)
        for name in (symlink, hardlink):
            second_writer_refused(name, sample_report)
        assert digest(real) == before
        window.add(sample_report)  # the first is still the writer
    with open_store(symlink) as store:  # released on close
        assert not store.read_only


def test_a_file_moved_while_open_keeps_its_lock(real: pathlib.Path, platform: StandInMsvcrt | None, sample_report) -> None:
    moved = real.parent.parent / "other" / "moved.db"
    with open_store(real) as window:
        real.rename(moved)
        second_writer_refused(moved, sample_report)
        with pytest.raises(StoreError) as info:  # SQLite notices the move: a save is refused, not lost
            window.add(sample_report)
        if platform is None:
            assert info.value.code == "store.moved" and "另存为" in info.value.message


def test_there_is_no_lock_file_to_delete(real: pathlib.Path, platform: StandInMsvcrt | None) -> None:
    (real.parent / "zeping.db.lock").write_text("4242\n")  # left by an older version: ignored
    with open_store(real) as window:
        assert not window.read_only
        assert sorted(p.name for p in real.parent.iterdir()) == ["zeping.db", "zeping.db.lock"]
        (real.parent / "zeping.db.lock").unlink()
        with open_store(real) as second:
            assert second.read_only


def test_the_windows_lock_stays_out_of_sqlites_way(sample_db: pathlib.Path) -> None:
    """The locked byte is in SQLite's lock-byte page (never data) of the files we write,
    past the bytes SQLite locks, and reachable with 32-bit offsets."""
    with open_store(sample_db) as store:
        page_size = store.db.execute("pragma page_size").fetchone()[0]
    assert SQLITE_LOCK_BYTES.start == 2**30
    assert SQLITE_LOCK_BYTES.stop <= LOCK_OFFSET < 2**30 + page_size
    assert LOCK_OFFSET < 2**31


def test_the_platform_switch(tmp_path: pathlib.Path) -> None:
    fake = StandInMsvcrt()
    windows = platform_calls("win32", fake_import(fake))
    seen: list[str] = []

    def posix_import(name: str) -> ModuleType:
        seen.append(name)
        import fcntl

        return fcntl

    platform_calls("linux", posix_import)
    assert seen == ["fcntl"]
    path = tmp_path / "data.db"
    path.write_bytes(b"x")
    fd, other = os.open(path, os.O_RDWR), os.open(path, os.O_RDWR)
    try:
        assert windows.try_lock(fd) and not windows.try_lock(other)
        windows.unlock(fd)
        assert fake.calls[-1] == (fake.LK_UNLCK, LOCK_OFFSET, 1) and fake.held == {}
        assert windows.try_lock(other)
        windows.unlock(other)
    finally:
        os.close(fd)
        os.close(other)
    assert path.read_bytes() == b"x"  # locking beyond the end neither grows nor writes the file


def test_the_cli_restore_through_a_symlink_is_refused(real: pathlib.Path) -> None:
    """The repro: ``restore other/zeping.db 1 1`` while the window had ``real/zeping.db``."""
    symlink = real.parent.parent / "other" / "zeping.db"
    symlink.symlink_to(real)
    with open_store(real) as window:
        before = digest(real)
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "restore", str(symlink), "1", "1"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and "（store.read-only）" in result.stderr
        assert digest(real) == before
        assert not window.read_only


def test_save_as_over_a_file_another_process_writes(real: pathlib.Path, tmp_path: pathlib.Path) -> None:
    with writer_in_another_process(real):
        assert held_elsewhere(real)
        with open_store(real, read_only=True) as viewer, open_store(tmp_path / "mine.db") as mine:
            mine.add(viewer.load(1))
            with pytest.raises(StoreError) as info:
                copy_data_file(mine, real)
            assert info.value.code == "store.in-use"
    assert not held_elsewhere(real)
    lock = WriterLock.acquire(real)
    assert lock is not None
    lock.release()
