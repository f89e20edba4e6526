"""The sentence checker: does the passage a sentence cites support it? Figures, names and wording.

A generated sentence is supported only when (1) it carries at least one [n] and every n names a
passage that was given; (2) every figure in it (numbers with their units, percentages, money, counts,
dates; 7,243 == 7243) occurs in a cited passage, its heading, title or date; (3) every place,
organisation and person it names occurs in a cited passage or that passage's document record; (4) its
negation and direction words occur in a cited passage; and (5) the wording of each of its clauses
is found in the cited passages above a calibrated share (character-bigram containment). Cue words and thresholds live in
`prompts/claim_rules.toml`; `python -m assistant.claims evals/claims.jsonl` measures the checker.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.citations import markers, strip_markers
from assistant.dates import display_date
from assistant.glossary import Glossary, is_english, load_glossary
from assistant.types import Passage
from index.regions import mentioned_regions

__all__ = ["RULES_FILE", "ClaimChecker", "ClaimRules", "SentenceCheck", "normalise_figures"]

RULES_FILE = Path(__file__).resolve().parent.parent / "prompts" / "claim_rules.toml"

_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
# Units that make a figure: the number must occur with the same unit (35家 is not supported by 35个).
_UNITS = set("家个座项亿万千百元吨台件名人户所条套倍批届次位%％km米")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.%]")
_STOP_CHARS = set("的了是和与及等在有为其之也并对将把被以")
_PARTICLES = set("了着过")


def normalise_figures(text: str) -> str:
    """Full-width to ASCII, thousands separators dropped (7,243 -> 7243), whitespace removed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", _THOUSANDS.sub("", text))


@dataclass(frozen=True)
class ClaimRules:
    """The checker's cue words and thresholds (see prompts/claim_rules.toml)."""

    wording_threshold: float
    english_term_threshold: float
    english_content_threshold: float
    english_stopwords: frozenset[str]
    negations: tuple[str, ...]
    polarity: tuple[str, ...]
    english_negations: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    person_titles: tuple[str, ...]
    leading_function_chars: str

    @classmethod
    def load(cls, path: Path = RULES_FILE) -> ClaimRules:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            return cls(
                float(data["wording_threshold"]), float(data["english_term_threshold"]),
                float(data["english_content_threshold"]), frozenset(data["english_stopwords"]),
                tuple(data["negations"]), tuple(data["polarity"]), tuple(data["english_negations"]),
                tuple(data["org_suffixes"]), tuple(data["person_titles"]), str(data["leading_function_chars"]),
            )
        except (OSError, KeyError, ValueError, TypeError) as e:
            raise ValueError(f"{path}: bad claim rules: {e}") from None


@dataclass
class SentenceCheck:
    """One sentence of a reply and the verdict on it; `citations` as the model wrote them."""

    sentence: str
    citations: list[int]
    supported: bool
    reason: str
    passages: list[Passage] = field(default_factory=list, repr=False)  # the cited passages, when valid

    def to_dict(self, numbers: Sequence[int] | None = None) -> dict[str, Any]:
        """The `checks` entry of `ask --json`; `numbers` are the citation numbers of the final answer."""
        return {"sentence": self.sentence, "citations": list(numbers if numbers is not None else self.citations),
                "supported": self.supported, "reason": self.reason}


class ClaimChecker:
    """Checks sentences against the passages they cite; stateless apart from its rules and glossary."""

    def __init__(self, rules: ClaimRules | None = None, glossary: Glossary | None = None) -> None:
        self.rules = rules or ClaimRules.load()
        self.glossary = glossary or load_glossary()
        org = "|".join(sorted(map(re.escape, self.rules.org_suffixes), key=len, reverse=True))
        self._org = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|市|区|县)[\u4e00-\u9fff]{0,12}?(?:" + org + ")")
        titles = "|".join(sorted(map(re.escape, self.rules.person_titles), key=len, reverse=True))
        self._person = re.compile(r"([\u4e00-\u9fff]{2,3})(?:" + titles + ")")

    def check(
        self, sentence: str, passages: Sequence[Passage], records: Mapping[str, Mapping[str, Any]] | None = None
    ) -> SentenceCheck:
        """Check one sentence (markers included) against the numbered `passages` it may cite (1-based)."""
        cited_n = markers(sentence)
        claim = strip_markers(sentence)
        if not cited_n:
            return SentenceCheck(claim, [], False, "no citation")
        bad = [n for n in cited_n if not 1 <= n <= len(passages)]
        if bad:
            return SentenceCheck(claim, cited_n, False,
                                 f"cites [{bad[0]}] but only {len(passages)} passages were given")
        cited = [passages[n - 1] for n in cited_n]
        ok, reason = self.supports(claim, cited, records)
        return SentenceCheck(claim, cited_n, ok, reason, cited)

    def supports(
        self, claim: str, cited: Sequence[Passage], records: Mapping[str, Mapping[str, Any]] | None = None
    ) -> tuple[bool, str]:
        """Whether the cited passages support `claim` (no markers), with a one-line reason."""
        where = "the cited passage" if len(cited) == 1 else "the cited passages"
        text = normalise_figures("".join(p.text for p in cited))
        record_text = normalise_figures("".join(_record_text(p, (records or {}).get(p.doc_id)) for p in cited))
        source = text + record_text
        s = normalise_figures(claim)
        if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", s):
            return False, "empty sentence"
        for reason in (self._figures(s, source), self._names(claim, s, source, cited),
                       self._cues(claim, s, text)):
            if reason:
                return False, f"{reason} not in {where}"
        if is_english(claim):
            return self._english_wording(claim, s, text, where)
        rest = self._without_names(s)
        # A sentence that is nothing but names already checked (a letter's addressee) is supported by them.
        share = _weakest_clause(rest, text) if _WORD_CHARS.search(rest) else 1.0
        if share < self.rules.wording_threshold:
            return False, f"wording: {share:.2f} of the sentence found in {where} (< {self.rules.wording_threshold})"
        return True, f"figures, names and wording ({share:.2f}) found in {where}"

    # --- the parts ---------------------------------------------------------------------------------
    def _figures(self, s: str, source: str) -> str | None:
        for m in _NUMBER.finditer(s):
            num = m.group(0)
            after = s[m.end(): m.end() + 1]
            if after == "年" and len(num) == 4:
                if not re.search(rf"(?<![\d.]){re.escape(num)}年|(?<![\d.]){re.escape(num)}(?![\d.])", source):
                    return f"year {num}"
                continue
            if after and after in _UNITS:
                unit = "%" if after in "%％" else after
                if not re.search(rf"(?<![\d.]){re.escape(num)}{re.escape(unit)}", source):
                    return f"figure {num}{unit}"
                continue
            if not re.search(rf"(?<![\d.]){re.escape(num)}(?![\d])", source):
                return f"figure {num}"
        return None

    def _names(self, claim: str, s: str, source: str, cited: Sequence[Passage]) -> str | None:
        # Places compared through the gazetteer on both sides: 广西 in the passage is 广西壮族自治区.
        places = {p.region for p in cited} | {p.city for p in cited} | set(mentioned_regions(source))
        for region in mentioned_regions(s):
            if region not in places:
                return f"place {region}"
        if is_english(claim):
            for _, entry in self.glossary.translate(claim):
                if entry.kind == "place" and not any(zh in source for zh in entry.chinese):
                    return f"place {entry.chinese[0]}"
        lead = self.rules.leading_function_chars
        for m in self._org.finditer(s):
            # The place in an organisation's name was checked above; the rest of the name must be found.
            name = m.group(0).lstrip(lead)
            rest = _strip_regions(name)
            if len(name) >= 4 and name not in source and (len(rest) < 2 or rest not in source):
                return f"organisation {name}"
        for m in self._person.finditer(s):
            name = m.group(1).lstrip(lead)
            if len(name) >= 2 and name not in source:
                return f"person {name}"
        return None

    def _without_names(self, s: str) -> str:
        """The sentence without the names already checked against the record (places, organisations, people)."""
        s = self._org.sub("", s)
        s = self._person.sub("", s)
        return _strip_regions(s)

    def _cues(self, claim: str, s: str, text: str) -> str | None:
        # A cue counts with the word character after it: 未建 needs 未建, 降低5 needs 降低5 in the passage.
        # Particles dropped on both sides: 提高了57% and 提高57% say the same.
        words = "".join(c for c in s if _WORD_CHARS.match(c) and c not in _PARTICLES)
        src = "".join(c for c in normalise_figures(text) if _WORD_CHARS.match(c) and c not in _PARTICLES)
        for kind, cues in (("negation", self.rules.negations), ("direction", self.rules.polarity)):
            for cue in cues:
                for m in re.finditer(re.escape(cue), words):
                    piece = words[m.start(): m.end() + 1]
                    if piece not in src:
                        return f"{kind} {piece}"
        if is_english(claim):
            claim_words = set(re.findall(r"[a-z]+", claim.lower()))
            if claim_words & set(self.rules.english_negations):
                return "a negation (an English negation cannot be checked against Chinese text)"
        return None

    def _english_wording(self, claim: str, s: str, text: str, where: str) -> tuple[bool, str]:
        checked = 0
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", s):  # quoted Chinese terms must be in the passage
            share = _containment(run, text)
            if share < self.rules.wording_threshold:
                return False, f"quoted term {run} not in {where}"
            checked += 1
        matched = self.glossary.translate(claim)
        terms = [e for _, e in matched if e.kind != "intent"]
        found = [e for e in terms if any(zh in text for zh in e.chinese)]
        if terms:
            share = len(found) / len(terms)
            if share < self.rules.english_term_threshold:
                return False, f"wording: {len(found)} of {len(terms)} glossary terms found in {where}"
            checked += 1
        english = re.sub(r"[\u4e00-\u9fff]+", " ", claim.lower())
        content = [w for w in re.findall(r"[a-z]{4,}", english) if w not in self.rules.english_stopwords]
        known = {w for phrase, _ in matched for w in re.findall(r"[a-z]+", phrase.lower())}
        if content:
            read = sum(1 for w in content if w in known or w.removesuffix("s") in known) / len(content)
            if read < self.rules.english_content_threshold:
                return False, f"wording: only {read:.2f} of the sentence's words can be matched to {where}"
        if not checked:
            return False, f"wording: no term of the sentence can be matched to {where}"
        return True, f"figures, names and terms found in {where}"


def _record_text(p: Passage, record: Mapping[str, Any] | None) -> str:
    """What a passage's document record says: title, heading, agency, region, date, proposer."""
    parts = [p.title, p.heading, p.agency or "", p.region or "", p.city or ""]
    if p.date:
        parts += [p.date, display_date(p.date, "zh")]
        m = re.fullmatch(r"(\d{4}|-)-(\d{2})-(\d{2})", p.date)
        if m:
            parts.append(f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日")
    if record:
        parts += [str(record.get(k) or "") for k in ("title", "agency", "region", "city", "date", "proposer",
                                                      "session", "proposal_no")]
    return "|".join(parts)


def _strip_regions(s: str) -> str:
    """The sentence without its place names (checked on their own against the document record)."""
    for region in mentioned_regions(s):
        s = s.replace(region, "")
        if len(region) > 2:
            s = s.replace(region[:-1], "")
    return s


def _weakest_clause(s: str, text: str) -> float:
    """The lowest containment over the sentence's clauses (of 4+ word characters): one invented clause
    in a sentence of copied ones is not diluted by them."""
    clauses = [c for c in re.split(r"[，,；;：:、]", s) if len(_WORD_CHARS.findall(c)) >= 4]
    if not clauses:
        return _containment(s, text)
    return min(_containment(c, text) for c in clauses)


def _containment(s: str, text: str) -> float:
    """Share of the sentence's word characters covered by a character bigram that occurs in `text`.

    Function characters (的, 了, 和 …) always count as covered, so a restatement that joins copied
    phrases differently is not penalised; a sentence that brings new content words is.
    """
    chars = [c for c in s if _WORD_CHARS.match(c)]
    if not chars:
        return 0.0
    src = "".join(c for c in normalise_figures(text) if _WORD_CHARS.match(c))
    bigrams = {src[i: i + 2] for i in range(len(src) - 1)}
    covered = 0
    for i, c in enumerate(chars):
        left = i > 0 and chars[i - 1] + c in bigrams
        right = i + 1 < len(chars) and c + chars[i + 1] in bigrams
        if left or right or c in _STOP_CHARS:
            covered += 1
    return covered / len(chars)


# --- measuring the checker on a labelled set ----------------------------------------------------------
def load_pairs(path: Path) -> list[dict[str, Any]]:
    """evals/claims.jsonl: one {"id", "sentence", "passage", "supported", "kind", "split"} per line."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            for key in ("sentence", "passage", "supported"):
                if key not in row:
                    raise ValueError(f"missing {key!r}")
        except ValueError as e:
            raise ValueError(f"{path}:{lineno}: {e}") from None
        rows.append(row)
    return rows


def _pair_passage(row: Mapping[str, Any]) -> Passage:
    return Passage(rank=1, score=0.0, doc_id=row.get("doc_id", "doc"), chunk_id=row.get("id", "c"),
                   title=row.get("title", ""), heading=row.get("heading", ""), text=row["passage"],
                   date=row.get("date"), agency=row.get("agency"), region=row.get("region"), city=row.get("city"))


def measure(rows: Sequence[Mapping[str, Any]], checker: ClaimChecker | None = None) -> dict[str, Any]:
    """Recall on unsupported pairs and false-alarm rate on supported ones, overall and per split."""
    checker = checker or ClaimChecker()
    out: dict[str, Any] = {}
    for split in ("all", "tune", "test"):
        subset = [r for r in rows if split == "all" or r.get("split") == split]
        unsup = [r for r in subset if not r["supported"]]
        sup = [r for r in subset if r["supported"]]
        caught = [r for r in unsup if not checker.supports(r["sentence"], [_pair_passage(r)])[0]]
        alarms = [r for r in sup if not checker.supports(r["sentence"], [_pair_passage(r)])[0]]
        out[split] = {
            "n": len(subset),
            "recall_unsupported": round(len(caught) / len(unsup), 4) if unsup else None,
            "false_alarm_rate": round(len(alarms) / len(sup), 4) if sup else None,
            "missed": [r.get("id") for r in unsup if r not in caught],
            "false_alarms": [r.get("id") for r in alarms],
        }
    return out


def sweep(rows: Sequence[Mapping[str, Any]], split: str = "tune") -> list[dict[str, Any]]:
    """Recall and false alarms of the wording threshold at several values, on one split (for calibration)."""
    from dataclasses import replace

    base = ClaimRules.load()
    out = []
    for t in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        m = measure([r for r in rows if r.get("split") == split], ClaimChecker(replace(base, wording_threshold=t)))
        out.append({"wording_threshold": t, "recall_unsupported": m["all"]["recall_unsupported"],
                    "false_alarm_rate": m["all"]["false_alarm_rate"]})
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m assistant.claims [evals/claims.jsonl] [--sweep]`: the checker's figures as JSON."""
    args = sys.argv[1:] if argv is None else argv
    files = [a for a in args if not a.startswith("--")]
    rows = load_pairs(Path(files[0] if files else "evals/claims.jsonl"))
    print(json.dumps(sweep(rows) if "--sweep" in args else measure(rows), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
