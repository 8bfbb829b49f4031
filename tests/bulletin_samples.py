"""A small bulletin written for the extractor tests (our own county, units and numbers)."""

TAOYUAN = """桃源县12345热线2021年3月份工单办理情况通报
一、基本情况
3月份,共受理热线工单812件。
二、典型案例
1.周女士3月9日来电咨询:小区停水何时恢复。县水务局接到工单后立即联系供水公司。
(2)吴先生3月20日来电投诉:夜间施工噪音扰民。县城管局受理后责令停工。
三、热点难点
1、供水类:共受理工单31件,占3.82%,主要是停水和水压不足。
◆噪音类。共受理案件数12件,占比1.48%,主要集中在夜间施工。
桃源县热线办
2021年4月2日
"""


def view_of(text: str):
    from hotline_etl.readers import load
    from hotline_etl.script import build_view

    return build_view(load(text))
