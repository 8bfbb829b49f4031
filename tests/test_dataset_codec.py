"""A document's rows travel from a worker as columns and become Arrow once per row group: the same rows."""

import datetime as dt
import hashlib
import pickle
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import hotline_etl
from hotline_etl.dataset.codec import decode_columns, encode_columns
from hotline_etl.dataset.rows import SourceInfo, bulletin_columns, bulletin_rows
from hotline_etl.dataset.schema import TABLES
from hotline_etl.dataset.worker import to_arrow
from hotline_etl.dataset.writer import file_schema
from hotline_etl.document import Origin

SEED = Path("fixtures/seed/000_0bd1a52a453bee82.txt")


def _source(data: bytes, name: str) -> SourceInfo:
    return SourceInfo(name, hashlib.sha256(data).hexdigest(), len(data), "txt")


@pytest.fixture(scope="module")
def seed():
    data = SEED.read_bytes()
    return hotline_etl.parse(data), _source(data, "seed.txt")


def test_columns_are_the_rows_table_by_table_in_schema_order(seed):
    bulletin, src = seed
    columns, rows = bulletin_columns(bulletin, src), bulletin_rows(bulletin, src)
    assert list(columns) == list(rows) == ["categories", "unit_stats", "tables", "unit_mentions", "cases",
                                           "hot_topics", "sections", "findings", "figures", "warnings", "bulletins"]
    for table, cols in columns.items():
        assert list(cols) == TABLES[table].names
        assert {len(values) for values in cols.values()} == {len(rows[table])}
    stats = columns["unit_stats"]
    assert stats["unit_raw"][0] == "縣市場監督管理局" and stats["unit"][0] == "县市场监督管理局"
    assert stats["received"][:3] == [245, 212, 181]
    assert stats["source"][0] == Origin(line=28, char=0)  # the Origin itself; the row view has a dict
    assert rows["unit_stats"][0]["source"] == {"line": 28, "char": 0, "page": None, "paragraph": None,
                                               "table": None, "row": None, "col": None, "ocr": None,
                                               "confidence": None}


def test_two_documents_decoded_at_once_equal_their_rows_built_one_by_one(seed):
    bulletin, src = seed
    other = SEED.read_bytes() + b"\n"  # other bytes: another bulletin_id, the same record
    other_src = _source(other, "copy.txt")
    blobs = [encode_columns(bulletin_columns(bulletin, src)),
             encode_columns(bulletin_columns(hotline_etl.parse(other), other_src))]
    for table in ("unit_stats", "tables", "findings", "bulletins"):
        schema = file_schema(table)
        together = decode_columns(table, [b[table] for b in blobs], schema)
        one_by_one = pa.concat_tables([to_arrow(table, bulletin_rows(bulletin, src)[table]),
                                       to_arrow(table, bulletin_rows(hotline_etl.parse(other), other_src)[table])])
        assert together.equals(one_by_one, check_metadata=True), table
    bulletins = decode_columns("bulletins", [b["bulletins"] for b in blobs])
    assert bulletins.column("bulletin_id").to_pylist() == [src.bulletin_id, other_src.bulletin_id]
    assert bulletins.column("period_start").to_pylist() == [dt.date(2020, 5, 1)] * 2


def test_a_value_that_does_not_fit_its_column_names_the_bulletin():
    good = {"bulletin_id": ["aaaa"], "period_start": [None], "position": [1], "code": ["period-missing"],
            "message": ["m"], "source": [None]}
    bad = {**good, "bulletin_id": ["bbbb"], "position": ["first"]}  # encode_columns would refuse it
    blobs = [encode_columns({"warnings": good})["warnings"], pickle.dumps(bad)]
    with pytest.raises(ValueError, match="rows of bulletin bbbb do not fit the warnings table's schema"):
        decode_columns("warnings", blobs)


def test_a_worker_that_parses_text_imports_neither_the_other_readers_nor_pandas_nor_the_ingest_loop():
    code = ("import sys, hotline_etl.dataset.executors, hotline_etl.dataset.worker\n"
            "print(sorted(m for m in ('pdfplumber', 'docx', 'hotline_etl.readers.pdf', 'hotline_etl.readers.docx',"
            " 'hotline_etl.readers.image', 'hotline_etl.readers.office', 'pandas', 'pyarrow.dataset',"
            " 'hotline_etl.dataset.coordinator', 'hotline_etl.dataset.archive_audit', 'hotline_etl.dataset.reader')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_ingest_runs_the_archive_audit_without_importing_it_first():
    code = ("import sys\nfrom hotline_etl.dataset import ingest\n"
            "from hotline_etl.dataset.coordinator import ARCHIVE_STAGES\n"
            "print(list(ARCHIVE_STAGES), 'hotline_etl.dataset.archive_audit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['archive-audit'] False"


def test_runs_travel_once_and_come_back_row_by_row():
    columns = {"bulletin_id": ["aaaa", "aaaa"], "period_start": [None, None], "position": [1, 2],
               "code": ["period-missing", "unit-unresolved"], "message": ["m", "n"],
               "source": [Origin(line=4, char=2), None]}
    blob = encode_columns({"warnings": columns})["warnings"]
    assert pickle.loads(blob)["#runs"] == {"bulletin_id": (["aaaa"], [2]), "period_start": ([None], [2])}
    assert decode_columns("warnings", [blob]).to_pylist() == [
        {"bulletin_id": "aaaa", "period_start": None, "position": 1, "code": "period-missing", "message": "m",
         "source": {"line": 4, "char": 2, "page": None, "paragraph": None, "table": None, "row": None, "col": None,
                    "ocr": None, "confidence": None}},
        {"bulletin_id": "aaaa", "period_start": None, "position": 2, "code": "unit-unresolved", "message": "n",
         "source": None}]


def test_a_count_its_column_cannot_hold_makes_the_document_an_errors_row(monkeypatch):
    from hotline_etl.dataset import worker

    def with_a_huge_count(bulletin, src):
        columns = bulletin_columns(bulletin, src)
        columns["unit_stats"]["received"][0] = 10 ** 25  # 25 digits run together: more than int64 holds
        return columns

    monkeypatch.setattr(worker, "bulletin_columns", with_a_huge_count)
    sha = hashlib.sha256(SEED.read_bytes()).hexdigest()
    outcome = worker.process_document(worker.Job(str(SEED.parent), (SEED.name,), sha, "/unused"))
    assert (outcome.status, outcome.error_class, outcome.tables) == ("error", "ValueError", {"errors": 1})
    assert outcome.error == "unit_stats.received: 10000000000000000000000000 does not fit int64"
    row = worker.tables_of(outcome)["errors"].to_pylist()[0]
    assert (row["error_kind"], row["source_path"]) == ("internal error", SEED.name)


def test_a_row_group_decoded_a_few_documents_at_a_time_is_the_same_file(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from hotline_etl.dataset import writer as writer_module

    docs = []
    for i in range(5):  # five copies with other bytes: five bulletin_ids, the same record
        data = SEED.read_bytes() + b"\n" * (i + 1)
        columns = bulletin_columns(hotline_etl.parse(data), _source(data, f"copy{i}.txt"))
        docs.append((encode_columns(columns), {t: len(c["bulletin_id"]) for t, c in columns.items()}))

    def written(decode_bytes: int, folder: str) -> pa.Table:
        monkeypatch.setattr(writer_module, "DECODE_BYTES", decode_bytes)
        batch = writer_module.BatchWriter(tmp_path / folder, "r1-b1")
        for streams, rows in docs:
            batch.add_streams({"unit_stats": streams["unit_stats"]}, {"unit_stats": rows["unit_stats"]}, 2020)
        (staged,) = batch.close()
        assert staged.rows == 5 * 60
        return pq.read_table(staged.tmp)

    one_at_a_time = written(1, "small")  # every document decoded on its own
    all_at_once = written(1 << 30, "large")
    assert one_at_a_time.equals(all_at_once, check_metadata=True)
    assert one_at_a_time.column("bulletin_id").to_pylist()[::60] == [
        _source(SEED.read_bytes() + b"\n" * (i + 1), "x").bulletin_id for i in range(5)]
