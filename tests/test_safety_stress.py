"""kill -9 while saving: bench/stress_kill.py, short in the normal suite, ≥ 200 kills when `-m slow`.

The full run is selected only by a marker expression naming `slow` without `not`, e.g.
``python -m pytest -m slow``; ``-m "not gui"`` keeps the suite fast.
"""

from __future__ import annotations

import json
import pathlib
import signal
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "stress_kill.py"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")


def run_stress(kills: int, seed: int, folder: pathlib.Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--kills", str(kills), "--seed", str(seed), "--dir", str(folder), "--json"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["kills"] == kills
    assert figures["confirmed_saves"] > 0
    assert 1 <= figures["backups"] <= 10
    return figures


def test_kill_during_saves_short(tmp_path: pathlib.Path) -> None:
    figures = run_stress(12, seed=7, folder=tmp_path)
    assert figures["confirmed_saves"] >= 12


@pytest.mark.slow
def test_kill_during_saves_full(tmp_path: pathlib.Path) -> None:
    figures = run_stress(200, seed=1, folder=tmp_path)
    assert figures["kills_with_hot_journal"] > 0  # some kills did land inside a commit
