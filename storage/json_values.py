"""Reading the values of a JSON file the way the report importer does: each refused with
one Chinese sentence naming the field by its words and its JSON path
(“第4个绩效指标/分值”（indicators[3].weight）), each string cell read by the one
typed-value reader (model.values). Nothing here knows the report's shape."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from model.errors import InputRefused
from model.fields import json_path_words
from model.values import AMOUNT, WAN_YUAN, read_amount, read_date, read_number, text_problem

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import Any


def field_label(path: str) -> str:
    """indicators[3].weight → “第4个绩效指标/分值”（indicators[3].weight）."""
    parts = [(name, int(index) if index else None) for name, index in re.findall(r"([a-z0-9_]+)(?:\[(\d+)\])?", path)]
    return f"“{'/'.join(json_path_words(parts))}”（{path}）"


def refuse(path: str, problem: str) -> InputRefused:
    return InputRefused(f"{field_label(path)}{problem}", "input.bad-field")


def read_text(value: Any, path: str, *, required: bool = False) -> str:
    if value is None:
        if required:
            raise refuse(path, "不能为空")
        return ""
    if not isinstance(value, str):
        raise refuse(path, f"应是文字，实际是 {type(value).__name__}")
    if required and not value.strip():
        raise refuse(path, "不能为空")
    text: str = value.replace("\r\n", "\n")  # written on Windows; a lone \r stays refused
    problem = text_problem(text)
    if problem is not None:
        raise refuse(path, problem)
    return text


def check_text(value: str, path: str) -> str:
    """The same rules for text typed in the window or stored (control characters refused)."""
    return read_text(value, path)


class Unreadable:
    """A JSON number Decimal cannot hold (1e99999999999999999999): refused by the field check."""

    def __init__(self, text: str) -> None:
        self.text = text


def json_number(text: str) -> Decimal | Unreadable:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return Unreadable(text)


def read_cell(value: Any, path: str, kind: str = AMOUNT, unit: str = WAN_YUAN) -> Decimal | None:
    """A number of the report: JSON numbers as they are, strings through the typed-value
    reader (model.values: 15分, 65.12%, 3,724,055.00, — for not applicable)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise refuse(path, "应是数字，实际是真假值")
    if isinstance(value, Unreadable):
        raise refuse(path, f"数值过大或无法读取：{value.text[:40]!r}")
    if isinstance(value, (int, Decimal)):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise refuse(path, f"应是数字，实际是 {type(value).__name__}")
    number, problem = read_number(text, kind, unit=unit) if isinstance(value, str) else read_amount(text)
    if problem == "不是数字":
        problem = f"不是数字：{str(value)[:40]!r}"
    if problem is not None:
        raise refuse(path, problem)
    return number


def read_object(value: Any, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise refuse(path, "应是对象（{…}）")
    return value


def read_list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise refuse(path, "应是列表（[…]）")
    return value


def read_choice(value: Any, path: str, choices: tuple[str, ...], default: str | None) -> str | None:
    if value is None:
        return default
    if not isinstance(value, str) or value not in choices:
        raise refuse(path, f"应为 {'、'.join(choices)} 之一，实际是“{str(value)[:20]}”")
    return value


def read_iso_date(value: Any, path: str) -> datetime.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise refuse(path, "应是日期文字，如 2023-04-17")
    date, problem = read_date(value)
    if problem is not None:
        raise refuse(path, f"不是有效日期：“{value[:20]}”，应写成 2023-04-17")
    return date


def read_paragraphs(value: Any, path: str) -> list[str]:
    return [read_text(item, f"{path}[{i}]") for i, item in enumerate(read_list(value, path))]
