"""Categories and request types (issue 12, item 5): every printed form, the traps, and the choice
between a subject classification and a request-type one. Phrasings are written for these tests,
with new names and numbers."""

import pytest

import hotline_etl
from hotline_etl.extract.categories import extract_classifications
from hotline_etl.extract.scope import Scope
from hotline_etl.readers import load
from hotline_etl.script import build_view


def classify(text):
    return extract_classifications(Scope.whole(build_view(load(text))))


def triples(categories):
    return [(c.name, c.count, c.share.value if c.share else None) for c in categories]


# Each row: the text, then the categories expected as (name, count, share or None), in printed order.
FORMS = [
    pytest.param("事件分类排名前三位的是:园林绿化类52件,占比13.5%,供水供电类40件,占比10.39%,教育培训类33件,占比8.6%。",
                 [("园林绿化类", 52, 13.5), ("供水供电类", 40, 10.39), ("教育培训类", 33, 8.6)], id="X类N件,占比P%"),
    pytest.param("从来件分类看,道路养护19件(25.3%);噪声扰民12件(16%);其他4件(5.3%)。",
                 [("道路养护", 19, 25.3), ("噪声扰民", 12, 16.0), ("其他", 4, 5.3)], id="XN件(P%)"),
    pytest.param("市民关注较多的诉求是:医疗保险3210件,占比18.02%;燃气供应1502件,占比8.43%;校外培训988件,占比5.55%。",
                 [("医疗保险", 3210, 18.02), ("燃气供应", 1502, 8.43), ("校外培训", 988, 5.55)], id="X N件,占比P% without 类"),
    pytest.param("诉求主要集中在物业纠纷 86件,占诉求量的12.40%。", [("物业纠纷", 86, 12.4)], id="主要集中在X N件,占诉求量的P%"),
    pytest.param("本周问题集中在供热服务(共615件,以暖气不热、停暖为主)、道路交通(共233件,以乱停车为主)等方面。",
                 [("供热服务", 615, None), ("道路交通", 233, None)], id="X(共N件,以…为主)"),
    pytest.param("诉求分类为:供水服务57件、燃气服务31件、路灯维护12件、不动产登记6件、平等就业5件、其他3件。",
                 [("供水服务", 57, None), ("燃气服务", 31, None), ("路灯维护", 12, None), ("不动产登记", 6, None),
                  ("平等就业", 5, None), ("其他", 3, None)], id="flat list, no shares"),
    pytest.param("从诉求归口类型看,前3位的分别是:\n房屋租赁416件,主要是押金退还、合同纠纷等。\n"
                 "公交出行305件,主要是线路调整(占出行类投诉41.5%)。\n食品安全127件,主要是过期食品。",
                 [("房屋租赁", 416, None), ("公交出行", 305, None), ("食品安全", 127, None)], id="one item per line"),
    pytest.param("涉及较多的前三类问题:\n1.城市管理:共接收交办件880件,占总数的40.2%。其中占道经营类反映较集中。\n"
                 "2.民生保障共接收交办件512件,占总数的23.39%。\n3.教育文化:共接收交办件97件,占总数的4.43%。",
                 [("城市管理", 880, 40.2), ("民生保障", 512, 23.39), ("教育文化", 97, 4.43)], id="1.X:共接收N件"),
    pytest.param("二、热点分析\n(一)加装电梯方面:共64件,较上月增加9件,诉求主要集中在施工进度。\n(二)供暖服务方面:共57件,较上月减少3件。",
                 [("加装电梯", 64, None), ("供暖服务", 57, None)], id="(一)X方面:共N件"),
    pytest.param("节日期间诉求主要集中在两大类:一是出行类诉求,共212件,主要包括高速拥堵37件、公交停运21件;"
                 "二是燃放类诉求,共96件,主要包括燃放烟花45件。",
                 [("出行类", 212, None), ("燃放类", 96, None)], id="一是X,共N件 (sub-items left out)"),
    pytest.param("三、热点问题\n(一)供水类问题\n本月共受理供水类问题58个,其中热线55个,信箱3个。\n"
                 "(二)绿化类问题\n本月共受理绿化类工单21个,其中热线21个。",
                 [("供水类", 58, None), ("绿化类", 21, None)], id="(一)heading, count on the next line"),
    pytest.param("市民来电较多的前两类事项分别是:各类燃气安全隐患(管道老化)等公共安全管理类905件,占全市总量11.2%;"
                 "供水停水、水压不足等公用事业类611件,占全市总量7.56%。",
                 [("公共安全管理类", 905, 11.2), ("公用事业类", 611, 7.56)], id="long description cut to the 类 token"),
    pytest.param("在转办工单中,市民聚焦最多的事项是物业管理,其工单数为4120件,占比达15.1%。",
                 [("物业管理", 4120, 15.1)], id="最多的事项是X,其工单数为N件"),
    pytest.param("其中,涉及道路照明、井蓋維修類投訴最多,工單數為512件。",
                 [("道路照明、井蓋維修類", 512, None)], id="涉及X最多,工单数为N件 (traditional)"),
    pytest.param("市民反映的主要诉求为停车收费1031件,约占4.12%;景区门票620件,约占2.48%。",
                 [("停车收费", 1031, 4.12), ("景区门票", 620, 2.48)], id="约占P%"),
    pytest.param("行业分类:诉求排在前三位的分别为住房保障类930件,占比20.1%;交通运输类410,占比8.9%;教育类388件,占比8.4%。",
                 [("住房保障类", 930, 20.1), ("交通运输类", 410, 8.9), ("教育类", 388, 8.4)], id="a count without 件"),
    pytest.param("诉求内容统计:城市建设类240件,同比增长12%,占14.5%;农林水利类198件,同比下降3.5%,占11.96%。",
                 [("城市建设类", 240, 14.5), ("农林水利类", 198, 11.96)], id="year-on-year clause before the share"),
    pytest.param("共受理来电诉求1020件。其中劳动保障类96件,占9.41%,同比增幅12%。市场监管类88件,占8.63%,同比减幅4.5%。"
                 "其他咨询7件,占0.69%。各责任单位共承办工单1020件。",
                 [("劳动保障类", 96, 9.41), ("市场监管类", 88, 8.63), ("其他咨询", 7, 0.69)], id="one item per sentence"),
    pytest.param("诉求类别排名:城市管理类312件(环比上升5%)、交通类200件(环比下降2%)、教育类50件。",
                 [("城市管理类", 312, None), ("交通类", 200, None), ("教育类", 50, None)], id="bracketed comparisons"),
    pytest.param("从诉求内容看,城建类120件,较上月增加12件,增长11.1%;环保类80件,同比下降3%,占比20%。",
                 [("城建类", 120, None), ("环保类", 80, 20.0)], id="two comparisons, then a share"),
    pytest.param("诉求类别:城建类120件,比例为30%;环保类80件,比重为20%。",
                 [("城建类", 120, 30.0), ("环保类", 80, 20.0)], id="比例为P% / 比重为P%"),
    pytest.param("诉求类别统计:市容环卫类:88件,占15%;道路交通类:61件,占10.4%。",
                 [("市容环卫类", 88, 15.0), ("道路交通类", 61, 10.4)], id="X类:N件"),
    pytest.param("前三项热点诉求为:停车管理(77件)、宠物扰民(41件)、垃圾清运(39件)。其中:\n1.停车管理类诉求占比6.2%,主要为车位不足。",
                 [("停车管理", 77, 6.2), ("宠物扰民", 41, None), ("垃圾清运", 39, None)], id="share printed later"),
    pytest.param("市民反映的主要诉求为交通秩序1.2万件,约占8.1%;消费维权9500件,约占6.3%。",
                 [("消费维权", 9500, 6.3)], id="an approximate count is left out"),
    pytest.param("从信件类别看,排名前二的类别如下:城鄉規劃建設類信件共116件,占全市總量的23.34%,;社會治安類信件共54件,,占全市總量的10.87%。",
                 [("城鄉規劃建設類", 116, 23.34), ("社會治安類", 54, 10.87)], id="类信件共N件 with doubled punctuation"),
    # held-out probe findings (fixtures/probe)
    pytest.param("在转办工单中,市民反映最集中的是燃气供应,工单数为2208件,占比11.4%;其次为公交线路。",
                 [("燃气供应", 2208, 11.4)], id="反映最集中的是X,工单数为N件"),
    pytest.param("排名前四的诉求分别为:供热服务类1630件,占15.2%;房屋质量类件,占9.8%;道路养护类702件,占6.5%;"
                 "噪声扰民类511件,占4.8%。",
                 [("供热服务类", 1630, 15.2), ("房屋质量类", None, 9.8), ("道路养护类", 702, 6.5), ("噪声扰民类", 511, 4.8)],
                 id="a count whose digits a mirror lost keeps its place"),
    # second probe set (fixtures/probe2)
    pytest.param("诉求热点:①供热服务类415件,占12.06%;②道路养护类233件,占6.77%。",
                 [("供热服务类", 415, 12.06), ("道路养护类", 233, 6.77)], id="①X类N件,占P%"),
    pytest.param("诉求分类：（1）供热服务类281件，占13.05%；（2）道路养护类196件，占9.1%；（3）校外培训类88件，占4.09%。",
                 [("供热服务类", 281, 13.05), ("道路养护类", 196, 9.1), ("校外培训类", 88, 4.09)],
                 id="(1)X类N件,占P%; inline item numbers (fifth probe set)"),
    pytest.param("按诉求内容分,居前两位的是:\n◎ 供热服务类 302件,占11.8%;\n◎ 校外培训类 251件,占9.81%。",
                 [("供热服务类", 302, 11.8), ("校外培训类", 251, 9.81)], id="◎ bullets on their own lines"),
    pytest.param("● 受理工单:2560件;\n● 已办结:2541件。\n诉求分类:\n◎ 噪声扰民类 120件,占4.69%;\n◎ 燃气供应类 88件,占3.44%。",
                 [("噪声扰民类", 120, 4.69), ("燃气供应类", 88, 3.44)], id="two bullet symbols: two enumerations"),
    pytest.param("诉求排名前两位的类别:物业服务类318件,占百分之十二点四;供水供电类97件,占百分之三点七九。",
                 [("物业服务类", 318, 12.4), ("供水供电类", 97, 3.79)], id="shares in Chinese numerals"),
    # third probe set (fixtures/probe3)
    pytest.param("分类前两位：噪声扰民类（1,046件，13.48 ％）；校外培训类（712件，9.17 ％）。",
                 [("噪声扰民类", 1046, 13.48), ("校外培训类", 712, 9.17)], id="X类(N件,P%): the share inside the brackets"),
    pytest.param("反映最多的是燃气供应类，有518件，占14.2%；其次是道路养护类，有377件，占10.33%；第三是校外培训类，有209件，占5.73%。",
                 [("燃气供应类", 518, 14.2), ("道路养护类", 377, 10.33), ("校外培训类", 209, 5.73)],
                 id="X类，有N件 … 其次是 / 第三是"),
    pytest.param("本月居前两位的是：燃气供应类431件，占16.02%；校外培训类350件，占13.01%。上月居首位的为道路养护类402件。",
                 [("燃气供应类", 431, 16.02), ("校外培训类", 350, 13.01)], id="the previous month's leader is not a category"),
    # fourth probe set (fixtures/probe4)
    pytest.param("诉求量居前两位的是供热服务类1204件、占9.87%，噪声扰民类866件、占7.1%。",
                 [("供热服务类", 1204, 9.87), ("噪声扰民类", 866, 7.1)], id="X类N件、占P%"),
    pytest.param("从诉求类别看，燃气供应类占比最高，为21.4%，共642件；道路养护类次之，占比13.2%，共396件；"
                 "校外培训类占比8.5%，共255件。",
                 [("燃气供应类", 642, 21.4), ("道路养护类", 396, 13.2), ("校外培训类", 255, 8.5)],
                 id="the share printed before the count"),
    pytest.param("诉求主要涉及：供热服务方面的318件，占11.06%；噪声扰民方面的201件，占6.99%。",
                 [("供热服务", 318, 11.06), ("噪声扰民", 201, 6.99)], id="X方面的N件"),
    pytest.param("### 二、诉求分类\n\n- 供热服务类：210件次，占8.4%\n- 噪声扰民类：96件次，占3.84%\n",
                 [("供热服务类", 210, 8.4), ("噪声扰民类", 96, 3.84)], id="Markdown bullets"),
    # seventh probe set (fixtures/probe7)
    pytest.param("按诉求内容分类，居前三位的是：水电气暖类3 105件，占15.27%；园林绿化类2 046件，占10.06%；校外培训类987件，占4.85%。",
                 [("水电气暖类", 3105, 15.27), ("园林绿化类", 2046, 10.06), ("校外培训类", 987, 4.85)],
                 id="thousands set off by a space (a thin space folds to one)"),
    pytest.param("本旬居前两位的是：园林绿化类214件，占18.2%；噪声扰民类163件，占13.86%。另有涉及防汛的诉求58件，较上旬增加两倍。",
                 [("园林绿化类", 214, 18.2), ("噪声扰民类", 163, 13.86)], id="另有…N件 beside the classes is no class"),
    pytest.param("分类居前的是：园林绿化类214件，占18.2%；噪声扰民类163件，占13.86%；另有其他类77件，占6.55%。",
                 [("园林绿化类", 214, 18.2), ("噪声扰民类", 163, 13.86), ("其他类", 77, 6.55)],
                 id="另有其他类N件 is the classification's rest"),
]


@pytest.mark.parametrize("text, expected", FORMS)
def test_printed_forms(text, expected):
    assert triples(classify(text).categories) == expected


# Each row: the text, the categories and the request types expected, as (name, count) pairs.
CHOICES = [
    pytest.param("按诉求类型划分:咨询类300件、投诉类120件、求助类45件。按内容分类:城建类200件、环保类90件。",
                 [("城建类", 200), ("环保类", 90)], [("咨询类", 300), ("投诉类", 120), ("求助类", 45)],
                 id="subjects and request types"),
    pytest.param("从来信类型看,咨询类10件,投诉类30件。本月来信中,反映交通管理类12件,城市管理类28件。",
                 [("交通管理类", 12), ("城市管理类", 28)], [("咨询类", 10), ("投诉类", 30)],
                 id="uncued subjects still beat request types"),
    pytest.param("本周诉求类型:咨询类共5120件,占48.1%;求助类共3300件,占31%;投诉举报类共1210件,占11.37%;"
                 "表扬感谢类共15件,占0.14%;其他类1000件,占9.39%。",
                 [("咨询类", 5120), ("求助类", 3300), ("投诉举报类", 1210), ("表扬感谢类", 15), ("其他类", 1000)], [],
                 id="request types only: they are the categories"),
    pytest.param("春节期间共受理电话420个,其中投诉电话310个,咨询电话88个,求助电话9个,其他类电话13个。",
                 [("投诉电话", 310), ("咨询电话", 88), ("求助电话", 9), ("其他类电话", 13)], [], id="…电话N个"),
    pytest.param("共收到来信1005件,有效信件中,信访类信件820件转信访部门办理,咨询类信件96件、建议类信件41件转有关部门办理。",
                 [("信访类", 820), ("咨询类", 96), ("建议类", 41)], [], id="…类信件N件转…办理"),
    pytest.param("按信访目的分类:求决12件、申诉2件、意见建议5件。按内容分类:城乡建设8件、教育文体6件、其他5件。",
                 [("城乡建设", 8), ("教育文体", 6), ("其他", 5)], [("求决", 12), ("申诉", 2), ("意见建议", 5)],
                 id="petition purposes are request types"),
    pytest.param("共受理市民诉求980件,其中东城区311件,西湖县120件;包括咨询610件、求助201件、投诉169件。"
                 "诉求主要集中在两大类:一是供暖类诉求,共201件,主要包括暖气不热88件、管道漏水30件;二是出行类诉求,共97件。",
                 [("供暖类", 201), ("出行类", 97)], [("咨询", 610), ("求助", 201), ("投诉", 169)],
                 id="localities are not a classification"),
    pytest.param("共受理各类诉求8120件。其中,公众来电7550件,网站、微信等网络诉求410件,其他诉求160件;"
                 "按诉求类型划分:咨询类5000件、求助类2120件、投诉类1000件。",
                 [("咨询类", 5000), ("求助类", 2120), ("投诉类", 1000)], [], id="channels are not a classification"),
    pytest.param("全市平台共汇集来电来件30210个。其中,市本级平台受理12015个,占39.8%;东港12345受理9210个,占30.5%。\n"
                 "从诉求归口类型看,诉求量前2位的分别是:\n供电服务811件,主要是停电。\n物业管理512件,主要是收费。",
                 [("供电服务", 811), ("物业管理", 512)], [], id="sub-platforms are not a classification"),
    pytest.param("其中,涉及医疗类相关诉求1520件,占全市总量6.1%。\n市民来电反映较多的前两类事项分别是:"
                 "环境保护类2010件,占全市总量8.05%;社会保障类1807件,占全市总量7.24%。",
                 [("环境保护类", 2010), ("社会保障类", 1807)], [], id="a cross-cutting tally is not a category"),
    pytest.param("二、运行情况\n本县热线共受理市民来电诉求980件,同比增加40件。其中城建类120件,占12.24%。环保类98件,占10%。\n"
                 "三、热点难点\n◆物业类。共受理工单60件,占比6.12%,主要是收费。\n◆停车类。共受理工单41件,占比4.18%,主要是车位。",
                 [("城建类", 120), ("环保类", 98)], [], id="a breakdown of the stated total comes before later hot topics"),
    pytest.param("不满意工单总数为90件。市民不满意工单主要涉及:\n供水问题31件,占不满意工单总数的34.4%。\n"
                 "噪音问题20件,占不满意工单总数的22.2%。", [], [], id="unsatisfied orders are not categories"),
    pytest.param("本周受理诉求72970件,直办40210件,占55.1%,转办32760件,占44.9%。", [], [],
                 id="direct and dispatched are not categories"),
    pytest.param("工单数量较多的单位为:住建局1210件(同比上升12%),城管局860件,公安局512件。", [], [],
                 id="a workload ranking is not a classification"),
    pytest.param("超期办结工单6件。其中,西山镇2件、县水务局4件。", [], [], id="an overdue list is not a classification"),
    pytest.param("按来源分:来访12件、来信30件、小程序40件。按内容分类:城建类60件、环保类22件。",
                 [("城建类", 60), ("环保类", 22)], [], id="intake channels are not a classification"),
    pytest.param("等级评价:A类单位45个、B类单位8个。", [], [], id="graded units are not a classification"),
    pytest.param("本周共受理诉求9230件,其中电话渠道8410件,网站及微信渠道702件,短信118件。按诉求类型分:咨询类6020件,"
                 "占65.22%;投诉类3210件,占34.78%。", [("咨询类", 6020), ("投诉类", 3210)], [],
                 id="intake channels named 渠道 are not a classification"),
    pytest.param("下一步将对承办单位的办理质量按月排名并向社会公布。\n此外,本季度还收到市民表扬信和锦旗共23件(面)。\n"
                 "从来电类型看,投诉电话4120个,咨询电话2207个。", [("投诉电话", 4120), ("咨询电话", 2207)], [],
                 id="a cue word in the prose paragraph above does not cue the next one"),
    pytest.param("三、存在问题\n部分单位回复内容空泛、未联系诉求人等问题,南岭区本月有7件工单被评价为不满意。", [], [],
                 id="回复内容 is no cue, and a name holding 本月 is no class"),
    pytest.param("抽查回访520件,解决510件、未解决10件;满意490件、基本满意20件、不满意10件。", [], [],
                 id="follow-up tallies are not a classification"),
    pytest.param("本月受理工单1904件,已办结1877件,尚有27件正在办理。收到群众表扬15件,感谢信和锦旗6件。", [], [],
                 id="尚有, praise and thanks are not classes"),
]


@pytest.mark.parametrize("text, categories, request_types", CHOICES)
def test_which_classification(text, categories, request_types):
    got = classify(text)
    assert [(c.name, c.count) for c in got.categories] == categories
    assert [(c.name, c.count) for c in got.request_types] == request_types


def test_classification_is_recorded_on_each_category():
    got = classify("按诉求类型划分:咨询类300件、投诉类120件。按内容分类:城建类200件、环保类90件。")
    assert [c.classification for c in got.categories] == ["subject", "subject"]
    assert [c.classification for c in got.request_types] == ["request_type", "request_type"]
    only_types = classify("诉求类型:咨询类300件、投诉类120件、求助类45件。")
    assert [c.classification for c in only_types.categories] == ["request_type"] * 3


def test_rank_is_the_printed_order_even_past_an_approximate_count():
    got = classify("市民反映的主要诉求为交通秩序1.2万件,约占8.1%;消费维权9500件,约占6.3%;景区门票620件,约占0.4%。")
    assert [(c.rank, c.name) for c in got.categories] == [(2, "消费维权"), (3, "景区门票")]


def test_every_value_keeps_where_it_was_printed():
    text = "前二项热点诉求为:停车管理(77件)、宠物扰民(41件)。其中:\n1.停车管理类诉求占比6.2%。"
    first = classify(text).categories[0]
    assert (first.source.line, first.source.char) == (1, 9)
    assert (first.share_source.line, first.share_source.char) == (2, 11)
    assert first.share.raw == "6.2%"


def test_request_types_in_the_record():
    b = hotline_etl.parse("一、基本情况\n3月份,共受理12345热线工单420件,已办结418件。按诉求类型划分:咨询类300件、投诉类120件。"
                          "按内容分类:城建类260件,占61.9%;环保类160件,占38.1%。")
    d = b.to_dict(sources=False)
    assert d["categories"] == [
        {"rank": 1, "name": "城建类", "count": 260, "share_pct": 61.9, "classification": "subject"},
        {"rank": 2, "name": "环保类", "count": 160, "share_pct": 38.1, "classification": "subject"}]
    assert d["request_types"] == [
        {"rank": 1, "name": "咨询类", "count": 300, "share_pct": None, "classification": "request_type"},
        {"rank": 2, "name": "投诉类", "count": 120, "share_pct": None, "classification": "request_type"}]


def test_request_types_are_rows_of_the_categories_table():
    from hotline_etl.dataset.rows import SourceInfo, bulletin_rows

    b = hotline_etl.parse("一、基本情况\n3月份,共受理12345热线工单420件,已办结418件。按诉求类型划分:咨询类300件、投訴類120件。"
                          "按内容分类:城建类260件,占61.9%;環保類160件,占38.1%。")
    rows = bulletin_rows(b, SourceInfo("a.txt", "ab" * 32, 10, "txt"))
    keys = ("list_name", "classification", "rank", "category_raw", "category", "count", "share_pct")
    assert [tuple(r[k] for k in keys) for r in rows["categories"]] == [
        ("categories", "subject", 1, "城建类", "城建类", 260, 61.9),
        ("categories", "subject", 2, "環保類", "环保类", 160, 38.1),
        ("request_types", "request_type", 1, "咨询类", "咨询类", 300, None),
        ("request_types", "request_type", 2, "投訴類", "投诉类", 120, None)]
    assert (rows["bulletins"][0]["category_rows"], rows["bulletins"][0]["request_type_rows"]) == (2, 2)


def test_categories_printed_only_in_a_table():
    b = hotline_etl.parse("一、基本情况\n8月份,全县热线共受理工单1240件。分布见下表。\n诉求类别 | 工单量 | 占比\n"
                          "物业服务类 | 310 | 25%\n道路养护类 | 186 | 15%\n其他类 | 744 | 60%\n合计 | 1240 | 100%\n"
                          "按诉求类型分:咨询类800件、投诉类440件。\n", audit=False)
    assert [(c.rank, c.name, c.count, c.share.value, c.classification) for c in b.categories] == [
        (1, "物业服务类", 310, 25.0, "subject"), (2, "道路养护类", 186, 15.0, "subject"), (3, "其他类", 744, 60.0, "subject")]
    assert b.categories[0].source.line == 4
    assert [(c.name, c.count) for c in b.request_types] == [("咨询类", 800), ("投诉类", 440)]


def test_a_table_does_not_replace_classes_printed_in_the_text():
    b = hotline_etl.parse("一、基本情况\n8月份,共受理工单1240件。诉求分类:环保类300件、交通类200件。\n诉求类别 | 工单量\n"
                          "物业服务类 | 310\n道路养护类 | 186\n", audit=False)
    assert [(c.name, c.count) for c in b.categories] == [("环保类", 300), ("交通类", 200)]


def test_circled_numbers_on_their_own_lines():
    # ``①`` is a digit to str.isdigit() but no int() literal: it used to crash the enumerated reader.
    b = hotline_etl.parse("一、总体情况\n本季度共受理诉求8,305件。\n二、诉求分类\n按诉求内容划分，前三类为：\n①水电气暖类1,206件，占14.52%；\n"
                          "②园林绿化类873件，占10.51%；\n③校外培训类455件，占5.48%。\n", audit=False)
    assert triples(b.categories) == [("水电气暖类", 1206, 14.52), ("园林绿化类", 873, 10.51), ("校外培训类", 455, 5.48)]


def test_a_ranked_category_table_opening_with_its_rank_column():
    b = hotline_etl.parse("一、总体情况\n6月份，全县热线共受理诉求1,480件。\n二、诉求分类\n本月诉求按类别排序如下：\n"
                          "序号 | 类别 | 件数 | 占比\n1 | 水电气暖 | 296 | 20.00%\n2 | 园林绿化 | 185 | 12.50%\n"
                          "3 | 校外培训 | 74 | 5.00%\n", audit=False)
    assert [(c.rank, c.name, c.count, c.share.value) for c in b.categories] == [
        (1, "水电气暖", 296, 20.0), (2, "园林绿化", 185, 12.5), (3, "校外培训", 74, 5.0)]
    assert (b.categories[0].source.line, b.categories[0].source.char) == (6, 4)  # the name cell, not the rank


def test_the_row_a_cut_text_stops_in_is_no_class_of_the_table():
    # ``3 | 校外培训 | 7`` is cut from ``74 | 5.00%``: no class 校外培训 with 7, and the shares above stay.
    b = hotline_etl.parse("一、总体情况\n6月份，全县热线共受理诉求1,480件。\n二、诉求分类\n本月诉求按类别排序如下：\n"
                          "序号 | 类别 | 件数 | 占比\n1 | 水电气暖 | 296 | 20.00%\n2 | 园林绿化 | 185 | 12.50%\n"
                          "3 | 校外培训 | 7", audit=False)
    assert triples(b.categories) == [("水电气暖", 296, 20.0), ("园林绿化", 185, 12.5)]


def test_a_lines_own_breakdown_after_a_name_with_digits_is_no_classification():
    # 12315 热线's split into 消费投诉 / 举报线索 / 咨询 is not the bulletin's classification.
    c = classify("本季度共受理诉求9,120件。分线路看，12315热线受理消费投诉1,206件、举报线索388件、咨询917件。")
    assert (c.categories, c.request_types) == ((), ())


def test_patterns_after_a_separator_find_what_their_full_form_finds(text_views):
    # _ITEM, _RESPECTIVE and the enumerators are scanned without their \A alternative past the text's start: over
    # every text fixture, from its start and from inside it, the matches are those of the full pattern.
    from hotline_etl.extract import categories as c

    for path, v in text_views:
        t = v.simp
        for p in (c._ITEM, c._RESPECTIVE, *c._ENUMERATORS):
            for start in (0, 1, len(t) // 3):
                assert ([(m.span(), m.groupdict()) for m in p.finditer(t, start, len(t))]
                        == [(m.span(), m.groupdict()) for m in p.full.finditer(t, start, len(t))]), (path, start)
    for text in ("1.甲类3件", "\n1.甲类3件", "甲类3件、乙类2件", "、甲类3件", "一是甲类", ""):
        for p in (c._ITEM, *c._ENUMERATORS):
            assert [m.span() for m in p.finditer(text, 0, len(text))] == [m.span() for m in p.full.finditer(text)]
    assert len(text_views) > 100


def test_damaged_counts_and_shares_keep_their_place():
    # ``?`` runs and U+FFFD where a mirror lost characters: the damaged figure is unknown, the rest is kept.
    c = classify("按诉求内容分，前四类为：园林绿化类417件，占13.62%；供水供电类3??件，占10.95%；"
                 "教育培训类269件，占8.7\ufffd%；物业管理类1\ufffd8件，占5.81%。")
    assert triples(c.categories) == [("园林绿化类", 417, 13.62), ("供水供电类", None, 10.95),
                                     ("教育培训类", 269, None), ("物业管理类", None, 5.81)]


def test_classes_counted_together_and_classes_behind_emoji():
    # ninth probe set (fixtures/probe9): 分别为 pairs the names with the counts in order; emoji are no part of a name
    c = classify("按来信内容分类，园林绿化类318件，占22.1%；供水供电类204件，占14.18%；"
                 "噪声扰民类、校外培训类、物业管理类来信分别为96件、71件、58件，其余为其他方面的来信。")
    assert triples(c.categories) == [("园林绿化类", 318, 22.1), ("供水供电类", 204, 14.18), ("噪声扰民类", 96, None),
                                     ("校外培训类", 71, None), ("物业管理类", 58, None)]
    # as many counts as names, or none of them is read that way
    c = classify("分类前两位：园林绿化类318件，占22.1%；供水供电类204件，占14.18%。噪声扰民类、校外培训类分别为96件。")
    assert triples(c.categories) == [("园林绿化类", 318, 22.1), ("供水供电类", 204, 14.18)]
    # an excerpt cut after the first count: no class takes it (nor is 物业管理类来信分别为 a class)
    c = classify("分类前两位：园林绿化类318件，占22.1%；供水供电类204件，占14.18%；噪声扰民类、物业管理类来信分别为96件、7")
    assert triples(c.categories) == [("园林绿化类", 318, 22.1), ("供水供电类", 204, 14.18)]
    c = classify("【📊诉求分类】\n排名前二的是——\n🌳 园林绿化类 318件 占22.1%\n🚰️ 供水供电类 204件 占14.18%\n")
    assert triples(c.categories) == [("园林绿化类", 318, 22.1), ("供水供电类", 204, 14.18)]


def test_a_share_a_hard_wrap_split():
    c = classify("诉求分类前两位：噪声扰民类208件，占11\n.37%；燃气安全类97件，占5.30%。")
    assert triples(c.categories) == [("噪声扰民类", 208, 11.37), ("燃气安全类", 97, 5.3)]
    assert c.categories[0].share.raw == "11.37%"


def test_concentrated_is_a_cue_but_a_concentrated_update_is_not():
    # tenth probe set (fixtures/probe10), cut_consistency: 知识库集中更新，修订条目87条 is no classification
    # (集中 modifies 更新); 诉求主要集中在… and 反映较集中 still introduce one.
    assert classify("市热线完成了知识库第三季度集中更新，新增、修订条目87条；").categories == ()
    c = classify("本月诉求主要集中在：供水供电类96件，占11.2%。")
    assert triples(c.categories) == [("供水供电类", 96, 11.2)]
    c = classify("群众反映较集中，物业管理类58件。")
    assert triples(c.categories) == [("物业管理类", 58, None)]


def test_items_numbered_inline_after_a_colon():
    # ``类别：1.X类N件，占P%；2.Y类…``: the item numbers printed inline are no counts and break no run.
    c = classify("排在前列的来电类别：1.物业服务类263件，占14.27%；2.供暖燃气类198件，占10.74%；3.校外培训类87件，占4.72%。")
    assert triples(c.categories) == [("物业服务类", 263, 14.27), ("供暖燃气类", 198, 10.74), ("校外培训类", 87, 4.72)]


def test_the_lost_count_scan_runs_wherever_it_finds_something(text_views):
    # _LOST_COUNT (a count whose digits a mirror lost) is scanned only where _LOST_COUNT_END finds what every
    # match of it holds: over every text fixture and over random strings of the characters that matter,
    # whenever _LOST_COUNT finds a match, so does _LOST_COUNT_END, within the same bounds.
    import random

    from hotline_etl.extract import categories as c

    def check(text, start, end):
        if c._LOST_COUNT.search(text, start, end) is not None:
            assert c._LOST_COUNT_END.search(text, start, end) is not None, (text, start, end)
            return 1
        return 0

    for path, v in text_views:
        check(v.simp, 0, len(v.simp))
    rng = random.Random(17)
    parts = (("，", "、", "", "\n", "3件"), ("甲", "甲乙", "丙类丁", ""), ("类", "", "类类"),
             ("", "3?", "?", "4,\ufffd5", "\ufffd", "12", "?3", "?,5"), ("件", "宗", "个", "次"), ("", ",", "， ", " \t"),
             ("", "约", "約", "共"), ("占", "比", ""))
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(p) for p in parts) * rng.randint(1, 2)
        start = rng.randint(0, len(text))
        found += check(text, 0, len(text)) + check(text, start, rng.randint(start, len(text)))
    assert found > 100
    assert c._LOST_COUNT_END.search("按诉求内容分：园林绿化类417件，占13.62%；问号?在此。") is None
