"""Chinese line breaking (禁则): closing marks never start a line, opening marks never
end one, numbers are not cut; one closing mark may hang in running text."""

from __future__ import annotations

from storage.documents.cjkwrap import CANNOT_END, CANNOT_START, break_lines


def _lines(text: str, per_line: int, *, hang: bool = True) -> list[str]:
    widths = [1.0 if ord(c) < 0x2E80 else 2.0 for c in text]  # half/full width
    return [line for _space, line in break_lines(text, widths, [2.0 * per_line], hang=hang)]


def test_plain_text_fills_lines() -> None:
    assert _lines("一二三四五六七八九十", 4) == ["一二三四", "五六七八", "九十"]


def test_a_single_closing_mark_hangs_in_running_text() -> None:
    lines = _lines("一二三四，五六七八", 4)
    assert lines == ["一二三四，", "五六七八"]


def test_without_hanging_the_mark_moves_down_with_the_character_before() -> None:
    assert _lines("一二三四，五六七八", 4, hang=False) == ["一二三", "四，五六", "七八"]


def test_two_closing_marks_move_down_together() -> None:
    lines = _lines("助推三高四新”。完", 6)
    assert lines == ["助推三高四", "新”。完"]
    for line in lines[1:]:
        assert line[0] not in CANNOT_START


def test_an_opening_mark_never_ends_a_line() -> None:
    lines = _lines("一二三《四五》六", 4)
    assert lines[0] == "一二三"
    assert all(line[-1] not in CANNOT_END for line in lines)


def test_numbers_and_latin_words_are_not_cut() -> None:
    assert _lines("资金为2022元", 4) == ["资金为", "2022元"]
    assert _lines("abcdefghijklmnop", 3)[0] == "abcdef"  # longer than a line: cut


def test_widths_per_line_and_unused_space() -> None:
    result = break_lines("一二三四五", [2.0] * 5, [4.0, 6.0])
    assert result == [(0.0, "一二"), (0.0, "三四五")]
