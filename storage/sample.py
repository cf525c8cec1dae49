"""The bundled sample: the real 2022 report the project started from, mistakes included."""

from __future__ import annotations

import pathlib

from model.report import Report
from storage.interchange import load_file
from storage.resources import resource_path
from storage.store import Store, open_store

SAMPLE = "2022-kepu.json"


def sample_report() -> Report:
    return load_file(str(resource_path("sample", SAMPLE)))


def open_default_store(path: pathlib.Path) -> Store:
    """Open ``path``; on first run create it holding the sample report."""
    first_run = not path.exists()
    if first_run:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path, create=True)
    if first_run and not store.list_reports():
        store.add(sample_report())
    return store
