"""绩效自评助手 (Zeping): the launcher. Parses the command line, opens the store, then
runs a command or builds the window. See README.md for the commands."""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import sys

from model.errors import ZepingError
from storage.resources import PRODUCT_NAME, PROGRAM
from storage.startup import fewer_collections

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import NoReturn

    from model.report import Report
    from storage.documents.registry import Exporter
    from storage.workspace import Workspace

COMMANDS = ("list", "import", "read", "check", "export", "history", "restore", "backups")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_CLOSED_PIPE = 120  # standard output could not be written, as Python's own exit says it
# How the clerk starts the program, for the usage messages: the bundle's executable
# (tools/build_bundle.py) or the source checkout's launcher.
MAX_ID = 2**63 - 1  # SQLite's integer range

# Characters that would break a one-line message or a tab-separated line: controls,
# separators (U+2028/U+2029), tabs and newlines. Shown as escapes instead.
_UNPRINTABLE = r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]"  # compiled on first use (re keeps it)


def visible(text: str) -> str:
    """``text`` on one line: control and separator characters as escapes (\\n, \\x1b, \\u2028)."""
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
        return named.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")

    return re.sub(_UNPRINTABLE, escape, text)


def _report_id(text: str) -> int:
    """A report number as typed: a whole number that SQLite can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"报告编号不是整数：{visible(text[:20])!r}") from None
    if not 0 < value <= MAX_ID:
        raise argparse.ArgumentTypeError(f"报告编号超出范围：{visible(text[:20])}")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one Chinese sentence and exit status 2."""

    _WORDS = (
        ("the following arguments are required: ", "缺少参数 "),
        ("one of the arguments ", "需要以下参数之一 "),
        (" is required", ""),
        ("unrecognized arguments: ", "无法识别的参数 "),
        ("invalid int value: ", "不是整数："),
        ("invalid choice: ", "未知命令："),
        ("not allowed with argument ", "不能同时使用 "),
        ("expected one argument", "需要一个值"),
        (" (choose from ", "（可用："),
        ("argument ", "参数 "),
    )

    def error(self, message: str) -> NoReturn:
        for english, chinese in self._WORDS:
            message = message.replace(english, chinese)
        self.exit(EXIT_USAGE, visible(f"命令用法有误：{message}。运行 {PROGRAM} --help 查看用法。（cli.usage）") + "\n")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. ``command``: the command about to be parsed; the export
    formats (their registry) are read only for ``export`` or when it is not known."""
    parser = _Parser(prog=PROGRAM, description=f"{PRODUCT_NAME}：预算绩效自评报告的填写、评分、体检与导出。",
                     epilog=f"不带命令：打开窗口（{PROGRAM} [数据文件]）。{PROGRAM} --version 显示版本；{PROGRAM} --smoke-test 自检本机安装。")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("list", help="列出数据文件中的报告")
    p.add_argument("file")
    p = sub.add_parser("import", help="导入报告（JSON，或上年的 Word .docx / Excel .xlsx）")
    p.add_argument("file")
    p.add_argument("reports", nargs="+", metavar="SOURCE")
    p = sub.add_parser("read", help="读取报告文件（JSON、Word .docx、Excel .xlsx），以报告 JSON 输出将导入的内容，不写入任何文件")
    p.add_argument("source", metavar="SOURCE")
    p = sub.add_parser("check", help="计算得分并体检")
    p.add_argument("file")
    p.add_argument("id", type=_report_id)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = sub.add_parser("export", help="导出报告")
    p.add_argument("file")
    p.add_argument("id", type=_report_id)
    target = p.add_mutually_exclusive_group(required=True)
    for exporter in _exporters() if command == "export" or command not in COMMANDS else ():
        target.add_argument(exporter.flag, dest=exporter.key, metavar=f"OUT{exporter.suffix}",
                            help=f"{exporter.tip}（“-”写到标准输出）")
    p = sub.add_parser("history", help="列出一份报告保存过的版本")
    p.add_argument("file")
    p.add_argument("id", type=_report_id)
    p = sub.add_parser("restore", help="把报告恢复到某个版本（恢复本身也记为新版本）")
    p.add_argument("file")
    p.add_argument("id", type=_report_id)
    p.add_argument("version", type=_report_id)
    p = sub.add_parser("backups", help="列出数据文件的备份（最新的在前）")
    p.add_argument("file")
    return parser


def _open_for_reading(path: str) -> Workspace:
    """Open an existing file for viewing: nothing is created, locked, upgraded or written."""
    from storage.workspace import Workspace

    return Workspace.open(path, read_only=True)


def _say(message: str) -> None:
    """One line on standard error, whatever the message holds."""
    print(visible(message), file=sys.stderr)


def _cmd_list(args: argparse.Namespace) -> int:
    with _open_for_reading(args.file) as ws:
        for info in ws.list_reports():
            print("\t".join(visible(str(v)) for v in (info.id, info.year, info.unit, info.project)))
    return EXIT_OK


def _read(path: str) -> Report:
    """The report in a source file; what was not read is said on stderr, one line each;
    a value that cannot be read refuses the file (InputRefused)."""
    from storage.reading import read_source

    reading = read_source(path)
    refusal = reading.refusal()
    if refusal is not None:
        raise refusal
    for note in reading.skipped:
        _say(f"{reading.source}：未读取 {note.sentence()}（input.skipped）")
    return reading.report


def _cmd_read(args: argparse.Namespace) -> int:
    from storage.interchange import report_to_dict

    report = _read(args.source)
    print(json.dumps(report_to_dict(report), ensure_ascii=not _utf_output(), indent=2))
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from storage.store import open_store

    reports = [_read(path) for path in args.reports]  # all checked before any write
    with open_store(args.file, create=True) as store:
        ids = store.add_many(reports)  # one transaction: all or nothing
    for report_id in ids:
        print(report_id)
    return EXIT_OK


def _utf_output() -> bool:
    """Whether standard output takes every character (a Chinese Windows console or a
    file redirected from one may be GBK)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def _cmd_check(args: argparse.Namespace) -> int:
    from model.summary import check_dict, check_summary

    with _open_for_reading(args.file) as ws:
        report = ws.open_report(args.id)
        evaluation = ws.evaluate()
    if args.json:
        # Not UTF-8: plain ASCII JSON (\uXXXX escapes), valid in any encoding.
        print(json.dumps(check_dict(report, evaluation.scores, evaluation.findings), ensure_ascii=not _utf_output(), indent=2))
    else:
        print(check_summary(report, evaluation.scores, evaluation.findings))
    return EXIT_FINDINGS if evaluation.errors else EXIT_OK


def _exporters() -> tuple[Exporter, ...]:
    from storage.documents.registry import exporters

    return exporters()


def _cmd_export(args: argparse.Namespace) -> int:
    exporter = next(e for e in _exporters() if getattr(args, e.key) is not None)
    out = getattr(args, exporter.key)
    with _open_for_reading(args.file) as ws:
        report = ws.open_report(args.id)
        ruleset = ws.ruleset
    if out == "-":
        sys.stdout.buffer.write(exporter.render(report, ruleset))
    else:
        exporter.write(report, ruleset, out)
    return EXIT_OK


def _cmd_history(args: argparse.Namespace) -> int:
    with _open_for_reading(args.file) as ws:
        versions = ws.history(args.id)
        deleted = args.id not in {info.id for info in ws.list_reports()}
    print(f"报告 {args.id} 共有 {len(versions)} 个版本" + ("（报告已删除，可用 restore 恢复）" if deleted else "") + "：")
    for version in versions:
        fields = (version.version, version.saved_at, version.action_label, f"{version.size} 字节", version.summary)
        print("\t".join(visible(str(v)) for v in fields))
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from storage.store import open_store

    with open_store(args.file, create=False) as store:
        new_version = store.restore(args.id, args.version)
    print(f"已将报告 {args.id} 恢复为版本 {args.version} 的内容（记为新版本 {new_version}）")
    return EXIT_OK


def _cmd_backups(args: argparse.Namespace) -> int:
    from storage.store import backup_dir, list_backups

    backups = list_backups(args.file)  # no open: works when the data file is broken
    if not backups:
        print(f"没有找到备份（备份文件夹：{backup_dir(pathlib.Path(args.file))}）")
    for path in backups:
        print(path)
    return EXIT_OK


def _never_fail_to_print() -> None:
    """A console or a redirected file in GBK (Chinese Windows) cannot take every
    character: show the others as escapes instead of failing with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def run_command(argv: list[str]) -> int:
    _never_fail_to_print()
    args = _parser(argv[0] if argv else None).parse_args(argv)
    handlers = {
        "list": _cmd_list, "import": _cmd_import, "read": _cmd_read, "check": _cmd_check, "export": _cmd_export,
        "history": _cmd_history, "restore": _cmd_restore, "backups": _cmd_backups,
    }
    try:
        return handlers[args.command](args)
    except ZepingError as exc:
        _say(f"{exc.message}（{exc.code}）")
        return EXIT_USAGE if exc.code.startswith(("store.", "cli.")) else EXIT_FINDINGS
    except KeyboardInterrupt:
        _say("已中断。（cli.interrupted）")
        return 130
    except BrokenPipeError:
        return EXIT_CLOSED_PIPE  # the reader went away (… | head -1): nothing more to say


def is_command(argv: list[str]) -> bool:
    """Whether ``argv`` asks for a command (or the commands' help), not the window."""
    return bool(argv) and (argv[0] in COMMANDS or argv[0] in ("-h", "--help"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in (["--version"], ["--smoke-test"]):
        _never_fail_to_print()  # a CI machine's cp1252 pipe has no Chinese
    if argv == ["--version"]:
        from storage.resources import version_line

        print(version_line())
        return EXIT_OK
    if argv == ["--smoke-test"]:
        from gui.smoke import run_smoke_test

        return run_smoke_test()
    if is_command(argv):
        return run_command(argv)
    if len(argv) > 1:
        print(f"命令用法有误：窗口模式只接受一个数据文件参数。运行 {PROGRAM} --help 查看用法。（cli.usage）", file=sys.stderr)
        return EXIT_USAGE
    from gui.app import run_window

    return run_window(argv[0] if argv else None)


def finish_command(status: int) -> NoReturn:
    """End the process after a command, skipping the interpreter's teardown.

    By then the command has closed everything it wrote (its files by their ``with``, the
    data file's connection and lock by the store); what the teardown would still do is
    free every object one by one — the fonts' tables, the modules — which takes up to
    80 ms after an export, a third of a ``check``. The system frees it at once. Standard
    output and error are flushed first; when that fails (a closed pipe) the status is
    120, as Python's own exit gives. The same as mypy's ``util.hard_exit``. Only for the
    command line run as a program: the window and the tests end normally.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # the windowed Windows program (zeping.exe) has neither
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or EXIT_CLOSED_PIPE
    os._exit(status)


if __name__ == "__main__":
    _argv = sys.argv[1:]
    fewer_collections()  # while starting; a command to its end (storage.startup)
    if is_command(_argv) or _argv == ["--version"]:
        finish_command(main(_argv))
    sys.exit(main(_argv))
