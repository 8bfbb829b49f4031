"""Bytes to text for Chinese documents whose encoding nobody declared.

Order (STYLE.md): BOMs, strict UTF-8, then strict GB18030 and Big5-HKSCS. GBK
and Big5 byte ranges overlap, so when both legacy codecs decode without error
the one whose text holds more of the characters every bulletin uses wins;
charset-normalizer only breaks a tie (it confuses GB2312 with Big5).
"""

from __future__ import annotations

import codecs

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


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    >>> decode_text("熱線".encode("big5"), "a.txt")
    ('熱線', 'big5hkscs')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(name, f"{encoding} byte-order mark but invalid {encoding} at byte {exc.start}",
                                         "re-save the file as UTF-8") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: list[tuple[float, str, str]] = []
    for encoding in LEGACY_CODECS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        decoded.append((_common_share(text), encoding, text))
    if not decoded:
        raise UnreadableDocument(
            name, "not valid UTF-8, GB18030 or Big5-HKSCS text",
            "check the file is a text bulletin, or convert it to UTF-8 first")
    decoded.sort(key=lambda t: -t[0])
    if len(decoded) > 1 and abs(decoded[0][0] - decoded[1][0]) < 0.02:
        return _tie_break(data, decoded)
    return decoded[0][2], decoded[0][1]


def _tie_break(data: bytes, decoded: list[tuple[float, str, str]]) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=[e for _, e, _ in decoded]).best()
    if best is not None:
        for _, encoding, text in decoded:
            if codecs.lookup(encoding).name == codecs.lookup(best.encoding).name:
                return text, encoding
    return decoded[0][2], decoded[0][1]
