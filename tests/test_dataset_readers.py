"""pandas, pyarrow, DuckDB and Polars open the dataset with nothing but its path; open_dataset adds views."""

import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import hotline_etl
from hotline_etl.cli import main
from hotline_etl.dataset import TABLE_NAMES, ingest

from test_dataset_incremental import make_small_archive


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("readers")
    ingest(make_small_archive(root / "archive"), root / "out", workers=1)
    return root / "out"


def test_every_engine_opens_a_table_by_its_path(out):
    ds = hotline_etl.open_dataset(out)
    n = len(ds.unit_stats)
    assert n == 5 * 60
    assert len(pd.read_parquet(out / "unit_stats")) == n
    assert pq.read_table(out / "unit_stats").num_rows == n
    assert pads.dataset(out / "unit_stats", partitioning="hive").count_rows() == n
    assert duckdb.sql(f"select count(*) from '{out}/unit_stats/**/*.parquet'").fetchall() == [(n,)]
    assert pl.read_parquet(out / "unit_stats").height == n
    assert pl.scan_parquet(out / "unit_stats").select(pl.len()).collect().item() == n
    years = duckdb.sql(f"select distinct year from '{out}/bulletins/**/*.parquet' order by year").fetchall()
    assert years == [(2019,), (2020,)]


def test_tables_load_lazily_as_dataframes(out):
    ds = hotline_etl.open_dataset(out)
    assert ds._frames == {}
    assert list(ds.errors.error_class.astype(str)) in (["UnreadableDocument", "NotABulletin"],
                                                        ["NotABulletin", "UnreadableDocument"])
    assert set(ds._frames) == {"errors"}
    assert set(TABLE_NAMES) <= set(dir(ds))
    with pytest.raises(AttributeError):
        ds.no_such_table


def test_duckdb_views_and_polars(out):
    ds = hotline_etl.open_dataset(out)
    con = ds.duckdb()
    assert con is ds.con
    rows = con.sql("""
        select b.period_start, s.unit_raw, s.handled
        from unit_stats s join bulletins b using (bulletin_id)
        where s.is_total order by b.period_start""").fetchall()
    assert [str(r[0]) for r in rows] == ["2019-03-01", "2019-05-01", "2019-07-01", "2020-02-01", "2020-12-01"]
    assert {r[1] for r in rows} == {"合計", "合计"}
    assert con.sql("select count(*) from findings").fetchall() == [(len(ds.findings),)]
    overdue = (ds.polars("unit_mentions").filter(pl.col("list_name") == "overdue")
               .group_by("bulletin_id").agg(pl.col("count").sum()).collect())
    totals = dict(zip(ds.bulletins.bulletin_id, ds.bulletins.overdue_total))
    assert all(totals[bid] == n for bid, n in overdue.iter_rows())


def test_missing_duckdb_names_the_extra(out, monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(ImportError, match=r"hotline_etl\[query\]"):
        hotline_etl.open_dataset(out).duckdb()


def test_dataset_command_prints_the_summary(out, capsys):
    assert main(["dataset", str(out)]) == 0
    text = capsys.readouterr().out
    assert "5 bulletins, 2 unreadable files" in text and "2019: 3, 2020: 2" in text
    assert "unit_stats 300" in text and "findings" in text


def test_ingest_command_exit_status(out, tmp_path, capsys):
    archive = make_small_archive(tmp_path / "archive")
    assert main(["ingest", str(archive), str(tmp_path / "o"), "--workers", "1"]) == 0
    assert main(["ingest", str(archive), str(tmp_path / "o"), "--workers", "1", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "0 parsed" in err and "7 unchanged (skipped)" in err and "2 archive files cannot be parsed" in err
    assert main(["ingest", str(tmp_path / "missing"), str(tmp_path / "o")]) == 2
