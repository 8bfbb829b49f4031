"""The data dictionary, generated from the pyarrow schemas so it cannot drift from the code.

It is the page ``docs/data_dictionary.md``, between two marker comments:
``python -m hotline_etl.dataset.dictionary --write docs/data_dictionary.md`` rewrites that
section, ``--check docs/data_dictionary.md`` exits 1 when it is stale, and with no option
the dictionary is printed. Every column must carry a
``description`` in its field metadata: rendering refuses a schema where one
is missing or blank.

>>> "| `received` | int64 |" in render()
True
>>> missing_descriptions({})
[]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Mapping

import pyarrow as pa

from .schema import PARTITION_SCHEMA, SCHEMA_VERSION, SOURCE_TYPE, TABLES

#: Where the repository keeps the generated dictionary: a docs page, between the markers.
DICTIONARY_PATH = Path("docs/data_dictionary.md")
BEGIN = "<!-- data-dictionary:begin -->"
END = "<!-- data-dictionary:end -->"

#: The command that regenerates it (printed in its header and in the stale-file message).
REGENERATE = "python -m hotline_etl.dataset.dictionary --write docs/data_dictionary.md"

_DESCRIPTION = b"description"
_TABLE_DESCRIPTION = b"hotline_etl.description"


class MissingDescription(ValueError):
    """A schema column (or table) has no description; the message lists every one."""


def missing_descriptions(tables: Mapping[str, pa.Schema] = TABLES) -> list[str]:
    """``table.column`` of every field without a non-blank description (``table`` alone for a table).

    >>> bare = pa.schema([pa.field("x", pa.int64())], metadata={b"hotline_etl.description": b"t"})
    >>> missing_descriptions({"t": bare})
    ['t.x']
    """
    missing = []
    for table, schema in tables.items():
        if not (schema.metadata or {}).get(_TABLE_DESCRIPTION, b"").strip():
            missing.append(table)
        missing += [f"{table}.{f.name}" for f in schema if not (f.metadata or {}).get(_DESCRIPTION, b"").strip()]
    return missing


def type_name(type_: pa.DataType) -> str:
    """A short, reader-facing name of an Arrow type.

    >>> type_name(pa.dictionary(pa.int32(), pa.string())), type_name(pa.list_(pa.string()))
    ('string (dictionary)', 'list<string>')
    """
    if type_ == SOURCE_TYPE:
        return "source struct"
    if pa.types.is_dictionary(type_):
        return f"{type_name(type_.value_type)} (dictionary)"
    if pa.types.is_list(type_):
        return f"list<{type_name(type_.value_type)}>"
    if pa.types.is_map(type_):
        return f"map<{type_name(type_.key_type)}, {type_name(type_.item_type)}>"
    if pa.types.is_date32(type_):
        return "date"
    return str(type_)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(tables: Mapping[str, pa.Schema] = TABLES) -> str:
    """The data dictionary as Markdown: one section per table, one row per column.

    Raises :class:`MissingDescription` naming every column without a description.

    >>> render().splitlines()[0]
    '# Data dictionary'
    """
    missing = missing_descriptions(tables)
    if missing:
        raise MissingDescription(f"no description for {', '.join(missing)}: give each field "
                                 f"metadata={{'description': ...}} in hotline_etl/dataset/schema.py")
    year = PARTITION_SCHEMA.field("year")
    lines = [
        "# Data dictionary",
        "",
        f"<!-- Generated from hotline_etl/dataset/schema.py by `{REGENERATE}`; do not edit by hand. -->",
        "",
        f"Schema version {SCHEMA_VERSION}. Every table lives in its own folder of the dataset root, partitioned "
        f"`year=YYYY`; `year` ({type_name(year.type)}) is the partition key, not a column inside the files: "
        f"{_cell(year.metadata[_DESCRIPTION].decode())} "
        "`X_raw` columns hold text as printed, `X` beside them the same text in simplified script; "
        "`nullable` says whether the column may be null.",
        "",
        "Tables: " + ", ".join(f"[`{t}`](#{t})" for t in tables) + ".",
        "",
        "A `source struct` is where a value is printed in the source document: "
        + ", ".join(f"`{f.name}` ({f.type})" for f in SOURCE_TYPE) + ".",
    ]
    for table, schema in tables.items():
        lines += ["", f"## {table}", "", _cell(schema.metadata[_TABLE_DESCRIPTION].decode()), "",
                  "| column | type | nullable | description |", "|---|---|---|---|"]
        for f in schema:
            lines.append(f"| `{f.name}` | {type_name(f.type)} | {'yes' if f.nullable else 'no'} | "
                         f"{_cell(f.metadata[_DESCRIPTION].decode())} |")
    return "\n".join(lines) + "\n"


def section(text: str) -> str | None:
    """The dictionary section of a page (between the markers), or None when it has none."""
    if BEGIN not in text or END not in text:
        return None
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def embed(text: str, dictionary: str) -> str:
    """``text`` with its dictionary section replaced by ``dictionary``."""
    if section(text) is None:
        raise ValueError(f"no {BEGIN} … {END} markers")
    head, rest = text.split(BEGIN, 1)
    return f"{head}{BEGIN}\n{dictionary}{END}{rest.split(END, 1)[1]}"


def main(argv: list[str] | None = None) -> int:
    """Print the dictionary; ``--write PATH`` rewrites PATH's section, ``--check PATH`` exits 1 when it is stale."""
    parser = argparse.ArgumentParser(prog="python -m hotline_etl.dataset.dictionary", description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", metavar="PATH", type=Path,
                       help="exit 1 when the dictionary section of PATH differs from the generated dictionary")
    group.add_argument("--write", metavar="PATH", type=Path, help="rewrite the dictionary section of PATH")
    args = parser.parse_args(argv)
    try:
        text = render()
    except MissingDescription as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    path = args.check or args.write
    if path is None:
        sys.stdout.write(text)
        return 0
    try:
        current = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    if section(current) is None:
        print(f"error: {path} has no {BEGIN} … {END} markers", file=sys.stderr)
        return 1
    if args.write:
        path.write_text(embed(current, text), encoding="utf-8")
        return 0
    if section(current) != text:
        print(f"{path} is stale: regenerate it with `{REGENERATE}`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
