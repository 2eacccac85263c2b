"""Segmentation: block kinds, list markers, sentences, offsets."""
import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analyse import _WORD_BEFORE, _word_before, document_from_text, parse_marker, split_sentences


@pytest.mark.parametrize("line, marker, rank", [
    ("1. Đối với UBND các xã:", "1.", 1),
    ("12) Sở Tài chính bố trí kinh phí", "12)", 1),
    ("a) Bộ Nội vụ", "a)", 2),
    ("đ) Bộ Giáo dục và Đào tạo", "đ)", 2),
    ("- Chủ động thực hiện kế hoạch", "-", 3),
    ("-Tiếp tục tuyên truyền", "-", 3),
    ("• Rà soát hồ sơ", "•", 3),
    ("+ Hoàn thành trước 30/6", "+", 3),
    ("II. NHIỆM VỤ TRỌNG TÂM", "II.", 0),
    ("2.1. Về kinh tế", "2.1.", 2),
])
def test_markers(line, marker, rank):
    found, found_rank, length = parse_marker(line)
    assert (found, found_rank) == (marker, rank)
    assert line[length:][:1].isalpha()


@pytest.mark.parametrize("line", ["31.7.2023 là hạn cuối", "2/9 là ngày Quốc khánh",
                                  "15/19 tiêu chí đã đạt", "Hội nghị giao ban", "2024 là năm bản lề"])
def test_not_markers(line):
    assert parse_marker(line)[0] is None


def test_blocks_and_sentences_index_the_text():
    doc = document_from_text(
        "THÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND huyện tại buổi làm việc\n"
        "2. Nhiệm vụ trọng tâm quý III năm 2024\n"
        "- Phòng Nội vụ tham mưu kế hoạch. TP. Vinh phối hợp thực hiện.\n"
        "Ông Trần Văn B. nói rằng xã cần chủ động! Các thôn triển khai ngay.")
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["heading", "paragraph", "heading", "item", "paragraph"]
    item = doc.blocks[3]
    assert doc.text[item.start:item.end].startswith("- Phòng")
    assert doc.text[item.body_start:].startswith("Phòng Nội vụ")
    sentences = [doc.sentence_text(s) for s in doc.sentences]
    assert "Phòng Nội vụ tham mưu kế hoạch." in sentences
    assert "TP. Vinh phối hợp thực hiện." in sentences            # `TP.` does not end a sentence
    assert "Ông Trần Văn B. nói rằng xã cần chủ động!" in sentences  # nor an initial
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == doc.sentence_text(s)
        assert doc.blocks[s.block].start <= s.start < s.end <= doc.blocks[s.block].end


def test_spacy_doc_reproduces_text():
    doc = document_from_text("Đ/c Lê Thị Mai -  Bí thư Đảng uỷ xã\n\n- Giao  UBND xã (trước 30/8).")
    assert doc.spacy.text == doc.text


def test_tokens_are_whole_syllables_with_offsets():
    doc = document_from_text("Đ/c Nguyễn Thị Huệ báo cáo 3/9 tiêu chí; Số 07-TB/BCĐ.")
    words = [t.text for t in doc.tokens]
    assert words[:4] == ["Đ/c", "Nguyễn", "Thị", "Huệ"]
    assert "3/9" in words and "07-TB/BCĐ" in words and ";" in words
    assert all(doc.text[t.start:t.end] == t.text for t in doc.tokens)


@pytest.mark.parametrize("filler", [20, 70, 300])
def test_abbreviation_dot_ends_no_sentence_however_long_the_sentence(filler):
    """The word before a dot is read from the end of the sentence, at any sentence length."""
    words = " ".join(["cán bộ"] * filler)
    for abbrev in ("TP.", "Q.", "Nguyễn V."):
        text = f"Đoàn {words} về {abbrev} Hồ Chí Minh làm việc. Sau đó đoàn về xã."
        spans = split_sentences(text)
        assert [text[s:e] for s, e in spans] == [
            f"Đoàn {words} về {abbrev} Hồ Chí Minh làm việc.", "Sau đó đoàn về xã."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["x" * 70, "!" * 40, "TP", "Q", ".", "..", "!", "…", " ", "  ", "”", ")", "Ab", "ồ"]),
                max_size=30).map("".join), st.integers(0, 40))
def test_the_bounded_look_back_finds_what_a_whole_search_finds(text, start):
    """`_word_before` tries the last 64 characters first; it must agree with a search from `start`."""
    for end in range(start, len(text) + 1):
        whole = _WORD_BEFORE.search(text, start, end)
        got = _word_before(text, start, end)
        assert (got and got.span(1)) == (whole and whole.span(1))
