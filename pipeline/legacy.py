"""Text typed in legacy Vietnamese fonts (TCVN3/ABC, VNI) → Unicode.

Archives from the 2000s were typed with 8-bit fonts (.VnTime, VNI-Times); once the
font is lost the text reads as mojibake (`§ång chÝ`, `Ñoàng chí`).  Both encodings
only use Latin-1 glyphs, so they are recognised by characters and sequences that
Unicode Vietnamese (and English) never contain, and converted with the tables in
`extractors/lang/vi/legacy_tables.json`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.lang import json_data

# Letters only Unicode Vietnamese has: their presence means the text is already Unicode.
_UNICODE_VI = re.compile(r"[\u1ea0-\u1ef9ăĂđĐơƠưƯ]|[aeiouyAEIOUY][\u0300\u0301\u0303\u0309\u0323]")
# VNI writes a tone/shape byte after the base vowel; these modifiers never follow a
# vowel in Unicode Vietnamese (ï ë are left out: French writes naïf, Noël).
_VNI_MODIFIERS = "øûåäü"
_VNI_SIGNS = re.compile(f"[aeouyôö][{_VNI_MODIFIERS}]|[AEOUYÔÖ][{_VNI_MODIFIERS.upper()}]"
                        r"|(?<![^\W\d_])[ñÑ](?=[aeiouyôöAEIOUYÔÖ])")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)(?=\S)")
_WORD = re.compile(r"[^\W\d_]+")
DETECT_SAMPLE = 100_000


@lru_cache(maxsize=1)
def tables() -> dict[str, dict[str, str]]:
    """Legacy sequence → Unicode letter, per encoding."""
    raw = json_data("legacy_tables.json")
    return {name: {row[0]: row[1] for row in raw[name]} for name in ("tcvn3", "vni")}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    return {
        name: re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
        for name, table in tables().items()
    }


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]")


@lru_cache(maxsize=1)
def _tcvn3_signs() -> re.Pattern:
    """TCVN3 letters no Latin-script language writes: the ¡…¾ symbols and × Þ þ Ð (ì ị ỵ é)."""
    return _char_class(c for c in tables()["tcvn3"] if "\xa1" <= c <= "\xbe" or c in "×ÞþÐ")


@lru_cache(maxsize=1)
def _any_sign() -> re.Pattern:
    """Any TCVN3 signature or VNI modifier/đ: a text without one is not legacy at all."""
    vni = _VNI_MODIFIERS + _VNI_MODIFIERS.upper() + "ñÑ"
    return _char_class([c for c in tables()["tcvn3"] if _tcvn3_signs().match(c)] + list(vni))


def has_legacy_signs(text: str) -> bool:
    """Cheap pre-check: could any part of `text` be TCVN3/VNI?  (One regex scan.)"""
    return _any_sign().search(text) is not None


def _scores(text: str) -> dict[str, int]:
    return {"tcvn3": len(_tcvn3_signs().findall(text)), "vni": len(_VNI_SIGNS.findall(text))}


def detect_legacy(text: str, lenient: bool = False) -> str | None:
    """"tcvn3" or "vni" when the text reads as that legacy font encoding, else None.

    Needs several signature characters (TCVN3: its letters among Latin-1 symbols; VNI:
    modifier bytes right after a vowel, `ñ` = đ starting a word), more than the other
    encoding's and more than genuine Unicode Vietnamese letters, so normal text
    with a stray `©` or a German name never fires.  Decided on the first
    `DETECT_SAMPLE` characters: a document is typed in one font.

    `lenient` is for one short paragraph of a Unicode Vietnamese document (a letterhead
    kept from an old template): any three Latin-1 letters foreign to Vietnamese do,
    if the paragraph has no Unicode Vietnamese letter and one signature picks the font.
    """
    text = text[:DETECT_SAMPLE]
    if not has_legacy_signs(text):  # the common case, one cheap scan
        return None
    scores = _scores(text)
    name, best = max(scores.items(), key=lambda kv: kv[1])
    other = min(scores.values())
    if lenient:
        foreign = len(_foreign_letters().findall(text))
        if foreign < 3 or best == other or _UNICODE_VI.search(text):
            return None
        return name
    words = max(1, len(_WORD.findall(text)))
    if best < 3 or best < 0.03 * words or best <= 2 * other:
        return None
    if len(_UNICODE_VI.findall(text)) >= best:
        return None
    return name


@lru_cache(maxsize=1)
def _foreign_letters() -> re.Pattern:
    """Characters of the legacy tables that Unicode Vietnamese never writes."""
    vietnamese = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
    chars = {c for table in tables().values() for key in table for c in key if not c.isascii()}
    return _char_class(chars - vietnamese)


def _convert(text: str, encoding: str) -> str:
    table = tables()[encoding]
    converted = _patterns()[encoding].sub(lambda m: table[m.group()], text)
    return _restore_capitals(text, converted) if encoding == "tcvn3" else converted


def _restore_capitals(original: str, converted: str) -> str:
    """TCVN3 types toned capitals with the upper-case font on lower-case bytes: lines
    and words written in capitals get their converted letters capitalised.  TCVN3
    maps one character to one character, so `original` and `converted` align."""
    out = []
    for src, dst in zip(original.splitlines(keepends=True), converted.splitlines(keepends=True)):
        out.append(dst.upper() if _all_capitals(src) else _upper_words(src, dst))
    chars = list("".join(out))
    for m in _SENTENCE_START.finditer(original):  # a sentence opens with a capital: a toned
        i = m.end()  # first letter was typed in the capital font on a lower-case byte
        if i < len(chars) and original[i] != chars[i]:
            chars[i] = chars[i].upper()
    return "".join(chars)


def _all_capitals(text: str) -> bool:
    letters = [c for c in text if c.isascii() and c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _upper_words(src: str, dst: str) -> str:
    """Capitalise words of `dst` whose original ASCII letters were all capitals (≥ 2)."""
    chars = list(dst)
    for m in re.finditer(r"\S+", src):
        if _all_capitals(m.group()):
            chars[m.start():m.end()] = list(dst[m.start():m.end()].upper())
    return "".join(chars)


def fix_legacy(text: str, encoding: str | None = None) -> tuple[str, str | None]:
    """Convert legacy-font text to Unicode: (converted text, warning) or (text, None).

    `encoding` forces a conversion (a caller that detected it on the whole document
    converts each paragraph with it); otherwise it is detected on `text`.
    """
    encoding = encoding or detect_legacy(text)
    if encoding is None:
        return text, None
    label = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}[encoding]
    return _convert(text, encoding), f"text typed in a legacy {label} font; converted to Unicode"
