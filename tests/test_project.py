"""Project-level promises: CI runs the README's test command; rule sets are all valid."""

from __future__ import annotations

import re

from conftest import ROOT

from storage.rulesets import available_rulesets, load_ruleset


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.S)


def test_ci_calls_the_readme_test_and_check_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(c for c in _readme_commands() if "pytest" in c)
    check_command = next(c for c in _readme_commands() if "mypy" in c)
    assert test_command in ci and check_command in ci
    assert "ruff check" in check_command


def test_every_bundled_ruleset_loads() -> None:
    names = available_rulesets()
    assert names[0] == "national-2020" and "hubei" in names
    for name in names:
        ruleset = load_ruleset(name)
        assert ruleset.execution_weight + ruleset.indicators_weight == (100 if ruleset.scored else 0)
