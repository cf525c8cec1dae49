"""The 项目支出绩效自评表 read from the grids of a Word or Excel file (DOMAIN.md §2.2).

Rows are recognised by the form's own words (the labels of model.fields, and the other
words real forms use for them), never by position: the project's name, department and
implementer, the money block under its header (the three money columns, weight, rate,
score), 年度总体目标 with its two texts, the indicator header (一级指标 … 偏差原因分析及改进措施),
one row per 三级指标 down to 总分. A value goes to the column whose header stands above it, so split
and merged cells, extra blank rows and a form broken into several tables read the same.
Every number goes through model.values (``15分``, ``4753.66万元``, ``—``, full-width
digits); what cannot be read is a problem, and every cell not understood is a note with
its table, row and column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from model.fields import FIGURES, FUND_COLUMN_LABELS, FUND_PARTS_LEAD, FUND_ROW_LABELS, PARTS, group_field, indicator_field
from model.fields import field as catalogue
from model.report import Group, Indicator, Report
from model.values import AMOUNT, PERCENT, SCORE, WAN_YUAN, WEIGHT, plain, read_number, read_year, text_problem
from storage.reading.grid import Grid, GridCell
from storage.reading.result import Note, shorten

# The words of the form's headings: the catalogue's label first, then what other forms write.
PROJECT_LABELS = {key: catalogue(key).headings for key in ("project.name", "project.department", "project.implementer")}
MONEY_COLUMNS = {
    "initial": (FUND_COLUMN_LABELS["initial"], "年初预算"),
    "annual": (FUND_COLUMN_LABELS["annual"], "全年预算", "调整后预算", "预算数"),
    "executed": (FUND_COLUMN_LABELS["executed"], "全年执行", "实际执行", "执行数", "实际支出"),
    "weight": (catalogue("funds.weight").label,),
    "rate": (FIGURES["execution_rate"],),
    "score": (indicator_field("score").label,),
}
FUND_ROWS = {
    "total": (FUND_ROW_LABELS["total"], "资金总额", "合计"),
    "current": (FUND_ROW_LABELS["current"], "本年财政拨款", "财政拨款", "当年财政资金"),
    "carryover": (FUND_ROW_LABELS["carryover"], "上年结转"),
    "other": (FUND_ROW_LABELS["other"],),
}
MONEY_LABEL = PARTS["funds"]
NOTE_LABELS = ("执行偏差原因分析及改进措施", "执行率偏差原因", catalogue("funds.note").label)
GOAL_LABELS = {part: catalogue(f"goal.{part}").headings for part in ("expected", "actual")}
GOAL_GROUP = catalogue("goal.expected").group
INDICATOR_COLUMNS = {key: indicator_field(key).headings
                     for key in ("level1", "level2", "name", "target", "actual", "weight", "score", "note")}
INDICATORS_LABEL = PARTS["indicators"]
TOTAL_LABELS = (FIGURES["total"], "合计", "总计", "合计得分")
GRADE_LABELS = (FIGURES["grade"], "自评等级", "评价等级", "综合评价等级", "绩效等级")
_NUMBER_KINDS = {"weight": WEIGHT, "score": SCORE, "rate": PERCENT}
GRADES = ("优", "良", "中", "差")
_YEAR_LINE = re.compile(r"[(（]?(\d{4})年度?[)）]?")
_UNIT_LINE = re.compile(r"(?:金额)?单位[:：]?(万元|元)")
_FILLED_BY = re.compile(r"(?:填报单位|单位名称|预算单位)(?:[(（]盖章[)）])?[:：](.+)")
_PARENTHESES = re.compile(r"[(（][^)）]*[)）]")


@functools.lru_cache(maxsize=8192)  # each label's words are asked for on every cell
def key(text: str) -> str:
    """A cell's words for recognising a heading: folded, without spaces, colons, stars
    or a leading 其中：."""
    folded = re.sub(r"[\s:：*＊]", "", unicodedata.normalize("NFKC", text))
    lead = re.sub(r"[\s:：]", "", unicodedata.normalize("NFKC", FUND_PARTS_LEAD))
    return folded.removeprefix(lead)


def _which(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The entry whose words ``text`` starts with (a unit in brackets left out)."""
    words = _PARENTHESES.sub("", key(text))
    if not words:
        return None
    for name, labels in table.items():
        if any(words.startswith(key(label)) for label in labels):
            return name
    return None


def is_table_title(words: str) -> bool:
    """项目支出绩效自评表 (with its year, perhaps), not the 附件 note naming it."""
    return words.endswith("自评表") and not words.startswith("附件") and len(words) <= 30


def after_label(text: str, labels: tuple[str, ...]) -> str:
    """What follows the label and a colon in one cell (项目名称：科普活动 → 科普活动); '' when
    the cell holds the label alone."""
    for label in labels:
        match = re.match(r"\s*" + r"\s*".join(map(re.escape, label)) + r"\s*(?:[(（][^)）]*[)）])?\s*[:：﹕]\s*", text)
        if match:
            return clean(text[match.end():])
    return ""


def clean(text: str) -> str:
    """A cell's text as stored: line ends as \\n, each line trimmed, no blank lines around."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").split("\n")
    return "\n".join(line.strip() for line in lines).strip()


@dataclass
class MergedFigure:
    """A 分值 or 得分 cell merged over several indicator rows: whose it is is decided when
    the whole form has been read (:meth:`FormReader.finish`)."""

    name: str  # weight / score
    value: Decimal | None
    where: str
    text: str
    cell: GridCell
    rows: list[int]  # indices in report.indicators


@dataclass
class FormReader:
    """Reads the rows of the form's grids into ``report`` (project, funds, goal, indicators)."""

    report: Report
    read: list[str] = field(default_factory=list)
    skipped: list[Note] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)
    year: int | None = None
    filled_by: str = ""  # 填报单位 written above or in the form
    found: bool = False  # the form's words were seen
    unit: str = WAN_YUAN
    _money: dict[str, tuple[int, int]] | None = None
    _goal: dict[str, tuple[int, int]] | None = None
    _goal_pending: bool = False
    _indicators: dict[str, tuple[int, int]] | None = None
    _after_total: bool = False
    _last: Indicator | None = None
    _merged: list[MergedFigure] = field(default_factory=list)

    # -- which grids hold the form -----------------------------------------------------
    @staticmethod
    def is_form(grid: Grid) -> bool:
        """Whether ``grid`` holds part of the form: two of its headings at least."""
        tables = (PROJECT_LABELS, MONEY_COLUMNS, FUND_ROWS, INDICATOR_COLUMNS, GOAL_LABELS)
        seen: set[tuple[int, str]] = set()
        for text in grid.texts():
            seen |= {(number, name) for number, table in enumerate(tables) if (name := _which(text, table))}
            if len(seen) >= 2:
                return True
        return False

    def grid(self, grid: Grid) -> None:
        for number, row in enumerate(grid.rows()):
            self._row(grid, number, row)

    # -- rows ----------------------------------------------------------------------------
    def _row(self, grid: Grid, number: int, cells: list[GridCell]) -> None:
        own = [cell for cell in cells if cell.row0 == number and cell.text.strip()]
        if not own:
            return  # a blank row, or only a merged label running down
        texts = [cell.text for cell in own]
        if self._header(own, INDICATOR_COLUMNS, ("level1", "name")):
            self._indicators = self._columns(own, INDICATOR_COLUMNS)
            self._after_total, self.found = False, True
            if "weight" not in self._indicators and "score" not in self._indicators:
                self.report.scoring = "none"  # a form without scores (format version 2)
                self.read.append("评分：表中没有分值和得分，按不评分的表导入（无总分、无等级）")
            return
        if self._indicators is not None and not self._after_total:
            if _PARENTHESES.sub("", key(texts[0])) in {key(label) for label in TOTAL_LABELS}:
                self._total(grid, number, cells)
            else:
                self._indicator(grid, number, cells)
            return
        if self._header(own, MONEY_COLUMNS, ("annual", "executed")):
            self._money = self._columns(own, MONEY_COLUMNS)
            unit = re.search(r"[(（](万元|元)[)）]", "".join(texts))
            self.unit = unit.group(1) if unit else self.unit
            self.found = True
            return
        if self._header(own, GOAL_LABELS, ("expected", "actual")):
            self._goal, self.found = self._columns(own, GOAL_LABELS), True
            self._goal_pending = True
            for cell in own:  # 预期目标：… written in the heading's own cell
                name = _which(cell.text, GOAL_LABELS)
                inline = after_label(cell.text, GOAL_LABELS[name]) if name else None
                if name and inline:
                    setattr(self.report.goal, name, self._text(grid, number, replace(cell, text=inline),
                                                               catalogue(f"goal.{name}").name))
                    self._goal_pending = False
            return
        if self._goal_pending and self._goal is not None:
            self._goal_pending = False
            self._goal_values(grid, number, cells)
            return
        if any(_which(text, PROJECT_LABELS) for text in texts):
            self._pairs(grid, number, cells)
            return
        if self._money is not None and (row := self._fund_row(own)) is not None:
            self._fund(grid, number, cells, row)
            return
        if any(key(texts[0]).startswith(key(label)) for label in NOTE_LABELS) and len(own) > 1:
            self.report.funds.note = self._text(grid, number, own[-1], catalogue("funds.note").label)
            return
        if key(texts[0]).startswith(GOAL_GROUP) and len(own) == 2:  # 年度总体目标 | the goal
            self.report.goal.expected = self._text(grid, number, own[1], catalogue("goal.expected").name)
            return
        if all([self.line(text) for text in texts]):  # every one looked at (a list, not all()'s shortcut)
            return
        if len(own) == 2 and _PARENTHESES.sub("", key(texts[0])) in {key(label) for label in GRADE_LABELS}:
            grade = key(texts[1]).removesuffix("秀")  # 优秀 is written for 优
            if grade in GRADES:
                self.report.filed.grade = grade
                self.read.append(f"{FIGURES['grade']}：原表为“{grade}”（本程序按总分重新评定，体检核对）")
                return
        self._skip(grid, number, own, "不是自评表中能识别的行，未读取")

    def line(self, text: str) -> bool:
        """A line above or in the form: its title, the year, the money unit, the unit
        filling it in. Returns whether it was one of them."""
        words = key(text)
        if is_table_title(words):
            return True
        if match := _YEAR_LINE.fullmatch(words):
            self.year = self.year or read_year(match.group(1))[0]
            return True
        if match := _UNIT_LINE.fullmatch(words):
            self.unit = match.group(1)
            return True
        if match := _FILLED_BY.match(clean(text)):
            self.filled_by = match.group(1).strip()
            return True
        return False

    @staticmethod
    def _header(own: list[GridCell], table: dict[str, tuple[str, ...]], needed: tuple[str, ...]) -> bool:
        names = {_which(cell.text, table) for cell in own}
        return all(name in names for name in needed)

    @staticmethod
    def _columns(own: list[GridCell], table: dict[str, tuple[str, ...]]) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for cell in own:
            name = _which(cell.text, table)
            if name is not None and name not in found:
                found[name] = (cell.col0, cell.col1)
        return found

    @staticmethod
    def _assign(cells: list[GridCell], columns: dict[str, tuple[int, int]]) -> tuple[dict[str, list[GridCell]], list[GridCell]]:
        """Each cell under the column whose header it starts under (else the first it
        overlaps); the cells under no column."""
        placed: dict[str, list[GridCell]] = {}
        loose = []
        for cell in cells:
            name = next((n for n, (c0, c1) in columns.items() if c0 <= cell.col0 <= c1), None) \
                or next((n for n, (c0, c1) in columns.items() if cell.overlaps(c0, c1)), None)
            if name is None:
                loose.append(cell)
            else:
                placed.setdefault(name, []).append(cell)
        return placed, loose

    # -- values --------------------------------------------------------------------------
    def _text(self, grid: Grid, row: int, cell: GridCell, label: str) -> str:
        text = clean(cell.text)
        problem = text_problem(text)
        if problem is not None:
            self.problems.append(Note(grid.place(row, cell.col0), "", f"“{label}”{problem}"))
            return ""
        return text

    def _number(self, grid: Grid, row: int, cells: list[GridCell], kind: str, label: str) -> Decimal | None:
        text = "".join(clean(cell.text) for cell in cells)
        # Amounts in the form's own unit (funds.unit): one in the other unit is refused.
        value, problem = read_number(text, kind, unit=self.unit) if kind == AMOUNT else read_number(text, kind)
        if problem is not None:
            self.problems.append(Note(grid.place(row, cells[0].col0), text, f"“{label}”{problem}"))
        return value

    def _skip(self, grid: Grid, row: int, cells: list[GridCell], reason: str) -> None:
        for cell in cells:
            if cell.text.strip():
                self.skipped.append(Note(grid.place(row, cell.col0), cell.text, reason))

    # -- the parts of the form --------------------------------------------------------------
    def _pairs(self, grid: Grid, row: int, cells: list[GridCell]) -> None:
        """label | value pairs of the project's name, department and implementer (or label：value in one cell)."""
        project = self.report.project
        index = 0
        while index < len(cells):
            cell = cells[index]
            name = _which(cell.text, PROJECT_LABELS) if cell.row0 == row else None
            if name is None:
                if cell.row0 == row:
                    self._skip(grid, row, [cell], "不是自评表中能识别的格，未读取")
                index += 1
                continue
            inline = after_label(cell.text, PROJECT_LABELS[name])
            value = cells[index + 1] if index + 1 < len(cells) else None
            if inline:
                setattr(project, name.partition(".")[2], self._text(grid, row, replace(cell, text=inline), catalogue(name).label))
                index += 1
            elif value is not None and _which(value.text, PROJECT_LABELS) is None:
                setattr(project, name.partition(".")[2], self._text(grid, row, value, catalogue(name).label))
                index += 2
            else:
                index += 1
        self.found = True

    def _fund_row(self, own: list[GridCell]) -> str | None:
        for cell in own:
            if self._money is not None and any(c0 <= cell.col0 <= c1 for c0, c1 in self._money.values()):
                continue  # a figure, not the row's label
            name = _which(cell.text, FUND_ROWS)
            if name is not None:
                return name
        return None

    def _fund(self, grid: Grid, row: int, cells: list[GridCell], name: str) -> None:
        assert self._money is not None
        placed, loose = self._assign([c for c in cells if c.row0 == row], self._money)
        funds = self.report.funds
        label = FUND_ROW_LABELS[name]
        for column in ("initial", "annual", "executed"):
            if column in placed:
                value = self._number(grid, row, placed[column], AMOUNT, f"{label}/{FUND_COLUMN_LABELS[column]}")
                setattr(funds.row(name), column, value)
        for column, attribute in (("weight", "weight"), ("rate", "declared_rate"), ("score", "declared_score")):
            if column not in placed:
                continue
            if name == "total":
                setattr(funds, attribute, self._number(grid, row, placed[column], _NUMBER_KINDS[column],
                                                       f"{label}/{MONEY_COLUMNS[column][0]}"))
            else:
                self._skip(grid, row, [c for c in placed[column] if key(c.text) not in ("—", "-", "/", "")],
                           "资金来源的分项不计分值和得分，未读取")
        self._skip(grid, row, [c for c in loose if _which(c.text, FUND_ROWS) is None and _which(c.text, {"m": (MONEY_LABEL,)}) is None],
                   "不在任何一列表头之下，未读取")

    def _goal_values(self, grid: Grid, row: int, cells: list[GridCell]) -> None:
        assert self._goal is not None
        placed, loose = self._assign([c for c in cells if c.row0 == row], self._goal)
        for name in ("expected", "actual"):
            if name in placed:
                spec = catalogue(f"goal.{name}")
                text = "\n".join(self._text(grid, row, cell, spec.name) for cell in placed[name])
                setattr(self.report.goal, name, text)
        self._skip(grid, row, [c for c in loose if key(c.text) != key(GOAL_GROUP)], "不在任何一列表头之下，未读取")

    def _indicator(self, grid: Grid, row: int, cells: list[GridCell]) -> None:
        assert self._indicators is not None
        placed, loose = self._assign(cells, self._indicators)
        values: dict[str, str] = {}
        for name, found in placed.items():
            # A merged 一级/二级 name belongs to every row it runs down; any other merged
            # cell (a note for several rows) is read once, on its first row.
            own = [cell for cell in found if cell.row0 == row or name in ("level1", "level2")]
            values[name] = ("\n" if name == "note" else "").join(clean(cell.text) for cell in own)
        if not any(values.get(name) for name in ("name", "target", "actual", "weight", "score", "note")):
            if any(values.get(name) for name in ("level1", "level2")) and any(c.row0 == row for c in cells):
                first = next(c for c in cells if c.row0 == row)
                self.skipped.append(Note(grid.place(row, first.col0), " / ".join(v for v in values.values() if v),
                                         "这一行只有指标类别，没有三级指标，未读取"))
            return
        indicator = Indicator()
        for name in ("level1", "level2"):
            text = values.get(name, "")
            if not text and self._last is not None:
                text = getattr(self._last, name)  # a blank cell under a name: the same as above
                if text:
                    self.read.append(f"{grid.place(row, self._indicators[name][0])}的{indicator_field(name).label}为空，"
                                     f"沿用上一行的“{shorten(text)}”")
            setattr(indicator, name, text)
        number = len(self.report.indicators) + 1
        for name in ("name", "target", "actual", "note"):
            if name in placed:
                own = [cell for cell in placed[name] if cell.row0 == row]
                for cell in own:
                    self._text(grid, row, cell, f"第{number}个绩效指标的{indicator_field(name).label}")
                setattr(indicator, name, values.get(name, ""))
        for name, kind in (("weight", WEIGHT), ("score", SCORE)):
            own = [cell for cell in placed.get(name, []) if cell.row0 == row]
            label = f"第{number}个绩效指标的{indicator_field(name).label}"
            if own and any(cell.row1 > row for cell in own):  # one figure for this row and those below
                text = "".join(clean(cell.text) for cell in own)
                self._merged.append(MergedFigure(name, self._number(grid, row, own, kind, label),
                                                 grid.place(row, own[0].col0), text, own[0], [number - 1]))
            elif own:
                setattr(indicator, name, self._number(grid, row, own, kind, label))
            elif placed.get(name):  # a cell merged down from a row above
                above = next((m for m in reversed(self._merged) if m.name == name and m.cell in placed[name]), None)
                if above is not None:
                    above.rows.append(number - 1)
        self._skip(grid, row, [c for c in loose if c.row0 == row and key(c.text) != INDICATORS_LABEL],
                   "不在任何一列表头之下，未读取")
        self.report.indicators.append(indicator)
        self._last = indicator

    def _total(self, grid: Grid, row: int, cells: list[GridCell]) -> None:
        """The printed 总分 and 分值 total, kept as filed (format version 2) for the 体检."""
        assert self._indicators is not None
        placed, _loose = self._assign([c for c in cells if c.row0 == row], self._indicators)
        filed = self.report.filed
        for name, attribute in (("weight", "weight_total"), ("score", "total")):
            text = "".join(clean(c.text) for c in placed.get(name, []))
            value, problem = read_number(text, SCORE)
            if problem is not None:
                self.skipped.append(Note(grid.place(row, placed[name][0].col0), text, f"总分行的数字{problem}，未读取"))
            setattr(filed, attribute, value)
        self.read.append(f"{FIGURES['total']}：原表分值合计 {plain(filed.weight_total) or '（空）'}、得分 "
                         f"{plain(filed.total) or '（空）'}（本程序按各项重新计算，体检核对）")
        self._after_total = True

    # -- after the last grid ----------------------------------------------------------------
    def finish(self) -> None:
        """Whose the merged 分值/得分 figures are. One merged over the rows of one 二级指标
        is that group's: the form is scored per group (Hubei 黄石), and the other groups'
        figures, each on one row of its group, are theirs too. One merged over rows of
        several 二级指标 is listed as not understood, never put on its first row."""
        indicators = self.report.indicators
        level2, weight, score = (group_field(key).label for key in ("level2", "weight", "score"))
        found: dict[tuple[str, str], Group] = {}
        for merged in self._merged:
            names = {(indicators[i].level1, indicators[i].level2) for i in merged.rows}
            if len(names) != 1:
                self.skipped.append(Note(merged.where, merged.text, f"{indicator_field(merged.name).label}合并了"
                                         f"{len(names)}个{level2}的{len(merged.rows)}行，不知属于哪一项，未读取"))
                continue
            (group_key,) = names
            setattr(found.setdefault(group_key, Group(*group_key)), merged.name, merged.value)
        if not found:
            return
        rows: dict[tuple[str, str], list[Indicator]] = {}
        for indicator in indicators:
            rows.setdefault((indicator.level1, indicator.level2), []).append(indicator)
        for group_key, members in rows.items():
            group = found.get(group_key) or Group(*group_key)
            for name in ("weight", "score"):
                filled = [row for row in members if getattr(row, name) is not None]
                if len(filled) > 1 or (filled and getattr(group, name) is not None):
                    self.read.append(f"{level2}“{group_key[1]}”有{len(filled)}行另填了{indicator_field(name).label}："
                                     f"按{level2}计分的表不计各行的{weight}和{score}，请核对")
                elif filled:  # the group's figure, on its one row
                    setattr(group, name, getattr(filled[0], name))
                    setattr(filled[0], name, None)
            if group.weight is not None or group.score is not None:
                found[group_key] = group
        self.report.scoring = "group"
        self.report.groups = [found[group_key] for group_key in rows if group_key in found]
        self.read.append(f"评分：{weight}和{score}按{level2}合并填写，按{level2}计分的表导入（{len(self.report.groups)} 组）")
        self.read.extend(f"{level2}“{group.level2}”（{group.level1}）：{weight} {plain(group.weight) or '（空）'}，"
                         f"{score} {plain(group.score) or '（空）'}" for group in self.report.groups)
