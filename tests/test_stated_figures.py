"""Numbers as printed, every stated figure of the text (record key and dataset table), and the audit of 万 figures."""

import doctest
import hashlib

import pytest

import hotline_etl
from hotline_etl.dataset.rows import SourceInfo, bulletin_rows
from hotline_etl.dataset.schema import TABLES
from hotline_etl.extract import figures, headline, lexicon, numbers, sections
from hotline_etl.extract.figures import find_statements
from hotline_etl.extract.sections import find_sections
from hotline_etl.extract.numbers import Count, parse_count, read_count
from hotline_etl.readers import load
from hotline_etl.script import build_view


@pytest.mark.parametrize("printed, count", [
    ("3208", Count(3208)),
    ("3,208", Count(3208)),
    ("12 877", Count(12877)),
    ("一千二百零五", Count(1205)),
    ("两千", Count(2000)),
    ("三十", Count(30)),
    ("6.45万", Count(64500, True, 100)),
    ("12万", Count(120000, True, 10000)),
    ("3.2万", Count(32000, True, 1000)),
    ("十二万", Count(120000, True, 10000)),
    ("2.5", None),
    ("1e3", None),
    ("52\n63", Count(5263)),  # a hard wrap inside the number
])
def test_read_count(printed, count):
    assert read_count(printed) == count


def test_a_qualified_count_is_approximate():
    assert read_count("4万", approximate=True) == Count(40000, True, 10000)
    assert read_count("300", approximate=True) == Count(300, True, 1)


def test_parse_count_stays_digits_only():
    # Table cells are read with parse_count: Chinese numerals there are not counts.
    assert [parse_count(t) for t in ("1,234", "9.67万", "三十", "²")] == [1234, 96700, None, None]


def statements(text):
    view = build_view(load(text))
    return find_statements(view, find_sections(view))


def test_every_statement_with_phrase_number_unit_and_share():
    s = statements("本周共受理诉求2,640件(热线受理2,500件),其中咨询类1,320件,占50%;住房保障96件(3.6%);"
                   "回访满意率97.25%,接通电话3,310通,呼入4,002人次,服务总量近1.2万件次。")
    got = [(x.figure.phrase, x.figure.number_raw, x.figure.value, x.figure.unit,
            x.figure.share.raw if x.figure.share else None, x.figure.approximate, x.figure.precision, x.unit_kind,
            x.part) for x in s]
    assert got == [
        ("本周共受理诉求", "2,640", 2640, "件", None, False, None, "order", False),
        ("热线受理", "2,500", 2500, "件", None, False, None, "order", True),
        ("其中咨询类", "1,320", 1320, "件", "50%", False, None, "order", True),
        ("住房保障", "96", 96, "件", "3.6%", False, None, "order", True),
        ("回访满意率", "97.25", 97.25, "%", None, False, None, "percent", False),
        ("接通电话", "3,310", 3310, "通", None, False, None, "call", False),
        ("呼入", "4,002", 4002, "人次", None, False, None, "call", False),
        ("服务总量", "近1.2万", 12000, "件次", None, True, 1000, "order", False),
    ]


@pytest.mark.parametrize("text", [
    "东湖区12345热线通报第3期。",  # 12345 followed by a word, not a unit
    "处理时限为3个月,涉及5个单位以上的另行通报。",  # 个月 is a duration; 5个 counts units (kept below)
    "单位 | 受理案件数\n东坪镇 | 10",  # table cells
    "2021年7月1日至7月31日",
])
def test_numbers_that_state_no_figure(text):
    assert [x.figure.number_raw for x in statements(text)] == ([] if "单位以上" not in text else ["5"])


def test_a_count_split_by_a_line_break_and_a_unit_lost_by_a_mirror():
    s = statements("其他类362\n件。共接收交办件5120共承办5004件。")
    assert [(x.figure.value, x.figure.unit) for x in s] == [(362, "件"), (5120, None), (5004, "件")]


def test_numbers_and_phrases_a_hard_wrap_split():
    # A mirror wrapped the lines at a fixed width: inside numbers, and between a phrase and its number.
    s = statements("本季县热线共受理群众来电诉求52\n63件，其中热线当场答复2014件，转交各承办单位办理\n"
                   "3249件，已办结32\n07件，满意率9\n8.6%，回访率99.2%。\n二、办理\n86件均已回访。")
    assert [(x.figure.phrase, x.figure.number_raw, x.figure.value, x.figure.unit) for x in s] == [
        ("本季县热线共受理群众来电诉求", "52\n63", 5263, "件"), ("其中热线当场答复", "2014", 2014, "件"),
        ("转交各承办单位办理", "3249", 3249, "件"), ("已办结", "32\n07", 3207, "件"), ("满意率", "9\n8.6", 98.6, "%"),
        ("回访率", "99.2", 99.2, "%")]
    assert [s[0].template, s[2].template] == ["本季县热线共受理群众来电诉求#", "转交各承办单位办理#"]
    # a short line (a heading) is no wrapped sentence: 86件 after it has no phrase, and states nothing


def test_an_exact_count_restating_an_approximate_one_states_the_same_figure():
    # ninth probe set (fixtures/probe9): 具体为 / 即 / an opening bracket after a 万 figure the exact count agrees with
    s = statements("全区热线共受理群众诉求6.08万件，具体为60,815件；转派承办单位3.1万件（30,962件）。")
    assert [(x.figure.phrase, x.figure.value, x.figure.approximate, x.part) for x in s] == [
        ("全区热线共受理群众诉求", 60800, True, False), ("全区热线共受理群众诉求", 60815, False, False),
        ("转派承办单位", 31000, True, False), ("转派承办单位", 30962, False, False)]
    # a count the 万 figure does not agree with (beyond its last printed digit) is another figure
    s = statements("全区热线共受理群众诉求6.08万件，即517件为企业诉求。")
    assert [(x.figure.phrase, x.figure.value) for x in s] == [("全区热线共受理群众诉求", 60800), ("即", 517)]


def test_a_count_alone_on_its_line_takes_the_line_above_as_its_phrase():
    # a post printing one phrase a line (共受理群众诉求 / 3,906件); a count with words after it on its line does not
    s = statements("本月全区热线\n共受理群众诉求\n3,906件\n【分类】\n126件涉及噪声")
    assert [(x.figure.phrase, x.figure.value) for x in s] == [("共受理群众诉求", 3906)]


def test_the_months_a_line_speaks_of():
    s = statements("1月至5月,共受理诉求9,000件。\n5月份,共受理诉求2,000件;一季度受理5,500件;6月28日受理80件。")
    assert [x.months for x in s] == [(1, 5), (5, 5), (1, 3), (1, 3)]


def test_subsets_by_clause_sentence_and_heading():
    s = statements("受理省派工单200件,已处理完毕180件。全区共受理诉求3,000件。\n(三)省12345平台交办情况\n已办结40件。")
    assert [(x.figure.value, x.subset) for x in s] == [(200, True), (180, True), (3000, False), (40, True)]


SAMPLE = ("一、基本情况\n5月份,本县12345热线共受理群众诉求6.2万件,已办结61,950件,在办50件,回访满意率98.6%。\n"
          "附件\n单位 | 受理案件数 | 应办理数 | 办理数 | 办结率\n东坪镇 | 30000 | 30000 | 29980 | 99.93%\n"
          "西溪乡 | 31990 | 31990 | 31970 | 99.94%\n合计 | 61990 | 61990 | 61950 | 99.94%\n")


def test_figures_in_the_record():
    b = hotline_etl.parse(SAMPLE.encode(), name="s.txt")
    assert b.to_dict(sources=False)["figures"] == [
        {"phrase": "本县12345热线共受理群众诉求", "number_raw": "6.2万", "value": 62000, "unit": "件", "share_pct": None,
         "field": "hotline_orders_received", "approximate": True, "precision": 1000, "section": "basic"},
        {"phrase": "已办结", "number_raw": "61,950", "value": 61950, "unit": "件", "share_pct": None,
         "field": "completed", "approximate": False, "precision": None, "section": "basic"},
        {"phrase": "在办", "number_raw": "50", "value": 50, "unit": "件", "share_pct": None,
         "field": "in_progress", "approximate": False, "precision": None, "section": "basic"},
        {"phrase": "回访满意率", "number_raw": "98.6", "value": 98.6, "unit": "%", "share_pct": None,
         "field": None, "approximate": False, "precision": None, "section": "basic"},
    ]
    assert b.to_dict()["figures"][0]["source"] == {"line": 2, "char": 20}


def test_an_approximate_figure_agrees_with_the_table_within_its_precision():
    b = hotline_etl.parse(SAMPLE.encode(), name="s.txt")
    assert "headline-table-mismatch" not in {f.check for f in b.findings}  # 6.2万 vs 61,990: within 1000
    off = hotline_etl.parse(SAMPLE.replace("6.2万", "6.4万").encode(), name="s.txt")
    [finding] = [f for f in off.findings if f.check == "headline-table-mismatch"]
    assert (finding.stated, finding.computed) == (64000, 61990)
    exact = hotline_etl.parse(SAMPLE.replace("6.2万", "61,991").encode(), name="s.txt")
    assert [(f.stated, f.computed) for f in exact.findings if f.check == "headline-table-mismatch"] == [(61991, 61990)]


def test_shares_are_not_checked_against_an_approximate_base():
    text = "本月共受理诉求1.2万件。事件分类统计排行前二位的是:城建类3,000件,占比30%,交通类1,200件,占比12%。"
    b = hotline_etl.parse(text.encode(), name="s.txt")
    assert [c.count for c in b.categories] == [3000, 1200]
    assert not {"share-mismatch", "share-base-mismatch"} & {f.check for f in b.findings}


def test_figures_table_rows():
    data = SAMPLE.encode()
    b = hotline_etl.parse(data, name="s.txt")
    rows = bulletin_rows(b, SourceInfo("s.txt", hashlib.sha256(data).hexdigest(), len(data), "txt"))
    figures = rows["figures"]
    assert set(figures[0]) == set(TABLES["figures"].names)
    assert [(r["position"], r["phrase"], r["number_raw"], r["value"], r["unit"], r["field"], r["approximate"],
             r["precision"]) for r in figures] == [
        (1, "本县12345热线共受理群众诉求", "6.2万", 62000.0, "件", "hotline_orders_received", True, 1000),
        (2, "已办结", "61,950", 61950.0, "件", "completed", False, None),
        (3, "在办", "50", 50.0, "件", "in_progress", False, None),
        (4, "回访满意率", "98.6", 98.6, "%", None, False, None),
    ]
    assert rows["bulletins"][0]["headline_approximate"] == ["hotline_orders_received"]
    assert rows["bulletins"][0]["hotline_orders_received"] == 62000


@pytest.mark.parametrize("module", [numbers, figures, lexicon, headline, sections], ids=lambda m: m.__name__)
def test_docstring_examples_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_the_hits_skip_only_spans_where_the_rarer_patterns_keep_nothing(text_views):
    # _hits runs the Chinese-numeral and unitless patterns only on spans holding what their kept hits hold:
    # over every text fixture the hits equal those of every pattern run on every span.
    f = figures

    def every_span(text, spans):
        hits = []
        for start, end in spans:
            for rx in (f._DIGIT_STATEMENT, f._CHINESE_STATEMENT):
                for m in rx.finditer(text, start, end):
                    unit = m.group("unit") or "%"
                    cn = m.group("cn") if rx is f._CHINESE_STATEMENT else None
                    if cn is not None and (unit == "%" or cn == "一" or unit in f.CALL_UNITS or unit == "条"):
                        continue
                    if f._unit_ok(text, unit, m.end()):
                        first = m.start() - 1 if m.start() and text[m.start() - 1] in f._APPROXIMATE_BEFORE else m.start()
                        hits.append((first, m.start("unit") if unit != "%" else m.start("pct"), m.end(), unit))
            hits += [(m.start(), m.start(), m.end(), m.group("unit")) for m in f._MISSING.finditer(text, start, end)]
            hits += [(m.start(), m.end(), m.end(), "") for m in f._UNITLESS.finditer(text, start, end)]
        return sorted(hits, key=lambda h: h[0])

    for path, v in text_views:
        spans = f._spans(v)
        assert [h[:4] for h in f._hits(v.simp, spans)] == every_span(v.simp, spans), path
    assert len(text_views) > 100


def test_the_digit_statement_pattern_finds_what_its_plain_form_finds(text_views):
    # _DIGIT_STATEMENT opens with a look-ahead for a unit after the number's characters and takes its digit runs
    # possessively, for speed only: over every span of every text fixture, and over random strings of the
    # characters that matter (bounded at random too), it finds exactly what the plain pattern finds.
    import random

    import regex

    plain = regex.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:[, ]\d{3})+(?!\d)(?:\.\d+)?"
                          rf"|\d+(?:{numbers.WRAP}\d+)?(?:(?:{numbers.WRAP})?\.\d+)?)" + figures._TAIL)
    fast = figures._DIGIT_STATEMENT

    def found(rx, text, start, end):
        return [(m.span(), m.groupdict()) for m in rx.finditer(text, start, end)]

    for path, v in text_views:
        for start, end in figures._spans(v):
            assert found(fast, v.simp, start, end) == found(plain, v.simp, start, end), path
    rng = random.Random(17)
    alphabet = list("0123456789,. \n\t万余多件次人宗个单条封通%(（)）类受理诉求共年月") + ["\u3000", "１"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert found(fast, text, 0, len(text)) == found(plain, text, 0, len(text)), repr(text)
        assert found(fast, text, start, end) == found(plain, text, start, end), (repr(text), start, end)
