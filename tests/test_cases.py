"""Typical cases: number, caller, date, request type, request, handler and response, each where printed."""

import datetime as dt

from bulletin_samples import TAOYUAN, view_of
from hotline_etl.document import Origin
from hotline_etl.extract.cases import extract_cases
from hotline_etl.extract.scope import Scope
from hotline_etl.extract.sections import find_sections


def test_numbered_cases_are_read_whole():
    view = view_of(TAOYUAN)
    section = next(s for s in find_sections(view) if s.kind == "cases")
    cases = extract_cases(section.scope(view), 2021, 3)
    assert [(c.number, c.caller, c.date, c.request_type, c.request, c.handler_raw, c.response) for c in cases] == [
        (1, "周女士", dt.date(2021, 3, 9), "咨询", "小区停水何时恢复", "县水务局", "县水务局接到工单后立即联系供水公司。"),
        (2, "吴先生", dt.date(2021, 3, 20), "投诉", "夜间施工噪音扰民", "县城管局", "县城管局受理后责令停工。"),
    ]
    assert [c.handler_source for c in cases] == [Origin(line=5, char=23), Origin(line=6, char=25)]


def test_a_case_in_december_of_a_january_bulletin_is_dated_the_year_before():
    view = view_of("1.郑先生12月30日来电求助:路灯不亮。县供电公司接到工单后当日修复。")
    case = extract_cases(Scope.whole(view), 2021, 1)[0]
    assert case.date == dt.date(2020, 12, 30)
