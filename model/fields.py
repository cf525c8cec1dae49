"""The field catalogue: every value of a report declared once, with its Chinese label.

A field is named by its dotted path on :class:`model.report.Report` (``project.name``,
``funds.total.annual``), the same id a finding's ``Place.field`` carries. The window's
forms, the history's compare view, the audit's and the importer's messages and the
document writers all take labels, kinds and form parts from here (like qutebrowser's
``configdata.yml``): adding a field to a form is this catalogue, the dataclass and a test.

Indicator rows, 二级指标 groups and sections are lists; their columns are declared here
too (:data:`INDICATOR_FIELDS`, :data:`GROUP_FIELDS`, :data:`SECTION_FIELDS`), as are the
words for the parts of a report file (:data:`PARTS`) the importer names in its messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.report import FUND_COLUMNS, FUND_ROWS, Report

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import Any

# The window's tabs, in order: the form parts every field belongs to.
TABS = {"overview": "概况", "funds": "资金使用", "targets": "绩效目标", "issues": "问题与改进"}

# Kinds of value: how a field is typed, read (model.values) and shown.
LINE, TEXT, LINES, CHOICE = "line", "text", "lines", "choice"
YEAR, DATE = "year", "date"
SUBTOTALS = "subtotals"  # 一级 name → score, as a form prints its subtotals
AMOUNT, WEIGHT, SCORE, PERCENT = "amount", "weight", "score", "percent"
NUMBER_KINDS = (AMOUNT, WEIGHT, SCORE, PERCENT)


@dataclass(frozen=True)
class Field:
    """One value of the report."""

    key: str  # dotted path on Report (for indicator and section columns: the attribute)
    label: str  # the form's own words: 项目名称, 全年预算数
    kind: str
    tab: str  # the form part (a key of TABS) the field is edited on
    required: bool = False
    clears_next_year: bool = False  # 从上年复制 empties it: only the new year can tell
    group: str = ""  # the heading it stands under on the form: 年度资金总额, 年度总体目标
    placeholder: str = ""
    json: str = ""  # its path in the report JSON when that differs from ``key``
    aliases: tuple[str, ...] = ()  # other words real forms head it with (read from Word/Excel)

    @property
    def name(self) -> str:
        """The label with its group, as messages name it: 年度资金总额 / 全年预算数."""
        return f"{self.group} / {self.label}" if self.group else self.label

    @property
    def headings(self) -> tuple[str, ...]:
        """Every word a form may head this field with, its own label first."""
        return (self.label, *self.aliases)

    @property
    def json_path(self) -> str:
        return self.json or self.key


FUND_ROW_LABELS = {"total": "年度资金总额", "current": "当年财政拨款", "carryover": "上年结转资金", "other": "其他资金"}
FUND_COLUMN_LABELS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数"}
FUND_PARTS_LEAD = "其中："  # printed before 当年财政拨款: the rows below are parts of the total
FILED_GROUP = "原表所印"  # figures the form printed, kept only so the audit can check them

FIELDS: tuple[Field, ...] = (
    Field("unit", "单位", LINE, "overview", required=True, placeholder="如：益阳市资阳区科学技术协会"),
    Field("year", "评价年度", YEAR, "overview", required=True, placeholder="如：2022"),
    Field("ruleset", "评分规则", CHOICE, "overview"),
    Field("project.name", "项目名称", LINE, "overview", required=True),
    Field("project.department", "主管部门", LINE, "overview", required=True, aliases=("主管单位",)),
    Field("project.implementer", "实施单位", LINE, "overview", required=True, aliases=("项目实施单位", "项目单位")),
    Field("title", "报告标题", LINE, "overview", placeholder="留空或不改动时按年度、单位、项目名称生成"),
    Field("preamble", "开头语", TEXT, "overview", placeholder="为切实做好……现将……报告如下："),
    *(
        Field(f"funds.{row}.{column}", FUND_COLUMN_LABELS[column], AMOUNT, "funds",
              clears_next_year=column == "executed", group=FUND_ROW_LABELS[row])
        for row in FUND_ROWS for column in FUND_COLUMNS
    ),
    Field("funds.arrived", "到位资金", AMOUNT, "funds", clears_next_year=True),
    Field("funds.weight", "分值", WEIGHT, "funds", group="预算执行率"),
    Field("funds.declared_rate", "原表填报的执行率", PERCENT, "funds", clears_next_year=True,
          placeholder="仅供核对，可留空", json="funds.declared.rate"),
    Field("funds.declared_score", "原表填报的执行率得分", SCORE, "funds", clears_next_year=True,
          placeholder="仅供核对，可留空", json="funds.declared.score"),
    Field("funds.note", "执行率偏差说明", TEXT, "funds", clears_next_year=True,
          placeholder="执行率低于规定时说明原因和改进措施"),
    Field("funds.unit", "金额单位", CHOICE, "funds"),
    Field("goal.expected", "预期目标", TEXT, "targets", group="年度总体目标", aliases=("年度目标",)),
    Field("goal.actual", "实际完成情况", TEXT, "targets", clears_next_year=True, group="年度总体目标"),
    Field("filed.total", "原表总分", SCORE, "targets", clears_next_year=True, group=FILED_GROUP,
          placeholder="原表印的总分，仅供核对"),
    Field("filed.grade", "原表等级", LINE, "targets", clears_next_year=True, group=FILED_GROUP,
          placeholder="如：优"),
    Field("filed.weight_total", "原表分值合计", WEIGHT, "targets", clears_next_year=True, group=FILED_GROUP,
          placeholder="一般为 100"),
    Field("filed.level1", "原表一级指标小计", SUBTOTALS, "targets", clears_next_year=True, group=FILED_GROUP,
          placeholder="如：产出指标 48；效益指标 29"),
    Field("attachments", "附件", LINES, "issues", placeholder="如：2022年度项目支出绩效自评表"),
    Field("signature.unit", "落款单位", LINE, "issues", required=True),
    Field("signature.date", "落款日期", DATE, "issues", required=True, clears_next_year=True,
          placeholder="如：2023年4月17日"),
)

# The columns of an indicator row (a 三级指标 of the score table), in the paper's order.
INDICATOR_FIELDS: tuple[Field, ...] = (
    Field("level1", "一级指标", LINE, "targets"),
    Field("level2", "二级指标", LINE, "targets"),
    Field("name", "三级指标", LINE, "targets"),
    Field("target", "年度指标值", LINE, "targets", aliases=("指标值", "年度目标值", "目标值", "预期指标值")),
    Field("actual", "实际完成值", LINE, "targets", clears_next_year=True, aliases=("实际值", "全年实际值", "完成值", "实际完成")),
    Field("weight", "分值", WEIGHT, "targets", aliases=("权重",)),
    Field("score", "得分", SCORE, "targets", clears_next_year=True, aliases=("自评得分",)),
    Field("band", "评价档次", CHOICE, "targets", clears_next_year=True),
    Field("note", "偏差原因分析及改进措施", TEXT, "targets", clears_next_year=True,
          aliases=("偏差原因", "未完成原因", "原因分析", "备注")),
    Field("direction", "方向", CHOICE, "targets"),
)

# The columns of a 二级指标 group (forms scored per group, Hubei 黄石).
GROUP_FIELDS: tuple[Field, ...] = (
    Field("level1", "一级指标", LINE, "targets"),
    Field("level2", "二级指标", LINE, "targets"),
    Field("weight", "分值", WEIGHT, "targets"),
    Field("score", "得分", SCORE, "targets", clears_next_year=True),
)

SECTION_FIELDS: tuple[Field, ...] = (
    Field("key", "章节键", CHOICE, "overview"),
    Field("title", "标题", LINE, "overview"),
    Field("text", "正文", TEXT, "overview"),
)

# Figures the program computes (never typed), as forms and tables head them.
FIGURES = {
    "execution_rate": "执行率",
    "execution_score": "执行率得分",
    "arrival_rate": "到位率",
    "suggested": "建议得分",
    "weight_total": "分值合计",
    "total": "总分",
    "grade": "等级",
}

# Words for the parts of a report (and its JSON file) that are not single values.
PARTS = {
    "project": "项目",
    "funds": "项目资金",
    "declared": "填报值",
    "goal": "年度总体目标",
    "indicators": "绩效指标",
    "sections": "章节",
    "children": "下级章节",
    "attachments": "附件",
    "signature": "落款",
    "kind": "报告类型",
    "format": "文件格式",
    "version": "格式版本",
    "scoring": "评分方式",
    "groups": "二级指标分组",
    "filed": FILED_GROUP,
    "blank_scores": "空白得分的含义",
    "carried": "上年内容",
    **{row: label for row, label in FUND_ROW_LABELS.items()},
}

_BY_KEY = {f.key: f for f in FIELDS}
_INDICATOR_BY_KEY = {f.key: f for f in INDICATOR_FIELDS}
_GROUP_BY_KEY = {f.key: f for f in GROUP_FIELDS}


def field(key: str) -> Field:
    """The report-level field ``key`` (KeyError for an unknown one: a bug)."""
    return _BY_KEY[key]


def indicator_field(key: str) -> Field:
    return _INDICATOR_BY_KEY[key]


def group_field(key: str) -> Field:
    return _GROUP_BY_KEY[key]


def fields_of(tab: str) -> tuple[Field, ...]:
    """The report-level fields edited on ``tab``, in form order."""
    return tuple(f for f in FIELDS if f.tab == tab)


def get_value(report: Report, key: str) -> Any:
    """The value of the field ``key`` (a dotted path) in ``report``."""
    value: Any = report
    for part in key.split("."):
        value = getattr(value, part)
    return value


def set_value(report: Report, key: str, value: Any) -> None:
    *parents, last = key.split(".")
    target: Any = report
    for part in parents:
        target = getattr(target, part)
    setattr(target, last, value)


def blank_value(spec: Field) -> Any:
    """What an empty field of this kind holds."""
    if spec.kind in (LINE, TEXT):
        return ""
    if spec.kind == LINES:
        return []
    if spec.kind == SUBTOTALS:
        return {}
    return None


def _json_words() -> dict[str, str]:
    """Each JSON path (without list indices) → the word for its last part."""
    words = {**PARTS}
    for f in FIELDS:
        words[f.json_path] = f.label
    for prefix, specs in (("indicators", INDICATOR_FIELDS), ("groups", GROUP_FIELDS), ("sections", SECTION_FIELDS),
                          ("children", SECTION_FIELDS)):
        for spec in specs:  # sub-sections (children) have the sections' columns
            words[f"{prefix}.{spec.key}"] = spec.label
    for row in FUND_ROWS:
        for column in FUND_COLUMNS:
            words[f"{row}.{column}"] = FUND_COLUMN_LABELS[column]
    words["declared.rate"] = FIGURES["execution_rate"]
    words["declared.score"] = "得分"
    return words


JSON_WORDS = _json_words()


def json_path_words(parts: list[tuple[str, int | None]]) -> list[str]:
    """Words for a JSON path given as (key, list index or None) parts:
    indicators[3].weight → ['第4个绩效指标', '分值']."""
    words = []
    for i, (name, index) in enumerate(parts):
        two = ".".join(p for p, _ in parts[max(0, i - 1): i + 1])
        word = JSON_WORDS.get(".".join(p for p, _ in parts[: i + 1])) or JSON_WORDS.get(two) or JSON_WORDS.get(name, name)
        words.append(f"第{index + 1}个{word}" if index is not None else word)
    return words
