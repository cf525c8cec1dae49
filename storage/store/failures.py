"""What went wrong with the data file, in the clerk's words: StoreError messages from parts.

A message is a problem (naming the file), then what did not happen (:data:`UNCHANGED`
after a failed save, :data:`UNTOUCHED` after a refused open), then, where there is one,
what to do: the newest backup for a damaged file, free space for a full disk. The parts
are joined here, never edited afterwards.
"""

from __future__ import annotations

import pathlib
import sqlite3

from storage.errors import ReportNotFound, StoreError
from storage.store.backups import backup_hint

UNCHANGED = "之前保存的内容没有变化"  # a failed write: its transaction was rolled back
UNTOUCHED = "未做任何改动"  # a refused file: nothing was written to it


def save_failed(problem: str, code: str, advice: str | None = None) -> StoreError:
    """A write that did not happen: the problem, that the saved state stands, what to do."""
    advice_part = f"，{advice}" if advice else ""
    return StoreError(f"{problem}；{UNCHANGED}{advice_part}", code)


def damaged(path: pathlib.Path, finding: str, outcome: str = UNTOUCHED) -> StoreError:
    """A damaged (or cut short, or emptied) file: what was found, the outcome, the newest backup."""
    return StoreError(f"数据文件 {path} {finding}，{outcome}。{backup_hint(path)}", "store.corrupt")


def report_not_found(report_id: int) -> ReportNotFound:
    return ReportNotFound(f"数据文件中没有编号为 {report_id} 的报告")


def write_error(exc: sqlite3.Error, path: pathlib.Path) -> StoreError:
    """Translate a failed write into the clerk's words; the transaction was rolled back."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return save_failed(f"磁盘空间已满，无法保存到 {path}", "store.disk-full", "请腾出空间后再保存")
    if name.startswith("SQLITE_IOERR") or "i/o error" in text:
        return save_failed(f"读写数据文件 {path} 时出错（{exc}）", "store.io-error", "请检查磁盘或 U 盘后再保存")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return save_failed(f"数据文件 {path} 现在不允许写入", "store.read-only")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return save_failed(f"数据文件 {path} 正被其他程序占用，暂时无法保存", "store.busy", "请稍后再试")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return damaged(path, "已损坏", "无法保存")
    return save_failed(f"无法保存到数据文件 {path}（{exc}）", "store.write-failed")
