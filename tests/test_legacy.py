"""TCVN3/VNI detection and conversion, round-tripped through an encoder built from the same table."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from devcorpus import DEV_DOCS
from pipeline.legacy import detect_legacy, fix_legacy, tables

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
ALL_LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES] + ["đ"]
SENTENCES = [
    "Ủy ban nhân dân huyện Quỳnh Lưu tổ chức hội nghị sơ kết công tác quý III.",
    "Đồng chí Nguyễn Thị Hằng, Phó Chủ tịch Hội đồng nhân dân xã, chủ trì buổi làm việc.",
    "Giao Phòng Tài nguyên và Môi trường phối hợp với các xã hoàn thành trước ngày 15/9/2005.",
    "Xã Yên Thượng đã đạt 14/19 tiêu chí, còn 5 tiêu chí chưa đạt: thủy lợi, điện, trường học, y tế, môi trường.",
    "Thường trực Huyện ủy đề nghị các chi bộ tiếp tục quán triệt nghị quyết, khắc phục những tồn tại, yếu kém.",
    "Hàng tháng, Văn phòng tổng hợp kết quả, báo cáo Ban Thường vụ vào ngày 25; mọi vướng mắc phản ánh kịp thời.",
    "Công ty cổ phần xây dựng số 4 được giao nạo vét kênh mương, sửa chữa cống Bến Thủy trước mùa mưa bão.",
    "Hội Liên hiệp Phụ nữ vận động hội viên giữ gìn vệ sinh, trồng cây xanh dọc đường làng, ngõ xóm.",
    "Ông Lữ Văn Khuê, Trưởng ban Dân vận, nhấn mạnh: quyết tâm hoàn thành chỉ tiêu, nhiệm vụ được giao!",
    "Trường tiểu học Thủy Xuân đạt chuẩn quốc gia mức độ 1; nhà văn hóa thôn Đông được nâng cấp.",
]


def encode(text: str, encoding: str) -> str:
    """Unicode → legacy glyphs, the way a 2000s typist's font would store it."""
    reverse: dict[str, str] = {}
    for legacy, uni in tables()[encoding].items():  # the byte's own glyph, not a PDF's alias for it
        reverse.setdefault(uni, legacy)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(reverse[ch])
        elif encoding == "tcvn3" and ch.lower() in reverse:
            out.append(reverse[ch.lower()])  # toned capitals: the .VnTimeH font on lower-case bytes
        else:
            out.append(ch)
    return "".join(out)


def test_tables_cover_every_vietnamese_letter():
    for encoding in ("tcvn3", "vni"):
        values = set(tables()[encoding].values())
        missing = [ch for ch in ALL_LOWER if ch not in values and not ch.isascii()]
        assert not missing, (encoding, missing)
    vni_upper = set(tables()["vni"].values())
    assert all(ch.upper() in vni_upper for ch in ALL_LOWER if not ch.isascii())


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_every_vowel_and_tone(encoding: str):
    text = " ".join(f"ngh{ch}n" if ch != "đ" else "đi" for ch in ALL_LOWER)
    legacy = encode(text, encoding)
    assert legacy != text
    assert detect_legacy(legacy) == encoding
    converted, warning = fix_legacy(legacy)
    assert converted == text and warning


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_sentences(encoding: str):
    text = "\n".join(SENTENCES)
    legacy = encode(text, encoding)
    assert detect_legacy(legacy) == encoding
    assert fix_legacy(legacy)[0] == text


@pytest.mark.parametrize("sentence", SENTENCES)
def test_single_sentences_detected(sentence: str):
    for encoding in ("tcvn3", "vni"):
        assert fix_legacy(encode(sentence, encoding)) == (sentence, fix_legacy(encode(sentence, encoding))[1])
        assert detect_legacy(encode(sentence, encoding)) == encoding


def test_vni_capitals_round_trip():
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
    assert fix_legacy(encode(text, "vni")) [0] == text


def test_tcvn3_capital_lines_and_words_restored():
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "UBND HUYỆN ĐÔNG SƠN báo cáo kết quả thực hiện nhiệm vụ năm 2004.")
    legacy = encode(text, "tcvn3")
    assert "Ö" in legacy  # ệ and Ệ share a byte
    assert fix_legacy(legacy)[0] == text


def test_known_mojibake_forms():
    assert fix_legacy("§ång chÝ", "tcvn3")[0] == "Đồng chí"
    assert fix_legacy("Ñoàng chí", "vni")[0] == "Đồng chí"


DEV_TEXTS = sorted(DEV_DOCS.glob("*.txt"))


@pytest.mark.parametrize("path", DEV_TEXTS, ids=lambda p: p.name)
def test_unicode_vietnamese_never_detected(path: Path):
    text = path.read_text(encoding="utf-8")
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)
    assert not [line for line in text.splitlines() if detect_legacy(line, lenient=True)]


@pytest.mark.parametrize("text", [
    "The People's Committee held a meeting on 12 March; 15/19 criteria were met. © 2024 Portal, 25°C, ½ day.",
    "Herr Müller übergab die Größe der Fläche an Frau Schäfer; Ärger über Öl und Süßwaren.",
    "El señor Núñez visitó la región de Peñíscola; mañana el niño irá a España.",
    "Naïve Noël: le garçon mangeait du maïs à Saint-Étienne, où l'été était très sec.",
    "Bjørn og Åse bor i Tromsø; Søren spiste rødgrød med fløde.",
    "Hoà, Thuý, Khoá, Uỷ ban — tone marks on the old positions: hoà thuận, thuỷ lợi, uỷ viên, khoẻ mạnh.",
    "",
])
def test_other_text_never_detected(text: str):
    assert detect_legacy(text) is None


@pytest.mark.parametrize("text,expected", [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "tcvn3"),
    ("Độc lập - Tự do - Hạnh phúc", "tcvn3"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "vni"),
    ("Ủy ban nhân dân xã Đông Hòa", "vni"),
])
def test_lenient_detection_of_one_letterhead_line(text: str, expected: str):
    legacy = encode(text, expected)
    assert detect_legacy(legacy, lenient=True) == expected
    assert fix_legacy(legacy, expected)[0] == text


def test_pdf_glyph_names_of_tcvn3_bytes_convert():
    """PDF text layers of .VnTime documents name the ư and ã glyphs minus and bullet operator."""
    legacy = "Thñ t\u2212íng quyÕt ®Þnh b\u2219i bá quü b¶o l\u2219nh"
    assert detect_legacy(legacy) == "tcvn3"
    assert fix_legacy(legacy, "tcvn3")[0] == "Thủ tướng quyết định bãi bỏ quỹ bảo lãnh"


@pytest.mark.parametrize("text", [
    "Herr Müller über Größe", "El señor Núñez, mañana", "Naïve Noël, maïs", "Bjørn og Åse i Tromsø",
    "Ủy ban nhân dân xã Đông Hòa", "UBND HUYỆN ĐÔNG SƠN", "Tổng số: 15 ½ ngày, 25°C, © 2024",
])
def test_lenient_detection_ignores_unicode_and_european_lines(text: str):
    assert detect_legacy(text, lenient=True) is None
