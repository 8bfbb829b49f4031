"""The archive audit (issue 16): the checks as pure functions, then fixtures/archive_audit ingested (findings exactly
as its ground truth says, copies left out of the fact tables, the CLI and its HTML report, an incremental re-run)."""

import datetime as dt
import filecmp
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

import hotline_etl
import hotline_etl.analysis as ha
from hotline_etl.checks.archive import (ArchiveBulletin, check_carry_over, check_cumulative, content_fingerprint,
                                       is_carry_over, month_span, plan_checks, resolve_copies, run_check, unit_key)
from hotline_etl.cli import main
from hotline_etl.dataset import ingest
from hotline_etl.dataset.archive_audit import STATE_NAME, audit_dataset

ARCHIVE = Path("fixtures/archive_audit")
TRUTH = json.loads((ARCHIVE / "_ground_truth.json").read_text(encoding="utf-8"))
AREA = "柘桥县"
UNIT = "derived:柘桥县/渔政站"


def month(m, bid=None, fmt="txt", path=None, received=100, completed=96, in_progress=4, carry=None, units=None):
    start = dt.date(2023, m, 1)
    end = dt.date(2023, m, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)
    headline = {"hotline_orders_received": received, "dispatched": received, "completed": completed,
                "in_progress": in_progress}
    return ArchiveBulletin(bid or f"m{m:02d}{fmt}", path or f"m{m:02d}.{fmt}", fmt, AREA, start, end, headline,
                           units if units is not None else {UNIT: {"received": 10 + m, "handled": 9 + m}},
                           {UNIT: "县渔政站"}, {}, carry)


def span(first, last, received, unit_received, bid="cum"):
    end = month(last).end
    headline = {"hotline_orders_received": received, "dispatched": received, "completed": 96 * (last - first + 1)}
    units = {UNIT: {"received": unit_received, "handled": sum(9 + m for m in range(first, last + 1))}}
    return ArchiveBulletin(bid, f"{bid}.txt", "txt", AREA, dt.date(2023, first, 1), end, headline, units,
                           {UNIT: "县渔政站"})


# -- the checks, without a dataset -----------------------------------------------------------------------------

def test_copies_in_two_formats_are_one_group_and_the_html_is_canonical():
    canonical, result = resolve_copies([month(3, fmt="txt"), month(3, fmt="html")])
    assert [b.bulletin_id for b in canonical] == ["m03html"]
    assert result.duplicate_of == {"m03txt": "m03html"} and result.findings == ()
    assert content_fingerprint(month(3, fmt="txt")) == content_fingerprint(month(3, fmt="html"))


def test_a_docx_beats_a_pdf_and_a_path_breaks_the_tie():
    _, result = resolve_copies([month(3, "p", "pdf", "z.pdf"), month(3, "d", "docx", "y.docx"),
                                month(3, "q", "pdf", "a.pdf")])
    assert result.duplicate_of == {"q": "d", "p": "d"}


def test_copies_that_differ_on_one_figure_both_stay_with_a_conflict():
    canonical, result = resolve_copies([month(5, fmt="txt", completed=95), month(5, fmt="html")])
    assert [b.bulletin_id for b in canonical] == ["m05html", "m05txt"] and result.duplicate_of == {}
    [f] = result.findings
    assert (f.check, f.field, f.finding.stated, f.finding.computed, f.finding.delta, f.owner, f.bulletin_ids) == (
        "duplicate-conflict", "completed", 95, 96, -1, "m05txt", ("m05txt", "m05html"))
    assert f.finding.message == "completed: m05.txt prints 95, its copy m05.html prints 96"


def test_bulletins_of_one_period_sharing_too_little_are_neither_copies_nor_conflicts():
    other = ArchiveBulletin("x", "x.txt", "txt", AREA, month(5).start, month(5).end,
                            {"hotline_orders_received": 100}, {}, {}, {}, None)
    canonical, result = resolve_copies([month(5), other])
    assert len(canonical) == 2 and result.duplicate_of == {} and result.findings == ()
    unrelated = month(5, "y", received=7, completed=3, in_progress=9, units={UNIT: {"received": 1, "handled": 1}})
    canonical, result = resolve_copies([month(5), unrelated])
    assert len(canonical) == 2 and result.findings == ()


def test_a_cumulative_bulletin_equal_to_its_months_gives_nothing():
    months = [month(m) for m in (1, 2, 3)]
    assert check_cumulative(dt.date(2023, 1, 1), dt.date(2023, 3, 31), [span(1, 3, 300, 36), *months]).findings == ()


def test_one_unit_off_by_three_is_exactly_one_cumulative_mismatch():
    months = [month(m) for m in (1, 2, 3)] + [month(2, fmt="html")]  # a copy counts once
    [f] = check_cumulative(dt.date(2023, 1, 1), dt.date(2023, 3, 31), [span(1, 3, 300, 39), *months]).findings
    assert (f.check, f.field, f.finding.subject, f.finding.stated, f.finding.computed, f.finding.delta) == (
        "cumulative-mismatch", "received", "县渔政站 received", 39, 36, 3)
    assert f.bulletin_ids == ("cum", "m01txt", "m02html", "m03txt")


def test_a_missing_month_is_incomplete_and_nothing_is_summed():
    [f] = check_cumulative(dt.date(2023, 1, 1), dt.date(2023, 3, 31),
                           [span(1, 3, 999, 99), month(1), month(3)]).findings
    assert (f.check, f.finding.severity, f.bulletin_ids) == ("cumulative-incomplete", "info", ("cum", "m01txt", "m03txt"))
    assert f.finding.message.endswith("the archive has 2 of the 3 months of 2023-01..2023-03; missing 2023-02, so "
                                      "its sums are not checked")
    # none of its months there: the archive's bulletin for that span, nothing to say
    assert check_cumulative(dt.date(2023, 1, 1), dt.date(2023, 3, 31), [span(1, 3, 999, 99)]).findings == ()


def test_a_month_with_two_bulletins_that_are_not_copies_is_not_summed():
    months = [month(1), month(2), month(2, "odd", completed=95), month(3)]
    assert check_cumulative(dt.date(2023, 1, 1), dt.date(2023, 3, 31), [span(1, 3, 999, 99), *months]).findings == ()


def test_units_are_summed_through_lineage():
    old, new = "yueyang.land_resources", "yueyang.natural_resources"
    successor = {old: new}.get
    assert unit_key(old, "縣國土資源局", lambda u: successor(u, u)) == new
    assert unit_key(None, "县渔政站") == "name:县渔政站" and unit_key(None, None) is None


def test_carry_over_against_the_previous_month():
    assert check_carry_over((2023, 2), [month(1, in_progress=4), month(2, carry=4)]).findings == ()
    [f] = check_carry_over((2023, 2), [month(1, in_progress=4), month(2, carry=6)]).findings
    assert (f.check, f.finding.severity, f.field, f.finding.stated, f.finding.computed, f.finding.delta,
            f.bulletin_ids) == ("carry-over-mismatch", "warning", "carry_over", 6, 4, 2, ("m02txt", "m01txt"))
    assert is_carry_over("上月结转工单") and is_carry_over("结转上月") and not is_carry_over("结转至2月份")
    assert not is_carry_over("结转下月") and not is_carry_over("共受理")


def test_checks_are_planned_from_areas_and_periods():
    plan = plan_checks([month(1), month(2), month(2, fmt="html"), span(1, 2, 0, 0), month(4)])
    assert plan == {
        f"same|{AREA}|2023-02-01|2023-02-28": ("m02html", "m02txt"),
        f"cumulative|{AREA}|2023-01-01|2023-02-28": ("cum", "m01txt", "m02html", "m02txt"),
        f"carry-over|{AREA}|2023-02|": ("m01txt", "m02html", "m02txt"),
    }
    assert run_check(f"carry-over|{AREA}|2023-02|", [month(1), month(2), month(2, fmt="html")]).findings == ()
    assert month_span(dt.date(2022, 12, 1), dt.date(2023, 1, 31)) == ((2022, 12), (2023, 1))


def test_bulletins_naming_no_area_are_only_compared_as_copies():
    from dataclasses import replace

    nowhere = [replace(b, area=None) for b in (month(1), month(2), month(2, fmt="html"), span(1, 2, 0, 0))]
    assert plan_checks(nowhere) == {"same||2023-02-01|2023-02-28": ("m02html", "m02txt")}


# -- the generated archive -----------------------------------------------------------------------------------

def test_the_fixture_generator_reproduces_the_committed_archive(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_archive_audit", "fixtures/make_archive_audit.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.build(tmp_path / "a")
    compared = filecmp.dircmp(ARCHIVE, tmp_path / "a")
    assert not compared.left_only and not compared.right_only and not compared.diff_files
    for sub in compared.subdirs.values():
        assert not sub.left_only and not sub.right_only and not sub.diff_files


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive_audit") / "out"
    report = ingest(ARCHIVE, root, workers=1)
    assert str(report.stages["archive-audit"]) == ("archive audit: 12 of 12 checks run (same 2, cumulative 3, "
                                                   "carry-over 7); 5 documents rewritten; 4 archive findings, "
                                                   "1 duplicate copies")
    return root


def _archive_findings(ds):
    paths = ds.bulletins.set_index("bulletin_id")["source_path"]
    f = ds.findings[ds.findings["scope"] == "archive"]
    return [{"check": r.check, "severity": r.severity, "owner": paths[r.bulletin_id],
             "field": None if r.field is None or r.field != r.field else r.field,
             **({"stated": r.stated_value, "computed": r.computed_value, "delta": r.delta}
                if r.stated_value == r.stated_value else {}),
             "bulletins": [paths[b] for b in r.bulletin_ids]} for r in f.itertuples()]


def _truth(keys=("check", "severity", "owner", "field", "stated", "computed", "delta", "bulletins")):
    return [{k: v for k, v in f.items() if k in keys} for f in TRUTH["findings"]]


def test_archive_findings_are_exactly_the_ground_truth(out):
    got = _archive_findings(hotline_etl.open_dataset(out))
    assert sorted(got, key=lambda f: f["check"]) == sorted(_truth(), key=lambda f: f["check"])
    message = hotline_etl.open_dataset(out).findings.set_index("check").loc["cumulative-incomplete", "message"]
    assert message.endswith("missing 2022-09, so its sums are not checked")


def test_a_copy_points_at_its_canonical_bulletin_and_adds_no_rows(out):
    ds = hotline_etl.open_dataset(out)
    b = ds.bulletins.set_index("source_path")
    copies = {p: b.index[b["bulletin_id"] == c][0] for p, c in b["duplicate_of"].dropna().items()}
    assert copies == TRUTH["duplicates"]
    # 13 bulletins in the fact tables (6 units + the total row each); the copy's rows only with duplicates=True
    assert len(ds.bulletins) == 14 and len(ds.unit_stats) == 13 * 7 and ds.counts()["unit_stats"] == 13 * 7
    full = hotline_etl.open_dataset(out, duplicates=True)
    assert len(full.unit_stats) == 14 * 7 and full.counts()["unit_stats"] == 14 * 7
    copy = b.loc["monthly/lanshi-2022-03.txt", "bulletin_id"]
    assert copy not in set(ds.unit_stats["bulletin_id"]) and copy in set(full.unit_stats["bulletin_id"])
    # the conflicting copies both stay
    assert b.loc[["monthly/lanshi-2022-10.txt", "web/lanshi-2022-10.html"], "duplicate_of"].isna().all()
    # longitudinal sums count March once
    received = ha.monthly_received(ds)
    assert received["period_start"].dt.strftime("%Y-%m").tolist().count("2022-03") == 1


def test_bulletin_findings_keep_their_place_before_archive_findings(out):
    f = hotline_etl.open_dataset(out).findings
    h1 = f[f["bulletin_id"] == f.loc[f["check"] == "cumulative-mismatch", "bulletin_id"].iloc[0]]
    assert h1[["position", "check", "scope"]].values.tolist() == [
        [1, "headline-table-mismatch", "bulletin"], [2, "cumulative-mismatch", "archive"]]
    assert h1["bulletin_ids"].iloc[0] is None


def test_the_read_only_audit_agrees_with_the_stage(out):
    audit = audit_dataset(out)
    assert sorted(f.check for f in audit.findings) == sorted(f["check"] for f in TRUTH["findings"])
    assert len(audit.duplicate_of) == 1


def test_cli_text_report(out, capsys):
    assert main(["audit", "--archive", str(out)]) == 1
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "archive audit of 14 bulletins: 4 archive findings, 1 duplicate copies"
    assert text.index("ERRORS (2)") < text.index("WARNINGS (1)") < text.index("INFO (1)")
    assert "     bulletins: monthly/lanshi-2022-07.txt, monthly/lanshi-2022-06.txt" in text
    assert "  monthly/lanshi-2022-03.txt is a copy of web/lanshi-2022-03.html" in text
    assert main(["audit", "--archive", str(out), "--fail-on", "never", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["counts"] == {"error": 2, "warning": 1, "info": 1}
    assert record["duplicates"] == TRUTH["duplicates"]


def test_cli_refuses_a_folder_without_a_dataset(tmp_path, capsys):
    assert main(["audit", "--archive", str(tmp_path)]) == 2
    assert "no dataset here" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["audit", "fixtures/seed", "--archive", str(tmp_path)])
    capsys.readouterr()


def test_html_report_is_one_self_contained_page(out, tmp_path, capsys):
    page = tmp_path / "report.html"
    main(["audit", "--archive", str(out), "--html", str(page)])
    capsys.readouterr()
    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    assert not doc.xpath("//script | //link | //img | //iframe | //*[@src]")
    summary = doc.xpath("//p[@class='summary']")[0].text_content()
    assert summary == ("14 bulletins; 4 archive findings, 1 findings of single bulletins (5 in all: 3 error, 1 warning, "
                       "1 info); 1 duplicate copies.")
    assert [s.get("id") for s in doc.xpath("//section[@class='check']")] == [
        "check-duplicate-conflict", "check-cumulative-mismatch", "check-cumulative-incomplete",
        "check-carry-over-mismatch"]
    rows = doc.xpath("//section[@id='check-cumulative-mismatch']//tbody/tr")
    assert len(rows) == 1
    cells = [c.text_content() for c in rows[0].xpath("td")]
    assert cells[:2] == ["cumulative/lanshi-2022-01-06.txt", "received"] and cells[3:6] == ["325", "322", "3"]
    targets = {a.get("href")[1:] for a in doc.xpath("//a[starts-with(@href, '#b-')]")}
    assert targets <= set(doc.xpath("//section[@class='bulletin']/@id")) and len(targets) == 12
    copy = doc.xpath("//section[@class='bulletin'][h3='monthly/lanshi-2022-03.txt']")[0].text_content()
    assert "a copy of web/lanshi-2022-03.html" in copy
    own = doc.xpath("//section[@class='bulletin'][h3='cumulative/lanshi-2022-01-06.txt']"
                    "//table[@class='findings']/tbody/tr/td[1]")
    assert [c.text_content() for c in own] == ["headline-table-mismatch"]


def test_html_report_quotes_the_compared_figure_of_every_bulletin_and_highlights_its_cell(out, capsys):
    assert main(["audit", "--archive", str(out), "--format", "html"]) == 1
    doc = lxml_html.fromstring(capsys.readouterr().out)
    sections = set(doc.xpath("//section[@class='bulletin']/@id"))

    def printed(check):
        (row,) = doc.xpath(f"//section[@id='check-{check}']//tbody/tr")
        found = []
        for p in row.xpath(".//div[@class='printed-in']"):
            (a,) = p.xpath("a")
            assert a.get("href")[1:] in sections
            found.append((a.text_content(), p.xpath(".//span[@class='where']")[0].text_content(),
                          [m.text_content() for m in p.xpath(".//mark")]))
        return found

    assert printed("cumulative-mismatch") == [  # 青蒲镇人民政府's 受理案件数: 325 against 60+54+48+55+49+56 = 322
        ("cumulative/lanshi-2022-01-06.txt", "line 28", ["325"]), ("monthly/lanshi-2022-01.txt", "line 28", ["60"]),
        ("monthly/lanshi-2022-02.txt", "line 28", ["54"]),
        ("web/lanshi-2022-03.html", "line 9, table 1, row 3, col 2", ["48"]),  # the canonical copy is summed
        ("monthly/lanshi-2022-04.txt", "line 28", ["55"]), ("monthly/lanshi-2022-05.txt", "line 28", ["49"]),
        ("monthly/lanshi-2022-06.txt", "line 28", ["56"])]
    assert printed("carry-over-mismatch") == [("monthly/lanshi-2022-07.txt", "line 2, char 15", ["8"]),
                                              ("monthly/lanshi-2022-06.txt", "line 2, char 78", ["6"])]  # 在办6件
    assert printed("duplicate-conflict") == [("monthly/lanshi-2022-10.txt", "line 2, char 48", ["39"]),
                                             ("web/lanshi-2022-10.html", "line 2, char 48", ["43"])]
    (web,) = doc.xpath("//section[@id='check-duplicate-conflict']//div[@class='printed-in'][2]//span[@class='printed']")
    assert web.text_content() == "市长信箱和县长信箱信件共43件"  # not a text file: the stated figure, not the line
    assert printed("cumulative-incomplete") == []

    def highlighted(path):
        (table,) = doc.xpath(f"//section[@class='bulletin'][h3='{path}']//table[@class='stat']")
        header = [th.text_content() for th in table.xpath("thead/tr/th")]
        return [(tr.xpath("td")[0].text_content(), header[i], td.text_content(), td.get("class"), td.get("title"))
                for tr in table.xpath("tbody/tr") for i, td in enumerate(tr.xpath("td")) if "hl" in td.get("class", "")]

    assert highlighted("cumulative/lanshi-2022-01-06.txt") == [
        ("青蒲镇人民政府", "受理案件数", "325", "hl error", "cumulative-mismatch"),
        ("合计", "受理案件数", "2850", "hl error", "headline-table-mismatch")]
    assert highlighted("web/lanshi-2022-03.html") == [("青蒲镇人民政府", "受理案件数", "48", "hl error", "cumulative-mismatch")]
    assert highlighted("monthly/lanshi-2022-07.txt") == []
    (own,) = doc.xpath("//section[@class='bulletin'][h3='cumulative/lanshi-2022-01-06.txt']"
                       "//table[@class='findings']/tbody/tr")
    quotes = [(q.xpath("span[@class='where']")[0].text_content(), [m.text_content() for m in q.xpath(".//mark")])
              for q in own.xpath(".//div[contains(@class, 'quote')]")]
    assert quotes[:2] == [("line 2, char 23", ["2847"]), ("line 78", ["2850"])]  # headline 受理 against the 合计 cell


def test_an_added_month_re_runs_only_the_checks_around_it(tmp_path):
    archive, root = tmp_path / "archive", tmp_path / "out"
    shutil.copytree(ARCHIVE, archive)
    ingest(archive, root, workers=1)
    again = ingest(archive, root, workers=1)
    assert str(again.stages["archive-audit"]).startswith("archive audit: 0 of 12 checks run; 0 documents rewritten")
    shutil.copy(archive / TRUTH["later"]["path"], archive / "monthly")
    added = ingest(archive, root, workers=1)
    # 7-9月份 against its months, September's and October's carry-over: nothing else is read again
    assert str(added.stages["archive-audit"]) == ("archive audit: 3 of 14 checks run (cumulative 1, carry-over 2); "
                                                  "1 documents rewritten; 3 archive findings, 1 duplicate copies")
    got = _archive_findings(hotline_etl.open_dataset(root))
    assert sorted(f["check"] for f in got) == ["carry-over-mismatch", "cumulative-mismatch", "duplicate-conflict"]
    state = json.loads((root / STATE_NAME).read_text(encoding="utf-8"))
    assert len(state["checks"]) == 14



def test_an_unchanged_archive_is_not_audited_again_and_the_audit_not_even_imported(tmp_path):
    archive, root = tmp_path / "archive", tmp_path / "out"
    shutil.copytree(ARCHIVE, archive)
    first = ingest(archive, root, workers=1)
    assert str(first.stages["archive-audit"]).endswith("; 4 archive findings, 1 duplicate copies")
    code = ("import sys\nfrom hotline_etl.dataset import ingest\n"
            f"report = ingest({str(archive)!r}, {str(root)!r}, workers=1)\n"
            "print(report.stages['archive-audit']); print('hotline_etl.dataset.archive_audit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["archive audit: 0 of 12 checks run; 0 documents rewritten; 4 archive findings, "
                                "1 duplicate copies", "False"]
    # the copy deleted and pruned: nothing parsed, but the committed bulletins changed, so the stage runs
    (archive / next(iter(TRUTH["duplicates"]))).unlink()
    pruned = ingest(archive, root, workers=1, prune=True)
    assert str(pruned.stages["archive-audit"]) == ("archive audit: 4 of 11 checks run (cumulative 2, carry-over 2); "
                                                   "0 documents rewritten; 4 archive findings, 0 duplicate copies")


# -- the unit a finding is about, under each bulletin's own name ---------------------------------------------------

def _printed_table(rows):
    """PrintedText of a two-column statistics table (unit, received) with ``rows`` [(name, count)], text lines
    from 11 on."""
    from hotline_etl.checks.html_report import printed_from_rows

    cells = []
    for r, row in enumerate([("单位", "受理件数"), *rows], start=1):
        for c, (value, column) in enumerate(zip(row, ("unit_raw", "received")), start=1):
            cells.append({"table_index": 1, "table_caption": None, "is_statistics_table": True, "row_number": r,
                          "column_number": c, "header_path_raw": ("单位", "受理件数")[c - 1], "column_name": column,
                          "cell_raw": value, "cell": value, "is_total": False,
                          "source": {"line": 10 + r, "char": 0 if c == 1 else len(row[0]) + 1}})
    return printed_from_rows([], cells, [], numbered_lines=True)


def test_a_unit_finding_is_placed_in_each_bulletin_under_the_name_it_prints_there():
    from hotline_etl.checks.html_report import archive_source

    key = "derived:柘桥县/林业局"
    quarter = ArchiveBulletin("q", "q.txt", "txt", AREA, dt.date(2023, 4, 1), dt.date(2023, 6, 30),
                              units={key: {"received": 77}}, unit_names={key: "县林业和草原局 (原县林业局)"})
    april = ArchiveBulletin("a4", "a4.txt", "txt", AREA, dt.date(2023, 4, 1), dt.date(2023, 4, 30),
                            units={key: {"received": 30}}, unit_names={key: "县林业局"})
    may = ArchiveBulletin("a5", "a5.txt", "txt", AREA, dt.date(2023, 5, 1), dt.date(2023, 5, 31),
                          units={key: {"received": 21}}, unit_names={key: "县林业和草原局"})
    june = ArchiveBulletin("a6", "a6.txt", "txt", AREA, dt.date(2023, 6, 1), dt.date(2023, 6, 30),
                           units={key: {"received": 19}}, unit_names={key: "县林业和草原局"})
    [f] = check_cumulative(dt.date(2023, 4, 1), dt.date(2023, 6, 30), [quarter, april, may, june]).findings
    assert (f.unit, f.finding.subject, f.finding.stated, f.finding.computed) == (
        key, "县林业和草原局 (原县林业局) received", 77, 70)
    # the subject's name is the quarter's: the months print the unit otherwise, one of them in another row
    printed = {"q": _printed_table([("县水利局", "12"), ("县林业和草原局 (原县林业局)", "77")]),
               "a4": _printed_table([("县林业局", "30"), ("县水利局", "5")]),
               "a5": _printed_table([("县林业和草原局", "21")]), "a6": _printed_table([("县林业和草原局", "19")])}
    names = {b.bulletin_id: b.unit_names for b in (quarter, april, may, june)}
    lines = {bid: archive_source(printed[bid], f, bid, names[bid]).line for bid in f.bulletin_ids}
    assert lines == {"q": 13, "a4": 12, "a5": 12, "a6": 12}
    assert archive_source(printed["a4"], f, "a4") is None  # without the bulletin's names: not guessed from the subject


# -- archives built otherwise: no false alarm ------------------------------------------------------------------------

FERRY = "derived:柘桥县/渡口管理所"
MILL = "derived:柘桥县/碾米厂"


def _bulletin(bid, m, fmt="txt", headline=None, units=None, carry=None, first=None):
    start = dt.date(2024, first or m, 1)
    end = dt.date(2024, m, 29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)
    names = {k: k.split("/")[-1] for k in (units or {})}
    return ArchiveBulletin(bid, f"{bid}.{fmt}", fmt, AREA, start, end, headline or {}, units or {}, names, {}, carry)


def test_a_special_report_of_the_month_is_neither_a_copy_nor_a_conflict():
    # the monthly bulletin with its table, and a special report on one theme repeating two headline figures
    monthly = _bulletin("monthly", 8, "html", {"hotline_orders_received": 517, "dispatched": 493, "completed": 480,
                                               "in_progress": 13},
                        {FERRY: {"received": 41, "handled": 40}, MILL: {"received": 17, "handled": 17}})
    special = _bulletin("special", 8, "docx", {"hotline_orders_received": 517, "dispatched": 493})
    canonical, result = resolve_copies([monthly, special])
    assert [b.bulletin_id for b in canonical] == ["special", "monthly"]
    assert result.duplicate_of == {} and result.findings == ()
    # the same report repeating one more figure, differently (its own theme's completed orders)
    themed = _bulletin("themed", 8, "docx", {"hotline_orders_received": 517, "dispatched": 493, "completed": 66})
    assert resolve_copies([monthly, themed])[1] == resolve_copies([monthly, special])[1]


def test_the_hotline_and_the_mailbox_bulletin_of_a_month_are_not_a_conflict():
    quiet = {f"derived:柘桥县/村{k}": {"received": 0, "handled": 0} for k in range(12)}  # units with nothing
    hotline = _bulletin("hotline", 9, "txt", {"in_progress": 7, "completed": 388},
                        {FERRY: {"received": 52, "handled": 50}, MILL: {"received": 9, "handled": 9}, **quiet})
    mailbox = _bulletin("mailbox", 9, "html", {"in_progress": 2, "completed": 31},
                        {FERRY: {"received": 4, "handled": 4}, MILL: {"received": 1, "handled": 1}, **quiet})
    canonical, result = resolve_copies([hotline, mailbox])
    assert len(canonical) == 2 and result.findings == () and result.duplicate_of == {}
    # October prints both carry-overs: each from its own channel, neither is checked against September's hotline
    october = [_bulletin("hotline10", 10, "txt", {"in_progress": 5}, carry=7),
               _bulletin("mailbox10", 10, "html", {"in_progress": 1}, carry=2)]
    assert check_carry_over((2024, 10), [hotline, mailbox, *october]).findings == ()
    assert check_carry_over((2024, 10), [hotline, *october]).findings == ()
    # with one bulletin a month the carry-over is checked
    [f] = check_carry_over((2024, 10), [hotline, _bulletin("h10", 10, carry=2)]).findings
    assert (f.finding.stated, f.finding.computed) == (2, 7)


def test_a_quarter_listing_a_unit_some_months_lack_compares_the_others():
    months = [_bulletin(f"m{m}", m, units={FERRY: {"received": 10 + m}, **({MILL: {"received": 3}} if m != 8 else {})})
              for m in (7, 8, 9)]
    quarter = _bulletin("q3", 9, units={FERRY: {"received": 54}, MILL: {"received": 6}}, first=7)
    assert check_cumulative(dt.date(2024, 7, 1), dt.date(2024, 9, 30), [quarter, *months]).findings == ()
    wrong = _bulletin("q3", 9, units={FERRY: {"received": 57}, MILL: {"received": 6}}, first=7)
    [f] = check_cumulative(dt.date(2024, 7, 1), dt.date(2024, 9, 30), [wrong, *months]).findings
    assert (f.unit, f.finding.stated, f.finding.computed) == (FERRY, 57, 54)


def test_a_year_to_date_bulletin_beside_the_earlier_year_to_date_ones():
    months = [_bulletin(f"m{m}", m, headline={"hotline_orders_received": 100 + m}) for m in (1, 2, 3, 4)]
    to_march = _bulletin("ytd3", 3, headline={"hotline_orders_received": 306}, first=1)
    to_april = _bulletin("ytd4", 4, headline={"hotline_orders_received": 410}, first=1)
    plan = plan_checks([*months, to_march, to_april])
    assert plan[f"cumulative|{AREA}|2024-01-01|2024-04-30"] == ("m1", "m2", "m3", "m4", "ytd4")
    assert plan[f"cumulative|{AREA}|2024-01-01|2024-03-31"] == ("m1", "m2", "m3", "ytd3")
    bulletins = {b.bulletin_id: b for b in [*months, to_march, to_april]}
    assert [f for k, ids in plan.items() for f in run_check(k, [bulletins[i] for i in ids]).findings] == []
    # the checks do compare: 1-4月份 one order over
    bulletins["ytd4"] = _bulletin("ytd4", 4, headline={"hotline_orders_received": 411}, first=1)
    found = [f for k, ids in plan.items() for f in run_check(k, [bulletins[i] for i in ids]).findings]
    assert [(f.owner, f.field, f.finding.delta) for f in found] == [("ytd4", "hotline_orders_received", 1)]


def test_a_cumulative_bulletin_attaching_its_last_month_table_is_not_reported_unit_by_unit():
    units = {m: {FERRY: {"received": 20 + m, "handled": 20 + m}, MILL: {"received": m, "handled": m}} for m in (4, 5, 6)}
    months = [_bulletin(f"m{m}", m, headline={"hotline_orders_received": 300 + m}, units=units[m]) for m in (4, 5, 6)]
    # 4-6月份: the headline is the quarter's, the table June's
    quarter = _bulletin("q2", 6, headline={"hotline_orders_received": 915}, units=units[6], first=4)
    assert check_cumulative(dt.date(2024, 4, 1), dt.date(2024, 6, 30), [quarter, *months]).findings == ()
    wrong_headline = _bulletin("q2", 6, headline={"hotline_orders_received": 918}, units=units[6], first=4)
    [f] = check_cumulative(dt.date(2024, 4, 1), dt.date(2024, 6, 30), [wrong_headline, *months]).findings
    assert (f.field, f.unit, f.finding.delta) == ("hotline_orders_received", None, 3)


def test_bulletins_of_an_unknown_year_are_not_planned():
    from dataclasses import replace

    undated = [replace(_bulletin(f"u{k}", 5, headline={"hotline_orders_received": 70}), start=None, end=None)
               for k in (1, 2)]
    assert plan_checks([*undated, _bulletin("dated", 5, headline={"hotline_orders_received": 71})]) == {}
