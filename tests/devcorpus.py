"""Where the dev corpus lives: `../shared/corpus/dev` beside the project checkout.

Its public-dataset texts are read from there by tests, never copied into the repository.
"""
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
DEV_DOCS = DEV / "docs"
DEV_GOLD = DEV / "gold"

# Real files in their original formats with reference readings (pdftotext, Tesseract,
# LibreOffice/antiword, hand-checked article bodies): `../shared/corpus/wild`.
WILD = DEV.parent / "wild"
WILD_FILES = WILD / "files"
WILD_REF = WILD / "ref"
