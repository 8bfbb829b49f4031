"""The issuer's area (the record's ``scope``): the province, city or county a bulletin speaks for.

Read, most trusted first, from

1. the sign-off issuer (``岳陽縣熱線辦``, ``宝鸡市陈仓区人民政府办公室``): the
   areas it starts with;
2. the title lines and attachment headings (``君山区热线工作情况通报``,
   ``2025年昌吉市12345政务服务便民热线运行分析报告``): areas after a line start,
   a date or punctuation, followed by a hotline word;
3. the body: areas naming the hotline itself (``邵东市12345政务服务便民热线``,
   ``连云港市12345在线平台``), the one named most often;
4. when none of these names an area, the units (:func:`scope_from_units`): the city
   whose counties and districts the statistics table and the unit lists name
   (``临渭区``, ``华州区`` → 渭南市; ``国网渭南供电公司`` → 渭南市), or the province
   whose cities they are, looked up in a gazetteer (:mod:`.gazetteer`).

An area is a name of two to eight characters ending in a level word (省,
市, 县, 区, 旗, 州, 盟, 自治区 ...; one character before 县, as in 洋县).
Generic references (全县, 我市, 本区, 市12345) name no area: a bulletin saying
only those has no scope (None). Short names without a level word (长沙12345)
are not read, so the same city never gets two scopes. Steps 1-3 consult no
gazetteer: a district name shared by several cities (鼓楼区) is one scope.

>>> from hotline_etl.readers import load
>>> from hotline_etl.script import build_view
>>> from hotline_etl.extract.signoff import extract_signoff
>>> v = build_view(load("一、基本情况\\n全县共受理工单12件\\n寶雞市陳倉區人民政府辦公室\\n2022年7月11日"))
>>> s = extract_issuer_scope(v, extract_signoff(v), [])
>>> s.name, s.path, s.raw, s.evidence
('陈仓区', ('宝鸡市', '陈仓区'), '陳倉區', 'issuer')
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import regex

from ..model import IssuerScope, Origin
from ..script import View, to_simplified
from .gazetteer import gazetteer
from .scope import Scope
from .sections import SectionSpan
from .signoff import Signoff

#: Level words that end an area name, longest first (simplified script).
LEVELS = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "新区", "地区", "省", "市", "州", "盟", "县", "区", "旗")

#: First characters of generic references that name no area (全县, 我市, 本区, 各乡镇, 市12345 ...),
#: and of date words (1月份市12345 is the city's hotline, not an area 月份市).
GENERIC_START = "全我本各该此两其另某每省市县区州旗镇乡街村年月日份期度号"

#: Words that may follow an area in a title: the hotline, the government, the office.
TITLE_FOLLOWERS = ("12345", "热线", "人民政府", "政府", "政务", "行政审批", "公共服务", "市民", "便民", "市长", "县长",
                   "区长", "旗长", "州长", "省长", "委员会", "信访")

#: Words that may follow an area in the body: only the hotline and the mailboxes themselves.
BODY_FOLLOWERS = ("12345", "热线", "政务服务便民", "公共服务平台", "市民服务", "市长信箱", "县长信箱", "区长信箱",
                  "市长热线", "市长专线", "市长电话", "市长公开电话")

#: What may stand right before an area in a title or the body: a line start, a non-Han
#: character, a date, or one of these words.
LEFT_WORDS = ("年度", "年", "月份", "月", "日", "期", "关于", "来源", "发布", "单位")

#: Characters of function words and hotline words, rare in place names: a stem holding one is cut after
#: it (记者从济南市 -> 济南市, 欢迎访问南通市 -> 南通市) and dropped when too little is left (以下简称市).
NOT_NAME_CHARS = "我的是在从及与对称问者迎线热单件号简访记欢办受"

#: Longest stem of an area name (乌鲁木齐); autonomous areas (...自治州) may be longer.
MAX_STEM = 4
MAX_AUTONOMOUS_STEM = 8

_STEM = rf"(?![{GENERIC_START}])(?:\p{{Han}}(?=县)|\p{{Han}}{{2,{MAX_AUTONOMOUS_STEM}}}?)"
_NOT_NAME = regex.compile(rf"[{NOT_NAME_CHARS}]")
_AREA = rf"(?P<stem>{_STEM})(?P<level>{'|'.join(LEVELS)})"
_CHAIN = rf"(?:{_AREA}){{1,3}}"
_LEFT = rf"(?:(?<=^|[^\p{{Han}}])|(?<={'|'.join(LEFT_WORDS)}))"


def _followed(words: Sequence[str]) -> str:
    return rf"(?=\s*(?:{'|'.join(regex.escape(w) for w in words)}))"


_ISSUER = regex.compile(rf"^\s*{_CHAIN}(?:{_followed(TITLE_FOLLOWERS)}|$)")
_ISSUER_FIRST = regex.compile(rf"^\s*{_AREA}")
# Searched through Scope (which compiles and caches them) so that positions are those of the view.
_TITLE = rf"(?m){_LEFT}{_CHAIN}{_followed(TITLE_FOLLOWERS)}"
_BODY = rf"(?m){_LEFT}{_CHAIN}{_followed(BODY_FOLLOWERS)}"


#: Lines of the title section (before the first heading) read as titles; the rest is body.
TITLE_LINES = 5
#: Lines of an attachment section read as titles: its heading and the table's caption.
ATTACHMENT_TITLE_LINES = 2
#: A longer line, or one with sentence punctuation, is prose, not a title.
MAX_TITLE_CHARS = 60
_SENTENCE = regex.compile(r"[,，。;；]")


def extract_issuer_scope(view: View, signoff: Signoff, sections: Sequence[SectionSpan]) -> IssuerScope | None:
    """The bulletin's scope from the sign-off, then the title lines, then the body; None when nothing names one.

    >>> from hotline_etl.readers import load
    >>> from hotline_etl.script import build_view
    >>> from hotline_etl.extract.sections import find_sections
    >>> v = build_view(load("君山區熱線工作情況通報\\n一、基本情况\\n全区共受理工单6件"))
    >>> extract_issuer_scope(v, Signoff(None, None, None, None), find_sections(v)).name
    '君山区'
    """
    if signoff.issuer:
        found = _from_issuer(signoff)
        if found is not None:
            return found
    for title in _title_lines(view, sections):
        for m in title.finditer(_TITLE):
            found = _scope(view, m, "title")
            if found is not None:
                return found
    counts: Counter[str] = Counter()
    first: dict[str, IssuerScope] = {}
    for m in Scope.whole(view).finditer(_BODY):
        found = _scope(view, m, "body")
        if found is not None:
            counts[found.name] += 1
            first.setdefault(found.name, found)
    if not counts:
        return None
    order = list(first)
    return first[max(counts, key=lambda n: (counts[n], -order.index(n)))]


#: A scope read from the units needs at least this many distinct unit names pointing to it ...
MIN_UNIT_VOTES = 2
#: ... and this share of all the names that point to some area.
MIN_UNIT_SHARE = 2 / 3
#: Endings dropped before asking whether a unit is an area itself (灌云县人民政府 is 灌云县).
GOVERNMENT_SUFFIXES = ("人民政府", "政府", "管委会")


def scope_from_units(units: Sequence[tuple[str, Origin | None]]) -> IssuerScope | None:
    """The area a bulletin's units belong to, for a text that names none (evidence ``units``).

    Each distinct unit name votes once, through the gazetteer:

    - a name that is an area (``临渭区``, ``宿迁市人民政府``) is a member of the scope: it
      votes for the city a county lies in, or the province a city lies in;
    - a name holding an area (``平江县民政局``, ``国网渭南供电公司``) is an office of that area:
      it votes for the area itself (``平江县``, ``渭南市``) and, for a county, its city.

    Names found in several places (``鼓楼区``, four cities have one) vote for none. The county
    with the most votes wins when it has :data:`MIN_UNIT_VOTES` of them and
    :data:`MIN_UNIT_SHARE` of the voting names; else the city, likewise; else the province.
    ``path`` runs from the province down, from the gazetteer (the text prints none of it);
    ``raw`` is the area's name.

    >>> scope_from_units([("临渭区", None), ("华州區", None), ("国网渭南供电公司", None), ("市公安局", None)]).to_dict(False)
    {'name': '渭南市', 'path': ['陕西省', '渭南市'], 'raw': '渭南市', 'evidence': 'units'}
    >>> scope_from_units([("平江縣民政局", None), ("平江县殡葬管理所", None)]).path
    ('湖南省', '岳阳市', '平江县')
    >>> scope_from_units([("县公安局", None), ("鼓楼区", None)]) is None
    True
    """
    g = gazetteer()
    votes: dict[str, Counter[str]] = {"county": Counter(), "city": Counter(), "province": Counter()}
    first: dict[str, Origin | None] = {}
    voters = 0
    seen = set()
    for raw, origin in units:
        name = regex.sub(r"\s+", "", to_simplified(raw))
        if not name or name in seen:
            continue
        seen.add(name)
        bare = next((name[:-len(s)] for s in GOVERNMENT_SUFFIXES if name.endswith(s) and len(name) > len(s)), name)
        voted: set[tuple[str, str]] = set()
        if g.canonical(bare) is not None:  # the unit is an area: a member of the one above it
            above = g.province_of(bare) if g.is_city(bare) else g.city_of(bare)
            if above is not None:
                voted.add(("province" if g.is_city(bare) else "city", above))
        else:
            for area in g.areas_in(name):
                full = g.canonical(area)
                if full is None:
                    continue
                if g.is_county(full):
                    voted.add(("county", full))
                    if (city := g.city_of(full)) is not None:
                        voted.add(("city", city))
                else:
                    voted.add(("city", full))
        voters += bool(voted)
        for level, area in voted:
            votes[level][area] += 1
            first.setdefault(area, origin)
    for level in ("county", "city", "province"):
        if votes[level]:
            (area, n), = votes[level].most_common(1)
            if n >= MIN_UNIT_VOTES and n >= MIN_UNIT_SHARE * voters:
                return IssuerScope(area, _gazetteer_path(area), area, "units", first[area])
    return None


def _gazetteer_path(area: str) -> tuple[str, ...]:
    g = gazetteer()
    path = [g.province_of(area), g.city_of(area), area]
    return tuple(dict.fromkeys(p for p in path if p is not None))


def _title_lines(view: View, sections: Sequence[SectionSpan]) -> list[Scope]:
    # Only the first lines: a title section without headings after it can hold a whole article,
    # and an attachment holds the table, whose unit names (灌云县人民政府) are not the issuer.
    # A title is short and is not a sentence (a prose line may say 不断加强区政府网站建设).
    out = []
    for s in sections:
        first = s.heading_line if s.heading_line is not None else s.first
        count = TITLE_LINES if s.kind == "title" else ATTACHMENT_TITLE_LINES if s.kind == "attachment" else 0
        for i in range(first, min(s.last, first + count - 1) + 1):
            line = view.simp_text(view.lines[i]).strip()
            if line and len(line) <= MAX_TITLE_CHARS and not _SENTENCE.search(line):
                out.append(Scope.of_lines(view, i, i))
    return out


def _from_issuer(signoff: Signoff) -> IssuerScope | None:
    raw = signoff.issuer or ""
    simp = to_simplified(raw)  # same length as raw: positions carry over
    m = _ISSUER.match(simp) or _ISSUER_FIRST.match(simp)
    if m is None:
        return None
    return _build(m, raw, "issuer", signoff.issuer_source)


def _scope(view: View, m: regex.Match[str], evidence: str) -> IssuerScope | None:
    # Offsets of a Scope match are positions in the joined text of the view.
    found = _build(m, view.raw, evidence, None)
    if found is None:
        return None
    start = m.ends("stem")[-1] - (len(found.name) - len(m.captures("level")[-1]))
    return IssuerScope(found.name, found.path, found.raw, evidence, view.origin_at(start))


def _build(m: regex.Match[str], raw: str, evidence: str, source) -> IssuerScope | None:
    path: list[str] = []
    start = 0
    for stem, level, stem_end in zip(m.captures("stem"), m.captures("level"), m.ends("stem")):
        clean = _clean_stem(stem, level)
        if clean is None:
            path = []  # an area after a rejected one is still read (热线及 | 岳阳县 ...)
            continue
        path.append(clean + level)
        start = stem_end - len(clean)
    if not path:
        return None
    return IssuerScope(path[-1], tuple(path), raw[start:start + len(path[-1])], evidence, source)


def _clean_stem(stem: str, level: str) -> str | None:
    """The place name in ``stem``, or None when it names no place.

    >>> _clean_stem("记者从济南", "市"), _clean_stem("以下简称", "市"), _clean_stem("从江", "县"), _clean_stem("洋", "县")
    ('济南', None, '从江', '洋')
    """
    hits = [m.start() for m in _NOT_NAME.finditer(stem)]
    if hits:
        cut = stem[hits[-1] + 1:]
        if len(cut) >= 2:
            stem = cut
        elif hits != [0] or len(stem) < 2:  # 从江县: a name may start with such a character
            return None
    if stem[0] in GENERIC_START:
        return None
    limit = MAX_AUTONOMOUS_STEM if level.startswith("自治") else MAX_STEM
    if len(stem) > limit or (len(stem) < 2 and level != "县"):
        return None
    return stem
