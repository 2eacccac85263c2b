"""Synthetic archives: variants of the seed documents, generated at run time.

Each variant changes what varies between real reports — officials' names, unit names,
dates, number styles, the order of body paragraphs and the length (1–30 KB, by dropping
or repeating body paragraphs) — so a benchmark or a test sees many distinct documents
without any being committed.  Seeds: `corpus/*.txt`, else the dev documents
`00[0-4]_*.txt` (never the public-dataset `r*.txt`).
"""
from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "docs"
PER_DIRECTORY = 100

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hòa", "Khánh", "Lan", "Long",
         "Mai", "Nam", "Phúc", "Quỳnh", "Sơn", "Tâm", "Thảo", "Tuấn", "Uyên", "Vinh", "Yến")
PLACES = ("Tân Dân", "Hòa Bình", "Quang Trung", "Đông Sơn", "Bắc Lý", "Nam Thành", "Phú Lộc",
          "Thạch Bàn", "Yên Hòa", "Kim Liên", "Sao Mai", "Trường Thi", "An Khánh", "Đồng Tâm")

_NAME = re.compile(r"(?<=[Đđ]ồng chí )[A-ZĐ][\w]+(?: [A-ZĐ][\w]+){1,3}")
_UNIT = re.compile(r"(?<=\b)(phường|xã|thị trấn|huyện|thị xã|Phường|Xã|Thị trấn|Huyện) "
                   r"[A-ZĐ][\w]+(?: [A-ZĐ][\w]+)?")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def seed_paths() -> list[Path]:
    local = sorted((ROOT / "corpus").glob("*.txt"))
    return local or sorted(DEV_DOCS.glob("00[0-4]_*.txt"))


@lru_cache(maxsize=1)
def seed_texts() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in seed_paths())


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _date(rng: random.Random, m: re.Match) -> str:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    year = rng.randint(2018, 2025)
    return f"{day:02d}/{month:02d}/{year}" if rng.random() < 0.5 else f"{day}/{month}/{year}"


def variant(text: str, rng: random.Random, target_chars: int) -> str:
    """A new document from `text`: other names, units, dates, paragraph order and length."""
    text = _NAME.sub(lambda m: _name(rng), text)
    text = _UNIT.sub(lambda m: f"{m.group(1)} {rng.choice(PLACES)}", text)
    text = _DATE.sub(lambda m: _date(rng, m), text)
    lines = [line for line in text.splitlines() if line.strip()]
    head, body, tail = lines[:3], lines[3:-2], lines[-2:]
    rng.shuffle(body)
    out = list(head)
    size = sum(len(s) + 1 for s in head + tail)
    while body and size < target_chars:
        for line in body:
            if size >= target_chars:
                break
            out.append(line)
            size += len(line) + 1
    return "\n".join(out + tail) + "\n"


def write_archive(directory: str | Path, n: int, seed: int = 0, min_chars: int = 1_000,
                  max_chars: int = 30_000) -> list[Path]:
    """Write `n` variants into `directory` (100 per sub-directory); return their paths."""
    rng = random.Random(seed)
    seeds = seed_texts()
    directory = Path(directory)
    paths = []
    for i in range(n):
        sub = directory / f"batch{i // PER_DIRECTORY:05d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"doc{i:07d}.txt"
        path.write_text(variant(seeds[i % len(seeds)], rng, rng.randint(min_chars, max_chars)),
                        encoding="utf-8")
        paths.append(path)
    return paths
