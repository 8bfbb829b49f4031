"""Rule-based normalisation of folded unit names, and damage in printed names.

Bulletins print one unit with and without the county prefix (``岳阳县`` /
``县``), townships with and without ``人民政府`` / ``政府``, subdistrict offices
with ``办事处`` or ``街道``, and departments by their full or their short
name (``人力资源和社会保障局`` / ``人社局``). :func:`normalise` maps all of these
to one form; it is applied to registry aliases and to queries alike, so a
rule never has to be listed as an alias.

>>> normalise("岳阳县人力资源和社会保障局", ["岳阳县"])
'人社局'
>>> normalise("荣家湾镇人民政府", ["岳阳县"]), normalise("麻塘街道办事处", ["岳阳县"])
('荣家湾镇', '麻塘')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import regex

from ..repair import repair

#: Full form -> the short form bulletins use. Applied anywhere in the name,
#: longest first, on simplified text. Short forms are the key because they
#: are what both full and short printings can be reduced to.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("食品药品工商质量监督管理局", "食药工商质监局"),
    ("人力资源和社会保障局", "人社局"),
    ("人力资源社会保障局", "人社局"),
    ("城市管理和综合执法局", "城管执法局"),
    ("城市管理综合执法局", "城管执法局"),
    ("公安局交通警察大队", "交警大队"),
    ("住房和城乡建设局", "住建局"),
    ("住房城乡建设局", "住建局"),
    ("工业和信息化局", "工信局"),
    ("市场监督管理局", "市场监管局"),
    ("人民政府办公室", "政府办"),
    ("交通警察大队", "交警大队"),
    ("烟草专卖局", "烟草局"),
    ("残疾人联合会", "残联"),
    ("发展和改革局", "发改局"),
    ("发展改革局", "发改局"),
    ("政府办公室", "政府办"),
    ("教育体育局", "教体局"),
    ("卫生健康局", "卫健局"),
    ("医疗保障局", "医保局"),
    ("环境保护局", "环保局"),
    ("国土资源局", "国土局"),
    ("商务粮食局", "商粮局"),
    ("热线办公室", "热线办"),
    ("人民法院", "法院"),
    ("人民检察院", "检察院"),
    ("人民政府", "政府"),
)

#: Prefixes of national systems printed before the county (国家税务总局岳阳县税务局).
SYSTEM_PREFIXES = ("国家税务总局", "国网")

#: The generic county prefix; the county's own name is stripped before it.
COUNTY_PREFIX = "县"

#: Level words that end an area name; a name printed with its area's bare level word
#: (县公安局 in a county, 市公安局 in a city) stands for the area's own unit.
AREA_LEVELS = "省市县区旗州盟"

#: Words a bare level word starts without being a prefix (市场监管局 is not 市 + 场监管局).
LEVEL_WORDS = ("市场", "市政(?!府)", "市民", "市容", "市区", "区域", "[市县区]级", "[市县区]直", "[市县区]属")
_LEVEL_WORD = regex.compile("|".join(LEVEL_WORDS))

_ABBREV = regex.compile("|".join(regex.escape(full) for full, _ in ABBREVIATIONS))
_SHORT = dict(ABBREVIATIONS)
# 政府 (人民政府 is contracted first) after a township or area name (镇/乡, 洋县, 临渭区);
# 办事处/街道 after a subdistrict stem.
_TOWNSHIP_GOVERNMENT = regex.compile(r"(?<=[镇乡县区市旗])政府$")
_SUBDISTRICT = regex.compile(r"^(?P<stem>\p{Han}{2,}?)(?:街道办事处|街道办|办事处|街道)(?:人民政府|政府)?$")
# A hotline number inside an office name: 12345热线办 is 热线办.
_HOTLINE_NUMBER = regex.compile(r"12345(?=热线)")

#: Keys shorter than this are not produced by stripping (县人民政府 stays whole).
MIN_KEY_LENGTH = 2


def normalise(folded: str, counties: Iterable[str] = ()) -> str:
    """Rule-normalised key of an already folded (simplified) name.

    Strips a system prefix, then the area's name (any of ``counties``: a
    county, city or district) or its bare level word (``县`` for a county,
    ``市`` for a city; ``县`` when no area is given), contracts full department
    names to their short forms, and drops ``人民政府``/``政府`` after a township
    or area name and ``办事处``/``街道`` after a subdistrict stem.

    >>> normalise("县交警大队", ["岳阳县"]), normalise("岳阳县公安局交通警察大队", ["岳阳县"])
    ('交警大队', '交警大队')
    >>> normalise("县法院", ["岳阳县"]), normalise("县司法局", ["岳阳县"])
    ('法院', '司法局')
    >>> normalise("连云港市市场监督管理局", ["连云港市"]), normalise("市市场监管局", ["连云港市"])
    ('市场监管局', '市场监管局')
    >>> normalise("洋县人民政府", ["汉中市"]), normalise("县公安局", ["汉中市"])
    ('洋县', '县公安局')
    """
    key = folded
    for prefix in SYSTEM_PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_KEY_LENGTH:
            key = key[len(prefix):]
            break
    areas = sorted(set(c for c in counties if c), key=len, reverse=True)
    levels = list(dict.fromkeys(c[-1] for c in areas if c[-1] in AREA_LEVELS)) or [COUNTY_PREFIX]
    for prefix in areas + levels:
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_KEY_LENGTH:
            if len(prefix) == 1 and _LEVEL_WORD.match(key):
                continue
            key = key[len(prefix):]
            break
    key = _HOTLINE_NUMBER.sub("", key)
    key = _ABBREV.sub(lambda m: _SHORT[m.group()], key)
    stripped = _TOWNSHIP_GOVERNMENT.sub("", key)
    if len(stripped) >= MIN_KEY_LENGTH:
        key = stripped
    m = _SUBDISTRICT.match(key)
    if m:
        key = m.group("stem")
    return key


@dataclass(frozen=True, slots=True)
class PrintedName:
    """A name as printed after safe repair, split around the spots where characters were lost.

    ``parts`` are the intact pieces in order; ``gaps[i]`` is the length of the
    damage mark before ``parts[i]`` (0: none) and ``gaps[-1]`` the one after
    the last part, so ``?h市場監督管理局`` has parts ``('市場監督管理局',)`` and
    gaps ``(2, 0)``.
    """

    text: str
    parts: tuple[str, ...]
    gaps: tuple[int, ...]

    @property
    def damaged(self) -> bool:
        """True when characters were lost in print."""
        return any(self.gaps)

    @property
    def intact(self) -> str:
        """The printed name with the damage marks removed."""
        return "".join(self.parts)


def damage_pattern(parts: Iterable[str], gaps: tuple[int, ...]) -> regex.Pattern[str]:
    """A pattern for the names a damaged one may have been: each damage mark of n characters
    stands for at most n lost ones (``?h`` for ``。縣``). ``parts`` are already folded.

    >>> bool(damage_pattern(["税务局"], (2, 0)).fullmatch("县税务局"))
    True
    """
    return regex.compile("".join((f".{{0,{gap}}}" if gap else "") + regex.escape(part)
                                 for gap, part in zip(gaps, parts)) + (f".{{0,{gaps[-1]}}}" if gaps[-1] else ""))


def read_printed(name: str) -> PrintedName:
    """Repair ``name`` (compat forms, pinyin glosses) and locate its damage marks.

    Damage is what :func:`hotline_etl.repair.repair` reports: an ASCII ``?``
    run with the stray letter a mis-decoded byte leaves, a Latin capital
    between Han characters, U+FFFD.

    >>> p = read_printed("?h稅務局")
    >>> p.damaged, p.intact, p.gaps
    (True, '稅務局', (2, 0))
    """
    fixed = repair([name])
    text = fixed.texts[0]
    parts: list[str] = []
    gaps: list[int] = []
    pos = 0
    gap = 0
    for d in sorted(fixed.damage, key=lambda d: d.pos):
        if d.pos > pos:
            gaps.append(gap)
            parts.append(text[pos:d.pos])
            gap = 0
        gap += len(d.text)
        pos = d.pos + len(d.text)
    if pos < len(text) or not parts:
        gaps.append(gap)
        parts.append(text[pos:])
        gap = 0
    gaps.append(gap)
    return PrintedName(text, tuple(parts), tuple(gaps))


#: Rank of a level word: a name starting with a level below its area's, with no name of its own
#: (县公安局 in a city bulletin, 镇政府 anywhere), could be any of several units.
LEVEL_RANK = {"省": 1, "市": 2, "州": 2, "盟": 2, "县": 3, "区": 3, "旗": 3, "镇": 4, "乡": 4, "街": 4}

#: Printed names that are not units: table totals and headers, whole-area references.
NOT_UNITS = frozenset(("合计", "总计", "小计", "共计", "合共", "总数", "单位", "部门", "单位名称", "部门名称", "承办单位",
                       "责任单位", "序号", "其他", "其它", "全县", "全市", "全区", "全省", "各乡镇", "各单位"))
# Sentence punctuation, digits other than the hotline number, a figure's unit: a phrase or a count, not a unit.
_NOT_A_NAME = regex.compile(r"[,，。;；:：!！?？、%]|(?<!1234)\d(?!\d*热线)|[类件率]$")

_PLACE_SOON = regex.compile(r"^.\p{Han}{0,3}?[省市县区旗州盟镇乡]")

#: A printed name longer than this (folded) is a phrase, not a unit name.
MAX_UNIT_CHARS = 30


def names_a_unit(folded: str, area: str) -> bool:
    """True when ``folded`` (a folded printed name) can stand for one unit of ``area``.

    False for totals and headers (合计, 单位名称), phrases (punctuation, counts,
    a trailing 类/件/率), and names starting with a level word below the area's
    that do not say which one (县政府 or 县公安局 in a city bulletin, 镇政府).

    >>> names_a_unit("县公安局", "岳阳县"), names_a_unit("县公安局", "汉中市"), names_a_unit("洋县政府", "汉中市")
    (True, False, True)
    >>> names_a_unit("合计", "岳阳县"), names_a_unit("社会保障类", "岳阳县"), names_a_unit("镇政府", "岳阳县")
    (False, False, False)
    >>> names_a_unit("镇海区政府", "宁波市"), names_a_unit("区委宣传部", "宁波市")
    (True, False)
    """
    if not MIN_KEY_LENGTH <= len(folded) <= MAX_UNIT_CHARS or folded in NOT_UNITS or _NOT_A_NAME.search(folded):
        return False
    own = LEVEL_RANK.get(area[-1], 3) if area else 3
    rank = LEVEL_RANK.get(folded[0])
    # 镇海区, 镇平县公安局: a place whose name starts with a level word names its own level soon after.
    return rank is None or rank <= own or _PLACE_SOON.match(folded) is not None


#: Kind of a unit the registry does not know, from the end of its name (first match wins).
_KIND_PATTERNS = (
    ("subdistrict", regex.compile(r"(?:街道|街道办|办事处)(?:人民政府|政府)?$")),
    ("township", regex.compile(r"[镇乡](?:人民政府|政府)?$")),
    ("court", regex.compile(r"(?:法院|检察院)$")),
    ("enterprise", regex.compile(r"(?:公司|银行|集团)$")),
    ("park", regex.compile(r"(?:公园|景区|园区|管理处)$")),
    ("other", regex.compile(r"[县区市旗](?:人民政府|政府)?$")),
)


def guess_kind(folded: str) -> str:
    """The registry kind a folded name most likely has (``county_department`` when nothing tells).

    >>> [guess_kind(n) for n in ("石门街道", "东华镇政府", "县法院", "县供电公司", "洋县人民政府", "县水利局")]
    ['subdistrict', 'township', 'court', 'enterprise', 'other', 'county_department']
    """
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(folded):
            return kind
    return "county_department"
