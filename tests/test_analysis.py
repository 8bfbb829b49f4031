"""hotline_etl.analysis on small hand-made tables (each rule on its own) and on the bundled archive (exact values,
checked against fixtures/archive/_ground_truth.json where the ground truth says them)."""

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import hotline_etl
from hotline_etl import analysis as ha
from hotline_etl.dataset import ingest
from hotline_etl.units import Registry, current_successor, read_registry_file, resolve

ARCHIVE = Path("fixtures/archive")
TRUTH = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
#: The archive audit's cases told twice: the less preferred of two conflicting files, multi-month bulletins
#: whose months are all there (copies have duplicate_of).
TOLD_TWICE = {f["bulletin"] for f in TRUTH["archive_findings"] if f["check"] == "duplicate-conflict"} | {
    "2020/yueyang-2020-01-03.zh-Hant.docx", "2020/yueyang-2020-04-06.zh-Hant.html"}
#: The dated bulletins of the time series: one per period.
DATED = sorted((d for d in TRUTH["documents"] if d["period_start"] and d["duplicate_of"] is None
                and d["path"] not in TOLD_TWICE), key=lambda d: d["period_start"])
#: Every bulletin, dated or not, of a period told once.
ONCE = [d for d in TRUTH["documents"] if d["duplicate_of"] is None and d["path"] not in TOLD_TWICE]

# -- hand-made tables --------------------------------------------------------------------------------------------

# Two bureaux merged into one (t.merged) on 2019-03-01; t.town never changed.
REGISTRY = Registry(read_registry_file("test-registry.csv", "\n".join([
    "unit_id,county,name,kind,aliases,valid_from,valid_to,predecessor_ids,successor_id",
    "t.old_a,测试县,测试县甲局,county_department,县甲局,,2019-02-28,,t.merged",
    "t.old_b,测试县,测试县乙局,county_department,县乙局,,2019-02-28,,t.merged",
    "t.merged,测试县,测试县甲乙局,county_department,县甲乙局,2019-03-01,,t.old_a;t.old_b,",
    "t.town,测试县,测试镇,township,,,,,",
])))


def _bulletins(*periods):
    """Bulletins b1, b2, ... with the given (start, end) ISO dates; None for an undated bulletin."""
    rows = []
    for i, period in enumerate(periods, 1):
        start, end = period if period else (None, None)
        rows.append({"bulletin_id": f"b{i}", "period_start": start and dt.date.fromisoformat(start),
                     "period_end": end and dt.date.fromisoformat(end), "period_label": f"label{i}",
                     "issuer": "测试县热线办", "hotline_orders_received": 100 * i})
    return pd.DataFrame(rows)


def _stat(bulletin_id, unit_id, unit, received=10, due=10, handled=10, on_time=10, rework=0, grade="A",
          on_time_pct=None, is_total=False):
    return {"bulletin_id": bulletin_id, "unit_id": unit_id, "unit": unit, "is_total": is_total,
            "received": received, "due": due, "handled": handled, "on_time": on_time, "rework": rework,
            "completion_rate_pct": 100.0, "on_time_rate_pct": on_time_pct, "rework_rate_pct": 0.0, "grade": grade}


@pytest.fixture
def small():
    """Jan-Feb (two-month bulletin), Mar, May (April missing), and an undated bulletin."""
    bulletins = _bulletins(("2019-01-01", "2019-02-28"), ("2019-03-01", "2019-03-31"),
                           ("2019-05-01", "2019-05-31"), None)
    stats = pd.DataFrame([
        _stat("b1", "t.old_a", "县甲局", due=8, handled=8, on_time=6, grade="C", on_time_pct=75.0),
        _stat("b1", "t.old_b", "县乙局", due=2, handled=2, on_time=2, grade="A", on_time_pct=100.0),
        _stat("b1", "t.town", "测试镇", due=0, handled=0, on_time=0, grade="A", on_time_pct=0.0),
        _stat("b1", None, "县某某所", handled=4, on_time=1, grade="E", on_time_pct=25.0),
        _stat("b1", None, "合计", received=99, is_total=True, grade="A"),
        _stat("b2", "t.merged", "县甲乙局", handled=20, on_time=19, grade="B", on_time_pct=95.0),
        _stat("b2", "t.town", "测试镇", handled=5, on_time=5, grade="A", on_time_pct=100.0),
        _stat("b3", "t.merged", "县甲乙局", handled=10, on_time=10, grade="A", on_time_pct=100.0),
        _stat("b3", "t.town", "测试镇", handled=5, on_time=4, grade="B", on_time_pct=80.0),
        _stat("b4", "t.town", "测试镇", handled=3, on_time=0, grade="E", on_time_pct=0.0),
    ])
    mentions = pd.DataFrame([
        {"bulletin_id": "b1", "list_name": "overdue", "unit_id": "t.old_a", "unit": "县甲局", "count": 2},
        {"bulletin_id": "b1", "list_name": "returned", "unit_id": "t.old_b", "unit": "县乙局", "count": 1},
        {"bulletin_id": "b2", "list_name": "overdue", "unit_id": "t.merged", "unit": "县甲乙局", "count": 1},
        {"bulletin_id": "b2", "list_name": "overdue", "unit_id": None, "unit": "县某某所", "count": None},
        {"bulletin_id": "b3", "list_name": "commended", "unit_id": "t.town", "unit": "测试镇", "count": None},
        {"bulletin_id": "b4", "list_name": "overdue", "unit_id": "t.town", "unit": "测试镇", "count": 3},
    ])
    categories = pd.DataFrame([
        {"bulletin_id": "b1", "category": "城市管理类", "count": 50},
        {"bulletin_id": "b1", "category": "教育体育类", "count": 10},
        {"bulletin_id": "b2", "category": "城市管理类", "count": 30},
        {"bulletin_id": "b3", "category": "民政事务类", "count": 25},
        {"bulletin_id": "b4", "category": "城市管理类", "count": 99},
    ])
    findings = pd.DataFrame([
        {"bulletin_id": "b1", "check": "table-sum-mismatch", "severity": "error"},
        {"bulletin_id": "b1", "check": "rate-zero-denominator", "severity": "info"},
        {"bulletin_id": "b3", "check": "rate-zero-denominator", "severity": "info"},
        {"bulletin_id": "b3", "check": "rate-zero-denominator", "severity": "info"},
        {"bulletin_id": "b4", "check": "rate-mismatch", "severity": "error"},
    ])
    for frame in (stats, mentions, categories, findings):
        for col in ("grade", "list_name", "check", "severity"):
            if col in frame:
                frame[col] = frame[col].astype("category")
    return SimpleNamespace(bulletins=bulletins, unit_stats=stats, unit_mentions=mentions, categories=categories,
                           findings=findings)


def test_monthly_received_spreads_a_two_month_bulletin_and_leaves_out_the_undated(small):
    got = ha.monthly_received(small)
    assert got["bulletin_id"].tolist() == ["b1", "b2", "b3"]
    assert got["months"].tolist() == [2, 1, 1]
    assert got["received"].tolist() == [100, 200, 300]
    assert got["received_per_month"].tolist() == [50.0, 200.0, 300.0]
    assert got["period_start"].tolist() == [pd.Timestamp("2019-01-01"), pd.Timestamp("2019-03-01"),
                                            pd.Timestamp("2019-05-01")]


def test_category_counts_leave_unlisted_categories_missing_not_zero(small):
    got = ha.category_counts(small, top=None)
    assert got.columns.tolist() == ["城市管理类", "民政事务类", "教育体育类"]  # by total over dated bulletins
    assert got.loc["2019-01-01"].tolist() == [50, pd.NA, 10]
    assert got.loc["2019-03-01"].tolist() == [30, pd.NA, pd.NA]
    assert ha.category_counts(small, top=1).columns.tolist() == ["城市管理类"]
    share = ha.category_counts(small, top=1, share=True)["城市管理类"]
    assert share.tolist() == [50.0, 15.0, pd.NA]  # of 100 and 200 received


def test_rates_long_sums_merged_predecessors_and_recomputes_rates(small):
    got = ha.rates_long(small, registry=REGISTRY)
    on_time = got[got["metric"] == "on_time_rate"].set_index(["bulletin_id", "unit_name"])
    merged = on_time.loc[("b1", "测试县甲乙局")]
    assert (merged["unit_id"], merged["numerator"], merged["denominator"]) == ("t.merged", 8, 10)
    assert (merged["value_pct"], merged["rows"], merged["merged_from"]) == (80.0, 2, "t.old_a;t.old_b")
    assert pd.isna(merged["printed_pct"])  # two printed rates cannot stand for the sum
    single = on_time.loc[("b2", "测试县甲乙局")]
    assert (single["value_pct"], single["printed_pct"], single["merged_from"]) == (95.0, 95.0, "t.merged")
    zero = on_time.loc[("b1", "测试镇")]
    assert pd.isna(zero["value_pct"]) and zero["printed_pct"] == 0.0  # 0 over 0 is no rate
    unresolved = on_time.loc[("b1", "县某某所")]
    assert pd.isna(unresolved["unit_id"]) and unresolved["value_pct"] == 25.0
    assert "合计" not in got["unit_name"].tolist()
    assert set(got["bulletin_id"]) == {"b1", "b2", "b3"}
    assert len(got) == 3 * 7 and got["metric"].cat.categories.tolist() == list(ha.RATES)


def test_unit_series_follows_lineage_from_any_member(small):
    from_old = ha.unit_series(small, "t.old_b", "on_time_rate", registry=REGISTRY)
    from_new = ha.unit_series(small, "t.merged", "on_time_rate_pct", registry=REGISTRY)
    pd.testing.assert_series_equal(from_old, from_new)
    assert from_old.tolist() == [80.0, 95.0, 100.0]
    assert from_old.index.tolist() == [pd.Timestamp("2019-01-01"), pd.Timestamp("2019-03-01"),
                                       pd.Timestamp("2019-05-01")]
    handled = ha.unit_series(small, "t.old_a", "handled", registry=REGISTRY)
    assert handled.tolist() == [10, 20, 10] and str(handled.dtype) == "Int64"
    town = ha.unit_series(small, "t.town", "on_time_rate", registry=REGISTRY)
    assert town.isna().tolist() == [True, False, False] and town.iloc[2] == 80.0


def test_unit_series_refuses_unknown_metrics_and_doubled_periods(small):
    with pytest.raises(ValueError, match="unknown metric 'grade'"):
        ha.unit_series(small, "t.town", "grade", registry=REGISTRY)
    small.bulletins = pd.concat([small.bulletins, _bulletins(("2019-03-01", "2019-03-31")).assign(bulletin_id="b9")])
    small.unit_stats = pd.concat([small.unit_stats, pd.DataFrame([_stat("b9", "t.town", "测试镇")])])
    with pytest.raises(ValueError, match=r"t\.town: several bulletins report the same period \(b2, b9\)"):
        ha.unit_series(small, "t.town", "received", registry=REGISTRY)


def test_lineage_ids_say_which_registry_is_missing():
    assert ha.lineage_ids(["t.old_a", None, "t.town"], registry=REGISTRY).tolist() == ["t.merged", None, "t.town"]
    with pytest.raises(KeyError, match="HOTLINE_ETL_REGISTRY"):
        ha.lineage_ids(["t.old_a"])


def test_mention_counts_per_list_following_lineage(small):
    got = ha.mention_counts(small, registry=REGISTRY)
    assert got.columns.tolist() == ["unit_id", "unit_name", "overdue_bulletins", "overdue_orders",
                                    "returned_bulletins", "returned_orders", "bulletins"]
    rows = {r.unit_name: r for r in got.itertuples()}
    assert got["unit_name"].tolist() == ["测试县甲乙局", "测试镇", "县某某所"]
    merged = rows["测试县甲乙局"]
    assert (merged.overdue_bulletins, merged.overdue_orders, merged.returned_bulletins, merged.returned_orders,
            merged.bulletins) == (2, 3, 1, 1, 2)
    town = rows["测试镇"]  # named in the undated bulletin: counted; commended is not asked for
    assert (town.overdue_bulletins, town.overdue_orders, town.returned_bulletins, town.bulletins) == (1, 3, 0, 1)
    assert pd.isna(town.returned_orders)
    unresolved = rows["县某某所"]
    assert pd.isna(unresolved.unit_id) and unresolved.overdue_bulletins == 1 and pd.isna(unresolved.overdue_orders)
    only = ha.mention_counts(small, lists=("commended",), registry=REGISTRY)
    assert only.drop(columns="commended_orders").to_dict("records") == [
        {"unit_id": "t.town", "unit_name": "测试镇", "commended_bulletins": 1, "bulletins": 1}]
    assert only["commended_orders"].isna().tolist() == [True]  # commended lists print no counts


def test_grade_changes_only_between_periods_that_follow_each_other(small):
    got = ha.grade_changes(small, registry=REGISTRY)
    assert got.to_dict("records") == [
        # Jan-Feb -> Mar follows; Mar -> May does not (April missing); the undated bulletin has no place.
        {"unit_id": "t.merged", "unit_name": "测试县甲乙局", "from_period": pd.Timestamp("2019-01-01"),
         "to_period": pd.Timestamp("2019-03-01"), "from_grade": "C", "to_grade": "B"},  # worst of C and A
        {"unit_id": "t.town", "unit_name": "测试镇", "from_period": pd.Timestamp("2019-01-01"),
         "to_period": pd.Timestamp("2019-03-01"), "from_grade": "A", "to_grade": "A"},
    ]
    matrix = ha.grade_transitions(small, registry=REGISTRY)
    assert matrix.index.tolist() == matrix.columns.tolist() == list(ha.GRADES)
    assert matrix.loc["C", "B"] == 1 and matrix.loc["A", "A"] == 1 and int(matrix.to_numpy().sum()) == 2
    shares = ha.grade_transitions(small, normalize=True, registry=REGISTRY)
    assert shares.loc["C"].tolist() == [0.0, 1.0, 0.0, 0.0, 0.0]
    assert shares.loc["E"].tolist() == [0.0] * 5


def test_findings_by_month_has_a_row_for_every_dated_period(small):
    got = ha.findings_by_month(small)
    assert got.columns.tolist() == ["error", "warning", "info"]
    assert got.to_dict("index") == {
        pd.Timestamp("2019-01-01"): {"error": 1, "warning": 0, "info": 1},
        pd.Timestamp("2019-03-01"): {"error": 0, "warning": 0, "info": 0},
        pd.Timestamp("2019-05-01"): {"error": 0, "warning": 0, "info": 2},
    }
    by_check = ha.findings_by_month(small, by="check")
    assert by_check.columns.tolist() == ["rate-zero-denominator", "table-sum-mismatch"]
    assert by_check["rate-zero-denominator"].tolist() == [1, 0, 2]
    with pytest.raises(ValueError, match="by must be 'severity' or 'check'"):
        ha.findings_by_month(small, by="unit")
    small.findings = small.findings.iloc[:0]  # before the audit stage: no findings at all
    assert ha.findings_by_month(small).to_numpy().tolist() == [[0, 0, 0]] * 3


# -- the bundled archive -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    root = tmp_path_factory.mktemp("analysis")
    ingest(ARCHIVE, root, workers=2)
    return hotline_etl.open_dataset(root)


def _lineage(name, period_start):
    unit_id = resolve(name, on=dt.date.fromisoformat(period_start)).unit_id
    assert unit_id is not None, name
    return current_successor(unit_id)


def test_archive_monthly_received_is_the_stated_headline(ds):
    got = ha.monthly_received(ds)
    assert got["received"].tolist() == [d["headline"]["hotline_orders_received"] for d in DATED]
    assert got["period_start"].dt.strftime("%Y-%m-%d").tolist() == [d["period_start"] for d in DATED]
    assert got["months"].tolist() == [2] + [1] * 22
    assert got["received_per_month"].iloc[:2].tolist() == [3181.0, 1574.0]


def test_archive_category_counts_are_the_listed_ones(ds):
    got = ha.category_counts(ds, top=None)
    for d in DATED:
        row = got.loc[d["period_start"]]
        assert sorted(row.dropna().tolist()) == sorted(c[2] for c in d["categories"])
    top = ha.category_counts(ds, top=2)
    assert top.columns.tolist() == ["城市管理类", "教育体育类"]
    assert top.iloc[0].tolist() == [769, 553]
    assert ha.category_counts(ds, top=2, share=True).iloc[0].tolist() == [12.09, 8.69]  # of 6362


def test_archive_rates_follow_the_reorganised_units(ds):
    got = ha.rates_long(ds)
    assert len(got) == 23 * 59 * 3 and (got["rows"] == 1).all()
    assert got["unit_id"].notna().all() and got.groupby("metric", observed=True)["unit_id"].nunique().tolist() == [59] * 3
    # The printed rate the archive got wrong stays printed; the value is recomputed from the counts.
    for d in DATED:
        for inj in (i for i in d["injected"] if i["kind"] == "wrong-rate"):
            row = got[(got["metric"] == "on_time_rate") & (got["period_start"] == d["period_start"])
                      & (got["unit_id"] == _lineage(inj["unit_raw"], d["period_start"]))]
            assert len(row) == 1
            assert f"{row['printed_pct'].iloc[0]:g}%" == inj["printed"]
            assert f"{round(row['value_pct'].iloc[0], 2):g}%" == inj["correct"]
    market = ha.unit_series(ds, "yueyang.food_drug_industry_commerce_quality_supervision", "received")
    assert len(market) == 23 and market.index[0] == pd.Timestamp("2019-01-01")
    assert market.iloc[:4].tolist() == [511, 164, 253, 298]
    pd.testing.assert_series_equal(market, ha.unit_series(ds, "yueyang.market_supervision", "received"))
    assert ha.unit_series(ds, "yueyang.market_supervision", "on_time_rate").iloc[3] == pytest.approx(311 / 312 * 100)


def test_archive_unit_series_matches_the_first_table_row(ds):
    for d in DATED:
        first = d["first_row"]
        series = ha.unit_series(ds, _lineage(first["unit_raw"], d["period_start"]), "received")
        assert series.loc[d["period_start"]] == first["received"], d["path"]
        assert ha.unit_series(ds, _lineage(first["unit_raw"], d["period_start"]), "due").loc[d["period_start"]] \
            == first["due"]


def test_archive_mention_counts_match_the_printed_lists(ds):
    got = ha.mention_counts(ds).set_index("unit_id")
    expected: dict[tuple[str, str], list[int]] = {}
    for d in ONCE:
        on = d["period_start"] or "2020-12-31"  # the undated bulletin prints only current names
        for list_name in ("overdue", "returned"):
            for name, count in d["lists"][list_name][1]:
                expected.setdefault((_lineage(name, on), list_name), []).append(count)
    for (unit_id, list_name), counts in expected.items():
        assert (got.loc[unit_id, f"{list_name}_bulletins"], got.loc[unit_id, f"{list_name}_orders"]) \
            == (len(counts), sum(counts)), (unit_id, list_name)
    assert got["overdue_orders"].sum() == sum(d["lists"]["overdue"][0] for d in ONCE)
    assert got["returned_orders"].sum() == sum(d["lists"]["returned"][0] for d in ONCE)
    top = ha.mention_counts(ds).iloc[0]
    assert (top["unit_id"], top["overdue_bulletins"], top["overdue_orders"], top["returned_bulletins"],
            top["returned_orders"], top["bulletins"]) == ("yueyang.ronghu_lake_development", 7, 13, 5, 5, 12)


def test_archive_grade_transitions(ds):
    matrix = ha.grade_transitions(ds)
    # 59 units in every table, 23 dated bulletins that follow each other: 22 steps per unit.
    assert all(d["table_rows"] == 59 for d in DATED)
    assert int(matrix.to_numpy().sum()) == 59 * 22
    assert matrix.to_numpy().tolist() == [
        [904, 84, 17, 32, 48],
        [83, 16, 1, 0, 0],
        [19, 1, 0, 1, 1],
        [33, 1, 1, 3, 1],
        [45, 0, 0, 5, 2],
    ]
    changes = ha.grade_changes(ds)
    land = changes[changes["unit_id"] == "yueyang.natural_resources"]
    assert len(land) == 22 and land["from_period"].iloc[0] == pd.Timestamp("2019-01-01")


def test_archive_findings_by_month(ds):
    got = ha.findings_by_month(ds)
    assert got.index.strftime("%Y-%m-%d").tolist() == [d["period_start"] for d in DATED]
    # every bulletin's findings, those of bulletins left out of the series too, under its period's start
    errors: dict[str, int] = {}
    for d in TRUTH["documents"]:
        if d["period_start"] and d["duplicate_of"] is None:
            errors[d["period_start"]] = errors.get(d["period_start"], 0) + len(d["injected"]) + sum(
                f["bulletin"] == d["path"] for f in TRUTH["archive_findings"])
    assert got["error"].tolist() == [errors[d["period_start"]] for d in DATED]
    assert got.loc["2020-01-01", "error"] == 2 and got.loc["2020-09-01", "error"] == 1
    assert (got["warning"].sum(), got["info"].sum()) == (0, 75)
    assert ha.findings_by_month(ds, by="check").sum().to_dict() == {
        "rate-zero-denominator": 75, "table-sum-mismatch": 3, "rate-mismatch": 2, "headline-table-mismatch": 1,
        "duplicate-conflict": 1, "cumulative-mismatch": 1}


def test_docstring_examples(monkeypatch):
    import doctest

    monkeypatch.delenv("HOTLINE_ETL_REGISTRY", raising=False)  # the examples use the built-in registry
    result = doctest.testmod(ha, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_archive_audit_finds_what_the_ground_truth_says_and_nothing_about_the_rest(ds):
    # 1-2月份 of 2019 without its months, the byte-identical copy, 4-6月份 equal to its months: nothing;
    # the ground truth's two findings; the .html copy of 2020-06 points at its .docx
    assert (ds.findings["scope"] == "archive").sum() == len(TRUTH["archive_findings"]) == 2
    assert ds.bulletins["duplicate_of"].notna().sum() == 1
