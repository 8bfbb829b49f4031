"""The repair stage: safe normalisation and mirror damage, every kept character still mapped to its source column."""

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


def test_a_space_after_a_shares_decimal_point_is_deleted():
    fixed = repair(["教育培训类269件，占9. 47%；", "1. 95%以上的工单当日办结", "目标：1. 20%"])
    assert fixed.texts == ["教育培训类269件,占9.47%;", "1. 95%以上的工单当日办结", "目标:1. 20%"]
    assert fixed.colmaps[0][11:14] == (11, 12, 14)  # the space at column 13 is gone
