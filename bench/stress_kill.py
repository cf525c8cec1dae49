"""Kill -9 the writer at random moments; the data file must stay intact, no confirmed save lost.

A child process opens a data file and saves reports in a loop (sometimes adding one),
printing ``op id counter`` to a pipe after each commit returned: that line is the
confirmation. The parent SIGKILLs the child at a random moment (mostly while it writes,
sometimes while it is still starting up or rolling back the previous crash's journal),
then reopens the file and checks:

- the writer lock died with the child (the file opens writable at once);
- ``pragma integrity_check`` is ok;
- every confirmed save is there, exact: the live report is the last confirmed content
  or (at most one report) the single save that committed before it could be confirmed,
  which from then on counts as confirmed;
- every confirmed save is in the history, byte for byte;
- the backups folder holds at most 10 copies, each passing its own integrity check.

Every document is a pure function of (report id, counter), so the parent knows what each
confirmed save must contain. Usage::

    python bench/stress_kill.py [--kills 200] [--seed 1] [--dir DIR]

Prints figures; exits 1 on the first violation. POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.report import FundRow, Funds, Indicator, Project, Report, Section  # noqa: E402
from storage.store import list_backups, open_store  # noqa: E402
from storage.store.backups import KEEP_BACKUPS  # noqa: E402
from storage.store.history import document_of  # noqa: E402

MAX_REPORTS = 6
ALPHABET = "科普宣传活动经费执行率绩效目标完成情况<&>\"'</para>😀𠀀\t\nabc123，。"


def make_report(report_id: int, counter: int) -> Report:
    """The content of save number ``counter`` of report ``report_id`` (deterministic)."""
    rng = random.Random(report_id * 1_000_003 + counter)
    size = rng.choice((50, 300, 1500, 6000))
    text = "".join(rng.choice(ALPHABET) for _ in range(size))
    annual = Decimal(rng.randrange(1, 10**6)) / 100
    return Report(
        unit=f"压力测试单位{report_id}",
        year=2000 + report_id,
        title=f"第{report_id}号报告",
        preamble=f"序号{counter}；{text[:200]}",
        project=Project(name=f"项目{report_id}", department="主管部门", implementer="实施单位"),
        funds=Funds(total=FundRow(annual, annual, annual * Decimal("0.65")), weight=Decimal(10)),
        indicators=[
            Indicator("产出指标", "数量指标", f"指标{i}", f"≥{i + 1}次", f"{counter % 50}次", Decimal(10), None)
            for i in range(rng.randrange(1, 8))
        ],
        sections=[Section("overview", "项目概况", text)],
    )


def counter_of(report: Report) -> int:
    return int(report.preamble.split("；", 1)[0].removeprefix("序号"))


def child(path: pathlib.Path, seed: int) -> None:
    store = open_store(path)
    if store.read_only:
        print(f"readonly {store.read_only_reason}", flush=True)
        sys.exit(3)
    rng = random.Random(seed)
    live = {info.id: counter_of(store.load(info.id)) for info in store.list_reports()}
    counter = max(live.values(), default=0)
    print("ready", flush=True)
    while True:
        counter += 1
        if len(live) < MAX_REPORTS and (not live or rng.random() < 0.2):
            # The id is the next one the store will give; the document depends on it.
            next_id = 1 + max(
                [*live, *(int(r[0]) for r in store.db.execute("select report_id from report_versions"))], default=0
            )
            new_id = store.add(make_report(next_id, counter))
            assert new_id == next_id, (new_id, next_id)
            live[new_id] = counter
            print(f"add {new_id} {counter}", flush=True)
        else:
            report_id = rng.choice(sorted(live))
            store.save(report_id, make_report(report_id, counter), store.version_of(report_id))
            live[report_id] = counter
            print(f"save {report_id} {counter}", flush=True)


class Violation(Exception):
    pass


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_file(path: pathlib.Path, confirmed: dict[int, int], new: list[tuple[int, int]]) -> dict[str, float]:
    """Reopen after a kill and check the invariants; returns figures of this round."""
    journal = path.with_name(path.name + "-journal")
    figures = {"hot_journal": float(journal.exists() and journal.stat().st_size > 0)}
    started = time.perf_counter()
    store = open_store(path, create=False)
    figures["reopen_ms"] = (time.perf_counter() - started) * 1000
    try:
        if store.read_only:
            raise Violation(f"file opened read-only after the kill: {store.read_only_reason}")
        result = store.db.execute("pragma integrity_check").fetchall()
        if result != [("ok",)]:
            raise Violation(f"integrity_check: {result[:3]}")
        live = {info.id: store.load(info.id) for info in store.list_reports()}
        ahead = []
        for report_id, report in live.items():
            counter = counter_of(report)
            if document_of(report) != document_of(make_report(report_id, counter)):
                raise Violation(f"report {report_id} holds content no save wrote (counter {counter})")
            if report_id not in confirmed or counter > confirmed[report_id]:
                ahead.append((report_id, counter))  # committed, killed before it could say so
            elif counter < confirmed[report_id]:
                raise Violation(f"report {report_id}: confirmed save {confirmed[report_id]} lost, found {counter}")
        missing = set(confirmed) - set(live)
        if missing:
            raise Violation(f"confirmed reports missing: {sorted(missing)}")
        if len(ahead) > 1:
            raise Violation(f"{ahead} ahead of their confirmation; only one save can be in flight")
        figures["unconfirmed_commit"] = float(len(ahead))
        # A commit the child could not confirm is durable now: from here on it is the
        # state to keep (and it must be in the history like any other save).
        for report_id, counter in ahead:
            confirmed[report_id] = counter
            new.append((report_id, counter))
        for report_id, counter in new:
            expected = document_of(make_report(report_id, counter))
            row = store.db.execute(
                "select count(*) from report_versions where report_id = ? and document = ?", [report_id, expected]
            ).fetchone()
            if row[0] < 1:
                raise Violation(f"confirmed save {counter} of report {report_id} is not in the history")
    finally:
        store.close()
    backups = list_backups(path)
    if len(backups) > KEEP_BACKUPS:
        raise Violation(f"{len(backups)} backups kept, at most {KEEP_BACKUPS} allowed")
    return figures


def check_backups(path: pathlib.Path) -> int:
    backups = list_backups(path)
    for backup in backups:
        conn = sqlite3.connect(backup.as_uri() + "?mode=ro", uri=True)
        try:
            if conn.execute("pragma integrity_check").fetchall() != [("ok",)]:
                raise Violation(f"backup {backup} is damaged")
        finally:
            conn.close()
    return len(backups)


def run(kills: int, seed: int, folder: pathlib.Path, quiet: bool = False) -> dict[str, float]:
    rng = random.Random(seed)
    path = folder / "stress.db"
    open_store(path).close()  # create the schema
    confirmed: dict[int, int] = {}
    everything: list[tuple[int, int]] = []
    per_round: list[dict[str, float]] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_number in range(kills):
        proc = subprocess.Popen(
            [sys.executable, str(pathlib.Path(__file__).resolve()), "--child", str(path), str(seed * 100_000 + round_number)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8",
        )
        assert proc.stdout is not None and proc.stderr is not None
        lines: list[str] = []
        ready = threading.Event()

        def read(stream=proc.stdout, lines=lines, ready=ready) -> None:  # type: ignore[no-untyped-def]
            for line in stream:
                if line.strip() == "ready":
                    ready.set()
                else:
                    lines.append(line.strip())
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        if rng.random() < 0.15:
            time.sleep(rng.uniform(0, 0.4))  # during start-up, open, journal rollback, backup
        else:
            ready.wait(30)
            time.sleep(rng.uniform(0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(30)
        errors = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        if proc.returncode != -signal.SIGKILL:
            raise Violation(f"child ended by itself ({proc.returncode}): {errors[-2000:]}")
        new = []
        for line in lines:
            _op, report_id, counter = line.split()
            confirmed[int(report_id)] = int(counter)
            new.append((int(report_id), int(counter)))
        figures = check_file(path, confirmed, new)  # may adopt one unconfirmed commit into both
        everything.extend(new)
        figures["confirmed"] = float(len(new))
        per_round.append(figures)
        if not quiet and (round_number + 1) % 25 == 0:
            print(f"  {round_number + 1} kills, {len(everything)} confirmed saves, all intact", flush=True)
    # Finally: every confirmed save of the whole run, and every backup.
    check_file(path, confirmed, everything)
    backups = check_backups(path)
    return {
        "kills": kills,
        "confirmed_saves": len(everything),
        "median_saves_per_round": statistics.median(r["confirmed"] for r in per_round),
        "kills_with_hot_journal": sum(r["hot_journal"] for r in per_round),
        "kills_between_commit_and_confirmation": sum(r.get("unconfirmed_commit", 0) for r in per_round),
        "median_reopen_ms": statistics.median(r["reopen_ms"] for r in per_round),
        "max_reopen_ms": max(r["reopen_ms"] for r in per_round),
        "file_mb": path.stat().st_size / 1e6,
        "backups": backups,
    }


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(pathlib.Path(sys.argv[2]), int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=pathlib.Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="zeping-stress-") as tmp:
        folder = args.dir or pathlib.Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            figures = run(args.kills, args.seed, folder, quiet=args.json)
        except Violation as exc:
            print(f"VIOLATION: {exc}", file=sys.stderr)
            return 1
    figures["seconds"] = time.perf_counter() - started
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
