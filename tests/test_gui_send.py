"""发送… (issue 11 item 1): the PDF into the export folder, then the ways to pass it on;
the desktop calls each platform would make."""

from __future__ import annotations

import pathlib

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from gui import desktop, settings
from gui.send import SendDialog
from gui_support import show

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

DEFAULT_NAME = "2022年度益阳市资阳区科学技术协会科普宣传与科普活动绩效自评报告.pdf"


@pytest.fixture
def export_folder(tmp_path):
    folder = tmp_path / "导出"
    folder.mkdir()
    settings.remember_export_folder(str(folder / "x.pdf"))
    return folder


def test_ctrl_shift_m_exports_then_offers_the_ways(qtbot, window, export_folder):
    show(qtbot, window)
    seen: list[SendDialog] = []

    def clerk(dialog) -> bool:
        seen.append(dialog)
        assert "发送" in dialog.windowTitle()
        dialog.folder_button.click()
        dialog.copy_file_button.click()
        assert QGuiApplication.clipboard().mimeData().urls() == [QUrl.fromLocalFile(dialog.path)]
        dialog.copy_text_button.click()
        dialog.mail_button.click()
        qtbot.waitUntil(lambda: dialog.mail_button.isEnabled())
        return True

    window.dialogs.on_dialog = clerk
    window.dialogs.choices = ["仍然发送"]
    QTest.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.dialogs.questions == [["查看体检", "仍然发送"]]  # the sample has errors: asked first
    pdf = export_folder / DEFAULT_NAME
    assert pdf.read_bytes().startswith(b"%PDF")
    dialog = seen[0]
    assert dialog.path == str(pdf)
    assert window.dialogs.shown_in_folder == [str(pdf)]
    text = QGuiApplication.clipboard().text()
    assert "科普宣传与科普活动" in text and "106.51" in text
    [(path, subject, body)] = window.dialogs.mails
    assert path == str(pdf) and "绩效自评报告" in subject and "106.51" in body
    assert dialog.status.text() == "已交给邮件程序。"


def test_no_mail_program_points_to_the_other_ways(qtbot, window, export_folder):
    window.dialogs.choices = ["仍然发送"]
    window.dialogs.mail_works = False

    def clerk(dialog) -> bool:
        dialog.mail_button.click()
        qtbot.waitUntil(lambda: dialog.mail_button.isEnabled())
        return True

    window.dialogs.on_dialog = clerk
    dialog = window.exports.send()
    assert dialog is not None and "没有找到" in dialog.status.text()


def test_stopping_at_the_check_sends_nothing(window, export_folder):
    window.dialogs.choices = ["查看体检"]
    assert window.exports.send() is None
    assert not any(export_folder.iterdir()) and window.dialogs.dialogs == []


def test_the_drag_handle_carries_the_file(qtbot, tmp_path):
    from gui.send import DragHandle

    path = tmp_path / "报告.pdf"
    handle = DragHandle(str(path))
    qtbot.addWidget(handle)
    assert handle.drag().mimeData().urls() == [QUrl.fromLocalFile(str(path))]


def test_show_in_folder_on_each_platform(tmp_path):
    path = tmp_path / "报 告.pdf"
    started: list[object] = []
    assert desktop.show_in_folder(path, platform="win32", run=lambda c: started.append(c) or 0)
    assert started[-1] == f'explorer /select,"{path}"'
    assert desktop.show_in_folder(path, platform="darwin", run=lambda c: started.append(c) or 0)
    assert started[-1] == ["open", "-R", str(path)]
    opened: list[pathlib.Path] = []
    assert desktop.show_in_folder(path, platform="linux", dbus=lambda p: True)
    assert desktop.show_in_folder(path, platform="linux", dbus=lambda p: False,
                                  open_folder=lambda f: opened.append(f) or True)
    assert opened == [tmp_path]


def test_mail_on_linux_thunderbird_or_xdg_email(tmp_path, monkeypatch):
    path = tmp_path / "报告.pdf"
    started: list[object] = []
    result = desktop.send_mail(path, "主题, 含'引号", "正文", platform="linux", mailer="thunderbird.desktop",
                               run=lambda c: started.append(c) or 0)
    assert result.sent
    command = started[-1]
    assert command[1] == "-compose" and f"attachment='{path.as_uri()}'" in command[2] and "'引号" not in command[2]
    monkeypatch.setattr(desktop.shutil, "which", lambda name: f"/usr/bin/{name}")
    result = desktop.send_mail(path, "主题", "正文", platform="linux", mailer="org.gnome.Evolution.desktop",
                               run_wait=lambda c: started.append(c) or 3)
    assert not result.sent and "复制文件" in result.message and "3" in result.message
    assert started[-1][:3] == ["xdg-email", "--attach", str(path)]
    assert desktop.send_mail(path, "主题", "正文", platform="linux", mailer="",
                             run_wait=lambda c: 0).sent
    monkeypatch.setattr(desktop.shutil, "which", lambda name: None)
    assert not desktop.send_mail(path, "主题", "正文", platform="linux", mailer="").sent


def test_mail_on_windows_through_mapi(tmp_path):
    path = tmp_path / "报告.pdf"
    calls: list[tuple[object, ...]] = []
    ok = desktop.send_mail(path, "主题", "正文", platform="win32", mapi=lambda *a: calls.append(a) or 0)
    assert ok.sent and calls == [(path, "主题", "正文")]
    assert "取消" in desktop.send_mail(path, "s", "b", platform="win32", mapi=lambda *a: desktop.MAPI_USER_ABORT).message
    refused = desktop.send_mail(path, "s", "b", platform="win32", mapi=lambda *a: 26)
    assert not refused.sent and "打开所在文件夹" in refused.message


def test_digital_signature_asks_certificate_and_password_each_time(qtbot, window, export_folder, tmp_path):
    pytest.importorskip("pyhanko")
    from test_signing import make_certificate

    p12, _certificate = make_certificate(tmp_path, "口令")
    out = tmp_path / "签名.pdf"
    window.dialogs.choices = ["仍然签名", "仍然签名"]
    window.dialogs.paths = [str(p12), str(out)]
    window.dialogs.passwords = ["口令"]
    assert window.exports.sign() == str(out)
    assert out.read_bytes().startswith(b"%PDF") and b"/ByteRange" in out.read_bytes()
    assert "非电子印章" in window.commands.sign.text()
    # A wrong password: refused, nothing written; the password is not kept anywhere.
    again = tmp_path / "again.pdf"
    window.dialogs.paths = [str(p12), str(again)]
    window.dialogs.passwords = ["错的"]
    assert window.exports.sign() is None and not again.exists()
    assert window.dialogs.messages[-1][0] == "无法签名"
    assert "错的" not in (window.ws.path.read_bytes().decode("latin-1")) and not window.dialogs.passwords
