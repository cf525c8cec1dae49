"""Shared test setup: headless Qt, the `gui` marker, small fixtures."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The window tests' shared fixtures (data_file, window) live with their helpers.
pytest_plugins = ["gui_support"]

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE_JSON = ROOT / "resources" / "sample" / "2022-kepu.json"
DATA = pathlib.Path(__file__).resolve().parent / "data"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that uses qtbot (or lives in a test_gui_* file) is marked `gui`; tests
    marked `slow` run only when asked for (`-m slow`)."""
    expression = config.getoption("-m") or ""
    run_slow = "slow" in expression and "not slow" not in expression
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures or item.path.name.startswith("test_gui"):
            item.add_marker(pytest.mark.gui)
        if item.get_closest_marker("slow") and not run_slow:
            item.add_marker(pytest.mark.skip(reason="a long run: pytest -m slow"))


@pytest.fixture
def sample_report():
    from storage.sample import sample_report

    return sample_report()


@pytest.fixture
def sample_db(tmp_path: pathlib.Path, sample_report) -> pathlib.Path:
    """A data file holding the sample report (id 1)."""
    from storage.store import open_store

    path = tmp_path / "data.db"
    with open_store(path) as store:
        store.add(sample_report)
    return path


def digest(path: pathlib.Path) -> str:
    """A file's content hash: refusals must leave the bytes exactly as they were."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data folder."""
    monkeypatch.setenv("ZEPING_HOME", str(tmp_path / "zeping-home"))


@contextlib.contextmanager
def as_unprivileged_user() -> Iterator[None]:
    """Root ignores file modes: become 'nobody' for the block (effective ids only), so
    that read-only files and folders behave as they do for a clerk."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@contextlib.contextmanager
def writer_in_another_process(path: pathlib.Path) -> Iterator[None]:
    """Another process holds ``path`` open for writing for the block, then is killed
    (SIGKILL: no clean close, as after a crash)."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]);"
        "from storage.store import open_store;"
        "s = open_store(sys.argv[2]); assert not s.read_only; print('locked', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()


def run_sql(path: pathlib.Path, *statements: str) -> pathlib.Path:
    """Run ``statements`` on the SQLite file at ``path`` (made when missing), as another
    program would, and commit."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return path


class StandInMsvcrt:
    """Windows' ``msvcrt.locking``, to run the Windows lock anywhere: ``nbytes`` bytes from
    the descriptor's current position are locked for that handle; any other handle (same
    process or not) gets EACCES; unlocking a range the handle does not hold is an error
    too. ``calls`` records (mode, offset, nbytes)."""

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        self.held: dict[tuple[int, int, int, int], int] = {}
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        st = os.fstat(fd)
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        key = (st.st_dev, st.st_ino, offset, nbytes)
        self.calls.append((mode, offset, nbytes))
        if mode == self.LK_NBLCK:
            if key in self.held:
                raise PermissionError(errno.EACCES, "Permission denied")
            self.held[key] = fd
        elif mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise PermissionError(errno.EACCES, "Permission denied")
            del self.held[key]
        else:
            raise ValueError(mode)
