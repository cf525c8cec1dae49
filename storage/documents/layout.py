"""The printed layout as data: GB/T 9704-2012 page, type sizes, pitches and font roles.

Every number the document writers use lives here (DOMAIN.md §7). Lengths are in
millimetres (``*_mm``) or points (1 pt = 1/72 in); font sizes are points. The writers
(storage.documents.pdf …) only read these values.

Font roles name the official face a piece of text is set in; storage.documents.fonts
turns a role into an actual font (the official one when installed, else a bundled
substitute).
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre

# Font roles (DOMAIN.md §8).
FANGSONG = "fangsong"  # 仿宋_GB2312: body text, level-3/4 headings, table cells
XIAOBIAOSONG = "xiaobiaosong"  # 方正小标宋简体: titles
HEITI = "heiti"  # 黑体: level-1 headings, 附件 label, table headers
KAITI = "kaiti"  # 楷体_GB2312: level-2 headings, the year line under the table title
SONGTI = "songti"  # 宋体: page numbers
ROLES = (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI)
ROLE_NAMES = {FANGSONG: "仿宋", XIAOBIAOSONG: "小标宋", HEITI: "黑体", KAITI: "楷体", SONGTI: "宋体"}


@dataclass(frozen=True)
class TextStyle:
    """How one kind of paragraph is set."""

    role: str
    size: float  # pt
    leading: float  # pt between baselines
    align: str = "justify"  # left / centre / right / justify
    first_indent_chars: float = 0  # in characters of this size
    space_before: float = 0  # pt
    space_after: float = 0  # pt
    keep_with_next: bool = False  # headings: never the last lines of a page
    hang_punctuation: bool = True  # a closing mark may hang at the line end (not in cells)


@dataclass(frozen=True)
class TableLayout:
    """The 项目支出绩效自评表 (national layout, DOMAIN.md §2.2)."""

    title: TextStyle
    year_line: TextStyle
    cell: TextStyle
    header_cell: TextStyle
    padding: float  # pt, all four sides of a cell
    line_width: float  # pt
    outer_line_width: float  # pt
    # Columns of the header block: label | row label | initial | annual | executed
    # | 分值 | 执行率 | 得分 (mm; the sum is the type-area width).
    head_columns_mm: tuple[float, ...]
    # Columns of the indicator block: label | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值
    # | 分值 | 得分 | 偏差原因分析及改进措施 (mm).
    indicator_columns_mm: tuple[float, ...]
    # The same on a form without scores (no 分值, no 得分): the head keeps 执行率, and
    # the width freed goes to the amounts (a 元 form's 3724055.00) and 执行率; the
    # indicators' freed width goes to their texts (三级指标, the values, the 偏差 note).
    unscored_head_columns_mm: tuple[float, ...]
    unscored_indicator_columns_mm: tuple[float, ...]

    def head_columns(self, scored: bool) -> tuple[float, ...]:
        return self.head_columns_mm if scored else self.unscored_head_columns_mm

    def indicator_columns(self, scored: bool) -> tuple[float, ...]:
        return self.indicator_columns_mm if scored else self.unscored_indicator_columns_mm


@dataclass(frozen=True)
class PageLayout:
    """A4 portrait, GB/T 9704-2012."""

    page_width_mm: float
    page_height_mm: float
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    lines_per_page: int
    chars_per_line: int
    body: TextStyle
    title: TextStyle
    headings: tuple[TextStyle, ...]  # by depth: 一、 （一） 1. （1）
    attachment_label: TextStyle  # 附件 at the top left of the attachment page
    attachment_note_blank_lines: int  # between the body and 附件：…
    seal_blank_lines: int  # above the signature, room for the seal
    signature_date_right_chars: float  # the date stands this many characters from the right
    page_number_role: str
    page_number_size: float
    page_number_gap_mm: float  # from the bottom of the type area to the top of the number
    page_number_inset_chars: float  # from the outer edge of the type area
    page_number_format: str
    # Extra space after each character of the page number, in ems: with the font's narrow
    # space alone, text extraction (pdftotext) reads "— 1 —" as "—1—".
    page_number_char_space_em: float
    table: TableLayout

    @property
    def type_width(self) -> float:
        """Width of the type area in pt (156 mm)."""
        return (self.page_width_mm - self.margin_left_mm - self.margin_right_mm) * MM

    @property
    def type_height(self) -> float:
        """Height of the type area in pt (225 mm)."""
        return (self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm) * MM

    @property
    def footer_distance_mm(self) -> float:
        """From the page's lower edge to the bottom of the page number's line, as word
        processors and spreadsheets place a footer: the number's top stands
        ``page_number_gap_mm`` under the type area."""
        return self.margin_bottom_mm - self.page_number_gap_mm - self.page_number_size / MM

    @property
    def frame_width(self) -> float:
        """Width of the type area in the page's scaled coordinates (28 body characters)."""
        return self.type_width / self.horizontal_scale

    @property
    def horizontal_scale(self) -> float:
        """Horizontal compression giving ``chars_per_line`` body characters per line.

        GB/T 9704 asks for 28 characters of 16 pt (448 pt) in a 156 mm (442.2 pt) line;
        word processors close the gap with a character grid of 15.79 pt. The writer does
        the same by setting the page content at this horizontal scale (≈ 0.987).
        """
        return min(1.0, self.type_width / (self.chars_per_line * self.body.size))


_BODY = TextStyle(FANGSONG, 16, 28.95, "justify", first_indent_chars=2)

GBT9704 = PageLayout(
    page_width_mm=210,
    page_height_mm=297,
    margin_top_mm=37,
    margin_bottom_mm=35,
    margin_left_mm=28,
    margin_right_mm=26,
    lines_per_page=22,
    chars_per_line=28,
    body=_BODY,
    title=TextStyle(XIAOBIAOSONG, 22, 36, "centre", space_after=28.95),
    headings=(
        TextStyle(HEITI, 16, 28.95, "justify", first_indent_chars=2, keep_with_next=True),
        TextStyle(KAITI, 16, 28.95, "justify", first_indent_chars=2, keep_with_next=True),
        TextStyle(FANGSONG, 16, 28.95, "justify", first_indent_chars=2, keep_with_next=True),
        TextStyle(FANGSONG, 16, 28.95, "justify", first_indent_chars=2, keep_with_next=True),
    ),
    attachment_label=TextStyle(HEITI, 16, 28.95, "left", space_after=28.95),
    attachment_note_blank_lines=1,
    seal_blank_lines=2,
    signature_date_right_chars=4,
    page_number_role=SONGTI,
    page_number_size=14,
    page_number_gap_mm=7,
    page_number_inset_chars=1,
    page_number_format="— {n} —",
    page_number_char_space_em=0.2,
    table=TableLayout(
        title=TextStyle(XIAOBIAOSONG, 22, 30, "centre"),
        year_line=TextStyle(KAITI, 16, 28.95, "centre", space_after=8),
        cell=TextStyle(FANGSONG, 10, 13, "left", hang_punctuation=False),
        header_cell=TextStyle(HEITI, 10, 13, "centre", hang_punctuation=False),
        padding=3,
        line_width=0.5,
        outer_line_width=1,
        head_columns_mm=(17, 35, 20, 20, 20, 12, 17, 15),
        indicator_columns_mm=(8, 17, 17, 30, 18, 18, 11, 13, 24),
        unscored_head_columns_mm=(17, 36, 24, 24, 24, 31),
        unscored_indicator_columns_mm=(8, 17, 17, 36, 21, 21, 36),
    ),
)
