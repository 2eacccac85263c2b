"""Which language a text is in: Vietnamese documents are extracted, others are flagged.

py3langid (a fast fork of langid.py that ships its model, ~0.3 ms for 2,000 characters)
names the language of a sample of the text.  Vietnamese needs one more test: the garbage
a foreign OCR engine leaves in scanned PDFs (`ceNG HoA x,l ugr cnu Ncnin`, `Nguy6n Ngqc`)
is Vietnamese to langid, but almost none of its words carry a Vietnamese letter (tone
marks, ă â ê ô ơ ư đ), where real Vietnamese prose has them on 80-90 % of its words.
"""
from __future__ import annotations

import re
from functools import lru_cache

SAMPLE_CHARS = 1500  # langid walks the sample byte by byte in Python: 1,500 characters tell a language
VIETNAMESE = "vi"
UNDETERMINED = "und"
MIN_ACCENTED_SHARE = 0.2  # dev texts 0.85-0.90, a phone review full of model names 0.43;
#                           foreign-OCR garbage and English ≈ 0
SHARE_CHARS = 20_000  # the share is counted on more text than langid's sample: it is cheap
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model, unpacked in memory: its own loader unpacks it to a temporary
    file, which fails on a full disk and would fail every document of the run."""
    import io
    import lzma

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    with lzma.open(MODEL_DIR / MODEL_FILE) as src, np.load(io.BytesIO(src.read()), allow_pickle=False) as data:
        return LanguageIdentifier(np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                                  _to_array(data["nextmove"]), data["out_feat"].tolist(),
                                  tk_row=_to_array(data["nextmove_row"]), norm_probs=True)


def _sample(text: str) -> str:
    """The middle of a long text, past headers and menus."""
    if len(text) <= SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[middle - SAMPLE_CHARS // 2: middle + SAMPLE_CHARS // 2]


def accented_share(text: str) -> float:
    """Share of words with a letter outside ASCII (tone marks, ă â ê ô ơ ư đ)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for w in words if not w.isascii()) / len(words)


MIN_LETTERS = 20  # fewer letters than this: no language can be told


def identify(text: str) -> str:
    """ISO 639-1 code of the text's language; 'und' when it cannot be told (too little
    text, or text that langid calls Vietnamese but that has no Vietnamese letters)."""
    sample = _sample(text.strip())
    if not has_letters(sample):
        return UNDETERMINED
    code, _ = _identifier().classify(sample)
    if code == VIETNAMESE and accented_share(text[:SHARE_CHARS]) < MIN_ACCENTED_SHARE:
        return UNDETERMINED
    return code


def has_letters(text: str, minimum: int = MIN_LETTERS) -> bool:
    """Enough letters to tell a language (stops counting at `minimum`)."""
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= minimum:
                return True
    return False


def is_vietnamese(text: str) -> bool:
    return identify(text) == VIETNAMESE
