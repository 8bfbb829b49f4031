"""The repair stage: safe normalisation and mirror damage, every kept character still mapped to its source column."""

import hotline_etl
from hotline_etl.repair import fold_compatible, repair


def test_mirror_insertions_are_deleted_and_columns_kept():
    fixed = repair(["服務(wù)質量好", "受理 工單 12 件", "辦結率10.81`%，99.80%%", "來電\u200b投訴"])
    assert fixed.texts == ["服務質量好", "受理工單 12 件", "辦結率10.81%,99.80%", "來電投訴"]
    # colmaps[i][k]: the source column of the k-th repaired character (None: nothing was deleted).
    assert fixed.colmaps[0] == (0, 1, 6, 7, 8)
    assert fixed.colmaps[1] == (0, 1, 3, 4, 5, 6, 7, 8, 9)
    assert fixed.colmaps[2][7:10] == (7, 9, 10)  # the backtick at column 8 is gone
    assert fixed.colmaps[3] == (0, 1, 3, 4)
    assert fixed.damage == ()


def test_lost_characters_are_kept_and_reported_where_they_stand():
    fixed = repair(["進行處理?h市場監督管理局", "經,F來電投訴", "完好的一行"])
    assert fixed.texts == ["進行處理?h市場監督管理局", "經,F來電投訴", "完好的一行"]
    assert [(d.index, d.pos, d.column, d.text, d.context) for d in fixed.damage] == [
        (0, 4, 4, "?h", "進行處理?h市場監督管理局"), (1, 2, 2, "F", "經,F來電投訴")]
    assert fixed.colmaps[2] is None


def test_joined_text_and_starts_address_every_line():
    fixed = repair(["第一行", "第 二 行"])
    assert fixed.joined == "第一行\n第二行"
    assert fixed.starts == [0, 4]


def test_compatibility_forms_fold_one_character_for_one():
    assert fold_compatible("\u2f00件\uff12\uff10\uff05，\u3000") == "一件20%, "
    assert fold_compatible("有？嗎") == "有？嗎"  # a full-width question mark is text, not damage


def test_typographic_spaces_between_digit_groups_fold_to_a_space():
    # seventh probe set (fixtures/probe7): English-style thousands with a thin space (U+2009) or a
    # narrow no-break space (U+202F); one character for one, so the count reads whole.
    assert fold_compatible("受理诉求12\u2009408件,转办7\u202f316件") == "受理诉求12 408件,转办7 316件"
    b = hotline_etl.parse("一、总体情况\n5月份，全市热线共受理诉求12\u2009408件，其中直接答复5\u2009092件，"
                          "转办7\u2009316件。\n", audit=False)
    assert (b.headline.hotline_orders_received.value, b.headline.direct_answers.value,
            b.headline.dispatched.value) == (12408, 5092, 7316)


def _every_code_point() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_a_space_deletion_ends_at_a_spot_so_lines_without_one_need_no_scan():
    import re

    import regex

    from hotline_etl import repair as module

    text = _every_code_point()
    assert min(map(ord, regex.findall(r"\p{Han}", text))) >= 0x2E80  # _SPOT's "a Han character"
    # _SPOT's digits: what the regex module calls a digit, re does too, or it is past U+2E80 (Unicode versions differ)
    assert all(ord(d) >= 0x2E80 for d in set(regex.findall(r"\d", text)) - set(re.findall(r"\d", text)))
    spaced = [rx for rx, needs in module._DELETE if needs is module._SPOT]
    assert len(spaced) == 3
    lines = ("受理 工單 12 件", "洋  县", "2 4 1 7 件", "甲镇 | 3 | 100%", " 件", "縣 ㊀", "a 1 b", "数据完 整", "占9. 47%")
    ends = [m.end() for line in lines for rx in spaced for m in rx.finditer(line)]
    assert len(ends) == 7
    # the last space of every match is a spot
    assert all(module._SPOT.match(line, m.end() - 1) for line in lines for rx in spaced for m in rx.finditer(line))


def test_the_scan_by_spot_lines_finds_what_a_whole_scan_finds():
    from pathlib import Path

    from hotline_etl import repair as module

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path("fixtures").rglob("*.txt"))]
    texts += ["受理 工單 12 件\n洋  县 有 2 4 1 7 件\n 5 件\n數據完 整\n\n縣 辦", "甲 乙", " 丙", "丁 ", "占9. 47%\n1. 95%"]
    assert len(texts) > 100
    for text in texts:
        whole = sorted((m.span() for rx, _ in module._DELETE + module._DAMAGE for m in rx.finditer(text)))
        by_spot = sorted(m.span() for m in module._matches(module._DELETE, text) + module._matches(module._DAMAGE, text))
        assert by_spot == whole


def test_a_space_after_a_shares_decimal_point_is_deleted():
    fixed = repair(["教育培训类269件，占9. 47%；", "1. 95%以上的工单当日办结", "目标：1. 20%"])
    assert fixed.texts == ["教育培训类269件,占9.47%;", "1. 95%以上的工单当日办结", "目标:1. 20%"]
    assert fixed.colmaps[0][11:14] == (11, 12, 14)  # the space at column 13 is gone
