"""Structure-aware mutations of bulletins for fuzzing (used by tests/test_fuzz_*.py and benchmarks/fuzz.py).

A mutation works on lines, the unit every layout of the statistics table is
built from: drop, duplicate or swap lines; change a digit or grow it into a long run;
insert or remove a pipe; insert a blank line; cut the text short. Small tables are generated in the layouts the extractor reads
(a row per line, a cell per line, a cell per paragraph, units side by side, units as columns, a header row padded
with bare pipes) before they are mutated.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

SEED_LINES = Path("fixtures/seed/000_0bd1a52a453bee82.txt").read_text(encoding="utf-8").split("\n")

#: Header cells in both scripts, so the header mapping sees either.
HEADERS = ["部門名稱", "受理案件數", "應辦理數", "辦理數", "辦結率", "按期辦理數", "按期辦結率", "返工數",
           "返工率", "等級評價", "序號", "单位", "受理数", "办结率"]
UNITS = ["縣人社局", "榮家灣鎮政府", "合計", "公田镇", "?h稅務局", "", "交警大隊"]
CELL = st.one_of(
    st.integers(min_value=-5, max_value=3000).map(str),
    st.tuples(st.integers(0, 150), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]:02d}%"),
    st.integers(0, 120).map(lambda n: f"{n}%"),
    st.tuples(st.integers(0, 150), st.text("0123456789", min_size=1, max_size=40)).map(lambda t: f"{t[0]}.{t[1]}%"),
    st.sampled_from(UNITS + ["A", "B", "E", "-", "/", "", "0%", "99.80%%", "10.81`%", "1,234", "9.67万", "nan%", "inf%",
                            "1e999%", "１２%", "99999999999999999999999", "-0", "0.5", "1_000"]),
)


@st.composite
def mutation(draw):
    """One edit: (operation, position, second position, payload)."""
    op = draw(st.sampled_from(["drop", "duplicate", "swap", "digit", "grow", "add-pipe", "drop-pipe", "blank", "cut"]))
    return op, draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)), draw(st.sampled_from("0123456789-|% "))


def apply_mutations(lines: list[str], edits: list[tuple[str, int, int, str]]) -> str:
    """The lines after each edit in turn (positions are taken modulo the current length)."""
    lines = list(lines)
    for op, a, b, payload in edits:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "blank":
            lines.insert(i, "")
        elif op == "cut":
            lines = lines[:max(i, 1)]
        else:
            line = lines[i]
            if op == "digit":
                digits = [k for k, c in enumerate(line) if c.isdigit()]
                if digits:
                    k = digits[b % len(digits)]
                    line = line[:k] + (payload if payload != "|" else "7") + line[k + 1:]
            elif op == "grow":  # a run of digits where a digit stands: long counts, long decimals
                digits = [k for k, c in enumerate(line) if c.isdigit()]
                if digits:
                    k = digits[b % len(digits)]
                    line = line[:k] + str(b) * 5 + line[k:]
            elif op == "add-pipe":
                k = b % (len(line) + 1)
                line = line[:k] + "|" + line[k:]
            elif op == "drop-pipe":
                pipes = [k for k, c in enumerate(line) if c == "|"]
                if pipes:
                    k = pipes[b % len(pipes)]
                    line = line[:k] + line[k + 1:]
            lines[i] = line
    return "\n".join(lines)


@st.composite
def pipe_table(draw) -> list[str]:
    """A small statistics table as lines: a row per line (outer pipes or not) or a cell per line."""
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=2, max_size=8, unique=True))
    rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), min_size=1, max_size=6))
    layout = draw(st.sampled_from(["row", "outer", "cell", "plain", "side", "across", "padded"]))
    grid = [header, *rows]
    if layout == "row":
        return [" | ".join(r) for r in grid]
    if layout == "outer":
        return ["| " + " | ".join(r) + " |" for r in grid]
    if layout == "plain":  # one cell per paragraph, blank lines between
        return [line for r in grid for c in r for line in (c, "")]
    if layout == "side":  # two units side by side, the last row padded with bare pipes
        halves = [header + header] + [a + b for a, b in zip(rows[::2], rows[1::2])]
        if len(rows) % 2:
            halves.append(rows[-1] + [""] * len(header))
        return [f"{c} |" for r in halves for c in r]
    if layout == "across":  # units as columns
        return [" | ".join(col) + " |" for col in zip(*grid)]
    # a caption and a header group padded to the table's width with bare pipes
    return ["| 附表 | " + "|" * (len(header) - 1), *(f"{c} |" for c in header[:2]), "|" * (len(header) - 2),
            *(f"{c} |" for c in header[2:]), *(f"{c} |" for r in rows for c in r)]


#: Lines that give a table context: the seed's opening figures and the attachment caption.
PREAMBLE = SEED_LINES[:2] + ["附件", "2020年5月份12345公眾服務熱線工單辦理統計表"]
