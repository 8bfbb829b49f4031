"""The data dictionary (docs/data_dictionary.md) is generated from the pyarrow schemas: every column needs a description, and
the committed section must be what the generator writes today."""

import pyarrow as pa
import pytest

from hotline_etl.dataset import dictionary
from hotline_etl.dataset.schema import TABLES

COMMITTED = dictionary.DICTIONARY_PATH


def test_every_schema_column_has_a_description():
    assert dictionary.missing_descriptions() == []


def test_committed_dictionary_is_generated_from_the_schemas():
    assert dictionary.section(COMMITTED.read_text(encoding="utf-8")) == dictionary.render(), (
        f"{COMMITTED} is stale: regenerate it with `{dictionary.REGENERATE}`")


def test_dictionary_lists_every_table_and_column():
    text = dictionary.render()
    for table, schema in TABLES.items():
        section = text.split(f"\n## {table}\n", 1)[1].split("\n## ", 1)[0]
        rows = [line for line in section.splitlines() if line.startswith("| `")]
        assert [row.split("`")[1] for row in rows] == schema.names
    assert "| `received` | int64 | yes | Orders received this period (受理案件數). |" in text
    assert "| `period_start` | date | yes | First day of the reporting period (null when unknown). |" in text
    assert "| `bulletin_id` | string | no |" in text
    assert "| `grade` | string (dictionary) | yes | Grade 等級評價 as printed (A-E). |" in text


def _with_field(table, field):
    tables = dict(TABLES)
    tables[table] = TABLES[table].append(field)
    return tables


@pytest.mark.parametrize("metadata", [None, {"description": "  "}])
def test_a_column_without_description_is_refused(metadata):
    tables = _with_field("unit_stats", pa.field("backlog", pa.int64(), metadata=metadata))
    assert dictionary.missing_descriptions(tables) == ["unit_stats.backlog"]
    with pytest.raises(dictionary.MissingDescription, match=r"no description for unit_stats\.backlog"):
        dictionary.render(tables)


def test_a_schema_change_makes_the_committed_file_stale(tmp_path, capsys):
    tables = _with_field("unit_stats", pa.field("backlog", pa.int64(), metadata={"description": "Orders left over."}))
    assert "| `backlog` | int64 | yes | Orders left over. |" in dictionary.render(tables)
    assert dictionary.render(tables) != dictionary.section(COMMITTED.read_text(encoding="utf-8"))

    readme = COMMITTED.read_text(encoding="utf-8")
    stale = tmp_path / "README.md"
    stale.write_text(readme.replace("Orders handled (辦理數).", "Orders handled."), encoding="utf-8")
    assert dictionary.main(["--check", str(stale)]) == 1
    assert capsys.readouterr().err == f"{stale} is stale: regenerate it with `{dictionary.REGENERATE}`\n"
    assert dictionary.main(["--write", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == readme
    assert dictionary.main(["--check", str(COMMITTED)]) == 0
    assert dictionary.main([]) == 0
    assert capsys.readouterr().out == dictionary.section(readme)


def test_docstring_examples():
    import doctest

    result = doctest.testmod(dictionary, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
