"""Document structure: the section tree and the blocks (paragraphs in reading order) of a cleaned text.

Headings come from Chinese numbering: level 1 一、 / 第X章 (and, in documents without such numbering,
short standalone subtitles as in press reports), level 2 （一） / 第X条, level 3 1. / 1、 / （1）,
level 4 the 一是 / 二是 items inside a paragraph. A document splits into parts that never share a
chunk: "front" (header fields, title, salutation, 现答复如下), "body" and "proposal" (the original
proposal text that a web export appends after the reply). A document whose lines are labelled
(留言：… / 答复：…, 来信 / 回复, 问 / 答; index/data/parts.json) splits into "request" and "body" runs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from index.types import Block, Section

__all__ = [
    "REQUEST_PARTS",
    "article_refs",
    "chinese_numeral",
    "heading_level",
    "heading_title",
    "is_byline",
    "is_date_line",
    "is_salutation",
    "is_signature",
    "parse_structure",
    "quoted_proposal_title",
    "split_items",
    "to_chinese_numeral",
]

_CN = "一二三四五六七八九十"
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# Numbered headings by level, tried as one alternation (a named group per pattern).
_HEADING_PATTERNS: tuple[tuple[int, str], ...] = (
    (1, rf"[{_CN}]{{1,3}}、"),
    (1, r"第[一二三四五六七八九十百零〇\d]{1,4}[章编]"),
    (2, rf"[（(][{_CN}]{{1,3}}[）)]"),
    (2, r"第[一二三四五六七八九十百零〇\d]{1,4}条"),
    (3, r"\d{1,2}[.．、](?![\d日月])"),  # 1. but not a decimal (1.6亿元) nor a date (1.1日)
    (3, r"[（(]\d{1,2}[）)]"),
)
_HEADING = re.compile("|".join(f"(?P<h{i}>{p})" for i, (_, p) in enumerate(_HEADING_PATTERNS)))
_ARTICLE = re.compile(_HEADING_PATTERNS[3][1])  # 第X条: an article of a regulation
_GROUP_LEVEL = {f"h{i}": level for i, (level, _) in enumerate(_HEADING_PATTERNS)}
# Punctuation that ends a sentence or a lead clause; ASCII forms occur in web exports.
_SENTENCE_END = "。！？；!?;"
_LEAD_END = "。！？；!?;：:"
_CLAUSE_END = "，,。！？；!?;：:"
# A heading's title stops at the end of its lead clause; past this it is a paragraph, not a title.
_MAX_TITLE = 40
_ITEM = re.compile(rf"(?:^|(?<=[。；;，,：:！？!?\s]))([{_CN}]{{1,2}})是")
_SALUTATION = re.compile(
    r"^(?:尊敬的)?[\u4e00-\u9fffA-Za-z0-9·（）()、]{2,40}?"
    r"(?:委员|代表|委员会|委会|同志|先生|女士|主委|支社|支部|总支|工委|党组|小组|联组|组|团|界)[：:]$"
)
_CN_DATE_DIGITS = "〇零一二三四五六七八九十"
_DATE_LINE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|[{_CN_DATE_DIGITS}]{{4}}年[{_CN_DATE_DIGITS}]{{1,2}}月[{_CN_DATE_DIGITS}]{{1,3}}日"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$"
)
_AGENCY_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办|厅|政府|中心|管委会|公司|协会|商会|联合会|学会|工商联|院|所|部|署|处|站|队)$"
)
# Web exports put up to ~10 header lines before the salutation; a front is never longer than this.
_MAX_FRONT_LINES = 15
_OPENING = re.compile(r"(?:答复|回复|函复|说明|报告)如下[：:]?$|答复如下")
_THANKS = re.compile(r"^(?:再次|非常|衷心|十分|特别)?感谢|^谢谢")
_CONTACT = re.compile(r"^[（(]?(?:联系人|联系电话|联\s*系\s*人|电话|传真|邮箱|抄送|附件|此件|签发|承办)")
_BYLINE = re.compile(r"(?:客户端|记者|通讯员|来源[：:]|编辑|晚报|日报|新闻网|融媒|电视台|广播)")
_QUOTED_TITLE = re.compile(r"《([^《》]{4,80})》")



PARTS_FILE = Path(__file__).parent / "data" / "parts.json"
# Parts that hold what was asked (a proposal quoted after its reply, a citizen's labelled message), not the answer.
REQUEST_PARTS = frozenset({"proposal", "request"})


@lru_cache(maxsize=1)
def _part_labels() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Line-start patterns of the request and response labels (index/data/parts.json), longest first."""
    data = json.loads(PARTS_FILE.read_text(encoding="utf-8"))

    def pattern(labels: list[str]) -> re.Pattern[str]:
        alts = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
        return re.compile(rf"^[【\[]?(?:{alts})[】\]]?\s*[：:]")

    return pattern(data["request"]), pattern(data["response"])


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


_NUMERAL = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_ARTICLE_REF = re.compile(r"第([一二三四五六七八九十百零〇两\d]{1,6})([条章节编款])")


def chinese_numeral(s: str) -> int | None:
    """一百二十三 -> 123, 十六 -> 16, 二十 -> 20, 一百零五 -> 105, 16 -> 16; None if it is not a numeral."""
    if s.isdigit():
        return int(s)
    total, cur = 0, None
    for c in s:
        if c in _NUMERAL:
            cur = _NUMERAL[c]
        elif c == "十":
            total += (cur if cur is not None else 1) * 10
            cur = None
        elif c == "百":
            total += (cur if cur is not None else 1) * 100
            cur = None
        else:
            return None
    return total + (cur or 0)


def to_chinese_numeral(n: int) -> str:
    """16 -> 十六, 105 -> 一百零五, 120 -> 一百二十, 10 -> 十 (the numbering of 第X条), for 1 <= n < 1000."""
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += digits[ones]
    return out


def article_refs(text: str) -> set[tuple[str, int]]:
    """The numbered units a text names: {("条", 16), ("章", 3)} for 第十六条 and 第三章."""
    out = set()
    for num, unit in _ARTICLE_REF.findall(text):
        n = chinese_numeral(num)
        if n:
            out.add((unit, n))
    return out


def heading_level(line: str) -> int | None:
    """The level of the numbered heading a line starts with (1–3), or None."""
    m = _HEADING.match(line)
    return _GROUP_LEVEL[m.lastgroup] if m and m.lastgroup else None


def heading_title(line: str) -> str:
    """The heading of a line that starts with one: up to the end of its lead clause, at most ~40 chars.

    "（一）加强顶层规划设计。结合我市…" -> "（一）加强顶层规划设计".
    """
    line = line.strip()
    cut = next((i for i, c in enumerate(line) if c in _LEAD_END), None)
    if cut is not None and cut <= _MAX_TITLE + 4:
        return line[:cut].strip()
    if cut is None and len(line) <= _MAX_TITLE + 20:
        return line
    # no early lead clause: stop at the first comma if it comes soon, else at the cap
    comma = next((i for i, c in enumerate(line[: _MAX_TITLE + 1]) if c in "，,"), None)
    return line[: comma if comma else _MAX_TITLE].strip()


def _is_standalone_heading(line: str) -> bool:
    """A heading alone on its line (一、产业基本情况), as opposed to a lead heading followed by text."""
    body = line.rstrip("：:")
    return not any(c in _SENTENCE_END for c in body) and len(body) <= _MAX_TITLE + 20


def is_salutation(line: str) -> bool:
    """'马跃华委员：', '民盟威海市委会：': the addressee line that opens a reply."""
    return bool(_SALUTATION.match(line.strip())) and len(line.strip()) <= 45


def is_date_line(line: str) -> bool:
    """A line that is only a date: the signature date of a reply or notice."""
    return bool(_DATE_LINE.match(line.strip()))


def is_signature(line: str) -> bool:
    """A line that is only the name of an issuing body (威海市工业和信息化局)."""
    s = line.strip()
    return (
        2 <= len(s) <= 30
        and not any(c in s for c in "，,。；;：:！？!?、")
        and heading_level(s) is None
        and bool(_AGENCY_SUFFIX.search(s))
    )


def is_byline(line: str) -> bool:
    """The source / reporter line that closes a press report (齐鲁晚报·齐鲁壹点客户端 连宁燕)."""
    s = line.strip()
    return len(s) <= 40 and not any(c in s for c in _SENTENCE_END + "，,") and bool(_BYLINE.search(s))


def _cn_int(numeral: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十三 -> 23 (the numerals of 一是 items)."""
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + _CN_DIGITS.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(numeral, 0)


def _lead_clause(text: str) -> str:
    """The first clause of an item, up to its first comma or full stop, at most ~40 chars."""
    cut = next((i for i, c in enumerate(text) if c in _CLAUSE_END), len(text))
    if cut > _MAX_TITLE:
        # cut after a closing bracket or quote rather than inside a quoted title (《…》(淄人社字…)
        close = max(text.rfind(c, 0, _MAX_TITLE) for c in "》”）)」")
        cut = close + 1 if close >= _MAX_TITLE // 2 else _MAX_TITLE
    return text[:cut].strip()


def split_items(text: str, continues_from: int = 0) -> list[tuple[str | None, str]]:
    """Split a paragraph at its 一是 / 二是 … items: [(lead clause or None for text before them, text)].

    Items must count up in order; a paragraph that does not start with one needs at least two (so a
    stray 一是 inside a sentence is not an item). `continues_from` is the number of the item that ended
    the previous paragraph, so a paragraph may open with 二是 after one that held 一是.
    """
    starts: list[int] = []
    expected = None
    for m in _ITEM.finditer(text):
        n = _cn_int(m.group(1))
        if expected is None:
            at_start = m.start() == 0
            if n == 1 or (at_start and n == continues_from + 1 and continues_from):
                expected = n
            else:
                continue
        if n != expected:
            continue
        starts.append(m.start())
        expected += 1
    if not starts or (starts[0] != 0 and len(starts) < 2):
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    if starts[0] > 0 and text[: starts[0]].strip():
        out.append((None, text[: starts[0]].strip()))
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        seg = text[a:b].strip()
        out.append((_lead_clause(seg), seg))
    return out


@dataclass
class _Builder:
    """Accumulates blocks and the section tree of one part, with its own heading stack."""

    part: str
    subtitles: bool  # short unnumbered lines are level-1 headings (documents without 一、)
    blocks: list[Block] = field(default_factory=list)
    roots: list[Section] = field(default_factory=list)
    stack: list[Section] = field(default_factory=list)
    last_item: int = 0  # number of the 一是 item that ended the previous paragraph

    def path(self) -> tuple[str, ...]:
        return tuple(s.title for s in self.stack)

    def open(self, title: str, level: int) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        section = Section(title=title, level=level, part=self.part)
        (self.stack[-1].children if self.stack else self.roots).append(section)
        self.stack.append(section)

    def _in_article(self) -> bool:
        """Whether the innermost section of level 1–2 is an article (第X条)."""
        head = next((sec for sec in reversed(self.stack) if sec.level <= 2), None)
        return head is not None and _ARTICLE.match(head.title) is not None

    def paragraph(self, text: str) -> None:
        items = split_items(text, self.last_item)
        path = self.path()
        self.last_item = 0
        for lead, seg in items:
            if lead is None:
                self.blocks.append(Block(path, seg, self.part))
                continue
            item = Section(title=lead, level=4, part=self.part)
            (self.stack[-1].children if self.stack else self.roots).append(item)
            self.blocks.append(Block((*path, lead), seg, self.part))
            self.last_item = _cn_int(lead[: lead.index("是")])

    def line(self, line: str, next_line: str | None) -> None:
        level = heading_level(line)
        if level is not None:
            article = _ARTICLE.match(line) is not None
            if level == 2 and not article and self._in_article():
                level = 3  # the items （一）（二） of an article belong to it, not beside it
            self.open(heading_title(line), level)
            # an article is provision text even when short ("第四条 …按照以下标准分类："): never a bare heading
            if article or not _is_standalone_heading(line):
                self.paragraph(line)
            else:
                self.last_item = 0
            return
        if self.subtitles and _is_subtitle(line, next_line):
            self.open(line.strip(), 1)
            self.last_item = 0
            return
        if self.stack and _is_colon_heading(line, next_line):
            # an unnumbered lead-in such as 目前存在的问题： heads the items that follow it
            self.open(line.rstrip("：:").strip(), min(self.stack[-1].level + 1, 3))
            self.last_item = 0
            return
        if self.stack and _THANKS.match(line):
            # the closing thanks belongs to the whole reply, not to its last section
            self.stack.clear()
        self.paragraph(line)


def _is_subtitle(line: str, next_line: str | None) -> bool:
    """A short standalone line without punctuation, followed by a paragraph: a press-report subtitle."""
    s = line.strip()
    if next_line is None or not (4 <= len(s) <= 30):
        return False
    if any(c in s for c in "。！？；!?;：:") or is_date_line(s) or is_signature(s) or is_byline(s):
        return False
    return heading_level(next_line) is None and not _is_subtitle_like(next_line)


def _is_colon_heading(line: str, next_line: str | None) -> bool:
    """A short line that only announces what follows (目前存在的问题：), not a sentence or salutation."""
    s = line.strip()
    return (
        next_line is not None
        and 3 <= len(s) <= 21
        and s[-1] in "：:"
        and not any(c in s[:-1] for c in "，,。；;：:！？!?、")
        and not is_salutation(s)
        and heading_level(next_line) is None
    )


def _is_subtitle_like(line: str) -> bool:
    s = line.strip()
    return len(s) <= 30 and not any(c in s for c in "。！？；!?;")


def _front_end(lines: list[str]) -> int:
    """Index of the first line after the front matter (header fields, title, salutation, opening)."""
    # the front is short and ends before the first heading: an opening further down is body text
    window = []
    for line in lines[:_MAX_FRONT_LINES]:
        if heading_level(line) is not None:
            break
        window.append(line)
    for i, line in enumerate(window):
        if _OPENING.search(line):
            return i + 1
    for i, line in enumerate(window):
        if is_salutation(line):
            # an opening paragraph (您提出的…收悉) follows the salutation; keep it in front
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            return i + 2 if "收悉" in nxt and heading_level(nxt) is None else i + 1
    n = 0
    for line in lines:
        if heading_level(line) is not None or any(c in line for c in "。！？!?") or len(line) > 60:
            break
        n += 1
    # a document of short lines only has no front to speak of
    return n if n < len(lines) else 0


def quoted_proposal_title(front: list[str]) -> str | None:
    """The title of the proposal the reply answers, as quoted in the opening (《关于…的建议》)."""
    for line in reversed(front):
        m = _QUOTED_TITLE.search(line)
        if m:
            return m.group(1)
    return None


def _split_tail(lines: list[str], start: int, is_reply: bool, proposal_title: str | None) -> tuple[int, int]:
    """(closing start, proposal start) indices in `lines`; both len(lines) when absent.

    The closing is the signature and date (and contact lines) after the reply; a reply exported from
    the web continues after its date with the original proposal, or repeats the proposal's title.
    """
    n = len(lines)
    proposal = n
    if proposal_title:
        for i in range(start, n):
            if lines[i].strip() == proposal_title and not any(c in lines[i] for c in "。！？"):
                proposal = i
                break
    date_idx = None
    for i in range(start, proposal):
        if is_date_line(lines[i]):
            date_idx = i
    closing = proposal
    if date_idx is not None:
        j = date_idx + 1
        while j < proposal and _CONTACT.match(lines[j]):
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


def parse_structure(text: str) -> tuple[list[Section], list[Block]]:
    """Section tree and blocks of a cleaned text (one paragraph per line)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return [], []
    labelled = labelled_parts(lines)
    if labelled is not None:
        return _parse_labelled(lines, labelled)
    front_end = _front_end(lines)
    front = lines[:front_end]
    is_reply = any(_OPENING.search(ln) or is_salutation(ln) for ln in front)
    closing, proposal = _split_tail(lines, front_end, is_reply, quoted_proposal_title(front))

    blocks = [Block((), ln, "front") for ln in front]
    sections: list[Section] = []
    for part, chunk in (("body", lines[front_end:closing]), ("proposal", lines[proposal:])):
        numbered = any(heading_level(ln) == 1 for ln in chunk)
        b = _Builder(part=part, subtitles=not numbered and not is_reply)
        for i, ln in enumerate(chunk):
            b.line(ln, chunk[i + 1] if i + 1 < len(chunk) else None)
        sections.extend(b.roots)
        blocks.extend(b.blocks)
        if part == "body" and closing < proposal:
            # signature, date and contact lines: one block of their own at the end of the body
            blocks.append(Block((), "\n".join(lines[closing:proposal]), "body"))
    return sections, blocks


def _parse_labelled(lines: list[str], parts: list[str]) -> tuple[list[Section], list[Block]]:
    """A document of labelled request and response segments: each segment is its own part run."""
    sections: list[Section] = []
    blocks: list[Block] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines) and parts[i] == parts[start]:
            continue
        part, seg = parts[start], lines[start:i]
        if part == "front":
            blocks.extend(Block((), ln, "front") for ln in seg)
        else:
            b = _Builder(part=part, subtitles=False)
            for j, ln in enumerate(seg):
                b.line(ln, seg[j + 1] if j + 1 < len(seg) else None)
            sections.extend(b.roots)
            blocks.extend(b.blocks)
        start = i
    return sections, blocks
