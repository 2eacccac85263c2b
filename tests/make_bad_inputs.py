"""Write a folder of real-looking bad input files that the readers must survive.

Each file either reads to paragraphs (maybe with warnings) or raises a `ReadError`
that names it; `tests/test_bad_inputs_readers.py` checks which.  Generated at test
time (never committed: the big ones are tens of MB).

    python3 tests/make_bad_inputs.py OUTDIR [--big]
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

SENTENCE = ("Ngày 12/3/2024, Ủy ban nhân dân xã tổ chức hội nghị giao ban, đồng chí Trần Văn Bình, "
            "Phó Chủ tịch UBND xã chủ trì; xã đã đạt 15/19 tiêu chí nông thôn mới.")
SENTENCE_2 = ("Hội nghị thống nhất giao Văn phòng UBND xã tổng hợp ý kiến, báo cáo Chủ tịch UBND xã "
              "trước ngày 20/3/2024.")  # a page needs two prose paragraphs to be an article
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # header of a binary Word 97-2003 .doc


def _font() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def _pdf(pages: int = 1, password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=_font())
    pdf.set_font("DejaVu", size=11)
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Trang {page}. {SENTENCE}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _scanned_pdf() -> bytes:
    """A page that is only a picture of text, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for row in range(30):
        draw.rectangle((120, 150 + row * 45, 1100 - (row % 4) * 90, 170 + row * 45), fill=30)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210)
    return bytes(pdf.output())


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A .docx whose document.xml inflates ~1000x: millions of identical paragraphs."""
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    para = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w") as member:
            member.write(head)
            chunk = para * 30000
            for _ in range(30):  # ~30 MB inflated, ~30 KB stored
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return out.getvalue()


def _deep_html(depth: int = 10000) -> bytes:
    return ("<html><body>" + "<div>" * depth + f"<p>{SENTENCE}</p><p>{SENTENCE_2}</p>" + "</div>" * depth
            + "</body></html>").encode("utf-8")


SCRIPT_HTML = f"""<html><head><title>Tin tức</title>
<script>document.write('<p>Chèn bởi script</p>')</script>
<style>p {{ color: red }}</style></head>
<body onload="init()"><div onclick="track()" class="menu"><a href="javascript:void(0)" onmouseover="x()">Trang chủ</a></div>
<article><h1 onclick="alert('x')">Hội nghị giao ban</h1>
<p onmouseover="steal()">{SENTENCE}</p><p>{SENTENCE_2}</p><img src="x.png" onerror="alert(1)">
<script>alert("không được đọc")</script><noscript>Bật JavaScript</noscript></article></body></html>
""".encode("utf-8")


def make_bad_inputs(directory: str | Path, big: bool = True) -> dict[str, Path]:
    """Write every bad input into `directory`; return name → path.  `big` adds the 50 MB text."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    good_pdf = _pdf(pages=3)
    text = "\n".join([SENTENCE] * 20)
    files: dict[str, bytes] = {
        "truncated.pdf": good_pdf[: len(good_pdf) * 3 // 5],
        "encrypted.pdf": _pdf(password="mat-khau"),
        "scanned.pdf": _scanned_pdf(),
        "pages500.pdf": _pdf(pages=500),
        "not_a_pdf.pdf": b"<html><body>404 Not Found</body></html>",
        "renamed_doc.docx": OLE_MAGIC + bytes(range(256)) * 40,
        "zip_of_csv.docx": _zip({"bang_diem.csv": "xã,tiêu chí\nTân Dân,3/9\n".encode("utf-8")}),
        "not_zip.docx": text.encode("utf-8"),
        "zip_bomb.docx": _zip_bomb(),
        "invalid_utf8.txt": text.encode("utf-8")[:300] + b"\xff\xfe\xc3(" + text.encode("utf-8")[300:],
        "utf16_nobom.txt": text.encode("utf-16-le"),
        "crlf_formfeed.txt": ("Trang một.\r\n" + SENTENCE + "\r\n\r\n\x0cTrang hai.\rDòng sau CR.\r\n").encode("utf-8"),
        "zero_width_nbsp.txt": "Đồng chí Nguyễn\u00a0Văn\u200bAn, Phó\u00a0Chủ tịch UBND huyện\u200d chủ trì.\n".encode("utf-8"),
        "empty.txt": b"",
        "empty.html": b"",
        "binary_junk.txt": bytes((i * 7919) % 256 for i in range(20000)),
        "deep_nested.html": _deep_html(),
        "script_handlers.html": SCRIPT_HTML,
    }
    if big:
        line = (SENTENCE + "\n").encode("utf-8")
        files["big_50mb.txt"] = line * (50 * 2**20 // len(line) + 1)
    paths = {}
    for name, data in files.items():
        (out / name).write_bytes(data)
        paths[name] = out / name
    return paths


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name, path in make_bad_inputs(sys.argv[1], big="--big" in sys.argv).items():
        print(f"{path.stat().st_size:>10}  {path}")
