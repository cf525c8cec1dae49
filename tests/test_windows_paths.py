"""The Windows branches, run on any machine: the writer lock through msvcrt (a stand-in
with msvcrt's byte-range semantics), the data folder under %APPDATA%, export file names
Windows accepts, and the official-font search through the registry's font list (a
stand-in list) and the font folders."""

from __future__ import annotations

import pathlib
import sys

import pytest
from conftest import StandInMsvcrt

from storage import paths
from storage.documents import fontfiles, winfonts
from storage.documents.fonts import FontSet
from storage.documents.layout import FANGSONG, SONGTI, XIAOBIAOSONG
from storage.files import MAX_NAME_CHARS, report_file_name
from storage.resources import resource_path
from storage.store import locking, open_store
from storage.store.locking import LOCK_OFFSET, WriterLock, windows_calls


@pytest.fixture
def msvcrt() -> StandInMsvcrt:
    return StandInMsvcrt()


def test_windows_lock_is_exclusive_and_released(tmp_path: pathlib.Path, msvcrt: StandInMsvcrt) -> None:
    calls = windows_calls(msvcrt)
    data = tmp_path / "zeping.db"
    first = WriterLock.acquire(data, calls)
    assert first is not None
    assert WriterLock.acquire(data, calls) is None  # a second handle, even in this process
    first.release()
    assert msvcrt.held == {}  # unlocked where it was locked, before the handle was closed
    assert {offset for _mode, offset, _n in msvcrt.calls} == {LOCK_OFFSET}
    assert [p.name for p in tmp_path.iterdir()] == ["zeping.db"]  # the lock is on the file itself
    again = WriterLock.acquire(data, calls)
    assert again is not None
    again.release()


def test_a_stale_lock_file_does_not_block(tmp_path: pathlib.Path, msvcrt: StandInMsvcrt) -> None:
    data = tmp_path / "zeping.db"
    (tmp_path / "zeping.db.lock").write_text("4242\n", encoding="ascii")  # left by an older version
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
    assert msvcrt.held == {}


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


def _font_folders(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> tuple[pathlib.Path, pathlib.Path]:
    system = tmp_path / "Windows" / "Fonts"
    user = tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    system.mkdir(parents=True)
    user.mkdir(parents=True)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    return system, user


def _a_truetype_font(path: pathlib.Path) -> pathlib.Path:
    path.write_bytes(resource_path("fonts", fontfiles.BUNDLED[FANGSONG]).read_bytes())
    return path


def test_registered_names(monkeypatch) -> None:
    assert winfonts.registered_families("SimSun & NSimSun (TrueType)") == ["SimSun", "NSimSun"]
    assert winfonts.registered_families("仿宋_GB2312 (TrueType)") == ["仿宋_GB2312"]
    assert winfonts.registered_families("方正小标宋简体") == ["方正小标宋简体"]


def test_an_official_font_under_another_file_name_is_found_by_its_registered_name(tmp_path, monkeypatch) -> None:
    system, user = _font_folders(tmp_path, monkeypatch)
    per_user = _a_truetype_font(user / "FZXBSJW--GB1-0.ttf")  # installed for one user: a full path in HKCU
    _a_truetype_font(system / "FS_GB2312_0.ttf")  # installed for all: a file name in HKLM
    registry = [
        ("宋体 & 新宋体 (TrueType)", "simsun.ttc"),  # registered, but no such file: skipped
        ("仿宋_GB2312 (TrueType)", "FS_GB2312_0.ttf"),
        ("方正小标宋简体 (TrueType)", str(per_user)),
    ]
    monkeypatch.setattr(winfonts, "_cached_registry", lambda: registry)
    chosen = FontSet(bundled_only=False)
    assert chosen.chain(XIAOBIAOSONG)[0].path == per_user
    assert chosen.chain(FANGSONG)[0].path == system / "FS_GB2312_0.ttf"
    assert [face.official for face in chosen.chain(SONGTI)] == [False]


def test_without_registry_entries_the_folders_are_searched(tmp_path, monkeypatch) -> None:
    _system, user = _font_folders(tmp_path, monkeypatch)
    kai = _a_truetype_font(user / "simkai.ttf")
    monkeypatch.setattr(winfonts, "_cached_registry", list)
    assert winfonts.find_font("simkai.ttf", "KaiTi") == kai
    assert winfonts.find_font("simhei.ttf", "SimHei") is None


def test_no_registry_off_windows() -> None:
    if sys.platform != "win32":
        assert winfonts.registry_fonts() == []
    else:  # the real registry: Windows always has SimSun
        assert any("SimSun" in name or "宋体" in name for name, _file in winfonts.registry_fonts())
