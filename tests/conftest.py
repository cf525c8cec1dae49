"""Shared test setup: headless Qt, the `gui` marker, small fixtures."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pathlib
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The window tests' shared fixtures (data_file, window) live with their helpers.
pytest_plugins = ["gui_support"]

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE_JSON = ROOT / "resources" / "sample" / "2022-kepu.json"
DATA = pathlib.Path(__file__).resolve().parent / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses qtbot (or lives in a test_gui_* file) is marked `gui`."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures or item.path.name.startswith("test_gui"):
            item.add_marker(pytest.mark.gui)


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
