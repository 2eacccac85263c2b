"""`fold`, the one comparison key: what it unifies, and that it matches its definition."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.text import DASHES, TONE_MARKS, first_char_gate, fold, unify_dashes


def _reference_fold(text: str) -> str:
    """fold as its docstring defines it, one word at a time (slow, obviously right)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join("-" if c in DASHES else c for c in text).lower()
    text = re.sub(r"\s+", " ", text).strip()

    def word(m: re.Match) -> str:
        nfd = unicodedata.normalize("NFD", m.group())
        tones = "".join(c for c in nfd if c in TONE_MARKS)
        return unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONE_MARKS)) + tones

    return re.sub(r"[^\W\d_]+", word, text)


def test_tone_placement_case_dashes_and_spaces_fold_alike() -> None:
    assert fold("Ủy ban nhân dân xã Hòa Bình") == fold("UỶ BAN NHÂN DÂN XÃ HOÀ BÌNH")
    assert fold("Thuỷ  lợi\t–\u00a0Đê điều") == fold("thủy lợi - đê điều")
    assert fold("  Phó\nChủ tịch \u2014 UBND  ") == fold("phó chủ tịch - ubnd")
    assert fold("Quyết định 12/QĐ‐UBND") == fold("quyết định 12/qđ-ubnd")


def test_fold_keeps_what_differs() -> None:
    assert fold("Hòa") != fold("Hoa")          # a tone is a different word
    assert fold("sở") != fold("số")            # so is a vowel mark
    assert fold("x1 ẩ2") == "x1 \u00e2\u03092"  # digits split words; the tone moves to the end
    assert fold("") == fold(None) == ""


def test_unify_dashes_maps_every_dash_and_nothing_else() -> None:
    assert unify_dashes("a\u2013b\u2014c\u2212d\u2010e") == "a-b-c-d-e"
    assert unify_dashes("Hà Nội - 2024_x") == "Hà Nội - 2024_x"


PIECES = st.sampled_from(["Ủy", "ủy", "UỶ", "hoà", "Hòa", "xã", "Đắk", "Lắk", "12", "3/4", "_",
                          "İ", "ß", "ǅ", "e\u0301", "a\u0323\u0302", "\u0300", "Ω", "ά", "日本",
                          " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\x1c", *DASHES, ",", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=25).map("".join))
def test_fold_equals_its_definition(text: str) -> None:
    assert fold(text) == _reference_fold(text)


def test_first_char_gate_admits_exactly_the_words_first_characters() -> None:
    gate = re.compile(first_char_gate(["UBND", "HĐND", "TP.", "đ/c", "", "[x]"]))
    assert [c for c in "UHTđ[abuĐ" if gate.match(c)] == ["U", "H", "T", "đ", "["]
