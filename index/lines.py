"""Line-level knowledge of Chinese official documents, written once for cleaning, metadata and structure.

What a line of a 答复 / 通知 / 条例 can be: a numbered heading (一、 / （一） / 1. / 第X章 / 第X条), a
header field (答复时间：…), the salutation (马跃华委员：), the opening (现答复如下：), a signature (威海市工业和
信息化局), a date (2024年5月31日), a contact line (联系人：…), a press byline; Chinese numerals, date
patterns and the punctuation that ends sentences and clauses. `layout_of` splits a document's lines
into front matter, body, closing and quoted proposal once; the parsed document carries the result.
Cue words live in index/data/lines.json (loaded once); request/response labels in index/data/parts.json.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from index.types import Layout

__all__ = [
    "CLAUSE_BREAKS",
    "CLAUSE_END",
    "CLOSERS",
    "CN_NUMERALS",
    "DATE_NUMERALS",
    "FULL_STOPS",
    "LEAD_END",
    "MAX_TITLE",
    "ORDINAL_NUMERALS",
    "PHRASE_PUNCT",
    "REQUEST_PARTS",
    "SENTENCE_CLOSERS",
    "SENTENCE_END",
    "article_refs",
    "char_class",
    "chinese_numeral",
    "cue_words",
    "glued_signature",
    "header_field",
    "heading_level",
    "heading_title",
    "is_article",
    "is_byline",
    "is_contact",
    "is_date_line",
    "is_opening",
    "is_part_label",
    "is_salutation",
    "is_signature",
    "is_standalone_heading",
    "is_thanks",
    "iso_date",
    "item_number",
    "items_in",
    "labelled_parts",
    "layout_of",
    "lead_day",
    "parse_date",
    "quoted_proposal_title",
    "says_reply_follows",
    "session_refs",
    "stated_year",
    "to_chinese_numeral",
    "words_pattern",
]

DATA_DIR = Path(__file__).parent / "data"
LINES_FILE = DATA_DIR / "lines.json"
PARTS_FILE = DATA_DIR / "parts.json"

# --- punctuation ------------------------------------------------------------------------------------
FULL_STOPS = "。！？"  # a line holding one of these is a sentence, not a title or a heading
# Punctuation that ends a sentence; ASCII forms occur in web exports (and everywhere after NFKC).
SENTENCE_END = "。！？；!?;"
LEAD_END = SENTENCE_END + "：:"  # ends a sentence or a lead clause (下步工作措施：)
CLAUSE_END = "，," + LEAD_END  # ends any clause
CLAUSE_BREAKS = "，、：,:"  # where an over-long sentence may be cut
PHRASE_PUNCT = CLAUSE_END + "、"  # any punctuation inside a sentence: a name or a short label has none
# Closing quotes and brackets that may follow sentence punctuation (cleaning: does a line end a sentence).
CLOSERS = "”’」』）)》】"
# The closers that sentence splitting keeps with the sentence before them; unlike CLOSERS it keeps ] and
# not 》】 (a 》 after 。 opens the next sentence there). The copies disagreed; the union would move a chunk
# boundary of one broad-corpus document, so each keeps its set.
SENTENCE_CLOSERS = "”’」』）)]"


def char_class(chars: str) -> str:
    """A regex character class of exactly these characters."""
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in chars) + "]"


# --- cue words (index/data/lines.json) ---------------------------------------------------------------
@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    data = json.loads(LINES_FILE.read_text(encoding="utf-8"))
    return {k: tuple(v["words"]) for k, v in data.items() if not k.startswith("_")}


def cue_words(name: str) -> tuple[str, ...]:
    """One named cue-word list of index/data/lines.json, in its file order."""
    return _cues()[name]


def words_pattern(*names: str) -> str:
    """The words of the named lists as one regex alternation (file order kept), without a group."""
    return "|".join(re.escape(w) for name in names for w in cue_words(name))


# --- numerals ---------------------------------------------------------------------------------------
CN_NUMERALS = "一二三四五六七八九十"  # the numbering of 一、 （一） 一是
DATE_NUMERALS = "〇零" + CN_NUMERALS  # 二〇二四年五月三十一日
ORDINAL_NUMERALS = "一二三四五六七八九十百千零〇"  # 第一百零五条, 第一千一百八十五条
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def chinese_numeral(s: str, *, positional: bool = False, strict: bool = False) -> int | None:
    """一百二十三 -> 123, 十六 -> 16, 二十 -> 20, 一百零五 -> 105, 16 -> 16; None if it is not a numeral.

    `positional`: digits without 十 / 百 read one by one, as years are written (二〇二四 -> 2024).
    `strict`: None for a run of digits without a unit between them (一一, 二三) or a unit after a unit
    (十十); otherwise such a run reads as its last digit.
    """
    if s.isdigit():
        return int(s)
    if positional and not any(c in s for c in "十百"):
        values = [_DIGIT_VALUE.get(c) for c in s]
        if not values or any(v is None for v in values):
            return None
        return int("".join(str(v) for v in values))
    total, cur = 0, None
    prev = ""
    for c in s:
        if strict and prev and (prev in _DIGIT_VALUE) == (c in _DIGIT_VALUE) and prev not in "零〇":
            return None
        prev = c
        if c in _DIGIT_VALUE:
            cur = _DIGIT_VALUE[c]
        elif c == "十":
            total += (cur if cur is not None else 1) * 10
            cur = None
        elif c == "百":
            total += (cur if cur is not None else 1) * 100
            cur = None
        elif c == "千":
            total += (cur if cur is not None else 1) * 1000
            cur = None
        else:
            return None
    return total + (cur or 0)


def to_chinese_numeral(n: int) -> str:
    """16 -> 十六, 105 -> 一百零五, 120 -> 一百二十, 10 -> 十, 1185 -> 一千一百八十五, 1010 -> 一千零一十 (the
    numbering of 第X条), for 1 <= n < 10000."""
    digits = "零一二三四五六七八九"
    thousands, n = divmod(n, 1000)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{digits[thousands]}千" if thousands else ""
    if hundreds:
        out += f"{digits[hundreds]}百"
    elif thousands and rest:
        out += "零"
    if tens:
        out += ("" if tens == 1 and not (hundreds or thousands) else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += digits[ones]
    return out


_ARTICLE_REF = re.compile(rf"第([{ORDINAL_NUMERALS}两\d]{{1,9}})([条章节编款])")


def article_refs(text: str) -> set[tuple[str, int]]:
    """The numbered units a text names: {("条", 16), ("章", 3)} for 第十六条 and 第三章."""
    out = set()
    for num, unit in _ARTICLE_REF.findall(text):
        n = chinese_numeral(num)
        if n:
            out.add((unit, n))
    return out


# 第十三届全国人民代表大会第一次会议, 十三届全国人大一次会议, 第十二届全国政协第五次会议: a congress's term and session.
_SESSION_REF = re.compile(rf"第?([{ORDINAL_NUMERALS}\d]{{1,4}})届[\u4e00-\u9fff]{{0,12}}?第?([{ORDINAL_NUMERALS}\d]{{1,3}})次(?:全体)?会议")


def session_refs(text: str) -> set[tuple[int, int]]:
    """The congress sessions a text names, as (term, session): {(13, 1)} for 十三届全国人大一次会议."""
    out = set()
    for term, session in _SESSION_REF.findall(text):
        t, n = chinese_numeral(term), chinese_numeral(session)
        if t and n:
            out.add((t, n))
    return out


# --- numbered headings and items --------------------------------------------------------------------
# Numbered headings by level, tried as one alternation (a named group per pattern).
_HEADING_PATTERNS: tuple[tuple[int, str], ...] = (
    (1, rf"[{CN_NUMERALS}]{{1,3}}、"),
    (1, rf"第[{ORDINAL_NUMERALS}\d]{{1,9}}[章编]"),
    (2, rf"[（(][{CN_NUMERALS}]{{1,3}}[）)]"),
    (2, rf"第[{ORDINAL_NUMERALS}\d]{{1,9}}条"),  # 第一百二十三条, 第一千一百八十五条 (the Civil Code's)
    (3, r"\d{1,2}[.．、](?![\d日月])"),  # 1. but not a decimal (1.6亿元) nor a date (1.1日)
    (3, r"[（(]\d{1,2}[）)]"),
)
_HEADING = re.compile("|".join(f"(?P<h{i}>{p})" for i, (_, p) in enumerate(_HEADING_PATTERNS)))
_ARTICLE = re.compile(_HEADING_PATTERNS[3][1])  # 第X条: an article of a regulation
_GROUP_LEVEL = {f"h{i}": level for i, (level, _) in enumerate(_HEADING_PATTERNS)}
# A heading's title stops at the end of its lead clause; past this it is a paragraph, not a title.
MAX_TITLE = 40
# 一是 / 二是 items inside a paragraph: at its start or after a clause end.
_ITEM = re.compile(rf"(?:^|(?<=[{CLAUSE_END}\s]))([{CN_NUMERALS}]{{1,2}})是")


def heading_level(line: str) -> int | None:
    """The level of the numbered heading a line starts with (1–3), or None."""
    m = _HEADING.match(line)
    return _GROUP_LEVEL[m.lastgroup] if m and m.lastgroup else None


def is_article(line: str) -> bool:
    """The line starts with an article number (第十六条)."""
    return _ARTICLE.match(line) is not None


def heading_title(line: str) -> str:
    """The heading of a line that starts with one: up to the end of its lead clause, at most ~40 chars.

    "（一）加强顶层规划设计。结合我市…" -> "（一）加强顶层规划设计".
    """
    line = line.strip()
    cut = next((i for i, c in enumerate(line) if c in LEAD_END), None)
    if cut is not None and cut <= MAX_TITLE + 4:
        return line[:cut].strip()
    if cut is None and len(line) <= MAX_TITLE + 20:
        return line
    # no early lead clause: stop at the first comma if it comes soon, else at the cap
    comma = next((i for i, c in enumerate(line[: MAX_TITLE + 1]) if c in "，,"), None)
    return line[: comma if comma else MAX_TITLE].strip()


def is_standalone_heading(line: str) -> bool:
    """A heading alone on its line (一、产业基本情况), as opposed to a lead heading followed by text."""
    body = line.rstrip("：:")
    return not any(c in SENTENCE_END for c in body) and len(body) <= MAX_TITLE + 20


def items_in(text: str) -> list[tuple[int, int]]:
    """(offset, number) of every 一是 / 二是 … item marker in a paragraph, in order."""
    return [(m.start(), item_number(m.group(1))) for m in _ITEM.finditer(text)]


def item_number(numeral: str) -> int:
    """一 -> 1, 十二 -> 12, 二十三 -> 23 (the numerals of 一是 items); 0 for what is not one (一一 in 一一是)."""
    return chinese_numeral(numeral, strict=True) or 0


# --- dates --------------------------------------------------------------------------------------------
# Full dates as written: 2024年5月31日 (spaces allowed), 2023-08-15 (or / .), 二〇二四年五月三十一日.
_DATE_BODIES = (
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日",
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})",
    rf"([{DATE_NUMERALS}]{{4}})年([{DATE_NUMERALS}]{{1,2}})月([{DATE_NUMERALS}]{{1,3}})日",
)
_DATES = (
    re.compile(rf"(?<!\d){_DATE_BODIES[0]}"),
    re.compile(rf"(?<!\d){_DATE_BODIES[1]}(?!\d)"),
    re.compile(_DATE_BODIES[2]),
)
_DATE_LINE = re.compile(rf"^(?:{_DATE_BODIES[0]}|{_DATE_BODIES[2]}|{_DATE_BODIES[1]})$")
# The date that opens a timestamp field: '2019/5/10 14:56:53', '2023-07-28 16:40', '2019年5月10日'.
_TIMESTAMP = re.compile(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
# A press report opens with the day: "11月19日上午,…" (year optional).
_LEAD_DAY = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A year the text states, not the end of a range (2023—2025年) nor a span (3年).
_YEAR = re.compile(r"(?<![\d—\-－~至到])((?:19|20)\d{2})\s*年(?!\s*[—\-－~至到])")


def iso_date(y: int | None, m: int | None, d: int | None) -> str | None:
    """YYYY-MM-DD for a plausible date, else None."""
    if y is None or m is None or d is None or not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(s: str, *, timestamp: bool = False) -> str | None:
    """The first full date in a string as ISO (2024年5月31日, 2024 年 5 月 31 日, 2023-08-15, 二〇二四年…).

    `timestamp`: the date that opens a data field instead ('2019/5/10 14:56:53'; separators may mix,
    no plausibility check), as benchmark records write them.
    """
    if timestamp:
        m = _TIMESTAMP.match(str(s or ""))
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None
    for i, pattern in enumerate(_DATES):
        m = pattern.search(s or "")
        if not m:
            continue
        y, mo, d = (chinese_numeral(g, positional=True) if i == 2 else int(g) for g in m.groups())
        iso = iso_date(y, mo, d)
        if iso:
            return iso
    return None


def is_date_line(line: str) -> bool:
    """A line that is only a date: the signature date of a reply or notice."""
    return bool(_DATE_LINE.match(line.strip()))


def lead_day(line: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of the day a press report opens with ("11月19日上午,…")."""
    m = _LEAD_DAY.match(line)
    if not m:
        return None
    return (int(m.group(1)) if m.group(1) else None), int(m.group(2)), int(m.group(3))


def stated_year(text: str) -> int | None:
    """The first year a text states (2024年), not the end of a range (2023—2025年) nor a span (3年)."""
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


# --- the lines that frame a document -----------------------------------------------------------------
# Compiled once at import from index/data/lines.json (these are called for every line of every document).
_FIELD = re.compile(rf"^({words_pattern('header_fields')})[ \t]*[:：][ \t]*(.*)$")
_SALUTATION = re.compile(
    r"^(?:尊敬的)?[\u4e00-\u9fffA-Za-z0-9·（）()、]{2,40}?"
    rf"(?:{words_pattern('salutation_suffixes')})[：:]$"
)
_AGENCY_SUFFIX = re.compile(rf"(?:{words_pattern('agency_suffixes')})$")
_CONTACT = re.compile(rf"^[（(]?(?:{words_pattern('contact_labels')}|联\s*系\s*人)")
_BYLINE = re.compile(rf"(?:{words_pattern('byline_cues')})")


# The sentence that ends a reply's front matter (现答复如下：).
_OPENING = re.compile(r"(?:答复|回复|函复|说明|报告)如下[：:]?$|答复如下")
# "A reply follows" anywhere in a text: how metadata tells a reply from other documents.
_REPLY_FOLLOWS = re.compile(r"答复如下|回复如下")
ACKNOWLEDGED = "收悉"  # 您提出的《…》建议收悉: the opening paragraph after a salutation
# Metadata's reading: an opening, a reply announced anywhere in the line, or the acknowledgement (收悉).
# The structure's front keeps the narrower reading: the wider one moves 254 citizen replies' front/body split.
_OPENING_OR_ACKNOWLEDGED = re.compile(rf"{_OPENING.pattern}|{_REPLY_FOLLOWS.pattern}|{ACKNOWLEDGED}")
_THANKS = re.compile(r"^(?:再次|非常|衷心|十分|特别)?感谢|^谢谢")
_QUOTED_TITLE = re.compile(r"《([^《》]{4,80})》")
# Web exports put up to ~10 header lines before the salutation; a front is never longer than this.
MAX_FRONT_LINES = 15
# Metadata's header ends at a sentence paragraph longer than this (a document without salutation).
_HEADER_SENTENCE_CHARS = 60
# Parts that hold what was asked (a proposal quoted after its reply, a citizen's labelled message), not the answer.
REQUEST_PARTS = frozenset({"proposal", "request"})


def header_field(line: str) -> tuple[str, str] | None:
    """(label, value) of a 'key: value' header line of a web export (答复时间：2024-05-31)."""
    m = _FIELD.match(line)
    return (m.group(1), m.group(2)) if m else None


def is_salutation(line: str) -> bool:
    """'马跃华委员：', '民盟威海市委会：': the addressee line that opens a reply."""
    return bool(_SALUTATION.match(line.strip())) and len(line.strip()) <= 45


def is_signature(line: str) -> bool:
    """A line that is only the name of an issuing body (威海市工业和信息化局)."""
    s = line.strip()
    return (
        2 <= len(s) <= 30
        and not any(c in s for c in PHRASE_PUNCT)
        and heading_level(s) is None
        and bool(_AGENCY_SUFFIX.search(s))
    )


# A signature and its date run on after a reply's last sentence, with no line break between them.
_GLUED_SIGNATURE = re.compile(r"[。！!？?）)]\s*([^。！!？?，,：:；;\s]{2,30}?)\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
# ...or with no date: a notice whose text ends "…共同打赢抗击疫情阻击战。北京市经济和信息化局".
_GLUED_UNDATED = re.compile(r"[。！!）)]\s*([^。！!？?，,：:；;\s]{2,30})\s*$")


def glued_signature(line: str) -> str | None:
    """The issuing body of a reply or notice signed on its last line's tail (…请致电咨询。A7县公安局2015年3月17日;
    …阻击战。北京市经济和信息化局, undated), else None."""
    m = _GLUED_SIGNATURE.search(line) or _GLUED_UNDATED.search(line)
    return m.group(1) if m and is_signature(m.group(1)) else None


def is_byline(line: str) -> bool:
    """The source / reporter line that closes a press report (齐鲁晚报·齐鲁壹点客户端 连宁燕)."""
    s = line.strip()
    return len(s) <= 40 and not any(c in s for c in SENTENCE_END + "，,") and bool(_BYLINE.search(s))


def is_contact(line: str) -> bool:
    """A contact or filing line after a reply's date (联系人：…, 抄送：…)."""
    return bool(_CONTACT.match(line))


def is_thanks(line: str) -> bool:
    """The closing thanks of a reply (再次感谢您对…的关心)."""
    return bool(_THANKS.match(line))


def is_opening(line: str, *, acknowledged: bool = False) -> bool:
    """The sentence that ends a reply's front matter (现答复如下：).

    `acknowledged`: metadata's wider reading, which also takes 回复如下 anywhere in the line and the
    acknowledgement 您提出的…收悉.
    """
    return bool((_OPENING_OR_ACKNOWLEDGED if acknowledged else _OPENING).search(line))


def says_reply_follows(text: str) -> bool:
    """The text announces a reply (现答复如下 / 回复如下) anywhere."""
    return bool(_REPLY_FOLLOWS.search(text))


def quoted_proposal_title(front: list[str]) -> str | None:
    """The title of the proposal the reply answers, as quoted in the opening (《关于…的建议》)."""
    for line in reversed(front):
        m = _QUOTED_TITLE.search(line)
        if m:
            return m.group(1)
    return None


@lru_cache(maxsize=1)
def _part_labels() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Line-start patterns of the request and response labels (index/data/parts.json), longest first."""
    data = json.loads(PARTS_FILE.read_text(encoding="utf-8"))

    def pattern(labels: list[str]) -> re.Pattern[str]:
        alts = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
        return re.compile(rf"^[【\[]?(?:{alts})[】\]]?\s*[：:]")

    return pattern(data["request"]), pattern(data["response"])


def is_part_label(line: str) -> bool:
    """The line opens a labelled request or response part (留言：…, 答复：…)."""
    request, response = _part_labels()
    return bool(request.match(line) or response.match(line))


def labelled_parts(lines: list[str]) -> list[str] | None:
    """Per line, "request" or "body" (the response) for a document whose lines label both; else None.

    `留言：…` / `答复：…`, `来信：…` / `回复：…`, `问：…` / `答：…`: each label switches the part until the
    next label; lines before the first label are the front. A document with labels of one kind only
    (a reply that merely says 答复：) is not split.
    """
    request, response = _part_labels()
    kinds = ["request" if request.match(ln) else "body" if response.match(ln) else None for ln in lines]
    first_req = next((i for i, k in enumerate(kinds) if k == "request"), None)
    first_resp = next((i for i, k in enumerate(kinds) if k == "body"), None)
    if first_req is None or first_resp is None or first_resp < first_req:
        return None
    out, cur = [], "front"
    for k in kinds:
        cur = k or cur
        out.append(cur)
    return out


# --- the layout of a document: front matter, body, closing, quoted proposal ----------------------------
def _header_end(lines: list[str]) -> int:
    """Lines up to the salutation or opening (or the first heading / sentence paragraph), at most 15.

    Metadata reads the title, fields, agency and proposer here; the opening line itself is not included.
    """
    n = 0
    for line in lines[:MAX_FRONT_LINES]:
        if heading_level(line) is not None or is_opening(line, acknowledged=True):
            break
        n += 1
        if is_salutation(line):
            break
        if any(c in line for c in FULL_STOPS) and len(line) > _HEADER_SENTENCE_CHARS:
            break
    return n


def _front_end(lines: list[str]) -> int:
    """Index of the first line after the front matter (header fields, title, salutation, opening)."""
    # the front is short and ends before the first heading: an opening further down is body text
    window = []
    for line in lines[:MAX_FRONT_LINES]:
        if heading_level(line) is not None:
            break
        window.append(line)
    for i, line in enumerate(window):
        if is_opening(line):
            return i + 1
    for i, line in enumerate(window):
        if is_salutation(line):
            # an opening paragraph (您提出的…收悉) follows the salutation; keep it in front
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            return i + 2 if ACKNOWLEDGED in nxt and heading_level(nxt) is None else i + 1
    n = 0
    for line in lines:
        if heading_level(line) is not None or any(c in line for c in FULL_STOPS + "!?") or len(line) > 60:
            break
        n += 1
    # a document of short lines only has no front to speak of
    return n if n < len(lines) else 0


def _split_tail(lines: list[str], start: int, is_reply: bool, proposal_title: str | None) -> tuple[int, int]:
    """(closing start, proposal start) indices in `lines`; both len(lines) when absent.

    The closing is the signature and date (and contact lines) after the reply; a reply exported from
    the web continues after its date with the original proposal, or repeats the proposal's title.
    """
    n = len(lines)
    proposal = n
    if proposal_title:
        for i in range(start, n):
            if lines[i].strip() == proposal_title and not any(c in lines[i] for c in FULL_STOPS):
                proposal = i
                break
    date_idx = None
    for i in range(start, proposal):
        if is_date_line(lines[i]):
            date_idx = i
    closing = proposal
    if date_idx is not None:
        j = date_idx + 1
        while j < proposal and is_contact(lines[j]):
            j += 1
        signed = date_idx > start and is_signature(lines[date_idx - 1])
        # a date line is the closing only when the document ends there, or when it signs a reply
        # that the original proposal follows; a date line inside the text is just text
        if j == proposal or (is_reply and signed):
            closing = date_idx
            while closing - 1 >= start and is_signature(lines[closing - 1]):
                closing -= 1
            proposal = min(proposal, j)
    elif proposal > start and is_byline(lines[proposal - 1]):
        closing = proposal - 1
    return closing, proposal


def layout_of(text: str) -> Layout:
    """Where a cleaned text's front matter, body, closing and quoted proposal lie (see `Layout`)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    labelled = labelled_parts(lines) if lines else None
    if labelled is not None or not lines:  # labelled lines say where the parts are; no front or closing
        front_end, closing, proposal, is_reply = 0, len(lines), len(lines), False
    else:
        front_end = _front_end(lines)
        front = lines[:front_end]
        is_reply = any(is_opening(ln) or is_salutation(ln) for ln in front)
        closing, proposal = _split_tail(lines, front_end, is_reply, quoted_proposal_title(front))
    return Layout(
        lines=tuple(lines),
        header_end=_header_end(lines),
        front_end=front_end,
        closing=closing,
        proposal=proposal,
        is_reply=is_reply,
        labelled=tuple(labelled) if labelled is not None else None,
    )
