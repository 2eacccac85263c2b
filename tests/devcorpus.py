"""Where the dev corpus lives: `../shared/corpus/dev` beside the project checkout.

Its public-dataset texts are read from there by tests, never copied into the repository.
"""
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
DEV_DOCS = DEV / "docs"
DEV_GOLD = DEV / "gold"
WILD = DEV.parent / "wild"  # real files in their original formats
