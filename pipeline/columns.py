"""When a gap inside one printed line is a column break.

A notice's header prints two columns on one baseline (`Số: 04/TB-UBND` | `An Phú, ngày 09
tháng 02 năm 2023`; issuer | national motto); PDF text layers, Tesseract and old Word files
laid out with tabs all hand them over as one line.  One rule for all of them: a gap wider
than `COLUMN_GAP` line heights separates columns, unless a side is too short to be a column
of its own (`Số:      /TB-UBND` is one field whose number was left blank).
"""
from __future__ import annotations

COLUMN_GAP = 2.5  # line heights
MIN_PIECE_CHARS = 4


def pieces_apart(left: str, right: str) -> bool:
    """Both sides long enough to be columns of their own."""
    return len(left.strip()) >= MIN_PIECE_CHARS and len(right.strip()) >= MIN_PIECE_CHARS


def column_break(gap: float, line_height: float, left: str, right: str) -> bool:
    """A horizontal gap of `gap` inside a line of `line_height` between `left` and `right`."""
    return gap > COLUMN_GAP * max(line_height, 1.0) and pieces_apart(left, right)
