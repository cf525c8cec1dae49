"""Exports never overwrite a data file: not the open one by any name, not a backup, not a
journal, and nothing that is not a regular file (issue 9, item 6)."""

from __future__ import annotations

import os
import pathlib
import stat
import subprocess
import sys

import pytest
from conftest import ROOT, digest, run_sql

from model.errors import ZepingError
from storage import files
from storage.files import export_target, write_bytes_atomically, write_text_atomically
from storage.store import list_backups, open_store


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, timeout=60)


def refused(target: pathlib.Path, code: str) -> ZepingError:
    with pytest.raises(ZepingError) as info:
        write_text_atomically(target, "{}")
    assert info.value.code == code
    assert str(target) in info.value.message
    return info.value


def test_cli_export_onto_the_data_file_is_refused(sample_db: pathlib.Path) -> None:
    """The repro: ``export DB 1 --json DB`` exited 0 and replaced every report by one JSON."""
    before = digest(sample_db)
    result = run_main("export", str(sample_db), "1", "--json", str(sample_db))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "（output.is-data-file）" in result.stderr
    assert str(sample_db) in result.stderr
    assert digest(sample_db) == before


def test_cli_pdf_onto_the_data_file_is_refused(sample_db: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    import main

    before = digest(sample_db)
    assert main.main(["export", str(sample_db), "1", "--pdf", str(sample_db)]) == 1
    assert "output.is-data-file" in capsys.readouterr().err
    assert digest(sample_db) == before


def test_the_open_data_file_by_any_name(sample_db: pathlib.Path, tmp_path: pathlib.Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Symbolic and hard links reach the same file; the identity check holds even without
    the header check (the window's 导出 JSON onto its own file)."""
    symlink = tmp_path / "link.json"
    symlink.symlink_to(sample_db)
    hardlink = tmp_path / "hard.json"
    os.link(sample_db, hardlink)
    before = digest(sample_db)
    with open_store(sample_db):
        monkeypatch.setattr(files, "DATABASE_MAGIC", ())
        for name in (sample_db, symlink, hardlink):
            refused(name, "output.is-data-file")
        monkeypatch.undo()
    for name in (sample_db, symlink, hardlink):  # closed: the header still gives it away
        refused(name, "output.is-data-file")
    assert digest(sample_db) == before and symlink.is_symlink()


def test_backups_journals_and_other_databases_are_refused(sample_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    with open_store(sample_db) as store:
        store.add(store.load(1))
    backup = list_backups(sample_db)[0]
    journal = tmp_path / "data.db-journal"
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 504)
    other = tmp_path / "wechat.db"
    run_sql(other, "create table messages (body text)")
    for path in (backup, journal, other):
        before = digest(path)
        refused(path, "output.is-data-file")
        assert digest(path) == before


def test_what_is_not_a_regular_file_is_refused(tmp_path: pathlib.Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    targets = [fifo, folder]
    if os.geteuid() == 0:  # a device node of our own (renaming over /dev/null would replace it)
        device = tmp_path / "null.json"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets.append(device)
    for target in targets:
        kind = stat.S_IFMT(os.lstat(target).st_mode)
        refused(target, "output.not-a-file")
        assert stat.S_IFMT(os.lstat(target).st_mode) == kind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(t.name for t in targets)  # no temp file left


def test_a_link_to_an_export_is_followed(tmp_path: pathlib.Path) -> None:
    real = tmp_path / "real" / "report.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    assert export_target(link) == real
    write_bytes_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    write_bytes_atomically(tmp_path / "fresh.json", b"x")  # a new file is fine
    assert (tmp_path / "fresh.json").read_bytes() == b"x"


def test_save_as_onto_the_open_file_by_another_name(sample_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    from storage.errors import StoreError
    from storage.files import copy_data_file

    hardlink = tmp_path / "another-name.db"
    os.link(sample_db, hardlink)
    before = digest(sample_db)
    with open_store(sample_db) as store:
        with pytest.raises(StoreError) as info:
            copy_data_file(store, hardlink)
        assert info.value.code == "store.same-file"
        copy_data_file(store, tmp_path / "copy.db")
    assert digest(sample_db) == before
    with open_store(tmp_path / "copy.db", create=False) as copy:
        assert [i.id for i in copy.list_reports()] == [1]
