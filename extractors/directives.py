"""Reading one directive clause: who is asked, by whom, and where the action starts.

Vietnamese administrative directives come in a few shapes, all handled here with word
lists (`extractors/lang/vi/task_*.txt|tsv`) rather than a parser:

* object of a trigger: `đề nghị phường Tân Dân xây dựng …`, `Giao đồng chí A tổng hợp …`;
* subject and modal: `Đảng ủy cần tập trung …`, `…, phấn đấu tháng 3/2024 phải hoàn thành …`;
* subject and verb (inside a directive list or passage): `Công an thị trấn tham mưu …`;
* a bare imperative: `- Chủ động thực hiện kế hoạch …` (the assignee comes from context).

Offsets are character offsets into the clause string given to `read_clause`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, repeat
from typing import NamedTuple, Sequence

from extractors.text import TOKEN_RE, fold
from extractors.lang import table, word_list

_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_QUOTE_CHAR = re.compile('["“”«»]')
_MAX_NP_TOKENS = 70
_NEGATIONS = frozenset(map(fold, ("không", "chưa", "chẳng")))
_NOUN_MARKERS = frozenset(map(fold, ("các", "những", "theo", "của", "mọi", "này", "đó")))
_RELATIVE = frozenset(map(fold, ("được", "bị")))
_PASSIVE = fold("được")
_I = fold("tôi")  # an official's own words: `"Tôi đề nghị …"` directs even inside quotes
_STATIVE = frozenset(map(fold, ("có", "thuộc", "là")))  # `Toàn huyện có 120 hộ …`: a statement
_TASK_NOUN = tuple(map(fold, ("nhiệm", "vụ")))
_THEN = fold("thì")
_PLURALS = frozenset(map(fold, ("các", "những", "toàn thể", "tất cả")))
_DISTRIBUTIVE = frozenset(map(fold, ("mỗi", "từng")))
_WHOLE, _WHOLE_NOT = fold("toàn"), frozenset(map(fold, ("bộ", "diện", "văn")))
_AND = fold("và")
_DONE = fold("đã")
_STRIVE = fold("phấn đấu")
_ACCORDING, _THAT = fold("theo"), fold("đó")
_NAME_GLUE = frozenset(map(fold, ("và", "các", "cùng")))
_PERSON_WORDS = frozenset(map(fold, ("đồng chí", "đ/c", "ông", "bà")))
_NAMING_TRIGGERS = frozenset(map(fold, ("giao", "giao cho", "phân công", "chỉ đạo")))  # must name who acts
INCOMPLETE = "incomplete"
_TOPIC_OPENERS = (
    "đối với", "về", "với", "để", "trên cơ sở", "sau khi", "trong thời gian tới",
    "thời gian tới", "trong thời gian đến", "tại hội nghị", "tại buổi làm việc", "theo đó",
    "kết luận hội nghị", "phát biểu kết luận", "nhằm", "trước mắt")
_CLAUSE_BREAKS = frozenset(",;:")


class Tok(NamedTuple):
    """A word or punctuation mark; `key` is its folded form (a tuple: built by the thousand)."""

    start: int
    end: int
    raw: str
    key: str
    capitalised: bool


@dataclass(frozen=True)
class Clause:
    """How a clause directs: `kind` object|lead|modal|subject|imperative (None: no action).

    `assignee` and `requester` are (start, end) offsets of the phrases as written;
    `action_start` is where the imperative begins (after trigger, subject and modal).
    """

    kind: str | None
    action_start: int = 0
    assignee: tuple[int, int] | None = None
    requester: tuple[int, int] | None = None
    trigger: str | None = None
    past: bool = False


class _Lexicon:
    """Multi-word phrases matched on folded tokens, longest first."""

    def __init__(self, entries: dict[str, str]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, value in entries.items():
            words = tuple(fold(t.group()) for t in TOKEN_RE.finditer(phrase))
            if words:
                self._by_first.setdefault(words[0], []).append((words, value))
        for options in self._by_first.values():
            options.sort(key=lambda o: -len(o[0]))
        self.first = frozenset(self._by_first)  # a cheap test before `match`
        self.longest = max((len(o[0][0]) for o in self._by_first.values()), default=0)

    def match(self, toks: Sequence[Tok], i: int) -> tuple[int, str] | None:
        """(number of tokens, value) of the longest phrase starting at token i."""
        if i >= len(toks):
            return None
        options = self._by_first.get(toks[i].key)
        if not options:
            return None
        size = len(toks)
        for words, value in options:
            n = len(words)
            if n == 1:
                return 1, value
            if i + n <= size and all(toks[i + k].key == words[k] for k in range(1, n)):
                return n, value
        return None

    def phrases(self) -> frozenset[str]:
        """The phrases as folded words joined by a space."""
        return frozenset(" ".join(words) for options in self._by_first.values() for words, _ in options)


@lru_cache(maxsize=None)
def _lexicon(name: str) -> _Lexicon:
    if name.endswith(".tsv"):
        return _Lexicon(table(name))
    return _Lexicon({w: w for w in word_list(name)})


def trigger_phrases() -> frozenset[str]:
    """Every trigger as folded words joined by a space: a clause without one directs only by
    its verb."""
    return _lexicon("task_triggers.tsv").phrases()


@lru_cache(maxsize=1)
def _topics() -> _Lexicon:
    """Openers of a topic phrase before the directive (`Đối với …,`, `Trên cơ sở …,`)."""
    return _Lexicon({w: w for w in _TOPIC_OPENERS})


@lru_cache(maxsize=1)
def _requests() -> _Lexicon:
    """Triggers that never sit inside a noun phrase (`giao` does: `giao thông`)."""
    return _Lexicon({w: w for w, kind in table("task_triggers.tsv").items()
                     if kind == "object" and w.split()[0] in ("đề", "yêu", "kính")})


@lru_cache(maxsize=1)
def _agents() -> tuple[_Lexicon, frozenset[str]]:
    """Agent head words, and the folded heads that need a capitalised name after them."""
    entries: dict[str, str] = {}
    strict: set[str] = set()
    for word in word_list("task_agents.txt"):
        if word.endswith("*"):
            word = word[:-1]
            strict.add(fold(word))
        entries[word] = word
    for name in ("organizations.txt", "offices.txt", "unit_types.txt"):
        for word in word_list(name):
            entries.setdefault(word, word)
    return _Lexicon(entries), frozenset(strict)


@lru_cache(maxsize=1)
def _org_heads() -> tuple[tuple[str, ...], ...]:
    """Body words after which a verb is part of the body's name (`Trung tâm phát triển …`)."""
    heads = ("ban chỉ đạo", "ban quản lý", "ban tổ chức", "ban điều hành", "ban vận động",
             "trung tâm", "ban", "phòng", "sở", "bộ", "cục", "tổng cục", "chi cục", "viện",
             "ủy ban", "hội", "ngân hàng", "quỹ", "văn phòng", "tổ", "đội", "đoàn", "trường")
    return tuple(tuple(map(fold, h.split())) for h in heads)


def _inside_agent(toks: Sequence[Tok], k: int, t: int) -> bool:
    """Does an agent head word that starts before token t (and not before k) cover it?"""
    lex = _agents()[0]
    for a in range(max(k, t - 3), t):
        hit = lex.match(toks, a)
        if hit and a + hit[0] > t:
            return True
    return False


def _name_goes_on(toks: Sequence[Tok], k: int, t: int) -> int | None:
    """A body's name going on past a verb to its unit (`Ban Quản lý dự án đầu tư xây dựng
    huyện đẩy nhanh …`): the phrase opens with a body word, words (no `các`, `của` …) run
    from the verb at t to a lower-case unit type word, and an action or the end follows it.  Index of the token after the
    unit word, else None."""
    if not (toks[k].capitalised and any(tuple(x.key for x in toks[k:k + len(h)]) == h for h in _org_heads())):
        return None
    units = _lexicon("unit_types.txt")
    for u in range(t + 1, min(len(toks), t + 9)):
        if not toks[u].raw.isalpha() or toks[u].key in _NOUN_MARKERS or (toks[u].capitalised and agent_at(toks, u)):
            return None  # `Đội Thuế phối hợp các thôn …`, `Sở Tư pháp tham mưu Ủy ban nhân dân tỉnh …`: an object
        hit = units.match(toks, u)
        after = u + hit[0] if hit else 0
        if hit and not toks[u].capitalised and (after == len(toks) or verb_at(toks, after) or modal_at(toks, after)):
            return after  # `Trung tâm Xúc tiến đầu tư Thương mại và Du lịch tỉnh tham mưu …`
    return None


def _after_org_head(toks: Sequence[Tok], t: int, k: int = 0) -> bool:
    """Does a capitalised body word (`Trung tâm`, `Ban`) end just before token t?"""
    for head in _org_heads():
        a = t - len(head)
        if a >= 0 and toks[a].capitalised and tuple(x.key for x in toks[a:t]) == head:
            if len(head) > 1:
                return True
            # a one-word head names a body only where the phrase starts (`Phòng văn hóa …`), not
            # in `Hải Phòng` or `đơn vị thuộc Bộ thực hiện …`
            return a == k or (a > k and toks[a - 1].key in _PLURALS)
    return False


class _WordTable(dict):
    """Raw word → a property of it, computed once: a genre's vocabulary repeats."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, raw: str):
        value = self[raw] = self.compute(raw)
        return value


_KEYS = _WordTable(fold)
_CAPITALISED = _WordTable(lambda raw: raw[:1].isupper())
_MAX_WORDS = 1 << 16


def _tok(m: re.Match[str]) -> Tok:
    raw = m.group()
    return Tok(m.start(), m.end(), raw, _KEYS[raw], _CAPITALISED[raw])


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Tok, ...]:
    """Tokens of `text`, cached: a clause is read again as part of its sentence, lead and item.

    Built with C-level maps (a Python call per token costs more than the rest of it)."""
    if len(_KEYS) > _MAX_WORDS:
        _KEYS.clear()
        _CAPITALISED.clear()
    found = list(TOKEN_RE.finditer(text))
    raws = list(map(re.Match.group, found))
    fields = zip(map(re.Match.start, found), map(re.Match.end, found), raws, map(_KEYS.__getitem__, raws),
                 map(_CAPITALISED.__getitem__, raws))
    return tuple(map(tuple.__new__, repeat(Tok), fields))


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: a quote is what someone said, never a directive."""
    spans, opened = [], None
    if not _QUOTE_CHAR.search(text):
        return spans
    for i, ch in enumerate(text):
        if ch in _OPEN_QUOTES or (ch == '"' and opened is None):
            opened = i if opened is None else opened
        elif (ch in _CLOSE_QUOTES or ch == '"') and opened is not None:
            spans.append((opened, i + 1))
            opened = None
    return spans


def verb_at(toks: Sequence[Tok], i: int) -> int:
    """Length in tokens of an action verb starting at token i (0 when none)."""
    verbs = _lexicon("task_verbs.txt")
    if i >= len(toks) or toks[i].key not in verbs.first or _lexicon("task_not_actions.txt").match(toks, i):
        return 0
    hit = verbs.match(toks, i)
    return hit[0] if hit else 0


def modal_at(toks: Sequence[Tok], i: int) -> int:
    hit = _lexicon("task_triggers.tsv").match(toks, i)
    return hit[0] if hit and hit[1] == "modal" else 0


def agent_at(toks: Sequence[Tok], i: int) -> bool:
    """Does a unit, body or person (a possible assignee) start at token i?"""
    lex, strict = _agents()
    if i < len(toks) and (toks[i].key in _PLURALS or toks[i].key in _DISTRIBUTIVE):
        return agent_at(toks, i + 1)
    if i + 1 < len(toks) and toks[i].key == _WHOLE and toks[i + 1].key not in _WHOLE_NOT:
        return agent_at(toks, i + 1)  # `toàn Ngành cần …`, `toàn tỉnh phấn đấu …` (not `toàn bộ`)
    hit = lex.match(toks, i)
    if not hit:
        return False
    n = hit[0]
    if toks[i].key in strict and n == 1:
        return i + 1 < len(toks) and toks[i + 1].capitalised
    return True


def _in(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


@lru_cache(maxsize=1)
def _past_words() -> frozenset[str]:
    return frozenset(fold(w) for w in word_list("task_past.txt")) - _RELATIVE


@lru_cache(maxsize=1)
def _np_words() -> frozenset[str]:
    """First words of whatever can end or break a noun phrase (requests, non-actions, past
    markers, verbs, modals)."""
    return (_requests().first | _lexicon("task_not_actions.txt").first | _past_words()
            | _lexicon("task_verbs.txt").first | _lexicon("task_triggers.tsv").first)


def noun_phrase_end(toks: Sequence[Tok], k: int) -> tuple[int, bool] | None:
    """Token index of the verb or modal that ends the noun phrase starting at k.

    Returns (index, past) where `past` tells the verb is reported (`đã`, `sẽ` …); None
    when no verb follows within reach.  Verbs inside names (`Trung tâm phát triển quỹ đất`,
    `Phòng Văn hóa & thông tin`) and relative clauses (`được phân công phụ trách`) are
    skipped.
    """
    past_words = _past_words()
    breaking = _np_words()
    limit = min(len(toks), k + _MAX_NP_TOKENS)
    t = k + 1
    while t < limit:
        tok = toks[t]
        prev = toks[t - 1].key
        if tok.key not in breaking and prev not in _RELATIVE and tok.raw not in ".:!?":
            t += 1  # a word that neither ends nor breaks the phrase
            continue
        if tok.raw == "." and toks[t - 1].raw.isupper() and len(toks[t - 1].raw) <= 4:
            t += 1  # `TP. Hà Nội`
            continue
        if not tok.capitalised and _requests().match(toks, t):
            return None  # `Đồng chí yêu cầu …` is a request, not a subject
        if tok.raw == ":":  # `Phòng Văn hóa và Thông tin: Chủ trì …`, `yêu cầu các đơn vị:`
            if t + 1 >= len(toks) or verb_at(toks, t + 1):
                return (t, False) if t > k else None
            t += 1  # `… các quận, huyện: Hà Đông, Nam Từ Liêm báo cáo …`
            continue
        if tok.raw in ".!?":
            return None
        if prev in _RELATIVE:
            t += 1 + max(verb_at(toks, t) - 1, 0)
            continue
        if _lexicon("task_not_actions.txt").match(toks, t) and not tok.capitalised:
            return None
        if tok.key in past_words and t + 1 < limit and not toks[t + 1].capitalised and toks[t + 1].raw.isalpha():
            return t + 1, True
        size = verb_at(toks, t) or modal_at(toks, t)
        agent = _agents()[0].match(toks, t) if size else None
        if agent and agent[0] > size:
            size = agent[0]  # `các hợp tác xã`: a body whose name starts with a verb
        elif size and _inside_agent(toks, k, t):
            size = 1  # `Chủ đầu tư có trách nhiệm …`: the verb is inside the body's head word
        elif size and not tok.capitalised and not _after_org_head(toks, t, k) and prev != "&":
            named = _name_goes_on(toks, k, t)
            if named is None:
                return t, False
            if named < len(toks):
                return named, False  # the action after the unit word ends the name
        t += max(size, 1)
    return None


def _skip_prefix(toks: Sequence[Tok], i: int, times: list[tuple[int, int]]) -> int:
    """Skip connectors (`đồng thời`), a topic (`Đối với …,`), a leading time phrase."""
    connectors = _lexicon("task_connectors.txt")
    changed = True
    while changed and i < len(toks):
        changed = False
        hit = connectors.match(toks, i)
        if hit:
            i += hit[0]
            changed = True
        if i < len(toks) and toks[i].raw in ",:":
            i += 1
            changed = True
        if _topics().match(toks, i):
            stop = next((j for j in range(i + 1, min(len(toks), i + 40))
                         if toks[j].raw in ",:" or toks[j].key == _THEN), None)
            if stop is not None:
                i = stop + 1
                changed = True
        topic_end = next((j for j in range(i + 1, min(len(toks), i + 30)) if toks[j].key == _THEN), None)
        if topic_end is not None and not any(_lexicon("task_triggers.tsv").match(toks, j) for j in range(i, topic_end)):
            i = topic_end + 1  # `các nội dung thuộc thẩm quyền … thì tập trung giải quyết`
            changed = True
        colon = next((j for j in range(i + 1, min(len(toks) - 1, i + 15)) if toks[j].raw == ":"), None)
        if colon is not None and not agent_at(toks, i) and verb_at(toks, colon + 1):
            i = colon + 1  # `1. Công tác tuyên truyền: Tiếp tục …`
            changed = True
        speech = _lexicon("task_speech.txt")
        for j in range(i, min(len(toks), i + 30)):
            hit = toks[j].key in speech.first and speech.match(toks, j)
            if hit and j + hit[0] < len(toks) and toks[j + hit[0]].raw in ",:":
                i = j + hit[0] + 1
                changed = True
                break
        for s, e in times:
            if i < len(toks) and toks[i].start == s:
                while i < len(toks) and toks[i].start < e:
                    i += 1
                changed = True
                break
    return i


def _skip_times(toks: Sequence[Tok], i: int, times: list[tuple[int, int]]) -> int:
    moved = True
    while moved and i < len(toks):
        moved = False
        for s, e in times:
            if s <= toks[i].start < e:
                while i < len(toks) and toks[i].start < e:
                    i += 1
                moved = True
                break
        if i < len(toks) and (toks[i].raw == "cho" or (toks[i].raw == "," and i and _in(times, toks[i - 1].start))):
            i += 1
            moved = True
    return i


def _action_at(toks: Sequence[Tok], t: int) -> int:
    """Offset where the action starts when the noun phrase ends at token t (a verb or `:`)."""
    if toks[t].raw != ":":
        return toks[t].start
    return toks[t + 1].start if t + 1 < len(toks) else toks[t].end


def _span(toks: Sequence[Tok], a: int, b: int) -> tuple[int, int]:
    while b > a and toks[b - 1].raw in ",;:-–":
        b -= 1
    return toks[a].start, toks[b - 1].end


def _verb_ends_at(toks: Sequence[Tok], j: int) -> bool:
    """Does an action verb end just before token j (`duy trì giao ban`: a noun, not `giao`)?"""
    return any(k >= 0 and verb_at(toks, k) == j - k and not _in_name(toks, k) for k in range(j - 3, j))


def _in_name(toks: Sequence[Tok], i: int) -> bool:
    """Is token i a capitalised word inside a name (`Ban Chỉ đạo`)?"""
    return i > 0 and toks[i].capitalised and toks[i - 1].capitalised


@lru_cache(maxsize=1)
def _doc_kinds() -> _Lexicon:
    return _Lexicon({k: k for k in table("doc_kinds.tsv")} | {"văn bản": "văn bản"})


def _can_request(toks: Sequence[Tok], a: int, b: int, is_official) -> bool:
    """Is tokens a..b a body, an official or a document that can give a directive?"""
    if is_official(toks, a, b):
        return True
    return any(agent_at(toks, i) or _doc_kinds().match(toks, i) for i in range(a, b))


def _narrated(toks: Sequence[Tok], first: int, j: int) -> bool:
    """Is the trigger at j one act in a reported sequence (`đồng chí X chủ động làm rõ …,
    phân công …`, `Công an tham mưu …, báo cáo và đề nghị cấp có thẩm quyền …`)?"""
    a = next((i for i in range(first, j) if agent_at(toks, i)), None)
    if a is None:
        return j > first and toks[j - 1].raw == "," and any(
            verb_at(toks, i) and not toks[i].capitalised for i in range(first + 1, j))
    end = noun_phrase_end(toks, a)
    return end is not None and end[0] < j and not end[1]


def _compact_np_end(toks: Sequence[Tok], k: int) -> int | None:
    """End of a unit name read without a known verb after it (`UBND các huyện ven biển sơ
    tán …` → `UBND các huyện`): agent and unit words, capitalised names, `và`, commas."""
    lex = _agents()[0]
    t = k
    while t < len(toks):
        hit = lex.match(toks, t)
        if hit:
            t += hit[0]
        elif toks[t].capitalised or toks[t].key in _PLURALS or toks[t].key == _AND or toks[t].raw in ",-–&":
            t += 1
        else:
            break
    while t > k and (toks[t - 1].raw in ",-–&" or toks[t - 1].key == _AND):
        t -= 1
    return t if k < t < len(toks) - 1 else None


def _object_trigger(toks: Sequence[Tok], j: int, n: int, kind: str, word: str, first: int,
                    times: list[tuple[int, int]], is_official, final: bool = False,
                    speaker=None, requested: bool = False) -> Clause | None:
    """A trigger `đề nghị|yêu cầu|giao|phân công|chỉ đạo` read with its object.

    Returns None when the word is not used as a trigger here, and a Clause of kind
    INCOMPLETE when it is but its object runs on past this clause (`yêu cầu A, B; C …`).
    """
    before = toks[j - 1].key if j else ""
    if before == _PASSIVE and kind == "object":
        return _passive(toks, j, n, word, first, times)
    if before in _NOUN_MARKERS or before in _RELATIVE or before in _NEGATIONS:
        return None
    if before == _DONE and (word not in _NAMING_TRIGGERS - {fold("chỉ đạo")} or not _reports_assignment(toks, j, first)):
        return None  # `UBND quận đã giao UBND các phường …` stands; `đã đề nghị` was asked before,
        # `chỉ tiêu Thành phố đã giao …` describes
    if _verb_ends_at(toks, j) or _narrated(toks, first, j):
        return None
    requester = _span(toks, first, j) if j > first else None
    if requester and not _can_request(toks, first, j, is_official):
        return None
    if kind == "lead" and not (is_official(toks, first, j) if requester else requested):
        return None
    if kind in ("advice", "chair"):
        who = speaker(toks, first, j) if requester and speaker else None
        if kind == "chair" and who != "chair":
            return None  # from anyone else `đề xuất` proposes upwards
        if kind == "advice" and not (who == "chair" or (requested if requester is None else _titled(toks, first, j))):
            return None  # `Bà A, cán bộ y tế, lưu ý người dân …`: advice, not a directive
        kind = "lead"
    k = j + n
    if k < len(toks) and (toks[k].raw == ":" or (toks[k].raw == "," and agent_at(toks, k + 1))):
        k += 1  # `yêu cầu: …`, `chỉ đạo, UBND huyện …`
    k = _skip_times(toks, k, times)
    if k >= len(toks):
        return None
    if not agent_at(toks, k) and toks[k].capitalised and k + 1 < len(toks) and toks[k + 1].capitalised:
        end = noun_phrase_end(toks, k)  # a place named bare: `lưu ý Hải Phòng khẩn trương …`
        if end is not None and not end[1] and _name_list(toks, k, end[0]):
            return Clause(kind, _action_at(toks, end[0]), _span(toks, k, end[0]), requester, word)
    if agent_at(toks, k):
        end = noun_phrase_end(toks, k)
        if end is not None and not end[1]:
            stop = next((t for t in range(k + 1, end[0]) if _in(times, toks[t].start)), end[0])
            return Clause(kind, _action_at(toks, end[0]), _span(toks, k, stop), requester, word)
        if end is None and not final:
            return Clause(INCOMPLETE, toks[k].start, None, requester, word)
        stop = _compact_np_end(toks, k) if end is None else None
        if stop is not None:
            return Clause(kind, toks[stop].start, _span(toks, k, stop), requester, word)
    explicit = word in _NAMING_TRIGGERS
    if not explicit and (verb_at(toks, k) or modal_at(toks, k)):
        return Clause(kind, toks[k].start, None, requester, word)
    return None


def _reports_assignment(toks: Sequence[Tok], j: int, first: int) -> bool:
    """Is `đã giao` at j said of the clause's subject (`Trước đó, UBND huyện đã giao …`), not in
    a relative clause (`120 hộ thuộc chỉ tiêu tỉnh đã giao …`)?"""
    s = j
    while s > first and toks[s - 1].raw not in _CLAUSE_BREAKS:
        s -= 1
    end = noun_phrase_end(toks, s) if agent_at(toks, s) else None
    return end is not None and end[0] == j and not any(t.key in _STATIVE for t in toks[s:j])


def _passive(toks: Sequence[Tok], j: int, n: int, word: str, first: int,
             times: list[tuple[int, int]]) -> Clause | None:
    """`Sở X được giao rà soát …`, `UBND xã Y được yêu cầu báo cáo …`: the subject before
    `được` is asked, and acts."""
    s = j - 1
    while s > first and toks[s - 1].raw not in _CLAUSE_BREAKS:
        s -= 1
    if s >= j - 1 or not agent_at(toks, s) or any(t.key in _past_words() for t in toks[s:j - 1]):
        return None  # `đơn vị nào sẽ được giao …?`: a question about what will be done
    if any(t.raw == "?" for t in toks[j:]):
        return None
    k = _skip_times(toks, j + n, times)
    if k + 1 < len(toks) and (toks[k].key, toks[k + 1].key) == _TASK_NOUN:
        k += 2  # `được giao nhiệm vụ rà soát …`
    if k >= len(toks) or not verb_at(toks, k):
        return None
    return Clause("object", toks[k].start, _span(toks, s, j - 1), None, word)


def _modal_trigger(toks: Sequence[Tok], j: int, n: int, word: str, first: int,
                   times: list[tuple[int, int]]) -> Clause | None:
    """`X cần …`, `…, phấn đấu … phải …`: the subject before the modal acts."""
    if j and toks[j - 1].key in _NEGATIONS:
        return None
    k = _skip_times(toks, j + n, times)
    while k < len(toks) and modal_at(toks, k):
        k = _skip_times(toks, k + modal_at(toks, k), times)
    if k >= len(toks) or not verb_at(toks, k):
        return None
    action = toks[j].start if word == _STRIVE else toks[j + n].start
    if any(_lexicon("task_opinion.txt").match(toks, i) for i in range(first, j)):
        return None  # `Ông A cho rằng các doanh nghiệp cần …`: an opinion
    if j > first and agent_at(toks, first):
        end = noun_phrase_end(toks, first)
        if end is not None and end[0] == j:
            return Clause("modal", action, _span(toks, first, j), None, word)
    s = j
    while s > first and toks[s - 1].raw not in _CLAUSE_BREAKS and toks[s - 1].key != _THEN:
        s -= 1  # `…, không đảm bảo yêu cầu thì cơ quan chức năng phải …`: the subject follows `thì`
    if s == j:
        return Clause("modal", action, None, None, word)
    if agent_at(toks, s):
        end = noun_phrase_end(toks, s)
        if end is not None and end[0] == j:
            return Clause("modal", action, _span(toks, _listed_before(toks, s, first), j), None, word)
    return None


def _listed_before(toks: Sequence[Tok], s: int, first: int) -> int:
    """Start of a comma list of units ending with the one at s (`các cơ quan, đơn vị cần …`)."""
    while s - 1 > first and toks[s - 1].raw == ",":
        a = s - 1
        while a > first and toks[a - 1].raw not in _CLAUSE_BREAKS:
            a -= 1
        if a == s - 1 or not agent_at(toks, a) or any(verb_at(toks, t) for t in range(a, s - 1)):
            break
        s = a
    return s


def read_clause(text: str, times: list[tuple[int, int]] = (), loose: bool = False,
                is_official=None, final: bool = False, speaker=None, requested: bool = False) -> Clause:
    """How `text` directs someone, if it does.

    `times` are spans of time expressions in `text` (skipped when looking for the
    subject or object); `loose` accepts any capitalised subject (`Hà Nội và các tỉnh …
    thực hiện …`), for clauses already known to sit in a directive passage;
    (never a document: `Chương trình hành động cần tập trung …` names what, not who);
    `is_official(toks, a, b)` tells whether tokens a..b name a person in office, the only
    one who can `chỉ đạo` someone else in a task.  A trigger whose object runs to the end
    without a known verb gives kind None (the object may go on after a `;`), unless
    `final` says nothing follows: then the object is read as a unit name.  `speaker(toks,
    a, b)` tells whether tokens a..b name an official the document knows: "chair" for who
    chairs or concludes the meeting (the only one whose `đề xuất` is a directive), "official"
    for another, None for nobody known; advice (`lưu ý`, `nhắc nhở`) directs only from who
    presides or an official whose title is written.
    `requested`: the clause goes on with a directive whose official was named before
    (`Bà A nhắc nhở …; đồng thời quán triệt các khu phố …`).
    """
    toks = tokenize(text)
    if not toks:
        return Clause(None)
    is_official = is_official or looks_official
    quotes = quoted_spans(text)
    first = _skip_prefix(toks, 0, list(times))
    hearsay = _hearsay(toks, is_official)
    triggers = _lexicon("task_triggers.tsv")
    i = 0
    while i < len(toks):
        hit = toks[i].key in triggers.first and triggers.match(toks, i)
        quoted = _in(quotes, toks[i].start) and not (i and toks[i - 1].key == _I)  # `"Tôi giao …", ông A nói`
        if (not hit or quoted or (i > first and _in_name(toks, i))
                or any(verb_at(toks, k) > i - k for k in range(max(0, i - 2), i))):  # `bàn giao`
            i += 1  # `Ban Chỉ đạo` is a name, not `chỉ đạo`
            continue
        n, kind = hit
        word = " ".join(t.key for t in toks[i:i + n])
        start = first if first <= i else 0
        if kind == "modal":
            found = None if hearsay else _modal_trigger(toks, i, n, word, start, list(times))
        else:
            found = _object_trigger(toks, i, n, kind, word, start, list(times), is_official, final, speaker,
                                    requested)
        if found:
            return found if found.kind != INCOMPLETE else Clause(None, trigger=found.trigger)
        i += n
    if first >= len(toks) or _in(quotes, toks[first].start) or hearsay:
        return Clause(None)
    if verb_at(toks, first):
        return Clause("imperative", toks[first].start)
    if _lexicon("task_not_actions.txt").match(toks, first):
        return Clause(None)
    if toks[first].key in _DISTRIBUTIVE:  # `mỗi tỉnh chọn …`: each of them, not a new assignee
        end = noun_phrase_end(toks, first)
        if end is not None:
            return Clause("subject", toks[end[0]].start, None, past=end[1])
    if agent_at(toks, first) or (loose and toks[first].capitalised and toks[first].key not in _NOUN_MARKERS
                                 and not _doc_kinds().match(toks, first)):  # not `Theo người đứng đầu …,`
        end = noun_phrase_end(toks, first)
        if end is not None and (agent_at(toks, first) or _name_list(toks, first, end[0])):
            if toks[end[0]].raw == ":" and not verb_at(toks, end[0] + 1):
                return Clause(None)
            return Clause("subject", _action_at(toks, end[0]), _span(toks, first, end[0]), past=end[1])
    return Clause(None)


def _hearsay(toks: Sequence[Tok], is_official) -> bool:
    """`Theo người dân, …`, `Theo kế hoạch, …`: what follows reports someone's view or an
    earlier plan, unless the source is an official (`Theo Bộ trưởng, …`)."""
    if not toks or toks[0].key != _ACCORDING or (len(toks) > 1 and toks[1].key == _THAT):
        return False
    comma = next((i for i in range(1, min(len(toks), 25)) if toks[i].raw == ","), None)
    if comma is None:
        return False
    if any(_doc_kinds().match(toks, i) for i in range(1, comma)):
        return True
    return not (is_official(toks, 1, comma) or any(agent_at(toks, i) for i in range(1, comma)))


def opens_without_action(text: str) -> bool:
    """Does `text` start with a phrase that looks like an action but is none (`Chịu trách
    nhiệm trước …`, `Góp phần …`)?"""
    lexicon = _lexicon("task_not_actions.txt")
    toks = tuple(map(_tok, islice(TOKEN_RE.finditer(text), lexicon.longest)))
    return bool(toks) and lexicon.match(toks, 0) is not None


def _name_list(toks: Sequence[Tok], a: int, b: int) -> bool:
    """Tokens a..b read as names of bodies or places (`Hà Nội và các tỉnh Bắc Ninh, An
    Giang`): capitalised words, joined only by `và`, `các`, commas and unit words."""
    glue = _NAME_GLUE
    i = a
    while i < b:
        tok = toks[i]
        if tok.capitalised or tok.key in glue or tok.raw in ",-–&":
            i += 1
        elif agent_at(toks, i):
            i += _agents()[0].match(toks, i)[0]
        else:
            return False
    return True


def looks_official(toks: Sequence[Tok], a: int, b: int) -> bool:
    """Do tokens a..b name a person in office (`đồng chí Phó Chủ tịch UBND thị xã`)?"""
    return any(toks[i].key in _PERSON_WORDS for i in range(a, b)) or _titled(toks, a, b)


def _titled(toks: Sequence[Tok], a: int, b: int) -> bool:
    """Do tokens a..b hold an office title (`Chủ tịch UBND huyện`, `Bí thư`)?"""
    offices = _lexicon("offices.txt")
    return any(toks[i].capitalised and offices.match(toks, i) for i in range(a, b))
