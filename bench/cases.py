"""The reports the benchmarks use, made the same way every time."""

from __future__ import annotations

import dataclasses
import pathlib
import sys
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from model.report import Indicator, Report, Section  # noqa: E402
from storage.sample import sample_report  # noqa: E402

SENTENCE = "今年区科协组织开展科普活动，下达预算资金28万元，到位率为100％，执行率为100%。"


def large_report(indicators: int = 300) -> Report:
    """The sample grown to ``indicators`` indicators and ~200 KB of narrative (with 300
    indicators its 体检 finds 7,399 things)."""
    report = sample_report()
    rows = []
    forms = [("≥5次", "6次"), ("≤28万元", "30万元"), ("=100%", "98%"), ("逐年提升", "明显提升"), ("2022年12月31日前", "2022年11月1日")]
    levels = [("产出指标", "数量指标"), ("产出指标", "成本指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("产出指标", "时效指标")]
    for i in range(indicators):
        target, actual = forms[i % 5]
        level1, level2 = levels[i % 5]
        rows.append(Indicator(level1, level2, f"指标{i}", target, actual, Decimal("0.3"), None, "达成" if i % 5 == 3 else None, ""))
    paragraph = SENTENCE * 10
    sections = [Section(None, f"小节{i}", "\n".join([paragraph] * 4)) for i in range(60)]
    return dataclasses.replace(report, indicators=rows, sections=report.sections + sections)


def long_note_report(characters: int = 100_000) -> Report:
    """The sample with one indicator's 偏差原因分析 ``characters`` long (one paragraph)."""
    report = sample_report()
    report.indicators[0].note = (SENTENCE * (characters // len(SENTENCE) + 1))[:characters]
    return report
