"""The Windows branches, run on any machine: the writer lock through msvcrt (a stand-in
with msvcrt's byte-range semantics), the data folder under %APPDATA%, and export file
names Windows accepts. The official-font search is in test_fonts.py."""

from __future__ import annotations

import errno
import os
import pathlib
import sys

import pytest

from storage import locking, paths
from storage.files import MAX_NAME_CHARS, report_file_name
from storage.locking import WriterLock, lock_path, windows_calls
from storage.repository import open_store


class StandInMsvcrt:
    """msvcrt.locking as Windows does it: ``nbytes`` bytes from the handle's current
    position are locked for that handle; any other handle (same process or not) gets
    EACCES; unlocking a range the handle does not hold is an error too."""

    LK_UNLCK, LK_NBLCK = 0, 2

    def __init__(self) -> None:
        self.held: dict[tuple[int, int, int, int], int] = {}

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        st = os.fstat(fd)
        key = (st.st_dev, st.st_ino, os.lseek(fd, 0, os.SEEK_CUR), nbytes)
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


@pytest.fixture
def msvcrt() -> StandInMsvcrt:
    return StandInMsvcrt()


def test_windows_lock_is_exclusive_and_released(tmp_path: pathlib.Path, msvcrt: StandInMsvcrt) -> None:
    calls = windows_calls(msvcrt)
    data = tmp_path / "zeping.db"
    first = WriterLock.acquire(data, calls)
    assert first is not None
    assert lock_path(data).read_text(encoding="ascii") == f"{os.getpid()}\n"
    assert WriterLock.acquire(data, calls) is None  # a second handle, even in this process
    first.release()
    assert msvcrt.held == {}  # unlocked at byte 0, where it was locked, although the pid moved the position
    assert not lock_path(data).exists()  # closed first, then deleted (Windows cannot delete an open file)
    again = WriterLock.acquire(data, calls)
    assert again is not None
    again.release()


def test_a_stale_lock_file_does_not_block(tmp_path: pathlib.Path, msvcrt: StandInMsvcrt) -> None:
    data = tmp_path / "zeping.db"
    lock_path(data).write_text("4242\n", encoding="ascii")  # left by a process that died
    lock = WriterLock.acquire(data, windows_calls(msvcrt))
    assert lock is not None
    lock.release()


def test_the_store_opens_read_only_beside_a_windows_holder(sample_db: pathlib.Path, msvcrt: StandInMsvcrt,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locking, "SYSTEM_CALLS", windows_calls(msvcrt))
    with open_store(sample_db) as writer:
        assert not writer.read_only
        with open_store(sample_db) as second:
            assert second.read_only
    assert msvcrt.held == {} and not lock_path(sample_db).exists()


def test_data_folder_on_windows(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    monkeypatch.delenv("ZEPING_HOME")
    monkeypatch.setattr(sys, "platform", "win32")
    roaming = tmp_path / "Users" / "张三" / "AppData" / "Roaming"
    monkeypatch.setenv("APPDATA", str(roaming))
    assert paths.default_data_file() == roaming / "Zeping" / "zeping.db"
    monkeypatch.delenv("APPDATA")  # a broken profile: the usual place under the home folder
    monkeypatch.setattr(pathlib.Path, "home", lambda: tmp_path / "home")
    assert paths.data_dir() == tmp_path / "home" / "AppData" / "Roaming" / "Zeping"


@pytest.mark.parametrize(("unit", "project", "expected"), [
    ('某单位"A/B:', 'C"项目', "2022年度某单位_A_B_C_项目绩效自评报告"),
    ("单位\t", "项目 . ", "2022年度单位_项目 . 绩效自评报告"),
    ("", "", "2022年度绩效自评报告"),
])
def test_export_names_have_no_characters_windows_refuses(sample_report, unit, project, expected) -> None:
    sample_report.unit, sample_report.project.name = unit, project
    assert report_file_name(sample_report, "") == expected


def test_a_long_name_is_shortened_and_keeps_its_ending(sample_report) -> None:
    sample_report.project.name = "关于" + "乡村振兴产业发展" * 30 + "专项资金"
    name = report_file_name(sample_report, ".pdf")
    stem = name.removesuffix(".pdf")
    assert len(stem) == MAX_NAME_CHARS
    assert stem.startswith("2022年度益阳市资阳区科学技术协会关于乡村振兴") and stem.endswith("…绩效自评报告")
    # In a deep Documents folder the whole path still fits in Windows' 260 characters.
    folder = "C:\\Users\\Administrator.DESKTOP-ABCDEFG\\OneDrive\\文档\\2022年度绩效自评\\"
    assert len(folder + name) < 260


def test_a_name_that_only_just_fits_is_kept(sample_report) -> None:
    sample_report.unit, sample_report.project.name = "", "项" * (MAX_NAME_CHARS - len("2022年度绩效自评报告"))
    assert len(report_file_name(sample_report, "")) == MAX_NAME_CHARS
    assert "…" not in report_file_name(sample_report, "")
