"""Expected reader output for the container fixtures, taken from the seed (fixtures/seed)."""

from pathlib import Path

FIXTURES = Path("fixtures")

#: The seed's prose lines, in order: every reader must give exactly these paragraphs.
SEED_LINES = Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_text(encoding="utf-8").split("\n")[:17]
HEADINGS = ["一、基本情況", "二、典型案例", "三、熱點難點"]

HEADER = ["部門名稱", "受理案件數", "應辦理數", "辦理數", "辦結率", "按期辦理數", "按期辦結率", "返工數", "返工率", "等級評價"]
FIRST_ROW = ["縣市場監督管理局", "245", "232", "232", "100%", "232", "100%", "1", "0.43%", "A"]
#: Data row 31: the first row after the split of the *_table_split_by_page_break fixtures.
ROW_31 = ["縣水務局", "15", "13", "13", "100%", "13", "100%", "0", "0%", "A"]
#: First row on page 4 of the PDFs (after the repeated header).
PAGE_4_FIRST = ["縣庫區移民服務中心", "6", "7", "7", "100%", "7", "100%", "0", "0%", "A"]
TOTAL_ROW = ["合計", "2557", "2578", "2574", "99.84%", "2556", "99.30%", "56", "2.17%", "A"]

#: Two-row header of the *_merged_header / *_rowspan_colspan_header fixtures: a group label
#: over two sub-headers (given once, at its first column) and vertically merged singles.
GROUPED_HEADER = [
    ["部門名稱", "受理案件數", "應辦理數", "辦結情況", "", "按期情況", "", "返工情況", "", "等級評價"],
    ["", "", "", "辦理數", "辦結率", "按期辦理數", "按期辦結率", "返工數", "返工率", ""],
]


def texts(table):
    """Rows of a Table block as lists of cell texts."""
    return [[c.text for c in row] for row in table.rows]

_CELLS = [line.removesuffix(" |").strip()
          for line in Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_text(encoding="utf-8").split("\n")[17:]
          if line.strip()]
#: The whole statistics table of the seed: header, 59 unit rows, 合計.
SEED_TABLE = [_CELLS[i:i + 10] for i in range(0, len(_CELLS), 10)]
