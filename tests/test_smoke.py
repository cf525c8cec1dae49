"""`--version` and `--smoke-test` from the source checkout (the bundle's are in test_bundle.py)."""

from __future__ import annotations

import configparser
import importlib.metadata
import os
import subprocess
import sys

from conftest import ROOT

from gui import smoke
from storage import resources


def run_main(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def setup_cfg_version() -> str:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config.get("metadata", "version")


def test_version_is_setup_cfgs() -> None:
    result = run_main("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"绩效自评助手 {setup_cfg_version()}\n"


def test_a_bundle_reads_the_setup_cfg_it_carries(monkeypatch, tmp_path) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = zeping\nversion = 9.8.7\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    resources.app_version.cache_clear()
    try:
        assert resources.resource_path("sample") == tmp_path / "resources" / "sample"
        assert resources.version_line() == "绩效自评助手 9.8.7"
    finally:
        resources.app_version.cache_clear()


def test_without_setup_cfg_the_installed_metadata_answers(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(importlib.metadata, "version", lambda name: {"zeping": "1.2.3"}[name])
    resources.app_version.cache_clear()
    try:
        assert resources.app_version() == "1.2.3"

        def not_installed(name: str) -> str:
            raise importlib.metadata.PackageNotFoundError(name)

        monkeypatch.setattr(importlib.metadata, "version", not_installed)
        resources.app_version.cache_clear()
        assert resources.app_version() == "未知版本"
    finally:
        resources.app_version.cache_clear()


def test_smoke_test_without_a_display_runs_offscreen(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["ZEPING_HOME"] = str(tmp_path / "home")  # must stay untouched: the smoke test uses its own folder
    result = run_main("--smoke-test", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Qt 平台：offscreen" in out
    assert "Qt 中文翻译：取消、查找范围：、打印、打印预览" in out
    assert "含示例报告“2022年度 科普宣传与科普活动”" in out
    assert "QtPdf 读回 9 页" in out
    assert "4 个标签页" in out and out.endswith("秒。\n")
    assert not (tmp_path / "home").exists()


def test_a_failed_check_is_one_sentence_and_status_1(qapp, monkeypatch, capsys) -> None:
    monkeypatch.setattr("gui.app.install_qt_translation", lambda app: None)
    assert smoke.run_smoke_test() == smoke.EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.err == "自检失败：没有找到 Qt 的中文翻译 qtbase_zh_CN.qm（smoke.failed）\n"


def test_an_unexpected_error_is_reported_too(qapp, monkeypatch, capsys) -> None:
    def broken(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr("storage.documents.pdf.render_pdf", broken)
    assert smoke.run_smoke_test() == smoke.EXIT_FAILED
    assert capsys.readouterr().err == "自检失败：OSError: 磁盘已满（smoke.failed）\n"
