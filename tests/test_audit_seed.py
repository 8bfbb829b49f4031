"""The audit of the seed gives exactly the findings of SPEC §5; its corrected copy gives no error."""

import dataclasses
from pathlib import Path

import opencc
import pytest

import hotline_etl
from hotline_etl.checks import audit
from hotline_etl.precision import agrees
from hotline_etl.model import Percent

CORRECTED = "fixtures/audit/yueyang-2020-05.corrected.zh-Hant.txt"
ZERO_RATES = "辦結率 0%, 按期辦結率 0%, 返工率 0%"

#: (check, severity, subject, stated, computed, delta) of every finding on the seed, SPEC §5.
SEED_FINDINGS = {
    ("table-sum-mismatch", "error", "辦理數", 2574, 2575, -1),
    ("table-sum-mismatch", "error", "按期辦理數", 2556, 2555, 1),
    ("rate-definition", "warning", "中洲鄉人民政府 按期辦結率", 87.5, 91.3, -3.8),
    ("rate-zero-denominator", "info", "縣砂管局", ZERO_RATES, None, None),
    ("rate-zero-denominator", "info", "縣郵政局", ZERO_RATES, None, None),
    ("rate-zero-denominator", "info", "鐵山水資源保護中心", ZERO_RATES, None, None),
    ("share-base-mismatch", "warning", "category shares (事件分类)", 2557, "2669–2670", -112),
    ("overdue-list-vs-table", "warning", "overdue list (超期办结)", 18, 20, -2),
}


def _key(f):
    return (f.check, f.severity, f.subject, f.stated, f.computed, f.delta)


def _by_check(findings, check):
    return [f for f in findings if f.check == check]


def test_the_seed_gives_exactly_the_findings_of_spec_5(seed):
    assert len(seed.findings) == len(SEED_FINDINGS)
    assert {_key(f) for f in seed.findings} == SEED_FINDINGS


def test_parse_runs_the_audit_last_and_only_reads_the_bulletin(seed):
    plain = hotline_etl.parse("fixtures/seed/000_0bd1a52a453bee82.txt", audit=False)
    assert plain.findings == ()
    assert audit(plain) == seed.findings
    assert dataclasses.replace(plain, findings=seed.findings) == seed
    assert hotline_etl.audit is audit


def test_findings_are_in_the_json_record(seed):
    d = seed.to_dict()
    assert len(d["findings"]) == 8
    first = d["findings"][0]
    assert first["check"] == "table-sum-mismatch"
    assert first["message"] == "辦理數: the unit rows add up to 2575 but the total row says 2574"
    assert first["sources"][0] == {"line": 621, "char": 0}


def test_column_sum_errors_point_at_the_total_cells(seed):
    handled, on_time = _by_check(seed.findings, "table-sum-mismatch")
    assert handled.sources[0].line == 621  # 合計 row, 辦理數 cell
    assert on_time.sources[0].line == 623  # 合計 row, 按期辦理數 cell
    assert handled.sources[-1] == seed.table.source


def test_the_rate_definition_names_the_denominator_that_matches(seed):
    (f,) = _by_check(seed.findings, "rate-definition")
    assert f.message == ("中洲鄉人民政府 按期辦結率 is printed 87.5%, which is 按期辦理數/應辦理數 = 21/24 = 87.50%, "
                         "not the documented 按期辦理數/辦理數 = 21/23 = 91.30%")
    # the rate cell, the 按期辦理數 cell, the 辦理數 cell (documented), the 應辦理數 cell (matching)
    assert [o.line for o in f.sources] == [314, 313, 311, 310]


def test_rounding_edge_cases_of_the_seed_pass(seed):
    rows = {r.unit_raw: r for r in seed.table.rows}
    radio = rows["縣廣播電視臺"]
    assert (radio.on_time, radio.handled, radio.on_time_rate.raw) == (33, 37, "89.18%")
    assert agrees(radio.on_time_rate, 33, 37)  # 89.189… truncated
    assert not agrees(Percent.parse("89.20%"), 33, 37)
    road = rows["縣公路建設和養護中心"]
    assert (road.handled, road.due, road.completion_rate.raw) == (2, 3, "67%")
    assert agrees(road.completion_rate, 2, 3)  # 66.67 rounded
    subjects = {f.subject for f in seed.findings}
    assert not any(s.startswith(("縣廣播電視臺", "縣公路建設和養護中心")) for s in subjects)


def test_the_category_shares_imply_a_base_of_2669_to_2670(seed):
    (f,) = _by_check(seed.findings, "share-base-mismatch")
    assert f.message == ("category shares (事件分类): no share matches the 2557 received orders; "
                         "all 5 agree on a base of 2669–2670 instead")
    assert f.sources[0] == seed.headline.hotline_orders_received.source
    assert f.sources[1:] == tuple(c.source for c in seed.categories)


def test_the_overdue_list_misses_two_units_of_the_table(seed):
    (f,) = _by_check(seed.findings, "overdue-list-vs-table")
    assert f.message == (
        "overdue list (超期办结): the text names 9 units with 18 overdue orders; the table has 11 units with "
        "辦理數 > 按期辦理數, 20 orders. Not named: 公田鎮人民政府 (1), 楊林街鎮人民政府 (1).")
    rows = {r.unit_raw: r for r in seed.table.rows}
    for unit in ("公田鎮人民政府", "楊林街鎮人民政府"):
        assert rows[unit].sources["unit_raw"] in f.sources
        assert rows[unit].sources["on_time"] in f.sources
    assert f.sources[0] == seed.lists["overdue"].source


def test_zero_denominators_are_info_with_their_cells(seed):
    infos = _by_check(seed.findings, "rate-zero-denominator")
    assert [f.subject for f in infos] == ["縣砂管局", "縣郵政局", "鐵山水資源保護中心"]
    assert infos[0].message == ("縣砂管局 prints 辦結率 0%, 按期辦結率 0%, 返工率 0% over a zero denominator "
                                "(應辦理數 = 0, 辦理數 = 0): the rate is undefined")
    assert [o.line for o in infos[0].sources] == [552, 550, 554, 551, 556]


def test_the_corrected_seed_audits_with_no_error():
    corrected = hotline_etl.parse(CORRECTED)
    assert [f for f in corrected.findings if f.severity == "error"] == []
    expected = {k for k in SEED_FINDINGS if k[0] != "table-sum-mismatch"}
    assert {_key(f) for f in corrected.findings} == expected
    assert (corrected.table.total.handled, corrected.table.total.on_time) == (2575, 2555)
    assert (corrected.headline.completed.value, corrected.headline.in_progress.value) == (2575, 3)


def test_the_corrected_fixture_is_what_its_script_writes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_audit_fixtures", "fixtures/make_audit_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    seed_text = Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_text(encoding="utf-8")
    assert Path(CORRECTED).read_bytes() == module.corrected_text(seed_text).encode("utf-8")


@pytest.mark.parametrize("variant", ["zh-Hans.utf8", "zh-Hans.gbk", "zh-Hant.big5hkscs", "zh-Hant.utf8-bom-crlf"])
def test_every_text_copy_of_the_seed_gives_the_same_findings(seed, variant):
    t2s = opencc.OpenCC("t2s").convert
    b = hotline_etl.parse(f"fixtures/text/yueyang-2020-05.{variant}.txt")
    fold = [(f.check, t2s(f.subject), f.stated if not isinstance(f.stated, str) else t2s(f.stated), f.computed,
             f.delta, t2s(f.message)) for f in seed.findings]
    got = [(f.check, t2s(f.subject), f.stated if not isinstance(f.stated, str) else t2s(f.stated), f.computed,
            f.delta, t2s(f.message)) for f in b.findings]
    assert got == fold
