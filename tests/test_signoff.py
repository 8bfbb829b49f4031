"""The sign-off: the issuing office and the date under the text, with where they stand."""

import datetime as dt

from bulletin_samples import TAOYUAN, view_of
from hotline_etl.document import Origin
from hotline_etl.extract.signoff import extract_signoff, parse_cn_date


def test_issuer_and_date_are_read_from_the_last_lines():
    signoff = extract_signoff(view_of(TAOYUAN))
    assert (signoff.issuer, signoff.issued_on) == ("桃源县热线办", dt.date(2021, 4, 2))
    assert (signoff.issuer_source, signoff.issued_on_source) == (Origin(line=10, char=0), Origin(line=11, char=0))


def test_dates_in_chinese_numerals_and_impossible_dates():
    assert parse_cn_date("二〇二一", "四", "二") == dt.date(2021, 4, 2)
    assert parse_cn_date("2021", "4", "2") == dt.date(2021, 4, 2)
    assert parse_cn_date("2021", "2", "30") is None


def test_no_signoff_gives_nothing():
    signoff = extract_signoff(view_of("3月份,共受理热线工单812件。"))
    assert (signoff.issuer, signoff.issued_on) == (None, None)
