"""Render the seed documents in `corpus/txt/` as .docx, .pdf and portal-style .html.

The same text in every format lets the tests check that each reader gives back the
paragraphs of the plain-text original.  List lines become real Word numbering
(numPr → numbering.xml) so the .docx reader has to rebuild the markers; the PDF
uses DejaVu Sans (shipped with matplotlib) for the Vietnamese glyphs.  Output is
deterministic (fixed dates and zip timestamps), so rebuilding leaves git clean.

    python3 corpus/build_formats.py
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)
LIST_LINE = re.compile(r"^(?:(?P<num>\d{1,2})\.|(?P<letter>[a-z])\)|(?P<bullet>[-•]))\s+(?P<body>.*)$")
HTML_DOCS = {"001": "dense", "003": "article"}  # which seed documents get a portal page, and its layout


def seed_lines(path: Path) -> list[str]:
    """Non-empty lines of a seed text: the paragraphs every rendering must reproduce."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------------- docx
def _numbering_xml(numbering, abstract_id: int) -> None:
    """One multilevel list: 1. / bullet / a) — appended to the template's numbering part."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    levels = [("decimal", "%1.", "Arial"), ("bullet", "\u2022", "Symbol"), ("lowerLetter", "%3)", "Arial")]
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr></w:lvl>'
        for i, (fmt, text, font) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvl_xml}</w:abstractNum>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)


def _new_num(numbering, abstract_id: int, num_id: int, start: int) -> None:
    """A list instance; `start` restarts level 0 (Word's lvlOverride/startOverride)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
    ))


def _set_num(paragraph, num_id: int, ilvl: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))


def build_docx(lines: list[str]) -> bytes:
    """Each line a Word paragraph; list lines carry numbering instead of a typed marker."""
    import docx

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = FIXED_DATE.replace(tzinfo=None)
    numbering = document.part.numbering_part.element
    abstract_id, num_id, expected = 90, 100, None
    _numbering_xml(numbering, abstract_id)
    for line in lines:
        m = LIST_LINE.match(line)
        if m is None:
            document.add_paragraph(line)
            continue
        paragraph = document.add_paragraph(m.group("body"))
        if m.group("num"):
            number = int(m.group("num"))
            if number != expected:  # a restart (or a list starting elsewhere): new list instance
                num_id += 1
                _new_num(numbering, abstract_id, num_id, number)
            expected = number + 1
            _set_num(paragraph, num_id, 0)
        else:
            if expected is None:
                num_id += 1
                _new_num(numbering, abstract_id, num_id, 1)
                expected = 1
            _set_num(paragraph, num_id, 1 if m.group("bullet") else 2)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ----------------------------------------------------------------------- pdf
def dejavu_path() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def build_pdf(lines: list[str]) -> bytes:
    """A4 pages, one wrapped paragraph per line with a gap after it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", fname=str(dejavu_path()))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


# ---------------------------------------------------------------------- html
PORTAL = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Cổng thông tin điện tử</title>
<style>body{{font-family:Arial}} .menu li{{display:inline}}</style>
<script>window.dataLayer=[];function track(e){{dataLayer.push(e)}}</script></head>
<body onload="track('load')">
<div class="header"><a href="/"><img src="logo.png" alt="Cổng thông tin điện tử"></a>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li></ul></div>
<nav class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Tin tức</a></nav>
<form class="search" action="/tim-kiem"><input name="q" placeholder="Tìm kiếm..."><button onclick="track('s')">Tìm</button></form>
<div class="wrapper">
{content}
<div class="sidebar"><h3>Tin liên quan</h3><ul><li><a href="/a">Hội nghị sơ kết công tác dân vận 6 tháng đầu năm</a></li>
<li><a href="/b">Kiểm tra tiến độ xây dựng nông thôn mới nâng cao tại các xã</a></li></ul>
<div class="counter">Đang truy cập: 12 | Tổng lượt truy cập: 62924</div></div>
</div>
<footer><p>Bản quyền thuộc Ủy ban nhân dân. Địa chỉ: số 1 đường Trần Phú. Điện thoại: 0237 3 123 456</p></footer>
<script>track('view')</script>
</body></html>
"""


def _html_body(lines: list[str]) -> str:
    """Title as h1, list runs as <ol start>/<ul>, the rest as <p>."""
    out = [f"<h1 class=\"title\">{html.escape(lines[0])}</h1>"]
    open_list: str | None = None
    for line in lines[1:]:
        m = LIST_LINE.match(line)
        kind = None if m is None else ("ol" if m.group("num") else "ul")
        if open_list and kind != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if kind is None:
            out.append(f"<p onclick=\"track('p')\">{html.escape(line)}</p>")
            continue
        if open_list is None:
            start = f' start="{m.group("num")}"' if kind == "ol" else ""
            out.append(f"<{kind}{start}>")
            open_list = kind
        out.append(f"<li>{html.escape(m.group('body'))}</li>")
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)


def build_html(lines: list[str], layout: str) -> bytes:
    """A saved portal page: chrome around the article (`<article>` or a plain dense div)."""
    body = _html_body(lines)
    if layout == "article":
        content = f'<div class="col-main"><article class="news-detail">\n{body}\n</article></div>'
    else:
        content = f'<div class="col-main"><div class="content-detail">\n{body}\n</div></div>'
    return PORTAL.format(title=html.escape(lines[0]), content=content).encode("utf-8")


def main() -> None:
    for sub in ("docx", "pdf", "html"):
        (CORPUS / sub).mkdir(exist_ok=True)
    for txt in sorted((CORPUS / "txt").glob("*.txt")):
        lines = seed_lines(txt)
        (CORPUS / "docx" / f"{txt.stem}.docx").write_bytes(build_docx(lines))
        (CORPUS / "pdf" / f"{txt.stem}.pdf").write_bytes(build_pdf(lines))
        layout = HTML_DOCS.get(txt.stem.split("_")[0])
        if layout:
            (CORPUS / "html" / f"{txt.stem}.html").write_bytes(build_html(lines, layout))
        print(f"built {txt.stem}")


if __name__ == "__main__":
    main()
