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
)

#: Prefixes of national systems printed before the county (国家税务总局岳阳县税务局).
SYSTEM_PREFIXES = ("国家税务总局", "国网")

#: The generic county prefix; the county's own name is stripped before it.
COUNTY_PREFIX = "县"

_ABBREV = regex.compile("|".join(regex.escape(full) for full, _ in ABBREVIATIONS))
_SHORT = dict(ABBREVIATIONS)
# 人民政府/政府 after a township name (镇/乡); 办事处/街道 after a subdistrict stem.
_TOWNSHIP_GOVERNMENT = regex.compile(r"(?<=[镇乡])(?:人民政府|政府)$")
_SUBDISTRICT = regex.compile(r"^(?P<stem>\p{Han}{2,}?)(?:街道办事处|街道办|办事处|街道)(?:人民政府|政府)?$")
# A hotline number inside an office name: 12345热线办 is 热线办.
_HOTLINE_NUMBER = regex.compile(r"12345(?=热线)")

#: Keys shorter than this are not produced by stripping (县人民政府 stays whole).
MIN_KEY_LENGTH = 2


def normalise(folded: str, counties: Iterable[str] = ()) -> str:
    """Rule-normalised key of an already folded (simplified) name.

    Strips a system prefix, the county name (any of ``counties``) or ``县``,
    contracts full department names to their short forms, and drops
    ``人民政府``/``政府`` after 镇/乡 and ``办事处``/``街道`` after a subdistrict stem.

    >>> normalise("县交警大队", ["岳阳县"]), normalise("岳阳县公安局交通警察大队", ["岳阳县"])
    ('交警大队', '交警大队')
    >>> normalise("县法院", ["岳阳县"]), normalise("县司法局", ["岳阳县"])
    ('法院', '司法局')
    """
    key = folded
    for prefix in SYSTEM_PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_KEY_LENGTH:
            key = key[len(prefix):]
            break
    for prefix in sorted(set(counties), key=len, reverse=True) + [COUNTY_PREFIX]:
        if prefix and key.startswith(prefix) and len(key) - len(prefix) >= MIN_KEY_LENGTH:
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
