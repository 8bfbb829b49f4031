"""Expected values of the seed bulletin, taken from fixtures/seed (SPEC §2-3)."""

SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"

HEADLINE = {
    "hotline_orders_received": 2557, "mailbox_letters": 84, "praise": 4, "direct_answers": 7,
    "dispatched": 2578, "completed": 2574, "in_progress": 4,
}

CATEGORIES = [
    (1, "人力資源和社會保障類", 371, 13.9),
    (2, "農林水利類", 369, 13.82),
    (3, "住房與城鄉建設類", 315, 11.8),
    (4, "社會治安與綜合管理類", 227, 8.5),
    (5, "交通運輸與交通秩序類", 198, 7.42),
]

LISTS = {
    "top_township": (None, [("榮家灣鎮政府", None), ("公田鎮政府", None), ("筻口鎮政府", None)]),
    "top_department": (None, [("縣市場監督管理局", None), ("縣人社局", None), ("縣城市管理綜合執法局", None),
                              ("縣公安局", None), ("縣教體局", None)]),
    "commended": (None, [("縣市場監督管理局", None), ("縣公安局", None), ("榮家灣鎮", None), ("筻口鎮", None),
                         ("縣住建局", None)]),
    "overdue": (18, [("中洲鄉", 2), ("縣廣播電視臺", 4), ("縣供電公司", 1), ("大云山管理處", 4), ("張谷英管理處", 1),
                     ("縣人社局", 2), ("月田鎮", 1), ("縣城市管理綜合執法局", 1), ("麻塘辦事處", 2)]),
    "mailbox_overdue": (1, [("縣法院", 1)]),
    "returned": (7, [("縣人社局", 1), ("月田鎮", 1), ("縣城市管理綜合執法局", 1), ("楊林街鎮", 1), ("麻塘辦事處", 1),
                     ("交警大隊", 1), ("張谷英鎮", 1)]),
}

CASES = [
    (1, "沈先生", "2020-05-01", "投訴", "?h市場監督管理局"),
    (2, "馬先生", "2020-05-03", "投訴", "新開鎮政府"),
    (3, "許女士", "2020-05-14", "求助", "?h稅務局"),
]

HOT_TOPICS = [("社會保障類", 199, 7.78), ("勞動糾紛類", 121, 4.73), ("房屋買賣類", 116, 4.54)]

HEADER = ["部門名稱", "受理案件數", "應辦理數", "辦理數", "辦結率", "按期辦理數", "按期辦結率", "返工數", "返工率", "等級評價"]
FIRST_ROW = {"unit_raw": "縣市場監督管理局", "unit_id": "yueyang.market_supervision", "unit_name": "岳阳县市场监督管理局",
             "unit_kind": "county_department",
             "resolution": {"method": "exact", "score": None, "candidates": [], "damaged": False}, "received": 245, "due": 232, "handled": 232, "completion_rate_pct": 100.0,
             "on_time": 232, "on_time_rate_pct": 100.0, "rework": 1, "rework_rate_pct": 0.43, "grade": "A", "extra": {}}
LAST_ROW = {"unit_raw": "縣煙草局", "unit_id": "yueyang.tobacco", "unit_name": "岳阳县烟草专卖局",
            "unit_kind": "county_department",
            "resolution": {"method": "exact", "score": None, "candidates": [], "damaged": False}, "received": 0, "due": 2, "handled": 2, "completion_rate_pct": 100.0,
            "on_time": 2, "on_time_rate_pct": 100.0, "rework": 0, "rework_rate_pct": 0.0, "grade": "A", "extra": {}}
TOTAL_ROW = {"unit_raw": "合計", "received": 2557, "due": 2578, "handled": 2574, "completion_rate_pct": 99.84,
             "on_time": 2556, "on_time_rate_pct": 99.3, "rework": 56, "rework_rate_pct": 2.17, "grade": "A", "extra": {}}
