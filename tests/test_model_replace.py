"""model.field_replacer gives what dataclasses.replace gives, and refuses classes where it would not."""

import dataclasses

import pytest

import hotline_etl
from hotline_etl.model import Case, ListItem, Percent, StatRow, UnitRef, field_replacer
from hotline_etl.readers import load
from hotline_etl.script import build_view
from hotline_etl.extract import extract_bulletin

SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"
REF = UnitRef("yueyang.traffic_police", "交警大队", "department", "alias", 100.0, ("a", "b"), True)


def test_every_seed_row_item_and_case_copies_as_replace_does():
    b = extract_bulletin(build_view(load(SEED)))
    pairs = [(StatRow, "unit", row) for row in b.table.rows]
    pairs += [(ListItem, "unit", item) for ul in b.lists.values() for item in ul.items]
    pairs += [(Case, "handler_unit", case) for case in b.cases]
    assert len(pairs) > 90
    for cls, name, obj in pairs:
        fast = field_replacer(cls, name)(obj, REF)
        slow = dataclasses.replace(obj, **{name: REF})
        assert fast == slow and type(fast) is cls
        assert [getattr(fast, f.name) is getattr(slow, f.name) for f in dataclasses.fields(cls)] == \
            [True] * len(dataclasses.fields(cls))
        assert getattr(obj, name) is None  # the input is left as it was


def test_a_row_built_by_hand_keeps_its_other_fields():
    row = StatRow("甲镇", received=12, completion_rate=Percent.parse("91.67%"), grade="B", sources={})
    out = field_replacer(StatRow, "grade")(row, "A")
    assert (out.unit_raw, out.received, out.completion_rate.raw, out.grade, row.grade) == ("甲镇", 12, "91.67%", "A", "B")
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.grade = "C"


def test_refuses_what_it_cannot_copy_like_replace():
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    for cls, name in ((NoSlots, "a"), (Checked, "a"), (StatRow, "no_such_field")):
        with pytest.raises(TypeError, match="use dataclasses.replace"):
            field_replacer(cls, name)


def test_units_stage_gives_the_seed_its_units():
    b = hotline_etl.parse(SEED)
    assert b.lists["returned"].items[5].unit.unit_id == "yueyang.traffic_police"
    assert all(row.unit is not None for row in b.table.rows)


def test_a_subclass_instance_goes_through_replace():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Marked(ListItem):
        mark: str = "*"

    item = Marked("甲镇", 3, mark="!")
    out = field_replacer(ListItem, "unit")(item, REF)
    assert type(out) is Marked and (out.unit_raw, out.count, out.mark, out.unit) == ("甲镇", 3, "!", REF)


def test_builder_makes_what_the_class_makes():
    from hotline_etl.model import field_builder

    b = extract_bulletin(build_view(load(SEED)))
    rows = list(b.table.rows) + [b.table.total]
    assert len(rows) == 60
    build = field_builder(StatRow)
    for row in rows:
        values = {f.name: getattr(row, f.name) for f in dataclasses.fields(StatRow) if getattr(row, f.name) is not None}
        made = build(values)
        assert made == StatRow(**values) == row and type(made) is StatRow
        assert made.sources is row.sources  # the values themselves, not copies
    bare = build({"unit_raw": "甲镇"})
    assert bare == StatRow("甲镇") and bare.sources == {} and bare.sources is not build({"unit_raw": "乙镇"}).sources
    assert field_builder(ListItem)({"unit_raw": "交警大队", "count": 2, "unit": REF}) == ListItem("交警大队", 2, unit=REF)
    with pytest.raises(KeyError):
        build({"received": 3})  # the unit name has no default
    with pytest.raises(TypeError, match="use the class"):
        field_builder(Percent)
