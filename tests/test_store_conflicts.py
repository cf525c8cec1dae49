"""Every save is a compare-and-swap on the report's version (issue 9, item 7).

A save that would overwrite a version its caller did not load is refused (SaveConflict,
``store.conflict``) and writes nothing; the workspace resolves it by keeping both.
"""

from __future__ import annotations

import dataclasses
import pathlib

import pytest

from storage.errors import ReportNotFound, SaveConflict
from storage.store import open_store
from storage.workspace import CONFLICT_COPY, Workspace


def edited(report, text: str):
    return dataclasses.replace(report, preamble=text)


def test_a_save_over_a_version_it_did_not_load_is_refused(sample_db: pathlib.Path, sample_report) -> None:
    with open_store(sample_db) as store:
        report, loaded = store.load_with_version(1)
        assert report == sample_report and loaded == store.version_of(1) == 1
        assert store.save(1, edited(report, "这边的修改"), loaded) == 2
        history = store.history(1)
        with pytest.raises(SaveConflict) as info:  # a second writer that loaded version 1
            store.save(1, edited(report, "那边的旧内容"), loaded)
        assert info.value.code == "store.conflict"
        assert (info.value.report_id, info.value.expected, info.value.current) == (1, 1, 2)
        assert "已在别处被修改" in info.value.message and "没有保存" in info.value.message
        assert store.load(1).preamble == "这边的修改" and store.history(1) == history
        assert store.save(1, edited(report, "这边的修改"), loaded) == 2  # the same content: nothing to lose
        assert store.save(1, edited(report, "第三稿"), 2) == 3


def test_a_report_deleted_elsewhere_is_a_conflict(sample_db: pathlib.Path, sample_report) -> None:
    with open_store(sample_db) as store:
        store.add(sample_report)
        store.delete(1)
        with pytest.raises(SaveConflict) as info:
            store.save(1, edited(sample_report, "改过"), 1)
        assert info.value.current is None and "已在别处被删除" in info.value.message
        with pytest.raises(ReportNotFound):
            store.save(99, sample_report, 0)


def test_the_workspace_remembers_its_version(sample_db: pathlib.Path, sample_report) -> None:
    with Workspace.open(sample_db) as ws:
        ws.open_report(1)
        assert ws.version == 1
        ws.report = edited(ws.report, "第二稿")
        ws.save()
        assert ws.version == 2
        ws.save()  # unchanged: still version 2
        assert ws.version == 2 and len(ws.history(1)) == 2
        ws.restore(1, 1)
        assert ws.version == 3 and ws.report == sample_report
        ws.show(1, edited(ws.report, "撤销后再改"))  # the window shows an edited snapshot
        ws.save()
        assert ws.version == 4


def test_a_conflict_keeps_both(sample_db: pathlib.Path, sample_report) -> None:
    """The window's autosave after another writer restored: refused, then both kept."""
    with Workspace.open(sample_db) as ws:
        ws.open_report(1)
        ws.report = edited(ws.report, "窗口里的修改")
        ws.save()
        ws.store.restore(1, 1)  # behind the workspace's back, as another writer would
        ws.report = edited(ws.report, "窗口里又改了")
        with pytest.raises(SaveConflict):
            ws.save()
        assert ws.store.load(1) == sample_report  # the other side's content stands
        copy_id = ws.keep_both()
        assert ws.report_id == 1 and ws.report == sample_report and ws.version == ws.store.version_of(1)
        copy = ws.store.load(copy_id)
        assert copy.preamble == "窗口里又改了"
        assert copy.project.name == sample_report.project.name + CONFLICT_COPY
        ws.report = edited(ws.report, "继续")
        ws.save()  # saving works again


def test_keep_both_when_the_report_was_deleted(sample_db: pathlib.Path, sample_report) -> None:
    with Workspace.open(sample_db) as ws:
        ws.add(sample_report)
        ws.open_report(1)
        ws.store.delete(1)
        ws.report = edited(ws.report, "删除后还在改")
        with pytest.raises(SaveConflict):
            ws.save()
        copy_id = ws.keep_both()
        assert ws.report_id == copy_id and ws.report.preamble == "删除后还在改"
        assert 1 not in [i.id for i in ws.list_reports()]
