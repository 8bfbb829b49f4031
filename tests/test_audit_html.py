"""The HTML audit report of files (issue 16 item 4): each finding's printed source quoted with its figure marked,
the statistics table with the cells a finding names highlighted; one page, nothing fetched, everything escaped.
The archive's page is tested in test_archive_audit.py (on its ingested fixture)."""

from lxml import html as lxml_html

from hotline_etl.checks.html_report import Quote, render_quote
from hotline_etl.cli import main

SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"


def _page(text):
    doc = lxml_html.fromstring(text)
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //*[@src] | //*[@href and "
                         "not(starts-with(@href, '#'))]")
    return doc


def _quotes(row):
    return [(q.xpath("span[@class='where']")[0].text_content(), q.xpath("span[@class='printed']")[0].text_content(),
             [m.text_content() for m in q.xpath(".//mark")]) for q in row.xpath(".//div[contains(@class, 'quote')]")]


def _highlighted(table):
    header = [th.text_content() for th in table.xpath("thead/tr/th")]
    return [(tr.xpath("td")[0].text_content(), header[i], td.text_content(), td.get("class"), td.get("title"))
            for tr in table.xpath("tbody/tr") for i, td in enumerate(tr.xpath("td")) if "hl" in td.get("class", "")]


def test_the_seed_page_quotes_every_finding_and_highlights_its_cells(capsys, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("<b>no bulletin</b> here\n", encoding="utf-8")
    assert main(["audit", SEED, str(bad), "--format", "html"]) == 2
    doc = _page(capsys.readouterr().out)
    seed, failed = doc.xpath("//section[@class='bulletin']")
    assert [seed.get("id"), seed.xpath("h3")[0].text_content()] == ["b-file-1", SEED]
    assert "Could not be audited: " in failed.text_content() and not failed.xpath(".//b")
    rows = seed.xpath(".//table[@class='findings']/tbody/tr")
    assert [r.xpath("td[1]")[0].text_content() for r in rows] == [
        "table-sum-mismatch", "table-sum-mismatch", "rate-definition", "rate-zero-denominator",
        "rate-zero-denominator", "rate-zero-denominator", "share-base-mismatch", "overdue-list-vs-table"]
    handled = _quotes(rows[0])
    assert handled[0] == ("line 621", "2574 |", ["2574"])  # the 合計 row's cell: one cell per line in this layout
    assert _quotes(rows[2]) == [("line 314", "87.5% |", ["87.5%"]), ("line 313", "21 |", ["21"]),
                                ("line 311", "23 |", ["23"]), ("line 310", "24 |", ["24"])]
    (shares,) = _quotes(rows[6])  # six sources in one line: one quote, six marks
    assert shares[0] == "line 2" and shares[2] == [
        "2557", "人力資源和社會保障類", "農林水利類", "住房與城鄉建設類", "社會治安與綜合管理類", "交通運輸與交通秩序類"]
    assert shares[1].startswith("5月份,共受理12345熱線工單2557件,市長信箱和縣長信箱信件共84件。")
    assert shares[1].endswith("已辦結2574件,在辦4件。")  # the whole line (shorter than QUOTE_WIDTH)
    overdue = _quotes(rows[7])
    assert overdue[0][0] == "line 4, char 5" and overdue[0][2] == ["超期辦結工單"]
    assert overdue[1:4] == [("line 88", "公田鎮人民政府 |", ["公田鎮人民政府"]), ("line 91", "119 |", ["119"]),
                            ("line 93", "118 |", ["118"])]

    (table,) = seed.xpath(".//table[@class='stat']")
    assert table.xpath("caption")[0].text_content() == "2020年5月份12345公眾服務熱線工單辦理統計表"
    assert len(table.xpath("tbody/tr")) == 60 and table.xpath("tbody/tr[last()]/@class") == ["total"]
    late, name = ("hl warning", "overdue-list-vs-table"), ("unit hl warning", "overdue-list-vs-table")
    rate = ("hl warning", "rate-definition")
    zero = [(h, t, "hl info", "rate-zero-denominator") for h, t in
            (("應辦理數", "0"), ("辦理數", "0"), ("辦結率", "0%"), ("按期辦結率", "0%"), ("返工率", "0%"))]
    expected = [
        ("公田鎮人民政府", "部門名稱", "公田鎮人民政府", *name), ("公田鎮人民政府", "辦理數", "119", *late),
        ("公田鎮人民政府", "按期辦理數", "118", *late),
        ("楊林街鎮人民政府", "部門名稱", "楊林街鎮人民政府", *name), ("楊林街鎮人民政府", "辦理數", "54", *late),
        ("楊林街鎮人民政府", "按期辦理數", "53", *late),
        ("中洲鄉人民政府", "應辦理數", "24", *rate), ("中洲鄉人民政府", "辦理數", "23", *rate),
        ("中洲鄉人民政府", "按期辦理數", "21", *rate), ("中洲鄉人民政府", "按期辦結率", "87.5%", *rate),
        *[(unit, *z) for unit in ("縣砂管局", "縣郵政局", "鐵山水資源保護中心") for z in zero],
        ("合計", "辦理數", "2574", "hl error", "table-sum-mismatch"),
        ("合計", "按期辦理數", "2556", "hl error", "table-sum-mismatch")]
    assert _highlighted(table) == expected
    cell = table.xpath("tbody/tr[last()]/td[@class='hl error']")[0]
    assert cell.get("style") == "background:#ffd6d6;outline:2px solid #c00"


def test_html_goes_to_a_file_beside_the_text_report(capsys, tmp_path):
    page = tmp_path / "seed.html"
    assert main(["audit", SEED, "--html", str(page), "--fail-on", "never"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{SEED} — 2 errors, 3 warnings, 3 info") and err == f"wrote {page}\n"
    summary = _page(page.read_text(encoding="utf-8")).xpath("//p[@class='summary']")[0].text_content()
    assert summary == "1 bulletins; 8 findings (2 error, 3 warning, 3 info)."


def test_quotes_are_escaped_and_cut_around_the_figure():
    q = lxml_html.fromstring(render_quote(Quote("line 1, char 6", "<b>&甲 40件</b>", 6, 8), "warning"))
    assert q.xpath("span[@class='printed']")[0].text_content() == "<b>&甲 40件</b>" and not q.xpath("//b")
    assert [m.text_content() for m in q.xpath("//mark[@class='hl warning']")] == ["40"]
    long = "甲" * 300 + "共受理40件" + "乙" * 300
    cut = lxml_html.fromstring(render_quote(Quote("line 2, char 303", long, 303, 305), "error"))
    printed = cut.xpath("span[@class='printed']")[0].text_content()
    assert printed == "…" + "甲" * 117 + "共受理40件" + "乙" * 117 + "…"
