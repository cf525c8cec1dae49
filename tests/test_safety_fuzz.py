"""Mutants of the sample report, as an adversary makes them (issue 9): hostile values in
random places. Each is either taken — and then stored, read back, scored, audited and
exported as JSON exactly — or refused with one line of Chinese plus a code, and nothing
else ever happens (no traceback, no other exception). Seeded, so a failure repeats.

A few hundred mutants in the normal run; a few thousand with ``-m slow``.
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT, SAMPLE_JSON, digest

from main import visible
from model.audit import audit
from model.errors import InputRefused
from model.scoring import score_report
from storage.interchange import dumps, loads
from storage.rulesets import resolve_ruleset
from storage.store import open_store

BASE: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))

HOSTILE: list[Any] = [
    None, True, False, 0, -1, 1.5, 10**30, -(10**30), "", " ", "\t", "\n", "\r\n", "\r", "\x00", "\x1b[31m",
    "\u2028", "\u2029", "\u0085", "\ud800", "\udfff", "😀", "𠀀", "﻿", "ｱ", "Ⅷ", "①", "²", "٣", "１．５",
    "—", "-", "/", "／", "无", "不适用", "15分", "65.12%", "100％", "3,724,055.00", "1,2", "4753.66万元", "45万",
    "3元", "1e99999999999999999999", "-1e999", "1E+2", "NaN", "Infinity", "-0", "0.0000001", "9" * 4301,
    "2020年度", "2023年4月17日", "2023.6.28", "2023/6/28", "2023-02-30", "≧5次", "≦28万元", "═100%", "不少于800篇",
    "逐年提升", "0起", "3起", "≥", "≤≤", "%", "万", "达成", "部分达成", "优秀", "<script>", "&amp;", "'", '"',
    "\\", "a" * 5000, "科" * 2000, [], {}, [1, 2], {"a": 1}, [[[]]], {"format": "zeping-report"},
]
KEYS = ["format", "version", "unit", "year", "kind", "ruleset", "title", "preamble", "project", "funds", "goal",
        "indicators", "sections", "attachments", "signature", "extra"]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place a value can be put (object keys and list items, at every depth)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


PATHS = list(_paths(BASE))


def mutant(rng: random.Random) -> str:
    """The sample with one to three hostile changes, as JSON text (sometimes not JSON)."""
    data = copy.deepcopy(BASE)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(PATHS)
        target = data
        try:
            for key in path[:-1]:
                target = target[key]
            action = rng.random()
            if action < 0.8:
                target[path[-1]] = copy.deepcopy(rng.choice(HOSTILE))
            elif action < 0.9 and isinstance(target, dict):
                del target[path[-1]]
            else:
                target[path[-1]] = str(target[path[-1]]) + rng.choice([h for h in HOSTILE if isinstance(h, str)])
        except (KeyError, IndexError, TypeError):
            continue
    if rng.random() < 0.1:
        data[rng.choice(KEYS)] = copy.deepcopy(rng.choice(HOSTILE))
    text = json.dumps(data, ensure_ascii=rng.random() < 0.3)
    if rng.random() < 0.05:  # broken JSON, numbers JSON cannot hold
        text = rng.choice([text[: rng.randint(0, len(text))], text.replace('"43"', "1e99999999999999999999", 1),
                           text.replace('"2022"', "9" * 5000, 1), text + "}"])
    return text


def check_one(text: str) -> str:
    """'taken' or 'refused'; any other outcome fails the test."""
    try:
        report = loads(text)
    except InputRefused as refusal:
        line = visible(f"{refusal.message}（{refusal.code}）")
        assert "\n" not in line and "\r" not in line and "\x1b" not in line
        assert any("\u4e00" <= char <= "\u9fff" for char in line)
        assert refusal.code.startswith("input.")
        return "refused"
    again = dumps(report)
    assert dumps(loads(again)) == again  # canonical: stored exactly
    ruleset, _note = resolve_ruleset(report.ruleset)
    scores = score_report(report, ruleset)
    assert isinstance(scores.total, Decimal)
    audit(report, ruleset, scores)
    return "taken"


def _run(count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    outcomes = {"taken": 0, "refused": 0}
    for _ in range(count):
        outcomes[check_one(mutant(rng))] += 1
    return outcomes


def test_a_few_hundred_mutants() -> None:
    outcomes = _run(300, seed=20261129)
    assert outcomes["taken"] > 30 and outcomes["refused"] > 30  # both paths are exercised


@pytest.mark.slow
def test_a_few_thousand_mutants() -> None:
    outcomes = _run(4000, seed=9)
    assert outcomes["taken"] > 400 and outcomes["refused"] > 400


def test_taken_mutants_survive_the_store(tmp_path) -> None:
    rng = random.Random(7)
    taken = []
    while len(taken) < 25:
        text = mutant(rng)
        try:
            taken.append(loads(text))
        except InputRefused:
            continue
    with open_store(tmp_path / "fuzz.db") as store:
        ids = store.add_many(taken)
        for report_id, report in zip(ids, taken, strict=True):
            assert dumps(store.load(report_id)) == dumps(report)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_mutants_through_the_command_line(tmp_path, sample_db, seed) -> None:
    rng = random.Random(seed)
    source = tmp_path / "mutant.json"
    source.write_text(mutant(rng), encoding="utf-8", errors="surrogatepass")
    before = digest(sample_db)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(sample_db), str(source)],
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert result.stdout.strip().isdigit()
    else:
        assert result.returncode in (1, 2) and len(result.stderr.strip().splitlines()) == 1
        assert digest(sample_db) == before
