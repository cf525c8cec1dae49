"""绩效自评助手 (Zeping): the launcher. Parses the command line, opens the store, then
runs a command or builds the window. See README.md for the commands."""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import TYPE_CHECKING, NoReturn

from model.errors import ZepingError

if TYPE_CHECKING:
    from storage.store import Store

COMMANDS = ("list", "import", "check", "export", "history", "restore", "backups")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


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
        self.exit(EXIT_USAGE, f"命令用法有误：{message}。运行 python main.py --help 查看用法。（cli.usage）\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python main.py", description="绩效自评助手：预算绩效自评报告的填写、评分、体检与导出。")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("list", help="列出数据文件中的报告")
    p.add_argument("file")
    p = sub.add_parser("import", help="导入报告 JSON 文件")
    p.add_argument("file")
    p.add_argument("reports", nargs="+", metavar="REPORT.json")
    p = sub.add_parser("check", help="计算得分并体检")
    p.add_argument("file")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = sub.add_parser("export", help="导出报告")
    p.add_argument("file")
    p.add_argument("id", type=int)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--json", metavar="OUT.json")
    target.add_argument("--pdf", metavar="OUT.pdf")
    p = sub.add_parser("history", help="列出一份报告保存过的版本")
    p.add_argument("file")
    p.add_argument("id", type=int)
    p = sub.add_parser("restore", help="把报告恢复到某个版本（恢复本身也记为新版本）")
    p.add_argument("file")
    p.add_argument("id", type=int)
    p.add_argument("version", type=int)
    p = sub.add_parser("backups", help="列出数据文件的备份（最新的在前）")
    p.add_argument("file")
    return parser


def _write_output(path: str, data: bytes) -> None:
    """Write an export: to standard output for "-", else atomically (never half a file)."""
    if path == "-":
        sys.stdout.buffer.write(data)
        return
    from storage.files import write_bytes_atomically

    write_bytes_atomically(path, data)


def _open_for_reading(path: str) -> Store:
    """Open an existing file for viewing: nothing is created, locked, upgraded or written."""
    from storage.store import open_store

    return open_store(path, read_only=True)


def _cmd_list(args: argparse.Namespace) -> int:
    with _open_for_reading(args.file) as store:
        for info in store.list_reports():
            print(f"{info.id}\t{info.year}\t{info.unit}\t{info.project}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from storage.interchange import load_file
    from storage.store import open_store

    reports = [load_file(path) for path in args.reports]  # all checked before any write
    with open_store(args.file, create=True) as store:
        ids = store.add_many(reports)  # one transaction: all or nothing
    for report_id in ids:
        print(report_id)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from model.audit import ERROR, audit
    from model.scoring import score_report
    from model.summary import check_dict, check_summary
    from storage.rulesets import load_ruleset

    with _open_for_reading(args.file) as store:
        report = store.load(args.id)
    ruleset = load_ruleset(report.ruleset)
    scores = score_report(report, ruleset)
    findings = audit(report, ruleset, scores)
    if args.json:
        print(json.dumps(check_dict(report, scores, findings), ensure_ascii=False, indent=2))
    else:
        print(check_summary(report, scores, findings))
    return EXIT_FINDINGS if any(f.severity == ERROR for f in findings) else EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from storage.interchange import dumps

    with _open_for_reading(args.file) as store:
        report = store.load(args.id)
    if args.json:
        _write_output(args.json, dumps(report).encode("utf-8"))
        return EXIT_OK
    from storage.pdf import export_pdf
    from storage.rulesets import load_ruleset

    export_pdf(report, load_ruleset(report.ruleset), args.pdf)
    return EXIT_OK


def _cmd_history(args: argparse.Namespace) -> int:
    with _open_for_reading(args.file) as store:
        versions = store.history(args.id)
        deleted = args.id not in {info.id for info in store.list_reports()}
    print(f"报告 {args.id} 共有 {len(versions)} 个版本" + ("（报告已删除，可用 restore 恢复）" if deleted else "") + "：")
    for version in versions:
        print(f"{version.version}\t{version.saved_at}\t{version.action_label}\t{version.size} 字节\t{version.summary}")
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


def run_command(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "list": _cmd_list, "import": _cmd_import, "check": _cmd_check, "export": _cmd_export,
        "history": _cmd_history, "restore": _cmd_restore, "backups": _cmd_backups,
    }
    try:
        return handlers[args.command](args)
    except ZepingError as exc:
        print(f"{exc.message}（{exc.code}）", file=sys.stderr)
        return EXIT_USAGE if exc.code.startswith(("store.", "cli.")) else EXIT_FINDINGS
    except KeyboardInterrupt:
        print("已中断。（cli.interrupted）", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help")):
        return run_command(argv)
    if len(argv) > 1:
        print("命令用法有误：窗口模式只接受一个数据文件参数。运行 python main.py --help 查看用法。（cli.usage）", file=sys.stderr)
        return EXIT_USAGE
    from gui.app import run_window

    return run_window(argv[0] if argv else None)


if __name__ == "__main__":
    sys.exit(main())
