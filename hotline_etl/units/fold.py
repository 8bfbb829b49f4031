"""Script folding for unit names: one key per name, whichever script it was printed in.

Folding maps compatibility forms one to one (full-width letters and digits),
drops spaces and surrounding punctuation, and converts to simplified script
with OpenCC ``t2s`` (:func:`hotline_etl.script.to_simplified`), then maps the
Hong Kong and Taiwan variant characters that ``t2s`` leaves alone (``衞``, as
``s2hk`` writes 卫) with ``hk2s``, one character for one. OpenCC is
lossy on some names (``乾安县`` -> ``干安县``), and a registry name must never be
changed by folding, so a :class:`Folder` is built from the registry's
protected phrases (county names and canonical names, with and without their
county prefix): wherever ``t2s`` turned one of them into something else, the
phrase is put back. Registry side and query side are folded by the same
:class:`Folder`.

>>> Folder(["乾安县"]).fold("乾安縣 人民法院")
'乾安县人民法院'
>>> fold_plain("大雲山管理處")
'大云山管理处'
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from typing import Iterable

import opencc
import regex

from ..memo import on_clear
from ..repair import SAFE_TRANSLATION
from ..script import to_simplified

#: OpenCC configurations folding applies, in order (record them with the data).
FOLD_CONFIGS = ("t2s", "hk2s")

#: Distinct texts a :class:`Folder` remembers; past this it starts afresh (a bound for very long batches).
MAX_KNOWN_FOLDS = 50_000

# Punctuation that surrounds a name in running text but is never part of it.
_EDGE_PUNCT = "\"'“”‘’「」『』《》〈〉()（）[]【】<>,，、。.;；:：!！ \t"
_SPACES = regex.compile(r"\s+")


def fold_plain(text: str) -> str:
    """Fold ``text`` without protected phrases (compat forms, spaces, OpenCC t2s, variants).

    >>> fold_plain("  縣人社局。"), fold_plain("岳陽縣衞生健康局")
    ('县人社局', '岳阳县卫生健康局')
    """
    return _simplify(strip_edges(_SPACES.sub("", text.translate(SAFE_TRANSLATION))))


def strip_edges(text: str) -> str:
    """``text`` without the punctuation around it, keeping a closing bracket that closes one inside it.

    >>> strip_edges("“县住建局(城管执法大队)”,"), strip_edges("(县人社局)")
    ('县住建局(城管执法大队)', '县人社局')
    """
    core = text.strip(_EDGE_PUNCT)
    end = text.find(core) + len(core)
    for opening, closing in ("()", "（）"):
        if core.count(opening) > core.count(closing) and text[end:end + 1] == closing:
            core += closing
            end += 1
    return core


def _simplify(text: str) -> str:
    # t2s keeps the length (script.to_simplified); the variant pass is one to one too.
    return "".join(_variant(c) for c in to_simplified(text))


@lru_cache(maxsize=None)
def _variant(char: str) -> str:
    if char < "\u3400":
        return char
    out = convert(char, FOLD_CONFIGS[1])
    return out if len(out) == 1 else char


@lru_cache(maxsize=None)
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """Run one OpenCC configuration (``s2t``, ``s2tw``, ``s2hk``, ``t2s`` ...) on ``text``.

    >>> convert("荣家湾镇", "s2t")
    '榮家灣鎮'
    """
    return _opencc(config).convert(text)


def is_traditional_only(char: str) -> bool:
    """True for a character that only the traditional script uses (縣, 灣; not 乾 or 云).

    A character is traditional-only when t2s changes it and s2t brings the
    result back to it: 縣 -> 县 -> 縣. 乾 -> 干 -> 幹 is a simplified-script
    character that t2s merely loses.

    >>> is_traditional_only("縣"), is_traditional_only("乾"), is_traditional_only("云")
    (True, False, False)
    """
    simp = convert(char, "t2s")
    return simp != char and convert(simp, "s2t") == char


_FOLDERS: "weakref.WeakSet[Folder]" = weakref.WeakSet()
on_clear(lambda: [f._known.clear() for f in list(_FOLDERS)])


class Folder:
    """Folds names to keys, restoring protected phrases that OpenCC would change.

    >>> f = Folder(["大云山国家森林公园管理处", "乾安县"])
    >>> f.fold("大雲山國家森林公園管理處"), f.fold("乾安县"), f.fold("乾安縣")
    ('大云山国家森林公园管理处', '乾安县', '乾安县')
    """

    def __init__(self, protected: Iterable[str] = ()):
        restore: dict[str, str] = {}
        for phrase in protected:
            phrase = _SPACES.sub("", phrase.translate(SAFE_TRANSLATION))
            lossy = _simplify(phrase)
            # _simplify keeps the length, so the phrase can be put back in place.
            if lossy != phrase and len(lossy) == len(phrase):
                restore.setdefault(lossy, phrase)
        self.restore = restore
        self._pattern = (
            regex.compile("|".join(regex.escape(k) for k in sorted(restore, key=len, reverse=True)))
            if restore else None
        )
        self._known: dict[str, str] = {}
        _FOLDERS.add(self)

    def fold(self, text: str) -> str:
        """The key of ``text``: :func:`fold_plain` with protected phrases put back.

        Each distinct text is folded once per Folder (names recur in every
        bulletin of a batch; an OpenCC call on a short name costs more than
        the lookup).
        """
        key = self._known.get(text)
        if key is None:
            if len(self._known) >= MAX_KNOWN_FOLDS:
                self._known.clear()
            key = self._known[text] = self._fold(text)
        return key

    def _fold(self, text: str) -> str:
        folded = fold_plain(text)
        if self._pattern is None:
            return folded
        return self._pattern.sub(lambda m: self.restore[m.group()], folded)
