"""Readers on real-looking files: the bundled corpus in every format, plus files built here."""
from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.readers import ReadError, read_bytes

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted((CORPUS / "txt").glob("*.txt"))
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TONES = "\u0300\u0301\u0303\u0309\u0323"


def norm(paragraphs) -> list[str]:
    """Paragraph texts modulo Unicode form and whitespace (what wrapping may change)."""
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFC", p.text)).strip() for p in paragraphs]


def read(path: Path):
    return read_bytes(str(path), path.read_bytes())


# ------------------------------------------------------------ corpus formats
def test_corpus_has_every_rendering():
    assert len(SEEDS) == 5
    for seed in SEEDS:
        assert (CORPUS / "docx" / f"{seed.stem}.docx").exists()
        assert (CORPUS / "pdf" / f"{seed.stem}.pdf").exists()
    assert len(list((CORPUS / "html").glob("*.html"))) >= 1


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_same_paragraphs_in_every_format(seed: Path, fmt: str):
    other = CORPUS / fmt / f"{seed.stem}.{fmt}"
    if not other.exists():
        assert fmt == "html"  # only some seeds have a portal page
        return
    expected = norm(read(seed).paragraphs)
    result = read(other)
    assert result.format == fmt
    assert norm(result.paragraphs) == expected


def test_corpus_docx_markers_come_from_word_numbering():
    import docx

    path = next((CORPUS / "docx").glob("003_*.docx"))
    raw_texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert not any(t.startswith(("1. ", "- ")) for t in raw_texts)  # Word keeps markers outside the text
    paragraphs = read(path).paragraphs
    numbered = [(p.marker, p.level) for p in paragraphs if p.marker]
    assert [m for m, lvl in numbered if lvl == 0] == ["1.", "2.", "1.", "2.", "3.", "4.", "5."]
    assert {m for m, lvl in numbered if lvl == 1} == {"-"}  # a "•" bullet glyph reads as "-"
    assert all(p.text.startswith(p.marker + " ") for p in paragraphs if p.marker)


def test_pdf_paragraph_pages_and_rejoined_lines():
    path = next((CORPUS / "pdf").glob("000_*.pdf"))
    result = read(path)
    pages = [p.page for p in result.paragraphs]
    assert result.pages == 5 and pages == sorted(pages) and set(pages) == {1, 2, 3, 4, 5}
    longest = max(result.paragraphs, key=lambda p: len(p.text))
    assert len(longest.text) > 400 and "\n" not in longest.text  # wrapped lines joined with spaces


def test_html_portal_keeps_article_only():
    for path in (CORPUS / "html").glob("*.html"):
        result = read(path)
        text = "\n".join(p.text for p in result.paragraphs)
        for chrome in ("Trang chủ", "Tìm kiếm", "Tin liên quan", "Bản quyền", "track(", "dataLayer", "font-family"):
            assert chrome not in text, (path.name, chrome)
        assert result.paragraphs[0].style == "heading"


# ---------------------------------------------------------------------- txt
SAMPLE = ("Thông báo kết luận của Chủ tịch UBND huyện\n"
          "Giao Phòng Tài nguyên và Môi trường chủ trì, hoàn thành trước ngày 30/8/2024.\n"
          "Xã Quỳnh Hưng đạt 17/19 tiêu chí; ủy quyền cho đồng chí Phó Chủ tịch.\n")


def cp1258_bytes(text: str) -> bytes:
    """Encode like a Windows-1258 editor: base letters precomposed, tones as combining bytes."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
            out += (base + "".join(c for c in nfd if c in TONES)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding,data", ids=lambda v: v if isinstance(v, str) else "", argvalues=[
    ("utf-8", SAMPLE.encode("utf-8")),
    ("utf-8-bom", SAMPLE.encode("utf-8-sig")),
    ("utf-16-bom", SAMPLE.encode("utf-16")),
    ("utf-16-be-bom", b"\xfe\xff" + SAMPLE.encode("utf-16-be")),
    ("utf-16-le-nobom", SAMPLE.encode("utf-16-le")),
    ("utf-16-be-nobom", SAMPLE.encode("utf-16-be")),
    ("cp1258", cp1258_bytes(SAMPLE)),
])
def test_txt_encodings_detected(encoding: str, data: bytes):
    result = read_bytes(f"thong_bao_{encoding}.txt", data)
    assert norm(result.paragraphs) == SAMPLE.strip().split("\n")
    assert all(unicodedata.is_normalized("NFC", p.text) for p in result.paragraphs)
    if encoding in ("cp1258", "utf-16-le-nobom", "utf-16-be-nobom"):
        assert result.warnings  # a guess is reported


def test_txt_invalid_utf8_replaced_with_warning():
    data = SAMPLE.encode("utf-8")
    data = data[:20] + b"\xff\xfe" + data[20:]
    result = read_bytes("hong.txt", data)
    assert "\ufffd" in result.paragraphs[0].text and "Quỳnh Hưng" in result.paragraphs[2].text
    assert any("invalid UTF-8" in w and "hong.txt" in w for w in result.warnings)


def test_txt_line_endings_and_form_feed_pages():
    data = "Trang một\r\nDòng hai\rDòng ba\n\n\fTrang hai\r\n\f\fTrang bốn\r\n\f".encode("utf-8")
    result = read_bytes("so_trang.txt", data)
    assert [(p.text, p.page) for p in result.paragraphs] == [
        ("Trang một", 1), ("Dòng hai", 1), ("Dòng ba", 1), ("Trang hai", 2), ("Trang bốn", 4)]
    assert result.pages == 4
    assert [p.index for p in result.paragraphs] == [0, 1, 2, 3, 4]


def test_txt_legacy_tcvn3_bytes_converted():
    data = "Céng hßa x· héi chñ nghÜa ViÖt Nam\n§ång chÝ Chñ tÞch UBND huyÖn chñ tr× héi nghÞ.\n".encode("latin-1")
    result = read_bytes("cu_tcvn3.txt", data)
    assert norm(result.paragraphs) == ["Cộng hòa xã hội chủ nghĩa Việt Nam",
                                       "Đồng chí Chủ tịch UBND huyện chủ trì hội nghị."]
    assert any("TCVN3" in w for w in result.warnings)


# --------------------------------------------------------------------- html
def test_html_dense_container_lists_and_title_fallback():
    page = """<html><head><title>Kết luận giao ban | Cổng TTĐT</title></head><body>
    <div id="top"><a href="/">Trang chủ</a> <a href="/lien-he">Liên hệ</a></div>
    <table><tr><td class="left"><a href="/1">Tin mới</a><br><a href="/2">Tin cũ</a></td>
    <td class="noidung"><p>Chiều ngày 5/6, Thường trực Huyện ủy làm việc với Đảng ủy xã về kết quả thực hiện nhiệm vụ.</p>
    <p>Hội nghị thống nhất giao các nhiệm vụ sau đây cho các đơn vị liên quan của huyện:</p>
    <ol start="3"><li>Phòng Nội vụ rà soát <b>hồ sơ</b> cán bộ.</li><li>UBND xã báo cáo trước 15/7.</li></ol>
    <ul><li>Hàng tháng, Văn phòng tổng hợp tiến độ.</li></ul></td></tr></table>
    <div class="footer">Bản quyền © UBND huyện</div></body></html>"""
    result = read_bytes("giao_ban.htm", page.encode("utf-8"))
    assert [(p.text, p.marker, p.style) for p in result.paragraphs] == [
        ("Kết luận giao ban", None, "heading"),  # the <title> without the portal's name
        ("Chiều ngày 5/6, Thường trực Huyện ủy làm việc với Đảng ủy xã về kết quả thực hiện nhiệm vụ.", None, None),
        ("Hội nghị thống nhất giao các nhiệm vụ sau đây cho các đơn vị liên quan của huyện:", None, None),
        ("3. Phòng Nội vụ rà soát hồ sơ cán bộ.", "3.", None),
        ("4. UBND xã báo cáo trước 15/7.", "4.", None),
        ("- Hàng tháng, Văn phòng tổng hợp tiến độ.", "-", None),
    ]


def test_html_list_items_wrapping_paragraphs_and_layout_cells():
    page = ("<html><body><table><tr><td class='col'><h2>Kết luận</h2>"
            "<p>Ngày 12/6, Ban Thường vụ Huyện ủy họp nghe báo cáo tiến độ thực hiện các nhiệm vụ.</p>"
            "<p>Sau khi thảo luận, hội nghị thống nhất kết luận và giao nhiệm vụ như sau:</p><ol>"
            "<li><p>Giao Phòng Nội vụ chủ trì.</p><p>Báo cáo kết quả trước 30/6.</p></li>"
            "<li>Phòng Tài chính bố trí kinh phí<ul><li><p>từ nguồn dự phòng</p></li></ul></li></ol>"
            "<table><tr><td>Tiêu chí</td><td>Đạt</td></tr></table></td></tr></table></body></html>")
    result = read_bytes("muc.html", page.encode("utf-8"))
    assert [(p.text, p.marker, p.level, p.style) for p in result.paragraphs] == [
        ("Kết luận", None, None, "heading"),
        ("Ngày 12/6, Ban Thường vụ Huyện ủy họp nghe báo cáo tiến độ thực hiện các nhiệm vụ.", None, None, None),
        ("Sau khi thảo luận, hội nghị thống nhất kết luận và giao nhiệm vụ như sau:", None, None, None),
        ("1. Giao Phòng Nội vụ chủ trì.", "1.", 0, None),
        ("Báo cáo kết quả trước 30/6.", None, None, None),
        ("2. Phòng Tài chính bố trí kinh phí", "2.", 0, None),
        ("- từ nguồn dự phòng", "-", 1, None),
        ("Tiêu chí", None, None, "table"),
        ("Đạt", None, None, "table"),
    ]


def test_html_site_header_h1_dropped_article_h2_kept_as_title():
    page = ("<html><head><title>Tin tức | Cổng TTĐT huyện</title></head><body>"
            "<div id='header'><h1>Cổng thông tin điện tử huyện</h1></div>"
            "<div class='main'><div class='article-header'><h2>Hội nghị giao ban quý I</h2></div>"
            "<div class='body'><p>Sáng ngày 5/4, Ủy ban nhân dân huyện tổ chức hội nghị giao ban quý I năm 2024.</p>"
            "<p>Hội nghị đã thống nhất nhiều nội dung quan trọng cho thời gian tới.</p></div></div></body></html>")
    result = read_bytes("tin.html", page.encode("utf-8"))
    assert [(p.text, p.style) for p in result.paragraphs] == [
        ("Hội nghị giao ban quý I", "heading"),
        ("Sáng ngày 5/4, Ủy ban nhân dân huyện tổ chức hội nghị giao ban quý I năm 2024.", None),
        ("Hội nghị đã thống nhất nhiều nội dung quan trọng cho thời gian tới.", None),
    ]


def test_html_declared_charset_and_br_paragraphs():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head>'
            '<body><article><h1>Thông báo</h1>Ủy ban nhân dân xã tổ chức họp dân về việc làm đường giao thông nông thôn.'
            '<br>Đề nghị các hộ dân tham dự đầy đủ, đúng giờ để cùng bàn bạc thống nhất.</article></body></html>')
    result = read_bytes("tb.html", cp1258_bytes(page))
    assert [p.text for p in result.paragraphs] == [
        "Thông báo", "Ủy ban nhân dân xã tổ chức họp dân về việc làm đường giao thông nông thôn.",
        "Đề nghị các hộ dân tham dự đầy đủ, đúng giờ để cùng bàn bạc thống nhất."]


# ---------------------------------------------------------------------- pdf
def _pdf(paragraphs: list[str]) -> bytes:
    """Paragraphs with gaps, and a page number in every footer like most exported notices."""
    from fpdf import FPDF

    from tests.make_bad_inputs import _font

    class Numbered(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Numbered(format="A4")
    pdf.add_font("DejaVu", fname=_font())
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for text in paragraphs:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    return bytes(pdf.output())


def test_pdf_paragraph_across_page_break():
    body = ("Ủy ban nhân dân xã tiếp tục rà soát các tiêu chí, huy động nguồn lực xã hội hóa "
            "để nâng cấp đường giao thông nông thôn và nhà văn hóa các thôn; ") * 12
    paragraphs = [f"{i}. {body.strip()}" for i in range(1, 5)]
    result = read_bytes("dai.pdf", _pdf(paragraphs))
    assert result.pages >= 2
    assert norm(result.paragraphs) == paragraphs  # no "- 1 -" and no split at the page break
    assert [p.page for p in result.paragraphs][0] == 1 and result.paragraphs[-1].page == result.pages


def test_pdf_short_lines_stay_separate():
    body = ("Thực hiện Kế hoạch số 45/KH-UBND của Ủy ban nhân dân huyện về xây dựng xã đạt chuẩn "
            "nông thôn mới nâng cao, Ủy ban nhân dân xã thông báo kết luận của Chủ tịch như sau.")
    lines = ["ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ", "Số: 15/TB-UBND", body, "Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    from fpdf import FPDF

    from tests.make_bad_inputs import _font

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=_font())
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for text in lines:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")  # no gap between paragraphs
    assert norm(read_bytes("dau.pdf", bytes(pdf.output())).paragraphs) == lines


def test_pdf_letterhead_columns_indents_and_justified_text():
    """A notice as Word exports it: two centred letterhead columns, indented justified prose."""
    from fpdf import FPDF

    from tests.make_bad_inputs import _font

    body = ("Thực hiện Kế hoạch số 45/KH-UBND của Ủy ban nhân dân huyện về xây dựng xã đạt chuẩn nông thôn "
            "mới nâng cao, Ủy ban nhân dân xã thông báo kết luận của Chủ tịch tại cuộc họp ngày 12/6/2024. "
            "Các thôn đã hoàn thành việc rà soát hộ nghèo, cận nghèo theo chuẩn mới.")
    items = ["1. Giao công chức địa chính - xây dựng rà soát quỹ đất công, báo cáo UBND xã trước ngày "
             "30/6/2024 để xem xét, quyết định theo thẩm quyền được giao.", "2. Văn phòng theo dõi."]
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=_font())
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.set_xy(20, 20)
    pdf.multi_cell(70, 6, "ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ\nSố: 15/TB-UBND", align="C")
    pdf.set_xy(95, 20)
    pdf.multi_cell(95, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C")
    pdf.set_xy(20, 50)
    for text in [" " * 8 + body, " " * 8 + body] + items:
        pdf.multi_cell(170, 6, text, align="J", new_x="LMARGIN", new_y="NEXT")  # no gaps: indents only
    assert norm(read_bytes("thong_bao.pdf", bytes(pdf.output())).paragraphs) == [
        "ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ", "Số: 15/TB-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", body, body] + items


def test_pdf_text_layer_of_glyph_codes_is_refused(monkeypatch):
    """Fonts embedded without a Unicode map give private-use glyph codes, not text."""
    from pipeline import readers

    garbled = [[readers._Line("\ue012\ue01f\ue033 \ue044\ue012\ue051\ue009", 60, 300, 60, 72)]]
    monkeypatch.setattr(readers, "_pdf_lines_pdfium", lambda path, data: garbled)
    data = next((CORPUS / "pdf").glob("004_*.pdf")).read_bytes()
    with pytest.raises(ReadError) as info:
        read_bytes("ma_glyph.pdf", data)
    assert info.value.code == "no-text-layer" and "ma_glyph.pdf" in str(info.value)


# --------------------------------------------------------------------- docx
def _numbered_docx() -> bytes:
    """Roman/decimal/letter multilevel list, bullets with a Symbol glyph, %1.%2. outline,
    a style-inherited list, a heading, a table, a section header and a manual line break."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element

    def abstract(aid: int, levels: list[tuple[str, str, int]], link: str = "") -> None:
        lvls = link + "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text, start) in enumerate(levels))
        first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        first_num.addprevious(parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{aid}">{lvls}</w:abstractNum>'))

    def num(nid: int, aid: int, start: int | None = None) -> None:
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                    if start else "")
        numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{override}</w:num>'))

    abstract(71, [("upperRoman", "%1.", 1), ("decimal", "%2.", 1), ("lowerLetter", "%3)", 1)])
    abstract(72, [("bullet", "\uf0b7", 1), ("bullet", "o", 1)])
    abstract(73, [("decimal", "%1.", 1), ("decimal", "%1.%2.", 1)])
    abstract(74, [], link='<w:numStyleLink w:val="DanhSach"/>')  # levels live in a list style
    abstract(75, [("decimal", "%1)", 1)], link='<w:styleLink w:val="DanhSach"/>')
    num(81, 71)
    num(82, 72)
    num(83, 73, start=5)
    num(84, 74)
    num(85, 75)
    document.styles.element.append(parse_xml(
        f'<w:style {W_NS} w:type="numbering" w:styleId="DanhSach"><w:name w:val="Danh sach"/>'
        '<w:pPr><w:numPr><w:numId w:val="85"/></w:numPr></w:pPr></w:style>'))

    def para(text: str, nid: int | None = None, ilvl: int = 0, style: str | None = None):
        p = document.add_paragraph(text, style=style)
        if nid:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{nid}"/></w:numPr>'))
        return p

    document.sections[0].header.paragraphs[0].text = "UBND HUYỆN TÂN PHÚ"
    document.add_heading("Kết luận của hội nghị", level=1)
    para("Kết quả đạt được", 81, 0)
    para("Xã đạt 3/9 tiêu chí", 81, 1)
    para("tiêu chí giao thông", 81, 2)
    para("tiêu chí văn hóa", 81, 2)
    para("Còn 6 tiêu chí chưa đạt", 81, 1)
    para("thủy lợi", 81, 2)
    para("Nhiệm vụ thời gian tới", 81, 0)
    para("Tập trung chỉ đạo", 81, 1)
    para("Giao Phòng Kinh tế chủ trì", 82, 0)
    para("phối hợp UBND xã", 82, 1)
    para("Hoàn thành hồ sơ", 83, 0)
    para("trước 30/9", 83, 1)
    para("báo cáo Thường trực", 83, 1)
    para("Tổ chức tổng kết", 83, 0)
    para("Văn phòng theo dõi", style="List Number")
    para("Rà soát hồ sơ", 84, 0)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Tiêu chí", "Kết quả"), ("Môi trường", "Chưa đạt")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    anchor = document.add_paragraph("Kính gửi các đơn vị.")
    anchor._p.append(parse_xml(  # an old-style (VML) text box holding the signer block
        f'<w:r {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>KT. CHỦ TỊCH</w:t></w:r></w:p><w:p><w:r><w:t>PHÓ CHỦ TỊCH</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    revised = document.add_paragraph("Giao ")
    revised._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="VT"><w:r><w:t>Phòng Nội vụ</w:t></w:r></w:ins>'))
    revised._p.append(parse_xml(f'<w:del {W_NS} w:id="2" w:author="VT"><w:r><w:delText>Phòng Tư pháp</w:delText></w:r></w:del>'))
    revised._p.append(parse_xml(f'<w:smartTag {W_NS} w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">'
                                '<w:r><w:t xml:space="preserve"> chủ trì tại Hà Nội</w:t></w:r></w:smartTag>'))
    p = document.add_paragraph("Nơi nhận:")
    p.add_run().add_break()
    p.add_run("- Như trên;")
    raw = io.BytesIO()
    document.save(raw)
    return raw.getvalue()


def test_docx_numbering_headings_tables_headers():
    result = read_bytes("ket_luan.docx", _numbered_docx())
    got = [(p.text, p.marker, p.level, p.style) for p in result.paragraphs]
    assert got == [
        ("UBND HUYỆN TÂN PHÚ", None, None, "header"),
        ("Kết luận của hội nghị", None, None, "heading"),
        ("I. Kết quả đạt được", "I.", 0, None),
        ("1. Xã đạt 3/9 tiêu chí", "1.", 1, None),
        ("a) tiêu chí giao thông", "a)", 2, None),
        ("b) tiêu chí văn hóa", "b)", 2, None),
        ("2. Còn 6 tiêu chí chưa đạt", "2.", 1, None),
        ("a) thủy lợi", "a)", 2, None),  # deeper level restarts when a higher one advances
        ("II. Nhiệm vụ thời gian tới", "II.", 0, None),
        ("1. Tập trung chỉ đạo", "1.", 1, None),
        ("- Giao Phòng Kinh tế chủ trì", "-", 0, None),
        ("- phối hợp UBND xã", "-", 1, None),
        ("5. Hoàn thành hồ sơ", "5.", 0, None),  # startOverride
        ("5.1. trước 30/9", "5.1.", 1, None),
        ("5.2. báo cáo Thường trực", "5.2.", 1, None),
        ("6. Tổ chức tổng kết", "6.", 0, None),
        ("1. Văn phòng theo dõi", "1.", 0, None),  # numbering inherited from the paragraph style
        ("1) Rà soát hồ sơ", "1)", 0, None),  # abstractNum → numStyleLink → list style → levels
        ("Tiêu chí", None, None, "table"),
        ("Kết quả", None, None, "table"),
        ("Môi trường", None, None, "table"),
        ("Chưa đạt", None, None, "table"),
        ("KT. CHỦ TỊCH", None, None, None),
        ("PHÓ CHỦ TỊCH", None, None, None),
        ("Kính gửi các đơn vị.", None, None, None),
        ("Giao Phòng Nội vụ chủ trì tại Hà Nội", None, None, None),  # tracked insertion kept, deletion dropped
        ("Nơi nhận:", None, None, None),
        ("- Như trên;", None, None, None),
    ]
    assert [p.index for p in result.paragraphs] == list(range(len(got)))


def test_docx_legacy_vni_text_converted():
    import docx

    document = docx.Document()
    document.add_paragraph("Ñoàng chí Nguyeãn Vaên Hoaø, Phoù Chuû tòch UBND huyeän chuû trì hoäi nghò.")
    document.add_paragraph("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    raw = io.BytesIO()
    document.save(raw)
    result = read_bytes("cu_vni.docx", raw.getvalue())
    assert norm(result.paragraphs) == ["Đồng chí Nguyễn Văn Hoà, Phó Chủ tịch UBND huyện chủ trì hội nghị.",
                                       "Cộng hòa xã hội chủ nghĩa Việt Nam"]
    assert any("VNI" in w and "cu_vni.docx" in w for w in result.warnings)


def test_docx_legacy_letterhead_in_unicode_document():
    import docx

    document = docx.Document()
    cells = document.add_table(rows=1, cols=2).rows[0].cells
    cells[0].text = "UBND HUYÖN §¤NG S¥N"
    cells[1].text = "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM"
    document.add_paragraph("Ngày 12/3/2024, Ủy ban nhân dân huyện tổ chức hội nghị giao ban.")
    raw = io.BytesIO()
    document.save(raw)
    result = read_bytes("mau_cu.docx", raw.getvalue())
    assert [p.text for p in result.paragraphs] == [
        "UBND HUYỆN ĐÔNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Ngày 12/3/2024, Ủy ban nhân dân huyện tổ chức hội nghị giao ban."]
    assert any("some paragraphs" in w and "TCVN3" in w for w in result.warnings)


# --------------------------------------------------------------- bad inputs
@pytest.mark.parametrize("name,data,code", ids=lambda v: v if isinstance(v, str) else "", argvalues=[
    ("rong.txt", b"", "empty"),
    ("rong.html", b"", "empty"),
    ("cat_cut.pdf", None, "corrupt"),
    ("khong_phai_zip.docx", "Báo cáo tháng 8\nNội dung".encode("utf-8"), "not-docx"),
    ("rac.txt", bytes((i * 131 + 7) % 256 for i in range(4096)) + b"\x00" * 512, "binary"),
    ("bang.xlsx", b"PK\x03\x04", "unsupported"),
])
def test_bad_files_raise_read_error_naming_the_file(name: str, data: bytes | None, code: str):
    if data is None:
        good = (CORPUS / "pdf" / f"{SEEDS[1].stem}.pdf").read_bytes()
        data = good[: len(good) // 2]
    with pytest.raises(ReadError) as info:
        read_bytes(f"/hop_thu/{name}", data)
    assert info.value.code == code
    assert f"/hop_thu/{name}" in str(info.value)


# ------------------------------------------------------------------ table cells
def _task_table_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Phân công nhiệm vụ thực hiện Kế hoạch cải cách hành chính năm 2026 như sau:")
    rows = [("STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"),
            ("1", "Rà soát, chuẩn hóa thủ tục hành chính", "Sở Tư pháp", "Quý II/2026"),
            ("2", "Số hóa hồ sơ, kết quả giải quyết thủ tục", "Sở Tư pháp", "Quý II/2026"),
            ("3", "Đánh giá chỉ số hài lòng SIPAS", "Sở Nội vụ", "Quý II/2026")]
    table = document.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_task_table_keeps_every_cell_with_its_row_and_column():
    """Repeated cells (the same unit, the same quarter) and number-only cells are content."""
    from pipeline.analyse import analyse
    from extractors.doc import SourceInfo

    result = read_bytes("ke-hoach.docx", _task_table_docx())
    doc = analyse(result.paragraphs, SourceInfo("ke-hoach.docx", "docx", ""), result.warnings)
    cells = {b.cell: doc.block_text(b) for b in doc.blocks if b.cell is not None}
    assert len(cells) == 16
    assert [cells[(0, r, 3)] for r in range(1, 4)] == ["Quý II/2026"] * 3
    assert [cells[(0, r, 0)] for r in range(1, 4)] == ["1", "2", "3"]
    assert cells[(0, 2, 2)] == "Sở Tư pháp" and cells[(0, 0, 1)] == "Nội dung công việc"


def test_html_data_table_cells_keep_coordinates_layout_tables_do_not():
    page = ("<html><body><table><tr><td><div class='noidung'>"
            "<p>Ngày 3/3/2025, UBND huyện ban hành kế hoạch triển khai nhiệm vụ chuyển đổi số năm 2025.</p>"
            "<p>Kế hoạch phân công các cơ quan, đơn vị thực hiện các nhiệm vụ trọng tâm như sau:</p>"
            "<table><tr><th>STT</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th></tr>"
            "<tr><td>1</td><td>Triển khai nền tảng số</td><td>Phòng Văn hóa</td></tr>"
            "<tr><td>2</td><td>Đào tạo kỹ năng số</td><td>Phòng Nội vụ</td></tr></table>"
            "</div></td></tr></table></body></html>")
    result = read_bytes("ke-hoach.html", page.encode("utf-8"))
    prose = [p for p in result.paragraphs if p.text.startswith(("Ngày 3/3", "Kế hoạch phân"))]
    assert len(prose) == 2 and all(p.cell is None for p in prose)  # the layout table holds the page
    cells = {p.cell: p.text for p in result.paragraphs if p.cell is not None}
    [table] = {c[0] for c in cells}
    assert cells[(table, 2, 2)] == "Phòng Nội vụ" and cells[(table, 1, 1)] == "Triển khai nền tảng số"
    assert {c[1] for c in cells} == {0, 1, 2} and {c[2] for c in cells} == {0, 1, 2}


def test_pdf_ruled_table_cells_reach_the_reader_row_by_row():
    """A plan's task table exported to PDF: each cell one paragraph with its coordinates,
    a wrapped cell joined, the prose around the table left as it was."""
    from fpdf import FPDF

    from tests.make_bad_inputs import _font

    rows = [("STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"),
            ("1", "Rà soát, chuẩn hóa toàn bộ thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh",
             "Sở Tư pháp", "Quý II/2026"),
            ("2", "Đánh giá chỉ số hài lòng SIPAS", "Sở Nội vụ", "Quý II/2026")]
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=_font())
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Phân công thực hiện các nhiệm vụ cải cách hành chính năm 2026 như sau:",
                   new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 80, 40, 40), first_row_as_headings=False) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.multi_cell(0, 6, "Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026.",
                   new_x="LMARGIN", new_y="NEXT")
    result = read_bytes("ke-hoach.pdf", bytes(pdf.output()))
    cells = {p.cell: p.text for p in result.paragraphs if p.cell is not None}
    assert cells[(0, 1, 1)] == rows[1][1]  # wrapped over two lines inside its cell
    assert [cells[(0, r, 2)] for r in (1, 2)] == ["Sở Tư pháp", "Sở Nội vụ"]
    assert [cells[(0, r, 3)] for r in (1, 2)] == ["Quý II/2026", "Quý II/2026"]
    prose = [p.text for p in result.paragraphs if p.cell is None]
    assert prose == ["Phân công thực hiện các nhiệm vụ cải cách hành chính năm 2026 như sau:",
                     "Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2026."]


def test_html_captions_and_related_links_inside_the_body_are_not_article_text():
    lead = ("Sáng 12/3, UBND huyện tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2025 "
            "và triển khai nhiệm vụ năm 2026 với sự tham dự của lãnh đạo các xã, thị trấn.")
    body = ("Hội nghị đã thảo luận các giải pháp nâng cao chỉ số hài lòng của người dân, đẩy mạnh "
            "dịch vụ công trực tuyến và số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.")
    page = (f"<html><body><div class='detail'><h1>Tổng kết cải cách hành chính năm 2025</h1><p>{lead}</p>"
            "<figure><img src='a.jpg'><p>Toàn cảnh hội nghị tổng kết. Ảnh: Minh Anh</p></figure>"
            "<ul><li><a href='/tin/1'>Huyện triển khai kế hoạch chuyển đổi số năm 2026</a></li>"
            "<li><a href='/tin/2'>Xã Tân Lập đạt chuẩn nông thôn mới nâng cao</a></li></ul>"
            f"<p>{body}</p></div></body></html>")
    texts = [p.text for p in read_bytes("tin.html", page.encode("utf-8")).paragraphs]
    assert lead in texts and body in texts
    assert not any("Ảnh: Minh Anh" in t or "chuyển đổi số năm 2026" in t or "Tân Lập" in t for t in texts)
