"""Ingesting the bundled archive gives, table by table, the values of its ground truth."""

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

import hotline_etl
import hotline_etl.errors
from hotline_etl.dataset import TABLE_NAMES, TABLES, ingest
from hotline_etl.dataset.schema import SCHEMA_VERSION
from hotline_etl.readers import READERS

ARCHIVE = Path("fixtures/archive")
TRUTH = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
#: Bulletins whose container has a registered reader (docx/html/pdf count once the readers land).
READABLE = [d for d in TRUTH["documents"] if d["format"] in READERS]
UNREADABLE = [d for d in TRUTH["documents"] if d["format"] not in READERS]
#: The readable bulletins that are not another file of one of them: their rows make the fact tables.
CANONICAL = [d for d in READABLE if d["duplicate_of"] is None]


def _date(iso):
    return dt.date.fromisoformat(iso) if iso else None


def _expected_error(entry):
    """The error class (or a base of it) a broken file gets with the readers registered now."""
    return entry["error_class"] if entry["format"] in READERS or entry["format"] in ("txt", "binary", "ole") \
        else "UnsupportedFormat"


def _is_a(error_class: str, expected: str) -> bool:
    """``error_class`` is ``expected`` or one of its subclasses (readers may raise finer ones)."""
    return issubclass(getattr(hotline_etl.errors, error_class), getattr(hotline_etl.errors, expected))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("dataset")
    report = ingest(ARCHIVE, root, workers=2)
    assert (report.files, report.documents, report.duplicates) == (34, 33, 1)
    assert report.parsed == len(READABLE)
    assert report.failed == len(UNREADABLE) + len(TRUTH["broken"])
    return root


@pytest.fixture(scope="module")
def ds(out):
    return hotline_etl.open_dataset(out)


def test_archive_covers_two_years_in_every_format():
    covered = {(year, month) for d in TRUTH["documents"] if d["period_start"]
               for year in [int(d["period_start"][:4])]
               for month in range(int(d["period_start"][5:7]), int(d["period_end"][5:7]) + 1)}
    assert len(covered) == 24 and min(covered) == (2019, 1) and max(covered) == (2020, 12)
    assert {d["format"] for d in TRUTH["documents"]} >= {"txt", "html", "docx"}
    assert {d["encoding"] for d in TRUTH["documents"]} >= {"utf-8", "gb18030", "big5hkscs", "gbk"}
    assert {d["script"] for d in TRUTH["documents"]} == {"traditional", "simplified"}
    assert sum(bool(d["injected"]) for d in TRUTH["documents"]) >= 5


def test_row_counts_per_table(ds, out):
    counts = ds.counts()
    ok = CANONICAL
    assert counts["bulletins"] == len(READABLE) == len(ds.bulletins) == len(ok) + 1  # the copy keeps its row
    assert counts["categories"] == sum(len(d["categories"]) for d in ok)
    assert counts["unit_stats"] == sum(d["table_rows"] + 1 for d in ok)
    list_items = sum(len(items) for d in ok for _, items in d["lists"].values())
    assert counts["unit_mentions"] == list_items + sum(len(d["cases"]) for d in ok)
    assert counts["cases"] == sum(len(d["cases"]) for d in ok)
    assert counts["hot_topics"] == sum(len(d["hot_topics"]) for d in ok)
    assert counts["errors"] == len(UNREADABLE) + len(TRUTH["broken"])
    for table in TABLE_NAMES:
        assert len(getattr(ds, table)) == counts[table], table
    # with the copies' own rows, for auditing
    everything = hotline_etl.open_dataset(out, duplicates=True)
    assert everything.counts()["unit_stats"] == sum(d["table_rows"] + 1 for d in READABLE)
    assert everything.counts()["cases"] == sum(len(d["cases"]) for d in READABLE)


def test_bulletins_match_ground_truth(ds):
    b = ds.bulletins.set_index("source_path")
    for d in READABLE:
        row = b.loc[d["path"]]
        assert row.source_sha256 == d["sha256"] and row.bulletin_id == d["sha256"][:16]
        assert (row.period_start, row.period_end) == (_date(d["period_start"]), _date(d["period_end"]))
        assert row.period_label_raw == d["period_label"]
        assert row.year == d["year"]
        assert (row.issuer_raw if isinstance(row.issuer_raw, str) else None) == d["issuer"]
        assert row.issued_on == _date(d["issued_on"]) or (row.issued_on is None and d["issued_on"] is None)
        assert {k: int(row[k]) for k in d["headline"]} == d["headline"], d["path"]
        assert (row.overdue_total, row.mailbox_overdue_total, row.returned_total) == (
            d["lists"]["overdue"][0], d["lists"]["mailbox_overdue"][0], d["lists"]["returned"][0])
        assert (row.script, row.source_format) == (d["script"], d["format"])
        assert row.unit_stat_rows == d["table_rows"] and row.has_total_row
        assert (row.parser_version, row.schema_version) == (hotline_etl.__version__, SCHEMA_VERSION)
        assert row.opencc_config == "t2s"


def test_the_undated_bulletin_is_in_partition_year_0(ds):
    undated = ds.bulletins[ds.bulletins.source_path == "undated/yueyang-07-no-year.zh-Hant.txt"].iloc[0]
    assert undated.year == 0 and undated.period_start is None and undated.period_label_raw == "7月份"
    rows = ds.unit_stats[ds.unit_stats.bulletin_id == undated.bulletin_id]
    assert len(rows) == 60 and set(rows.year) == {0}


def test_categories_and_hot_topics(ds):
    by_id = {d["sha256"][:16]: d for d in READABLE}
    cats = ds.categories.sort_values(["bulletin_id", "rank"])
    for bid, group in cats.groupby("bulletin_id"):
        want = by_id[bid]["categories"]
        assert [[r.rank, r.category_raw, r.count, r.share_pct] for r in group.itertuples()] == want
        assert all(r.share_raw == f"{r.share_raw.rstrip('%')}%" for r in group.itertuples())
    topics = ds.hot_topics.sort_values(["bulletin_id", "position"])
    for bid, group in topics.groupby("bulletin_id"):
        assert [[r.topic_raw, r.count, r.share_pct] for r in group.itertuples()] == by_id[bid]["hot_topics"]


def test_unit_stats_rows_and_total(ds):
    by_id = {d["sha256"][:16]: d for d in READABLE}
    stats = ds.unit_stats
    for bid, group in stats.groupby("bulletin_id"):
        d = by_id[bid]
        group = group.sort_values("row_number")
        assert list(group.row_number) == list(range(1, d["table_rows"] + 2))
        total = group[group.is_total]
        assert len(total) == 1 and total.iloc[0].row_number == d["table_rows"] + 1
        assert total.iloc[0].unit_raw == ("合計" if d["script"] == "traditional" else "合计")
        assert {k: int(total.iloc[0][k]) for k in d["total_row"]} == d["total_row"]
        first = group.iloc[0]
        assert {k: (first[k] if k == "unit_raw" else int(first[k])) for k in d["first_row"]} == d["first_row"]
    # the seed's 89.18% style: value, printed decimals and raw text side by side
    rates = stats[stats.completion_rate_raw == "100%"]
    assert set(rates.completion_rate_pct) == {100.0} and set(rates.completion_rate_decimals) == {0}


def test_injected_wrong_rate_is_kept_as_printed(ds):
    for d in READABLE:
        for inj in d["injected"]:
            if inj["kind"] != "wrong-rate":
                continue
            rows = ds.unit_stats[(ds.unit_stats.bulletin_id == d["sha256"][:16]) & (ds.unit_stats.unit_raw == inj["unit_raw"])]
            assert list(rows.on_time_rate_raw) == [inj["printed"]]


def test_unit_mentions_match_lists_and_case_handlers(ds):
    by_id = {d["sha256"][:16]: d for d in READABLE}
    m = ds.unit_mentions
    for bid, group in m.groupby("bulletin_id"):
        d = by_id[bid]
        for name, (total, items) in d["lists"].items():
            rows = group[group.list_name == name].sort_values("position")
            got = [[r.unit_raw, None if pd.isna(r.count) else int(r.count)] for r in rows.itertuples()]
            assert got == items, (d["path"], name)
            assert list(rows.position) == list(range(1, len(items) + 1))
            if total is not None:
                assert set(rows.list_total) == {total}
        handlers = group[group.list_name == "case_handler"].sort_values("position")
        assert [[r.position, r.unit_raw] for r in handlers.itertuples()] == [[c[0], c[4]] for c in d["cases"]]


def test_reorganised_units_are_printed_under_their_name_of_the_time(ds):
    stats = ds.unit_stats.merge(ds.bulletins[["bulletin_id", "period_start"]], on=["bulletin_id", "period_start"])
    early = stats[stats.period_start.map(lambda p: p is not None and p < dt.date(2019, 3, 1))]
    late = stats[stats.period_start.map(lambda p: p is not None and p >= dt.date(2019, 6, 1))]
    assert early.unit.str.contains("县食药工商质监局").any() and not early.unit.str.contains("县市场监督管理局").any()
    assert late.unit.str.contains("县市场监督管理局").any() and not late.unit.str.contains("县国土资源局").any()
    assert early.unit.str.contains("县国土资源局").any()


def test_cases(ds):
    by_id = {d["sha256"][:16]: d for d in READABLE}
    for bid, group in ds.cases.groupby("bulletin_id"):
        got = [[r.number, r.caller_raw, r.contact_date.isoformat() if r.contact_date else None, r.request_type,
                r.handler_raw] for r in group.sort_values("number").itertuples()]
        want = [[n, caller, date, {"投訴": "投诉"}.get(kind, kind), handler] for n, caller, date, kind, handler in
                by_id[bid]["cases"]]
        assert got == want


def test_sections_and_warnings(ds):
    sections = ds.sections
    assert set(sections.kind) >= {"basic", "cases", "hot_topics", "attachment"}
    assert (sections.groupby("bulletin_id").size() >= 4).all()
    damaged = ds.warnings[ds.warnings.code == "damaged-text"]
    assert set(damaged.bulletin_id) == set(ds.bulletins.bulletin_id)  # every bulletin keeps the seed's ?h spots
    counts = ds.warnings.groupby("bulletin_id").size()
    b = ds.bulletins.set_index("bulletin_id")
    assert all(b.loc[bid].warning_count == n for bid, n in counts.items())


def test_every_broken_or_unreadable_file_is_an_errors_row(ds):
    errors = ds.errors.set_index("source_path")
    assert errors.index.is_unique
    for entry in TRUTH["broken"]:
        row = errors.loc[entry["path"]]
        assert _is_a(row.error_class, _expected_error(entry)), (entry["path"], row.error_class)
        assert row.reason and row.message.startswith(entry["path"])
        assert row.year == 0 and row.source_sha256 == entry["sha256"]
    for d in UNREADABLE:
        row = errors.loc[d["path"]]
        assert _is_a(row.error_class, "UnsupportedFormat") and row.source_format == d["format"]
    assert errors.loc["broken/empty.txt"].reason == "the file is empty"
    assert set(ds.errors.source_path).isdisjoint(ds.bulletins.source_path)


def test_byte_identical_copy_is_one_bulletin_with_both_paths(ds):
    dup = TRUTH["duplicates"][0]
    b = ds.bulletins
    assert list(b[b.source_sha256 == dup["sha256"]].source_path) == [dup["duplicate_of"]]
    manifest = ds.manifest.set_index("sha256")
    assert manifest.loc[dup["sha256"], "paths"] == sorted([dup["path"], dup["duplicate_of"]])


#: Audit check expected for each kind of inconsistency the archive generator injects.
INJECTED_CHECK = {"total-off-by-one": "table-sum-mismatch", "wrong-rate": "rate-mismatch",
                  "unit-received-off": "headline-table-mismatch"}


def test_errors_and_warnings_in_findings_are_exactly_the_injected_inconsistencies(ds):
    f = ds.findings
    serious = f[f.severity.isin(["error", "warning"]) & (f.scope == "bulletin")]
    assert {(r.bulletin_id, r.check) for r in serious.itertuples()} == {
        (d["sha256"][:16], INJECTED_CHECK[i["kind"]]) for d in READABLE for i in d["injected"]}
    for d in READABLE:
        for inj in d["injected"]:
            rows = serious[serious.bulletin_id == d["sha256"][:16]]
            if inj["kind"] == "total-off-by-one":
                assert [(r.stated_value, r.computed_value, r.delta) for r in rows.itertuples()] == [
                    (inj["printed"], inj["sum_of_rows"], inj["printed"] - inj["sum_of_rows"])]
            elif inj["kind"] == "unit-received-off":  # the headline keeps the months' sum, the total row does not
                received = d["headline"]["hotline_orders_received"]
                assert [(r.stated_value, r.computed_value, r.delta) for r in rows.itertuples()] == [
                    (received, received + inj["off_by"], -inj["off_by"])]
            else:
                assert [(r.stated_raw + "%", r.subject.startswith(inj["unit_raw"])) for r in rows.itertuples()] == [
                    (inj["printed"], True)]
    own = f[f.scope == "bulletin"]
    counts = own.groupby("bulletin_id").size()
    b = ds.bulletins.set_index("bulletin_id")
    assert b.finding_count.sum() == len(own) and all(b.loc[bid].finding_count == n for bid, n in counts.items())


def test_archive_findings_are_exactly_the_ground_truth(ds):
    paths = ds.bulletins.set_index("bulletin_id").source_path
    archive = ds.findings[ds.findings.scope == "archive"]
    # a unit's figure: the subject is "<unit> <field>"; a headline figure's is the field
    got = sorted([r.check, r.severity, paths[r.bulletin_id], r.field,
                  r.subject.removesuffix(f" {r.field}") if r.subject != r.field else None,
                  int(r.stated_value), int(r.computed_value), int(r.delta),
                  [paths[b] for b in r.bulletin_ids]] for r in archive.itertuples())
    want = sorted([f["check"], f["severity"], f["bulletin"], f["field"], f["unit"], f["stated"], f["computed"],
                   f["delta"], f["bulletins"]] for f in TRUTH["archive_findings"])
    assert got == want
    assert [f["check"] for f in TRUTH["archive_findings"]] == ["duplicate-conflict", "cumulative-mismatch"]
    assert TRUTH["archive_findings"][1]["unit"] == "公田镇人民政府"


def test_copies_point_at_their_canonical_file_and_add_no_rows(ds, out):
    b = ds.bulletins.set_index("source_path")
    ids = {d["path"]: d["sha256"][:16] for d in READABLE}
    assert {p: b.loc[p].duplicate_of for p in b.index if isinstance(b.loc[p].duplicate_of, str)} == {
        d["path"]: ids[d["duplicate_of"]] for d in READABLE if d["duplicate_of"]}
    assert [d["path"] for d in READABLE if d["duplicate_of"]] == ["2020/yueyang-2020-06.zh-Hans.html"]
    copy = ids["2020/yueyang-2020-06.zh-Hans.html"]
    for table in ("unit_stats", "categories", "cases", "hot_topics", "unit_mentions", "sections"):
        assert copy not in set(getattr(ds, table).bulletin_id), table
    everything = hotline_etl.open_dataset(out, duplicates=True)
    assert (everything.unit_stats.bulletin_id == copy).sum() == 60
    # the copy with another 直接解答 figure is not a copy: both files stay, each with its rows
    both = [ids["2020/yueyang-2020-09.zh-Hans.gb18030.txt"], ids["2020/yueyang-2020-09.zh-Hans.docx"]]
    assert ds.unit_stats.bulletin_id.isin(both).sum() == 120


def test_every_key_column_and_description(ds):
    for table in TABLE_NAMES:
        frame = getattr(ds, table)
        assert {"bulletin_id", "period_start", "year"} <= set(frame.columns), table
        assert all(f.metadata and f.metadata[b"description"] for f in TABLES[table]), table
    assert ds.unit_stats.received.dtype == "Int64"  # nullable integers: counts never turn into floats
    counts = ds.unit_mentions["count"]
    assert counts.dtype == "Int64" and counts.isna().sum() == (ds.unit_mentions.list_name.isin(
        ["top_township", "top_department", "commended", "case_handler"])).sum()
    assert str(ds.unit_mentions.list_name.dtype) == "category"


def test_archive_report_quotes_the_unit_cell_of_the_cumulative_bulletin_and_of_each_month(out, capsys):
    from lxml import html as lxml_html

    from hotline_etl.cli import main

    assert main(["audit", "--archive", str(out), "--format", "html"]) == 1
    doc = lxml_html.fromstring(capsys.readouterr().out)
    quoted = [(p.xpath("a")[0].text_content(), [m.text_content() for m in p.xpath(".//mark")])
              for p in doc.xpath("//section[@id='check-cumulative-mismatch']//div[@class='printed-in']")]
    finding = TRUTH["archive_findings"][1]
    assert [path for path, _ in quoted] == finding["bulletins"]
    assert quoted[0][1] == [str(finding["stated"])] == ["340"]
    assert sum(int(marks[0]) for _, marks in quoted[1:]) == finding["computed"] == 337  # 108 + 119 + 110
