"""What the window asks of the clerk's desktop to send a file on: show it selected in the
file manager, and hand it to the mail program as an attachment.

Each platform's way, most reliable first (issue 11): Windows ``explorer /select,`` and
Simple MAPI (``MAPISendMailW``, as LibreOffice's ``senddoc`` does; the new Outlook has no
MAPI); Linux the freedesktop FileManager1 D-Bus call, else the folder, and Thunderbird's
``-compose`` when it is the mail program, else ``xdg-email --attach``; macOS ``open -R``.
``mailto:`` cannot carry an attachment, so it is never used. The calls that start other
programs take a ``run`` function, so tests see what would be started without starting it.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Starts a program, returns its exit status (0 when not waited for). A string is a whole
# Windows command line (explorer's /select,"path" cannot be quoted item by item).
Run = Callable[[Sequence[str] | str], int]

NO_MAIL_PROGRAM = ("没有找到能带附件发邮件的邮件程序（如新版 Outlook、网页邮箱都不支持）。"
                   "请用“打开所在文件夹”或“复制文件”，把 PDF 拖入或粘贴到邮件的附件栏。")


@dataclass(frozen=True)
class MailResult:
    """Whether the mail program took the file; ``message`` says what happened, in Chinese."""

    sent: bool
    message: str


def run_detached(command: Sequence[str] | str) -> int:
    """Start a program without waiting for it (a file manager, a mail window)."""
    args = command if isinstance(command, str) else list(command)
    subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=sys.platform != "win32")
    return 0


def run_waiting(command: Sequence[str] | str) -> int:
    """Run a program to its end (xdg-email, which says by its status whether it worked)."""
    try:
        args = command if isinstance(command, str) else list(command)
        return subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=60, check=False).returncode
    except (OSError, subprocess.TimeoutExpired):
        return 127


# -- the file manager ------------------------------------------------------------------
def show_in_folder_command(path: pathlib.Path, platform: str = sys.platform) -> list[str] | str | None:
    """The command that shows ``path`` selected in its folder (None: use D-Bus or the folder)."""
    if platform == "win32":
        return f'explorer /select,"{path}"'
    if platform == "darwin":
        return ["open", "-R", str(path)]
    return None


def show_in_folder(path: pathlib.Path, *, platform: str = sys.platform, run: Run = run_detached,
                   dbus: Callable[[pathlib.Path], bool] | None = None,
                   open_folder: Callable[[pathlib.Path], bool] | None = None) -> bool:
    """Show ``path`` selected in the file manager; on Linux without FileManager1, its folder."""
    command = show_in_folder_command(path, platform)
    try:
        if command is not None:
            run(command)
            return True
    except OSError:
        return False
    if (dbus or _file_manager_show_items)(path):
        return True
    return (open_folder or _open_folder)(path.parent)


def _file_manager_show_items(path: pathlib.Path) -> bool:
    """org.freedesktop.FileManager1.ShowItems (Nautilus, Dolphin, Caja, the UOS/Kylin file managers)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    manager = QDBusInterface("org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                             "org.freedesktop.FileManager1", bus)
    if not manager.isValid():
        return False
    reply = manager.call("ShowItems", [QUrl.fromLocalFile(str(path)).toString()], "")
    return bool(reply.type() != QDBusMessage.MessageType.ErrorMessage)


def _open_folder(folder: pathlib.Path) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


# -- the mail program --------------------------------------------------------------------
def default_mailer(run_output: Callable[[Sequence[str]], str] | None = None) -> str:
    """The desktop file of the default mail program on Linux ('' when unknown)."""
    if run_output is None:
        def run_output(command: Sequence[str]) -> str:
            try:
                return subprocess.run(list(command), capture_output=True, text=True, timeout=10, check=False).stdout
            except (OSError, subprocess.TimeoutExpired):
                return ""
    return run_output(["xdg-mime", "query", "default", "x-scheme-handler/mailto"]).strip()


def _thunderbird_value(text: str) -> str:
    # -compose takes key='value' pairs separated by commas; a quote would end the value.
    return text.replace("'", "’").replace(",", "，")


def linux_mail_command(path: pathlib.Path, subject: str, body: str, mailer: str) -> tuple[list[str], bool] | None:
    """(command, wait for its status) that opens a new mail with ``path`` attached."""
    if "thunderbird" in mailer.lower():
        program = shutil.which("thunderbird") or "thunderbird"
        attachment = path.as_uri()
        compose = (f"attachment='{attachment}',subject='{_thunderbird_value(subject)}',"
                   f"body='{_thunderbird_value(body)}'")
        return [program, "-compose", compose], False
    if shutil.which("xdg-email"):
        return ["xdg-email", "--attach", str(path), "--subject", subject, "--body", body], True
    return None


def send_mail(path: pathlib.Path, subject: str, body: str, *, platform: str = sys.platform,
              run_wait: Run = run_waiting, run: Run = run_detached, mailer: str | None = None,
              mapi: Callable[[pathlib.Path, str, str], int] | None = None) -> MailResult:
    """Open the mail program with a new mail carrying ``path``. Blocks while MAPI's compose
    window is open on Windows: call it off the GUI thread."""
    if platform == "win32":
        status = (mapi or mapi_send_mail)(path, subject, body)
        if status == 0:
            return MailResult(True, "已交给邮件程序，请在邮件窗口中填写收件人后发送。")
        if status == MAPI_USER_ABORT:
            return MailResult(False, "已取消发送邮件。")
        return MailResult(False, f"{NO_MAIL_PROGRAM}（MAPI 返回 {status}）")
    if platform == "darwin":
        run(["open", "-a", "Mail", str(path)])
        return MailResult(True, "已交给“邮件”程序。")
    found = linux_mail_command(path, subject, body, default_mailer() if mailer is None else mailer)
    if found is None:
        return MailResult(False, NO_MAIL_PROGRAM)
    command, wait = found
    try:
        status = run_wait(command) if wait else run(command)
    except OSError:
        return MailResult(False, NO_MAIL_PROGRAM)
    if status != 0:
        return MailResult(False, f"{NO_MAIL_PROGRAM}（{os.path.basename(command[0])} 返回 {status}）")
    return MailResult(True, "已交给邮件程序，请在邮件窗口中填写收件人后发送。")


# Simple MAPI (Windows): the flags and codes of MAPI.h.
MAPI_LOGON_UI = 0x00000001
MAPI_DIALOG = 0x00000008
MAPI_USER_ABORT = 1


def mapi_send_mail(path: pathlib.Path, subject: str, body: str) -> int:  # pragma: no cover - Windows only
    """``MAPISendMailW`` with the compose dialog, as LibreOffice's senddoc calls it.
    Returns MAPI's status (0 = the mail program took it)."""
    import ctypes
    from ctypes import wintypes

    class MapiFileDescW(ctypes.Structure):
        _fields_ = [("ulReserved", wintypes.ULONG), ("flFlags", wintypes.ULONG), ("nPosition", wintypes.ULONG),
                    ("lpszPathName", wintypes.LPWSTR), ("lpszFileName", wintypes.LPWSTR), ("lpFileType", ctypes.c_void_p)]

    class MapiMessageW(ctypes.Structure):
        _fields_ = [("ulReserved", wintypes.ULONG), ("lpszSubject", wintypes.LPWSTR), ("lpszNoteText", wintypes.LPWSTR),
                    ("lpszMessageType", wintypes.LPWSTR), ("lpszDateReceived", wintypes.LPWSTR),
                    ("lpszConversationID", wintypes.LPWSTR), ("flFlags", wintypes.ULONG),
                    ("lpOriginator", ctypes.c_void_p), ("nRecipCount", wintypes.ULONG), ("lpRecips", ctypes.c_void_p),
                    ("nFileCount", wintypes.ULONG), ("lpFiles", ctypes.POINTER(MapiFileDescW))]

    try:
        mapi = ctypes.WinDLL("mapi32.dll")  # type: ignore[attr-defined]
        send = mapi.MAPISendMailW
    except (OSError, AttributeError):
        return 2  # MAPI_E_FAILURE: no Simple MAPI here
    send.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(MapiMessageW), wintypes.ULONG, wintypes.ULONG]
    send.restype = wintypes.ULONG
    attachment = MapiFileDescW(0, 0, 0xFFFFFFFF, str(path), path.name, None)
    message = MapiMessageW(0, subject, body, None, None, None, 0, None, 0, None, 1, ctypes.pointer(attachment))
    return int(send(None, None, ctypes.byref(message), MAPI_DIALOG | MAPI_LOGON_UI, 0))
