"""Question analysis: language, intent, named regions and years, the Chinese search text and key terms."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from assistant.cues import CUES_FILE, cues, generic_words, has_any_cue, has_cue
from assistant.dictionary import Dictionary, english_stopwords
from assistant.glossary import Glossary, Synonyms, is_english, load_synonyms
from assistant.intent import Intent, detect_intent
from index.lines import session_refs
from index.regions import mentioned_regions
from index.structure import article_refs, to_chinese_numeral
from index.tokenize import STOPWORDS, Tokenizer, is_letter_place

__all__ = ["CUES_FILE", "QueryAnalysis", "analyse", "cues", "title_is_kind"]

# A date or a span of months/days as a question writes it: 2019年3月5日, 2月18日, 1到7月, 1-7月, 2023年.
_DATE_EXPR = re.compile(r"(?:(?:19|20)\d{2}\s*年)?(?:\d{1,2}\s*(?:到|至|-|—|～|~)\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
                        r"|(?<!\d)\d{1,2}\s*日|(?:19|20)\d{2}\s*年")

# An English place unit after a code name, as the documents write it (A7 county -> A7县).
_PLACE_UNITS = {"county": "县", "district": "区", "city": "市", "town": "镇", "township": "乡"}
# The units a place named in pinyin is written with (a township is a 镇 as often as a 乡).
_EN_PLACE_UNITS = {"county": ("县",), "district": ("区",), "city": ("市",), "town": ("镇", "乡"),
                   "township": ("乡", "镇"), "village": ("村",), "province": ("省",)}


@dataclass
class QueryAnalysis:
    question: str
    language: str  # "zh" or "en"
    intent: Intent
    search_text: str  # what is tokenised for BM25: the question, plus glossary translations for English
    regions: list[str] = field(default_factory=list)  # canonical region names the question mentions
    years: list[int] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)  # content terms a supporting sentence should share
    term_weights: dict[str, float] = field(default_factory=dict)  # IDF of each key term in the corpus
    # What the question says about its document (used by the rerank and the answerer):
    titles: list[str] = field(default_factory=list)  # 《…》 quoted in the question
    articles: set[tuple[str, int]] = field(default_factory=set)  # ("条", 16) for 第十六条, ("章", 3) for 第三章
    kind_words: list[str] = field(default_factory=list)  # title words of the document kind it names (条例, 工作报告)
    wants_response: bool = False  # what will be done / who / by when: the response part answers it
    wants_latest: bool = False  # "the latest", "currently": the most recent dated statement first
    wants_list: bool = False  # "which measures…": a list, not one thing
    wants_specific: bool = False  # who / where / when / how many: one thing, never a section's list
    # Words of dictionary translations: a wrong sense may be absent from the corpus, which is then no sign
    # that the question is about something the documents do not mention (see Retriever.weigh).
    optional_terms: set[str] = field(default_factory=set)
    wants_figure: bool = False  # how many / how much: only a sentence stating a figure answers
    wants_phone: bool = False  # which telephone number: only a sentence stating one answers
    asks_proposal: bool = False  # "what did X propose": the proposal a document answers, from its record
    wants_date: bool = False  # when / which day or year: only a sentence stating a time answers
    wants_comparison: bool = False  # two years or documents compared: each of them answers a part
    doc_years: list[int] = field(default_factory=list)  # 按1998年的政府工作报告: the year of the document named
    wants_request: bool = False  # "according to the message": the request part answers, not the reply
    wants_reason: bool = False  # why: a sentence stating a cause (由于, 导致) answers it
    wants_definition: bool = False  # what a term means: the sentence defining it answers (…是指…)
    wants_penalty: bool = False  # what follows a violation: a penalty clause answers; otherwise it only restates
    wants_agent: bool = False  # who (which body or person) did it: on a metadata question, the record's agency
    wants_document: bool = False  # which report / notice / law said it: the answer names each sentence's document
    names: list[str] = field(default_factory=list)  # names an English question gives in pinyin, in characters
    # Places a question names that the region gazetteer lacks, each as the ways a passage about it would write
    # it: 东山湾县 -> (山湾,), the two characters before the unit; Qingshi county -> its pinyin readings the
    # index holds (none: no document names it).
    places: list[tuple[str, ...]] = field(default_factory=list)
    # An English word's dictionary senses (industry -> 工业, 产业), each as its words: a sentence uses one of
    # them, so coverage credits the word once, by its best-covered sense.
    term_groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    # An English question's phrases with the Chinese terms searched for each (glossary and dictionary alike):
    # which of the key terms each clause of the question asks about (`answer.question_parts`).
    translations: list[tuple[str, list[str]]] = field(default_factory=list)
    # Congress sessions the question names, (term, session): 十三届全国人大一次会议, the first session of the 13th NPC.
    sessions: set[tuple[int, int]] = field(default_factory=set)


def analyse(
    question: str, tokenizer: Tokenizer, glossary: Glossary,
    dictionary: Callable[[], Dictionary | None] | None = None, synonyms: Synonyms | None = None,
    names: Callable[[str, str], list[str]] | None = None,
    senses: Callable[[list[list[str]], list[str]], list[list[str]]] | None = None,
) -> QueryAnalysis:
    """Analyse a question; English words the glossary lacks are looked up in `dictionary()` (CC-CEDICT).

    A capitalised word neither knows (Heimifeng, Xiaochu) is a name in pinyin: `names(word, context)` gives
    the character strings the corpus writes it with near the question's other words (assistant/pinyin.py);
    they are searched and are key terms like any other word of the question. `senses(groups,
    context)` orders each English word's dictionary senses by the corpus, knowing the other words' senses
    and the question's sure Chinese terms (`context`): the senses the corpus uses, and uses together, first.

    Abbreviations and everyday wordings (GDP, 酒驾; prompts/synonyms.tsv) add the documents' own wording
    to the search; both forms are optional terms, since a passage uses one or the other.
    """
    english = is_english(question)
    sessions = session_refs(question)
    optional: set[str] = set()
    named: list[str] = []  # names given in pinyin, as the documents write them
    given: set[str] = set()  # given names the dictionary reads as places
    search_text = question
    intent_text = question
    alternatives: list[list[str]] = []
    translations: list[tuple[str, list[str]]] = []
    en_places: list[tuple[str, ...]] = []
    if english:
        found = glossary.translate(question)
        zh_terms = [t for _, e in found if e.kind != "intent" for t in e.chinese]
        intent_terms = [t for _, e in found if e.kind == "intent" for t in e.chinese]
        translations += [(phrase, list(e.chinese)) for phrase, e in found if e.kind != "intent"]
        # The glossary speaks first; the words it left over go to the general dictionary.
        # ...and not the words that ask for the latest statement (most recent, so far) or a date (which year):
        # they set wants_latest and wants_date, and are no topic ("year" is not 年度 or 年级).
        asking = [c.strip() for c in cues()["latest_cues"] + cues()["date_cues"] if is_english(c)]
        rest = _unmatched(question, [phrase for phrase, _ in found] + asking)
        cedict = dictionary() if dictionary is not None and re.search(r"[a-z]{3,}", rest) else None
        if cedict is not None:
            sure_terms = list(zh_terms)
            translated = cedict.translate(rest, None if senses is None else lambda groups: senses(groups, sure_terms))
            # "Qin Haiyang": a capitalised word after an unknown one (a surname in pinyin) is a given name, not
            # the place the dictionary knows by it (海阳市); the two are read together as a name below.
            given = _given_names(question, translated + [(phrase, list(e.chinese)) for phrase, e in found])
            translated = [(phrase, terms) for phrase, terms in translated if phrase not in given]
            found_terms = [t for _, terms in translated for t in terms]
            # A word's two senses are alternatives; a glossary entry's terms are not (碳达峰|碳中和 name two
            # things a passage may say together), so they stay terms of their own.
            alternatives += [terms for _, terms in translated]
            translations += translated
            sure = {w for t in zh_terms for w in tokenizer.words(t)}
            optional = {w for t in found_terms for w in tokenizer.words(t)} - sure
            zh_terms += found_terms
        if names is not None:
            context = " ".join(zh_terms)
            words = _pinyin_names(question, rest, cedict, given)
            for full in _full_names(question, words):
                # "Qin Haiyang": a person's surname and given name, read together (覃海洋), not the given name
                # alone as the place the corpus also writes with it (海阳)
                readings = names(full.replace(" ", "-"), context)
                if readings:
                    named += readings
                    words = [w for w in words if w not in full.split()]
            for word in words:
                readings = names(word, context)
                named += readings
                # Qingshi county: a place, written with its unit (not 庆市 inside 重庆市); a capitalised unit may
                # be part of a name (the Zhongmao City project, 中茂城)
                unit = re.search(rf"\b{re.escape(word)}\s+({'|'.join(_EN_PLACE_UNITS)})\b", question)
                if unit:
                    en_places.append(tuple(r + u for r in readings for u in _EN_PLACE_UNITS[unit.group(1)]))
            zh_terms += named
        # Quoted Chinese titles, article numbers and years pass through untranslated.
        zh_terms += re.findall(r"[\u3400-\u9fff]+|(?:19|20)\d{2}", question)
        # Figures as the documents write them: 3,500 yuan -> 3500, 2.5 percent -> 2.5%.
        # A day of a month (13 February, July 25th) as the documents write it (2月13日): searched, but, as in a
        # Chinese question, a constraint rather than a term or a figure
        zh_terms += _english_dates(question)
        figures = _english_figures(_ENGLISH_DATE.sub(" ", question))
        zh_terms += figures
        # ...or in Chinese numerals, as laws and older reports do (26 -> 二十六周岁, 13.4% -> 百分之十三点四): either
        # writing answers
        for figure in figures:
            if (numeral := chinese_figure(figure)) is not None:
                zh_terms.append(numeral)
                alternatives.append([figure, numeral])
                optional |= set(tokenizer.words(numeral))
        # Places named by a code (A7 county, the J11 housing bureau) are written A7县, J11… in the documents.
        for code, unit in re.findall(r"\b([A-Z]\d{1,2})\b(?:\s+((?i:county|district|city|town|township)))?", question):
            zh_terms.append(code + _PLACE_UNITS.get(unit.lower(), ""))
        # A letter alone is a code only before its unit, capitalised as a name is (A City -> A市; not "a city").
        for code, unit in re.findall(r"\b([A-Z])\s+(County|District|City|Town|Township)\b", question):
            zh_terms.append(code + _PLACE_UNITS[unit.lower()])
        # "Article 10" / "Chapter 3" are numbered as 第十条 / 第三章 in the documents.
        for unit, n in re.findall(r"\b(article|chapter)\s+(\d{1,4})\b", question.lower()):
            zh_terms.append(f"第{to_chinese_numeral(int(n))}{'条' if unit == 'article' else '章'}")
        congress = _congress_ordinals(question)
        zh_terms += congress
        sessions = session_refs("".join(sorted(congress, key=lambda t: not t.endswith("届"))))
        zh_terms += _numbered_schools(question)
        zh_terms += _numbered_lines(question)
        search_text = " ".join(dict.fromkeys(zh_terms + intent_terms)) or question
        intent_text = question + " " + " ".join(intent_terms)
    syn = (synonyms if synonyms is not None else load_synonyms()).expand(question + " " + search_text)
    if syn:
        added = [e for _, exps in syn for e in exps]
        search_text = search_text + " " + " ".join(added)
        sure = {w for w in tokenizer.words(question)} if not english else set()
        optional |= {w for t, exps in syn for x in (t, *exps) for w in tokenizer.words(x)} - (sure - {
            w for t, _ in syn for w in tokenizer.words(t)})
    regions = mentioned_regions(search_text)
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)\s*年?", question)]
    region_words = {w for r in regions for w in tokenizer.words(r)}
    # Years and month/day numbers are constraints checked separately, not terms a sentence must contain.
    year_words = {str(y) for y in years} | set(re.findall(r"(?<!\d)(\d{1,2})\s*(?:月|日)", question + " " + search_text))
    # Words that say what kind of answer is wanted but not what it is about (prompts/question_generic_words.txt)
    # must not count as evidence that a passage answers the question.
    generic = generic_words()
    terms = []
    # Dates are constraints, and cut out before segmenting: "截至2月18日央企向湖北…" must not yield 日央, 企向.
    for w in tokenizer.words(_DATE_EXPR.sub(" ", search_text)):
        if w in generic or w in STOPWORDS or w in region_words or w in year_words or w in terms:
            continue
        if len(w) == 1 and not w.isdigit():
            continue
        if is_letter_place(w):
            continue  # A市 is searched, but a reply that says 我市 or 市局 is still about it
        terms.append(w)
    # Search mode yields a compound and its parts (空间布局, 空间, 布局); coverage counts the parts only,
    # so a passage that says 优化产业发展布局 is not penalised twice for lacking the compound.
    key_terms = [w for w in terms if not _covered_by_parts(w, terms)]
    # a name of two characters is segmented into single characters (中茂 -> 中, 茂), which are no key terms
    key_terms += [n for n in named if n not in key_terms and not any(n in t for t in key_terms)]
    term_groups = _term_groups(alternatives, key_terms, tokenizer)
    c = cues()
    low = question.lower()
    intent = detect_intent(intent_text)
    kind_words = [w for cue, words in c["doc_kinds"].items() if has_cue(low, cue) for w in words]
    titles = [t.strip() for t in re.findall(r"《([^《》]{2,80})》", question)]
    return QueryAnalysis(
        question=question,
        language="en" if english else "zh",
        intent=intent,
        search_text=search_text,
        regions=regions,
        years=years,
        key_terms=key_terms,
        titles=titles,
        articles=article_refs(question + " " + search_text),
        kind_words=list(dict.fromkeys(kind_words)),
        optional_terms=optional,
        wants_request=has_any_cue(low, c["request_cues"]),
        doc_years=_document_years(question, c["doc_kinds"]),
        wants_response=(intent is Intent.COMMITMENTS or has_any_cue(low, c["response_cues"]))
        and not has_any_cue(low, c["request_cues"]),
        wants_latest=has_any_cue(low, c["latest_cues"]),
        wants_list=has_any_cue(low, c["list_cues"]),
        wants_specific=has_any_cue(low, c["specific_cues"]),
        wants_figure=has_any_cue(low, c["figure_cues"]),
        wants_phone=has_any_cue(low, c["phone_cues"]),
        asks_proposal=has_any_cue(low, c["proposal_cues"]),
        names=named,
        places=en_places if english else [(p,) for p in unknown_places(question, regions)],
        term_groups=term_groups,
        translations=translations,
        sessions=sessions,
        wants_date=has_any_cue(low, c["date_cues"]),
        wants_agent=has_any_cue(low, c["agent_cues"]),
        wants_document=has_any_cue(low, c["document_cues"]),
        wants_reason=has_any_cue(low, c["reason_cues"]),
        wants_penalty=has_any_cue(low, c["penalty_cues"]),
        wants_definition=has_any_cue(low, c["definition_cues"]) and not has_any_cue(low, c["date_cues"]),
        wants_comparison=len(set(years)) > 1 or has_any_cue(low, c["comparison_cues"]),
    )


def unknown_places(question: str, regions: Sequence[str]) -> list[str]:
    """The places a Chinese question names by two characters and a unit (东山湾县, 青石镇, 白马区) that are not
    among the gazetteer's `regions`, as those two characters (山湾, 青石, 白马); prompts/retrieval_cues.json
    says which units, and which words ending in one name no place (全市, 小区, 开发区, 市场)."""
    c = cues()
    function_chars = set(c["place_function_chars"])
    generic = set(c["place_generic"])
    out: list[str] = []
    for m in re.finditer("|".join(map(re.escape, c["place_suffixes"])), question):
        unit, i = m.group(0), m.start()
        stem = question[max(0, i - 2):i]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2}", stem) or set(stem) & function_chars:
            continue
        after = question[i + 1:i + 2]
        if stem[-1] + unit in generic or stem + unit in generic or (after and after in c["place_not_followed_by"].get(unit, "")):
            continue
        if after in c["place_suffixes"] or any(stem in r or question[i - 1:i + 1] in r for r in regions) or stem in out:
            continue  # the unit is inside a longer name (周村区), or the gazetteer knows the place
        out.append(stem)
    return out


# A place named by its code, as the message corpus writes places (A7县, D12市, A市).
_PLACE_CODE = re.compile(r"(?<![A-Za-z])[A-Z]\d{0,2}(?:市|县|区)")


def names_another_place(text: str, asked: Sequence[str] = ()) -> bool:
    """The text is some other place's: it names a region the gazetteer knows (other than the `asked` ones: 去过
    武汉的人 in 内江's notice) or a coded one (A7县), or it names none and does not speak of its own place either
    (a national law). A city's own news that says only 我市 and 市财政局 may be the asked-for city's. (Two
    characters and a unit, as `unknown_places` reads a question, are too loose a reading of a whole document:
    报市财政局, 登录市政务网.)"""
    if set(mentioned_regions(text)) - set(asked) or _PLACE_CODE.search(text):
        return True
    return not any(w in text for w in cues()["own_place_words"])


# An English name of a law or regulation: capitalised words before "Law" / "Regulations" (the Personal
# Information Protection Law, Shanghai Municipal Regulations on …) and the Chinese word that ends its title.
_EN_LAW = re.compile(r"((?:[A-Z][A-Za-z'\-]*\s+){1,6})(Law|Regulations?|Provisions|Measures)\b")
# "the Labour Law of the People's Republic of China": the state's name is not part of a title (劳动法).
_STATE_NAME = frozenset(["china", "prc", "people", "republic"])
_EN_TITLE_END = {"law": "法", "regulation": "条例", "regulations": "条例", "provisions": "规定", "measures": "办法"}


def english_title_candidates(question: str, glossary: Glossary, dictionary: Dictionary | None) -> list[str]:
    """Chinese titles an English law name may stand for ("Preschool Education Law" -> 学前教育法), word groups
    translated left to right (the glossary first, then the dictionary; at most two senses a group)."""
    out: list[str] = []
    for groups, end in english_title_groups(question, glossary, dictionary):
        if not groups or not all(groups):
            continue
        titles = [""]
        for senses in groups:
            titles = [t + s for t in titles for s in senses]
        out += [t + end for t in titles]
    return out


def english_title_groups(question: str, glossary: Glossary, dictionary: Dictionary | None
                         ) -> list[tuple[list[list[str]], str]]:
    """Each English law name of the question as its word groups' Chinese senses (an untranslatable word: an
    empty group) and the Chinese word its title ends with (Law -> 法)."""
    out: list[tuple[list[list[str]], str]] = []
    skip = english_stopwords() | _STATE_NAME
    for name, kind in _EN_LAW.findall(question):
        words = [w for w in re.sub(r"[^a-z0-9\- ]+", " ", name.lower().replace("'s", "")).split() if w not in skip]
        groups: list[list[str]] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 4), i, -1):
                span = " ".join(words[i:j])
                found = [e.chinese for p, e in glossary.translate(span) if p == span.replace("-", " ")]
                senses = list(found[0]) if found else list(dictionary.index.get(span, [])) if dictionary else []
                if senses:
                    groups.append(senses[:2])
                    i = j
                    break
            else:
                groups.append([])  # an untranslatable word
                i += 1
        out.append((groups, _EN_TITLE_END[kind.lower()]))
    return out


def near_title(groups: list[list[str]], end: str, titles: Iterable[str]) -> str | None:
    """The one title that is the English name's translation but for one word the dictionary rendered otherwise
    ("Family Education Promotion Law": 家庭 + 教育 + 法 in 家庭教育促进法, promotion read as 宣传|推广): every
    other group's sense in it, in order, and no more than that word's two characters besides; None when no
    title, or more than one, is so close."""
    found = []
    for title in titles:
        if not title.endswith(end):
            continue
        rest, at, missed = title[:-len(end)], 0, 0
        for senses in groups:
            hit = next((s for s in senses if rest.find(s, at) >= 0), None)
            if hit is None:
                missed += 1
                continue
            pos = rest.find(hit, at)
            rest = rest[:pos] + "\0" * len(hit) + rest[pos + len(hit):]
            at = pos + len(hit)
        # (four characters of the name found at least: 家庭教育; one word and a miss are too little to know it by)
        if missed == 1 and len(rest.replace("\0", "")) <= 2 and rest.count("\0") >= 4:
            found.append(title)
    return found[0] if len(found) == 1 else None


def _document_years(question: str, doc_kinds: dict[str, list[str]]) -> list[int]:
    """Years that name a document rather than a time it speaks of: 按1998年的政府工作报告，1997年的GDP… -> [1998]."""
    kinds = sorted((k for k in doc_kinds if re.search(r"[\u4e00-\u9fff]", k)), key=len, reverse=True)
    if not kinds:
        return []
    if is_english(question):
        # "as reported in the 2004 government work report", "the 2014 and 2025 reports": a year and at most two
        # words before the kind word
        en_kinds = sorted((k for k in doc_kinds if not re.search(r"[\u4e00-\u9fff]", k)), key=len, reverse=True)
        year = r"(?:19|20)\d{2}"
        pattern = (rf"\b((?:{year}(?:,|\s+and|\s+or)?\s+)*{year})\s+(?:[A-Za-z'’-]+\s+){{0,2}}?(?:"
                   + "|".join(map(re.escape, en_kinds)) + r")\b")
        return [int(y) for group in re.findall(pattern, question, re.IGNORECASE) for y in re.findall(year, group)]
    year = r"(?:19|20)\d{2}\s*年?"
    pattern = rf"((?:{year}\s*(?:和|与|、|及|以及)\s*)*{year})\s*(?:的)?\s*(?:" + "|".join(map(re.escape, kinds)) + ")"
    return [int(y) for group in re.findall(pattern, question) for y in re.findall(r"(?:19|20)\d{2}", group)]


def title_is_kind(title: str, kind_words: list[str]) -> bool:
    """Whether a document of this title is of the kind the question names (kind_words, e.g. 工作报告).

    A Chinese title ends with its head noun: 《关于政府工作报告的决议》 is a resolution, not a report, so the
    kind word must be the last kind word of the title (prompts/retrieval_cues.json doc_kinds), or stand
    inside a quoted title the document carries (关于印发《…办法》的通知).
    """
    if not any(w in title for w in kind_words):
        return False
    quoted = "".join(re.findall(r"《([^《》]*)》", title))
    if any(w in quoted for w in kind_words):
        return True
    outer = re.sub(r"《[^《》]*》", "", title)
    every = {w for words in cues()["doc_kinds"].values() for w in words}
    ends = {w: outer.rfind(w) + len(w) for w in every if w in outer}
    last = max(ends.values(), default=0)
    return any(ends.get(w) == last for w in kind_words)


def _ordinal(word: str) -> int | None:
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", word)
    if m:
        return int(m.group(1))
    ordinals = cues()["en_ordinals"]  # first, second, …: prompts/retrieval_cues.json
    return ordinals.index(word) + 1 if word in ordinals else None


def _congress_ordinals(question: str) -> list[str]:
    """"the first session of the 12th NPC" -> 第一次会议, 第十二届全国人民代表大会, as the documents number them."""
    low = question.lower().replace("’", "'")
    out = []
    for word in re.findall(r"\b(\w+)\s+(?:plenary\s+)?session\b", low):
        if (n := _ordinal(word)) is not None:
            out.append(f"第{to_chinese_numeral(n)}次会议")
    for word in re.findall(r"\b(\w+)\s+(?:npc|national people's congress|cppcc)\b", low):
        if (n := _ordinal(word)) is not None:
            out.append(f"第{to_chinese_numeral(n)}届")
    return out


_SCHOOL_KINDS = {"middle": "中", "high": "中", "secondary": "中", "primary": "小", "elementary": "小"}
# A numbered school in English, with the word before "school" (its kind): No. 2 Middle School, Middle School No. 2.
NUMBERED_SCHOOL = re.compile(r"\bno\.?\s*(\d{1,2})\s+(\w+)\s+school\b|\b(?:(\w+)\s+)?school\s+no\.?\s*(\d{1,2})\b",
                             re.IGNORECASE)


def _numbered_schools(question: str) -> list[str]:
    """"No. 2 Middle School" / "Middle School No. 2" -> 二中, as the documents name a numbered school (M市二中)."""
    out = []
    for m in NUMBERED_SCHOOL.finditer(question):
        n, kind = m.group(1) or m.group(4), (m.group(2) or m.group(3) or "").lower()
        if kind in _SCHOOL_KINDS:
            out.append(to_chinese_numeral(int(n)) + _SCHOOL_KINDS[kind])
    return out


# A bus route or metro line by its number: bus route 201 -> 201路, Metro Line 13 -> 13号线.
_NUMBERED_LINE = re.compile(r"\b(?:metro|subway)\s+line\s+(?:no\.\s*)?(\d{1,3})\b"
                            r"|\b(?:bus\s+(?:route\s+|line\s+)?|route\s+)(?:no\.\s*)?(\d{1,4})\b", re.IGNORECASE)


def _numbered_lines(question: str) -> list[str]:
    """A numbered bus route or metro line as the documents name it (201路, 13号线): a number that names one
    thing, which another route's reply does not answer for."""
    out = []
    for m in _NUMBERED_LINE.finditer(question):
        rail, bus = m.groups()
        out.append(f"{rail}号线" if rail else f"{bus}路")
    return out


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?" \
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ENGLISH_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b",
                           re.IGNORECASE)


def _english_dates(question: str) -> list[str]:
    """Days of a month in an English question as Chinese documents write them: 13 February -> 2月13日."""
    out = []
    for day, month, month2, day2 in _ENGLISH_DATE.findall(question):
        m = _MONTH_NAMES.index((month or month2)[:3].lower()) + 1
        d = int(day or day2)
        if 1 <= d <= 31:
            out.append(f"{m}月{d}日")
    return out


def _english_figures(question: str) -> list[str]:
    """The figures of an English question other than years, written as Chinese documents write them."""
    out = []
    # not the number of an article or chapter (Article 10 -> 第十条, added as such)
    text = re.sub(r"\b(?:article|chapter|no\.?)\s+\d+", " ", question, flags=re.IGNORECASE)
    for number, percent in re.findall(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*(?:%|percent\b))?", text):
        n = number.replace(",", "")
        if re.fullmatch(r"(?:19|20)\d{2}", n) or (len(n) == 1 and not percent):
            continue  # years are passed through already; a single digit (3 measures) is no figure to search
        out.append(n + ("%" if percent else ""))
    return out


def chinese_figure(figure: str) -> str | None:
    """An English question's figure as Chinese numerals write it: a whole number of two or three digits
    (二十六), or a percentage (百分之十三点四); None for other figures (3500, 2.5 tonnes are written in digits)."""
    m = re.fullmatch(r"(\d{1,3})(?:\.(\d))?(%?)", figure)
    if m is None or (not m.group(3) and (m.group(2) or len(m.group(1)) < 2)):
        return None
    whole = to_chinese_numeral(int(m.group(1))) or "零"
    decimal = "点" + "零一二三四五六七八九"[int(m.group(2))] if m.group(2) else ""
    return ("百分之" if m.group(3) else "") + whole + decimal


def _pinyin_names(question: str, rest: str, cedict: Dictionary | None,
                  given: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Capitalised words of `question` that neither the glossary (they are in `rest`) nor the dictionary knows,
    or that are `given` names (lowercased) whatever the dictionary reads them as."""
    left = set(re.sub(r"['’]s\b", "", rest).replace("'", "").replace("’", "").split())
    stop = english_stopwords()
    out = []
    for word in re.findall(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b", re.sub(r"['’]s\b", "", question)):
        low = word.lower()
        if low in stop or low.replace("'", "").replace("’", "") not in left:
            continue
        if cedict is not None and low not in given and cedict.translate(word):
            continue
        out.append(word)
    return list(dict.fromkeys(out))


def _given_names(question: str, translated: list[tuple[str, list[str]]]) -> set[str]:
    """The translated one-word phrases read as places that follow a capitalised word nothing translated, inside
    a sentence: "Qin Haiyang" is a person (Qin is no word the glossary or dictionary knows), not 海阳市."""
    known = {w for phrase, _ in translated for w in phrase.split()} | english_stopwords()
    out = set()
    for phrase, terms in translated:
        if " " in phrase or not any(mentioned_regions(t) for t in terms):
            continue
        for m in re.finditer(rf"(?<=[a-z,;:'’] )([A-Z][a-z]+) (?i:{re.escape(phrase)})\b", question):
            if m.group(1).lower() not in known:
                out.add(phrase)
    return out


def _full_names(question: str, words: list[str]) -> list[str]:
    """Runs of two or three of the unknown capitalised `words` side by side in the question (Qin Haiyang,
    Shen Yuting): one name in pinyin, a surname and a given name."""
    unknown = "|".join(re.escape(w) for w in words)
    if not unknown:
        return []
    return re.findall(rf"\b(?:{unknown})(?: (?:{unknown})){{1,2}}\b", question)


def _unmatched(question: str, phrases: list[str]) -> str:
    """The question's lowercased words with the glossary's matched phrases taken out."""
    low = " " + re.sub(r"[^a-z0-9&']+", " ", question.lower()) + " "  # hyphens as spaces, as the glossary reads
    for phrase in sorted(phrases, key=len, reverse=True):
        low = low.replace(f" {phrase} ", "  ")
    return " ".join(low.split())


def share_of_terms(terms: Sequence[str], found: Callable[[str], bool], weight: Callable[[str], float],
                   groups: Sequence[Sequence[tuple[str, ...]]] = ()) -> float:
    """Weighted share of `terms` that are `found`. Terms in one of `groups` (an English word's dictionary
    senses, each as its words) count as one term: weighed by its heaviest sense, credited by its best-found one."""
    wanted = set(terms)
    grouped = {x for g in groups for alt in g for x in alt}
    total = sum(weight(x) for x in terms if x not in grouped)
    got = sum(weight(x) for x in terms if x not in grouped and found(x))
    for g in groups:
        senses = [a for a in ([x for x in alt if x in wanted] for alt in g) if a]
        if senses:
            total += max(sum(weight(x) for x in a) for a in senses)
            got += max(sum(weight(x) for x in a if found(x)) for a in senses)
    return got / total if total else 0.0


def _term_groups(alternatives: list[list[str]], key_terms: list[str], tokenizer: Tokenizer
                 ) -> list[list[tuple[str, ...]]]:
    """Each phrase's alternatives as their key-term words, for phrases with two or more alternatives left; a
    word belongs to the first group that holds it."""
    keys, taken = set(key_terms), set()
    out = []
    for alts in alternatives:
        group = [ws for t in alts if (ws := tuple(w for w in dict.fromkeys(tokenizer.words(t)) if w in keys and w not in taken))]
        if len(group) >= 2:
            out.append(group)
            taken |= {w for ws in group for w in ws}
    return out


def _covered_by_parts(word: str, terms: list[str]) -> bool:
    """True when every character of `word` lies in a shorter term found inside it (空间布局 = 空间 + 布局)."""
    parts = [o for o in terms if o != word and o in word]
    if not parts:
        return False
    covered = [False] * len(word)
    for part in parts:
        start = word.find(part)
        while start != -1:
            for i in range(start, start + len(part)):
                covered[i] = True
            start = word.find(part, start + 1)
    return all(covered)
