"""Bytes to text for Chinese documents whose encoding nobody declared.

Order (STYLE.md): BOMs, strict UTF-8, then strict GB18030 and Big5-HKSCS. GBK
and Big5 byte ranges overlap, so when both legacy codecs decode without error
the one whose text holds more of the characters every bulletin uses wins;
charset-normalizer only breaks a tie (it confuses GB2312 with Big5). A file
that no codec decodes strictly but one decodes except for a few spots is read
with U+FFFD at those spots (:func:`decode_text_with_damage`).
"""

from __future__ import annotations

import codecs

import regex

from ..errors import UnreadableDocument

# Characters frequent in any bulletin, in both scripts. Text decoded with the
# wrong CJK codec is mostly rare characters, so these separate right from wrong.
_COMMON = frozenset(
    "的是在了和有不人我一中大为為上个個们們到说說时時要就出会會可也对對能而于於着著下自之"
    "年月日件单單位工热熱线線办辦理县縣镇鎮乡鄉局政府市民群众眾诉訴求处處电電话話受回访訪"
    "情况況问問题題反映部门門服务務心中关關建设設管社保障类類共比占其计計数數率结結按期返投"
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Legacy codecs tried, in order, after UTF-8 fails.
LEGACY_CODECS = ("gb18030", "big5hkscs")


def _common_share(text: str) -> float:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(c in _COMMON for c in han) / len(han)


#: Damage tolerated: at most this share of the decoded characters replaced by U+FFFD. Denser
#: damage means the bytes are not text in any of the encodings tried, and the file is refused.
MAX_REPLACED_SHARE = 0.02
_REPLACEMENT_RUN = regex.compile("\ufffd+")


def damage_tolerated(text: str) -> bool:
    """Whether ``text`` decoded leniently is readable: at most :data:`MAX_REPLACED_SHARE` of it replaced.

    >>> damage_tolerated("熱線" * 50 + "\ufffd"), damage_tolerated("\ufffd熱\ufffd")
    (True, False)
    """
    return text.count("\ufffd") <= MAX_REPLACED_SHARE * len(text)


def decode_lenient(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` decoded with U+FFFD for invalid sequences, and the number of damaged spots (runs of U+FFFD).

    A U+FFFD already in the bytes counts too: an earlier conversion lost a character there.

    >>> decode_lenient(b"\\xe7\\x86\\xb1\\xe7(\\xe7\\xb7\\x9a", "utf-8")
    ('熱\\ufffd(線', 1)
    """
    text = data.decode(encoding, errors="replace")
    return text, len(_REPLACEMENT_RUN.findall(text))


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    >>> decode_text("熱線".encode("big5"), "a.txt")
    ('熱線', 'big5hkscs')
    """
    text, encoding, _ = decode_text_with_damage(data, name)
    return text, encoding


def decode_text_with_damage(data: bytes, name: str) -> tuple[str, str, int]:
    """Decode ``data``: ``(text, encoding, spots)``, ``spots`` being the invalid sequences replaced by U+FFFD.

    Strict decodings are tried first (BOM, UTF-8, GB18030 and Big5-HKSCS as
    in the module docstring). When none fits, the text is decoded leniently:
    a file valid in an encoding except for a few bytes (at most
    :data:`MAX_REPLACED_SHARE` of the characters replaced) is read with U+FFFD where the
    bytes were, which the repair stage reports as ``damaged-text`` at each
    spot. Denser damage is refused with :class:`~hotline_etl.errors.UnreadableDocument`.

    >>> text, encoding, spots = decode_text_with_damage(("熱線工單" * 20).encode() + b"\\xff" + "2557件".encode(), "a")
    >>> text[-6:], encoding, spots
    ('\\ufffd2557件', 'utf-8', 1)
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, spots = decode_lenient(data, encoding)
            if not damage_tolerated(text):
                raise UnreadableDocument(name, f"{encoding} byte-order mark but {spots} invalid {encoding} sequences",
                                         "re-save the file as UTF-8")
            return text, encoding, spots
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    decoded: list[tuple[float, str, str]] = []
    for encoding in LEGACY_CODECS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded.append((_common_share(text), encoding, text))
    damaged = _damaged_candidates(data)
    if decoded:
        decoded.sort(key=lambda t: -t[0])
        # UTF-8 with a few bad bytes can decode strictly as GB18030 garbage: the common characters tell.
        if damaged and damaged[0][1] == "utf-8" and damaged[0][0] > decoded[0][0] + 0.2:
            return damaged[0][2], "utf-8", damaged[0][3]
        if len(decoded) > 1 and abs(decoded[0][0] - decoded[1][0]) < 0.02:
            text, encoding = _tie_break(data, decoded)
            return text, encoding, 0
        return decoded[0][2], decoded[0][1], 0
    if not damaged:
        raise UnreadableDocument(
            name, f"not valid UTF-8, GB18030 or Big5-HKSCS text (in each, more than {MAX_REPLACED_SHARE:.0%} "
                  f"of the characters are invalid byte sequences)",
            "check the file is a text bulletin, or convert it to UTF-8 first")
    share, encoding, text, spots = damaged[0]
    return text, encoding, spots


def _damaged_candidates(data: bytes) -> list[tuple[float, str, str, int]]:
    """Lenient decodings within the damage threshold, UTF-8 first, then by share of common characters."""
    out = []
    for encoding in ("utf-8", *LEGACY_CODECS):
        text, spots = decode_lenient(data, encoding)
        if spots and damage_tolerated(text):
            out.append((_common_share(text), encoding, text, spots))
    # UTF-8 validity is the stronger signal: legacy bytes rarely pass as UTF-8 except for a few spots.
    out.sort(key=lambda t: (t[1] != "utf-8", -t[0]))
    return out


def _tie_break(data: bytes, decoded: list[tuple[float, str, str]]) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=[e for _, e, _ in decoded]).best()
    if best is not None:
        for _, encoding, text in decoded:
            if codecs.lookup(encoding).name == codecs.lookup(best.encoding).name:
                return text, encoding
    return decoded[0][2], decoded[0][1]
