"""The seed bulletin parses to the exact values of SPEC §2-3."""

import datetime as dt

from seed_expected import CASES, CATEGORIES, FIRST_ROW, HEADER, HEADLINE, HOT_TOPICS, LAST_ROW, LISTS, TOTAL_ROW


def test_period_issuer_and_date(seed):
    assert (seed.period.start, seed.period.end, seed.period.label) == (dt.date(2020, 5, 1), dt.date(2020, 5, 31), "5月份")
    assert seed.period.kind == "month"
    assert seed.issuer == "岳陽縣熱線辦"
    assert seed.issued_on == dt.date(2020, 6, 1)
    assert seed.script == "traditional"
    assert (seed.format, seed.encoding) == ("txt", "utf-8")


def test_headline_figures(seed):
    assert seed.headline.to_dict() == HEADLINE
    # provenance: 2557 stands on line 2 of the file, after "5月份,共受理12345熱線工單"
    assert seed.headline.hotline_orders_received.source.line == 2
    assert seed.headline.hotline_orders_received.source.char == len("5月份,共受理12345熱線工單")


def test_categories(seed):
    assert [(c.rank, c.name, c.count, c.share.value) for c in seed.categories] == CATEGORIES
    assert [c.share.decimals for c in seed.categories] == [1, 2, 1, 1, 2]


def test_unit_lists(seed):
    got = {name: (lst.total, [(i.unit_raw, i.count) for i in lst.items]) for name, lst in seed.lists.items()}
    assert got == LISTS
    assert seed.lists["top_township"].stated_units == 3
    assert seed.lists["top_department"].stated_units == 5


def test_cases(seed):
    assert [(c.number, c.caller, c.date.isoformat(), c.request_type, c.handler_raw) for c in seed.cases] == CASES
    first = seed.cases[0]
    assert first.request.startswith("我是岳陽縣轄區的高速交警工作人員")
    assert first.request.endswith("並對該口罩進行處理") or first.request.endswith("并對該口罩進行處理")
    assert first.response.startswith("?h市場監督管理局5月1日上午接到值班電話通知")
    assert seed.cases[1].request.endswith("盡快處理水污染的問題")
    assert seed.cases[1].response.startswith("新開鎮政府受理工單后")


def test_damaged_handlers_are_reported(seed):
    damaged = [(w.source.line, w.source.char) for w in seed.warnings if w.code == "damaged-text"]
    handler_spots = [(c.handler_source.line, c.handler_source.char) for c in seed.cases if c.handler_raw.startswith("?")]
    assert handler_spots == [(6, 118), (8, 116)]
    assert set(handler_spots) <= set(damaged)
    assert len(damaged) == 4  # ?h市場, 勞?谡, ,F來電, ?h稅務


def test_hot_topics(seed):
    assert [(t.topic, t.count, t.share.value) for t in seed.hot_topics] == HOT_TOPICS
    assert seed.hot_topics[1].focus == "主要集中在幫助市民追討各類拖欠工資"


def test_statistics_table(seed):
    d = seed.to_dict(sources=False)["table"]
    assert d["header_raw"] == HEADER
    assert len(d["rows"]) == 59
    assert d["rows"][0] == FIRST_ROW
    assert d["rows"][-1] == LAST_ROW
    assert d["total"] == TOTAL_ROW
    assert seed.table.title == "2020年5月份12345公眾服務熱線工單辦理統計表"
    assert seed.table.report.layout == "cell-per-line"


def test_percentages_keep_printed_precision(seed):
    rows = {r.unit_raw: r for r in seed.table.rows}
    assert rows["縣廣播電視臺"].on_time_rate.raw == "89.18%"
    assert rows["月田鎮人民政府"].on_time_rate.decimals == 2 and rows["月田鎮人民政府"].on_time_rate.raw == "98.80%"
    assert rows["岳陽縣城市管理綜合執法局"].on_time_rate.decimals == 0


def test_table_cells_carry_their_line(seed):
    row = seed.table.rows[0]
    # header on lines 18-27, first unit on line 28, the total row on lines 618-627
    assert row.sources["unit_raw"].line == 28
    assert row.sources["grade"].line == 37
    assert seed.table.total.sources["unit_raw"].line == 618
    assert seed.table.total.sources["received"].line == 619


def test_sections(seed):
    assert [(s.kind, s.heading) for s in seed.sections] == [
        ("basic", "一、基本情況"), ("cases", "二、典型案例"), ("hot_topics", "三、熱點難點"),
        ("attachment", "附件:2020年5月份12345公眾服務熱線工單辦理統計表"),
    ]
    assert seed.sections[0].text_simplified.startswith("一、基本情况\n5月份,共受理12345热线工单2557件")


def test_only_damage_warnings(seed):
    # The units stage adds unit-damaged where a damaged handler name (?h稅務局) still resolved.
    assert {w.code for w in seed.warnings} == {"damaged-text", "unit-damaged"}


def test_json_keys_are_the_documented_ones(seed):
    d = seed.to_dict()
    assert set(d) == {"period", "issuer", "issued_on", "script", "headline", "categories", "lists", "cases",
                      "hot_topics", "table", "warnings", "findings", "sources",
                      "request_types", "figures", "tables", "scope", "reading_notes"}
    # A text file's reader does nothing worth a note; the table report is the one note.
    assert d["reading_notes"] == ["statistics table: cell-per-line layout, 60 rows x 10 columns, 600 cells read, "
                                  "confidence 1"]
    assert set(d["tables"][0]) == {"index", "caption", "kind", "header_raw", "columns", "rows", "total_rows", "cut",
                                   "source", "cell_sources"}
    assert set(d["lists"]) == {"overdue", "mailbox_overdue", "returned", "top_township", "top_department", "commended",
                               "overdue_open"}
    assert d["period"]["granularity"] == "month"
    assert d["scope"] == {"name": "岳阳县", "path": ["岳阳县"], "raw": "岳陽縣", "evidence": "issuer",
                          "source": {"line": 14, "char": 0}}
    assert set(d["cases"][0]) >= {"number", "caller", "date", "request_type", "handler_raw", "request", "response"}
    assert d["sources"]["issuer"] == {"line": 14, "char": 0}
    assert d["sources"]["issued_on"] == {"line": 15, "char": 0}
