"""Gazetteer of Shandong's cities and their districts/counties: canonical names, parents, mentions in text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["city_of", "districts_of", "is_national", "is_province", "mentioned_regions", "normalise_region",
           "without_addressees"]

_DATA_FILE = Path(__file__).parent / "data" / "regions.json"
# Administrative suffixes that a short form drops (威海市 -> 威海, 周村区 -> 周村).
_SUFFIXES = ("市", "区", "县", "省")


@dataclass(frozen=True)
class _Gazetteer:
    """The loaded data file, indexed for look-ups."""

    province: str
    cities: dict[str, tuple[str, ...]]
    parents: dict[str, str | None]  # district -> city (None when the name is ambiguous, e.g. 市中区)
    names: dict[str, str]  # every accepted spelling (canonical or short) -> canonical name
    text_pattern: re.Pattern[str]  # canonical names and safe short forms, longest first
    blocked_before: dict[str, str]
    provinces: dict[str, str]  # a city or district -> its province-level region (山东省 for Shandong's own)
    national: re.Pattern[str]  # how a national body's name begins (国家税务总局, 人力资源社会保障部)


def _short_form(name: str) -> str | None:
    """The name without its administrative suffix, when two or more characters remain (莒县 has none)."""
    if name.endswith(_SUFFIXES) and len(name) >= 3:
        return name[:-1]
    return None


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    province: str = data["province"]
    cities = {city: tuple(ds) for city, ds in data["cities"].items()}
    # Places outside Shandong: known by name (and short form) only, so that a question about them is
    # recognised as being about somewhere else; they have no districts here.
    suffix = re.compile("(?:" + "|".join(re.escape(x) for x in data["elsewhere_suffixes"]) + ")$")
    elsewhere = {name: suffix.sub("", name) for name in data.get("elsewhere", ())}
    cities.update({name: () for name in elsewhere})
    parents: dict[str, str | None] = {}
    for city, districts in cities.items():
        for d in districts:
            # a name that two cities share (市中区 in 济南 and 枣庄) has no single parent
            parents[d] = None if d in parents else city
    names: dict[str, str] = {province: province}
    short_owner: dict[str, str] = {}
    for canonical in [province, *cities, *parents]:
        names[canonical] = canonical
    # Cities first so that a short form shared by a city and a district (东营) means the city.
    for canonical in [province, *cities, *parents]:
        short = _short_form(canonical)
        if short and short not in names and short not in short_owner:
            short_owner[short] = canonical
    names.update({s: c for s, c in short_owner.items() if s not in names})
    names.update({short: name for name, short in elsewhere.items() if len(short) >= 2 and short not in names})
    excluded = set(data.get("no_short_form_in_text", ()))
    in_text = [n for n in names if n in {province, *cities, *parents} or n not in excluded]
    in_text.sort(key=len, reverse=True)  # longest first: 荣成市 before 荣成, 东营市 before 东营
    pattern = re.compile("|".join(re.escape(n) for n in in_text))
    provinces = {place: province for city, ds in data["cities"].items() for place in (city, *ds)}
    provinces.update(data.get("elsewhere_provinces", {}))
    bodies = sorted(data["national_bodies"], key=len, reverse=True)
    national = re.compile("|".join(re.escape(b) for b in bodies))
    return _Gazetteer(province, cities, parents, names, pattern, dict(data.get("blocked_before", {})), provinces,
                      national)


def normalise_region(name: str) -> str | None:
    """The canonical name of a region given in full or short form (威海 -> 威海市); None when unknown.

    A compound name (淄博市周村区, 威海市工业和信息化局) gives its most specific region.
    """
    g = _gazetteer()
    key = re.sub(r"\s+", "", name or "")
    if not key:
        return None
    if key in g.names:
        return g.names[key]
    found = mentioned_regions(key)
    if not found:
        return None
    # the most specific: a district beats its city, which beats the province
    return max(found, key=lambda r: 2 if r in g.parents else 1 if r in g.cities else 0)


def city_of(region: str) -> str | None:
    """The prefecture-level city a region belongs to (周村区 -> 淄博市, 威海市 -> 威海市); None for the province."""
    g = _gazetteer()
    canonical = normalise_region(region)
    if canonical is None or canonical == g.province:
        return None
    if canonical in g.cities:
        return canonical
    return g.parents.get(canonical)


# Municipalities that are provinces of their own (a document of 重庆市 is not of 浙江省).
_PROVINCIAL_CITIES = frozenset(["北京市", "天津市", "上海市", "重庆市"])


def is_province(region: str) -> bool:
    """A province-level region: a province, an autonomous region, an SAR, or one of the four municipalities."""
    return region.endswith(("省", "自治区", "特别行政区")) or region in _PROVINCIAL_CITIES


def is_national(name: str) -> bool:
    """Whether a body's name (or a title that begins with it) is a national body's: 国家税务总局, 人力资源社会保障部
    财政部税务总局; not 国家税务总局山东省税务局, which names its region (regions.json national_bodies)."""
    name = re.sub(r"\s+", "", name or "")
    head = name.split("关于", 1)[0]  # a title: the issuing bodies come before 关于
    return bool(_gazetteer().national.match(head)) and not mentioned_regions(head)


# A notice's addressee list: 各省、自治区、直辖市人民政府，新疆生产建设兵团： names every province, not the notice's own.
_ADDRESSEES = re.compile(r"各(?:省|地|有关|市|区|县|级)[^。：:；;\n]{0,300}?(?:[：:]|$)")


def without_addressees(text: str) -> str:
    """`text` without its addressee lists (各省、自治区、直辖市…新疆生产建设兵团：), whose places are not its own."""
    return _ADDRESSEES.sub(" ", text or "")


def province_of(region: str) -> str | None:
    """The province-level region a region belongs to (周村区 -> 山东省, 成都市 -> 四川省, 上海市 -> 上海市);
    None when unknown."""
    g = _gazetteer()
    canonical = normalise_region(region)
    if canonical is None:
        return None
    return canonical if is_province(canonical) else g.provinces.get(canonical)


def districts_of(city: str) -> list[str]:
    """The districts, counties and county-level cities of a city, in official order; [] when unknown."""
    g = _gazetteer()
    canonical = g.names.get(re.sub(r"\s+", "", city or ""))
    return list(g.cities.get(canonical or "", ()))


def mentioned_regions(text: str) -> list[str]:
    """Canonical names of the regions a text mentions, in order of first mention, each once.

    Full names are matched longest first; short forms that are also common words (泰山, 平原, 惠民)
    are not looked for, and a short form inside a known longer word (光荣成为) is skipped.
    """
    g = _gazetteer()
    out: list[str] = []
    for m in g.text_pattern.finditer(text or ""):
        found = m.group(0)
        canonical = g.names[found]
        if found != canonical:
            blocked = g.blocked_before.get(found, "")
            if m.start() > 0 and text[m.start() - 1] in blocked:
                continue
        if canonical not in out:
            out.append(canonical)
    return out
