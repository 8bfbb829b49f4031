"""The Parquet dataset contract (SPEC §6): every table's explicit pyarrow schema.

One module holds every column of every table, each with a ``description``
in its field metadata; each file's schema metadata carries
:data:`SCHEMA_VERSION`, the table name and the versions that produced it.
Layout of a dataset root::

    OUT_DIR/<table>/year=<YYYY>/<bulletin_id>.parquet

``year`` is the year of ``period_start`` (:data:`UNKNOWN_YEAR` = 0 when the
period has no known year, and for every ``errors`` row). It exists only as
the hive partition key, never inside the files.

Conventions: ``X_raw`` is a string as printed (after the safe repairs of
:mod:`hotline_etl.repair`); ``X`` beside it is the same text converted to
simplified script with OpenCC (``OPENCC_CONFIG``). Counts are int64,
percentages float64 with ``*_decimals`` (decimals as printed) and ``*_raw``
(the printed text). Low-cardinality labels are dictionary-encoded.

>>> TABLES["unit_stats"].field("received").metadata[b"description"].decode()[:24]
'Orders received this per'
>>> TABLE_NAMES[:3]
('bulletins', 'categories', 'unit_stats')
"""

from __future__ import annotations

import pyarrow as pa

#: Bumped whenever a column is added, removed, renamed or retyped (2: bulletins.scope and the ``tables`` table;
#: 3: bulletins.period_granularity, period_month_start, period_month_end; 4: the ``figures`` table and
#: bulletins.headline_approximate; 5: categories.list_name and classification, bulletins.request_type_rows;
#: 6: the source struct's ``ocr`` and ``confidence``; 7: bulletins.duplicate_of, findings.scope, findings.field
#: and findings.bulletin_ids; 8: bulletins.reading_notes).
SCHEMA_VERSION = 8

#: Partition value for documents whose period has no known year (and for errors).
UNKNOWN_YEAR = 0

#: The hive partitioning of every table: ``year=YYYY`` directories.
PARTITION_SCHEMA = pa.schema([pa.field("year", pa.int32(), metadata={
    "description": "Hive partition key: year of period_start; 0 when the year is unknown (and for errors rows)."})])

#: Keys written into every file's schema metadata.
META_SCHEMA_VERSION = b"hotline_etl.schema_version"
META_TABLE = b"hotline_etl.table"
META_PARSER_VERSION = b"hotline_etl.parser_version"

_LABEL = pa.dictionary(pa.int32(), pa.string())

#: Where a value was printed (see hotline_etl.document.Origin); every field 1-based except ``char``.
SOURCE_TYPE = pa.struct([
    pa.field("line", pa.int32()), pa.field("char", pa.int32()), pa.field("page", pa.int32()),
    pa.field("paragraph", pa.int32()), pa.field("table", pa.int32()), pa.field("row", pa.int32()),
    pa.field("col", pa.int32()), pa.field("ocr", pa.bool_()), pa.field("confidence", pa.float32()),
])
_SOURCE_DESC = ("Where it is printed in the source: struct of line (1-based line of the text), char (0-based offset "
                "in that line), page, paragraph, table, row, col (1-based, for PDF/DOCX/HTML containers), ocr (true "
                "when read by OCR from a page image) and confidence (the recogniser's, 0-1, of the token printed "
                "there); null fields unknown or not OCR'd.")


def _f(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def _key() -> list[pa.Field]:
    return [
        _f("bulletin_id", pa.string(), "Document key: first 16 hex digits of the SHA-256 of the source file's bytes.",
           nullable=False),
        _f("period_start", pa.date32(), "First day of the reporting period (null when unknown)."),
    ]


def _unit(prefix: str, what: str) -> list[pa.Field]:
    """Resolved-unit columns (filled by the unit-resolution stage; null before it or when unresolved)."""
    return [
        _f(f"{prefix}_id", pa.string(), f"Stable unit id of {what}: a registry id (e.g. 'yueyang.court'), or for a unit "
                                        "the registry does not know a derived id 'derived:<scope>/<name key>' (e.g. "
                                        "'derived:灌云县/公安局'), the same in every bulletin of that scope; null when "
                                        "not resolved."),
        _f(f"{prefix}_name", pa.string(), f"Canonical (simplified-script) registry name of {what}; for a derived id the "
                                          "name as printed here, folded to simplified script; null when not resolved."),
        _f(f"{prefix}_kind", _LABEL, f"Kind of {what} in the registry (township, subdistrict, county_department, court, "
                                     "enterprise, park, other); guessed from the name's ending for a derived id; null "
                                     "when not resolved."),
        _f(f"{prefix}_method", _LABEL, f"How {what} was resolved: exact (the folded name is a registry name or alias), "
                                       "rule (equal after the prefix/suffix/abbreviation rules, or a damaged name "
                                       "matching one unit), fuzzy (one registry unit is nearly identical), derived (no "
                                       "registry unit comes near: an id made from the folded name within the "
                                       "bulletin's scope), unresolved (ambiguous, damaged, not a unit name, or no "
                                       "scope); null before resolution."),
        _f(f"{prefix}_score", pa.float64(), f"Resolution score of {what} (method-specific); null when not scored."),
        _f(f"{prefix}_candidates", pa.list_(pa.string()), f"Closest registry candidates for {what} when not resolved with certainty."),
        _f(f"{prefix}_damaged", pa.bool_(), f"True when the printed name of {what} has lost characters (such as ?h); null before resolution."),
    ]


def _percent(name: str, what: str) -> list[pa.Field]:
    return [
        _f(f"{name}_pct", pa.float64(), f"{what}, in percent, as printed (value only)."),
        _f(f"{name}_decimals", pa.int8(), f"Number of decimals {what} is printed with."),
        _f(f"{name}_raw", pa.string(), f"{what} exactly as printed, e.g. '89.18%'."),
    ]


def _schema(table: str, description: str, fields: list[pa.Field]) -> pa.Schema:
    return pa.schema(fields, metadata={
        META_SCHEMA_VERSION: str(SCHEMA_VERSION).encode(),
        META_TABLE: table.encode(),
        b"hotline_etl.description": description.encode(),
    })


_HEADLINE = [
    ("hotline_orders_received", "Hotline work orders received (共受理12345熱線工單N件)."),
    ("mailbox_letters", "Mayor's and county-head mailbox letters (市長信箱和縣長信箱信件共N件)."),
    ("praise", "Letters of praise received (表揚件N件)."),
    ("direct_answers", "Orders answered directly by the hotline office (直接解答N件)."),
    ("dispatched", "Orders dispatched to units (向相關部門單位批轉N件)."),
    ("completed", "Orders completed (已辦結N件)."),
    ("in_progress", "Orders still being handled (在辦N件)."),
]

BULLETINS = _schema("bulletins", "One row per parsed document.", _key() + [
    _f("period_end", pa.date32(), "Last day of the reporting period (null when unknown)."),
    _f("period_label_raw", pa.string(), "The period phrase as printed, e.g. '5月份'."),
    _f("period_label", pa.string(), "The period phrase in simplified script."),
    _f("period_kind", _LABEL, "Kind of phrase that stated the period: month, months, quarter, half_year, year, week, "
                              "range, days (a day range printing no month), holiday (a holiday printing no dates) or "
                              "open (open-ended, e.g. 今年以来); null when no period was found."),
    _f("period_granularity", _LABEL, "Span the period covers: month, quarter, half_year, week (5-8 days), range or "
                                     "cumulative (months from January, or open-ended); null when no period was found."),
    _f("period_month_start", pa.int8(), "Month (1-12) of the period's first day, also when its year is unknown; "
                                        "null when no month is printed."),
    _f("period_month_end", pa.int8(), "Month (1-12) of the period's last day, also when its year is unknown (1 for "
                                      "12月30日-1月5日); null when no month is printed."),
    _f("source_path", pa.string(), "Path of the source file relative to the ingested archive directory (POSIX separators); "
                                   "the first in sorted order when byte-identical copies exist."),
    _f("source_format", _LABEL, "Container format detected from the bytes: txt, html, docx, pdf, image (read by OCR), "
                                  "ole (.doc/.wps) or rtf (converted by LibreOffice)."),
    _f("source_encoding", _LABEL, "Text encoding of the source (txt/html); null for docx/pdf."),
    _f("source_sha256", pa.string(), "SHA-256 of the source file's bytes (64 hex digits).", nullable=False),
    _f("source_size", pa.int64(), "Size of the source file in bytes."),
    _f("script", _LABEL, "Script of the document: traditional, simplified or mixed."),
    _f("issuer_raw", pa.string(), "Issuing office as printed in the sign-off, e.g. '岳陽縣熱線辦'."),
    _f("issuer", pa.string(), "Issuing office in simplified script."),
    _f("scope", pa.string(), "The area the bulletin speaks for, as far as its sign-off, title or body tells "
                             "(innermost, simplified script: '岳阳县', '连云港市', '君山区'), else the city (or "
                             "province) its units' names lie in by the gazetteer; derived unit ids are made within "
                             "it; null when neither names one (全县, 我市 only, and units without place names)."),
    _f("issued_on", pa.date32(), "Issue date printed in the sign-off."),
] + [_f(name, pa.int64(), desc) for name, desc in _HEADLINE] + [
    _f("headline_approximate", pa.list_(pa.string()),
       "Headline columns whose figure is printed approximately (in 萬, or with 近/約/餘: 9.67萬件 is 96700): "
       "their value is not exact; the figures table has the printed number and its precision."),
] + [
    _f("overdue_total", pa.int64(), "Stated total of overdue orders (超期辦結工單N件); null when not stated."),
    _f("mailbox_overdue_total", pa.int64(), "Stated total of overdue mailbox letters (市長信箱超期N件)."),
    _f("returned_total", pa.int64(), "Stated total of orders sent back for redoing (退回重辦N件)."),
    _f("category_rows", pa.int32(), "Number of the document's categories (its rows in categories with list_name "
                                    "'categories')."),
    _f("request_type_rows", pa.int32(), "Number of the document's request types (its rows in categories with "
                                        "list_name 'request_types'); 0 when the request types are the categories."),
    _f("unit_stat_rows", pa.int32(), "Number of unit rows of the statistics table (total row not counted); 0 when no table."),
    _f("has_total_row", pa.bool_(), "True when the statistics table has a total (合計) row."),
    _f("table_layout", _LABEL, "How the statistics table was laid out in the source (table report); null when no table."),
    _f("reading_notes", pa.list_(pa.string()), "What the reader did or inferred (page numbers, running headers and "
                                               "doubled glyphs dropped, tables joined across pages, the charset "
                                               "used ...) and how the statistics table was recovered (layout, rows x "
                                               "columns, cells read, confidence): Bulletin.reading_notes, in order."),
    _f("case_rows", pa.int32(), "Number of typical cases."),
    _f("hot_topic_rows", pa.int32(), "Number of hot topics."),
    _f("warning_count", pa.int32(), "Number of parse warnings (rows in warnings)."),
    _f("finding_count", pa.int32(), "Number of the document's own audit findings (its rows in findings with scope "
                                    "'bulletin'); archive findings are not counted."),
    _f("duplicate_of", pa.string(), "bulletin_id of the canonical copy when this document is another file of the same "
                                    "bulletin (same area, period and extracted figures; set by the archive audit, "
                                    "docs/archive_audit.md): its rows are left out of the fact tables by open_dataset "
                                    "unless duplicates=True; null for a canonical or unique bulletin."),
    _f("parser_version", _LABEL, "hotline_etl version that parsed the document."),
    _f("schema_version", pa.int32(), "Dataset schema version (SCHEMA_VERSION) the row was written with."),
    _f("opencc_version", _LABEL, "OpenCC version used for the simplified-script columns."),
    _f("opencc_config", _LABEL, "OpenCC configuration used for the simplified-script columns (t2s)."),
])

CATEGORIES = _schema("categories", "One row per class of requests the bulletin counts: its categories and, when "
                                   "it also classifies by subject, its request types (list_name tells them apart).",
                     _key() + [
    _f("list_name", _LABEL, "Which list of the record the row is in: 'categories' (the bulletin's classification of "
                            "requests) or 'request_types' (投诉 / 咨询 / 求助 … printed beside subject categories)."),
    _f("classification", _LABEL, "What the classes are: 'subject' (城乡建设类, 社会保险 …) or 'request_type' (投诉类, "
                                 "咨询类 …); categories are request types only when the bulletin prints no subject "
                                 "classification."),
    _f("rank", pa.int16(), "Rank as printed (1 = first; never re-sorted; a class printed with an approximate count "
                           "such as 1.2万件 is left out but keeps its place)."),
    _f("category_raw", pa.string(), "Category name as printed, e.g. '人力資源和社會保障類'."),
    _f("category", pa.string(), "Category name in simplified script."),
    _f("count", pa.int64(), "Orders in the category; null when not printed."),
] + _percent("share", "Printed share of the category") + [
    _f("source", SOURCE_TYPE, _SOURCE_DESC),
])

_COUNTS = [
    ("received", "Orders received this period (受理案件數)."),
    ("due", "Orders due to be handled, carry-over included (應辦理數)."),
    ("handled", "Orders handled (辦理數)."),
    ("on_time", "Orders handled on time (按期辦理數)."),
    ("rework", "Orders sent back for rework (返工數)."),
]

UNIT_STATS = _schema("unit_stats", "One row per row of the statistics table, the total (合計) row included and flagged.",
                     _key() + [
    _f("row_number", pa.int32(), "1-based position of the row in the table (the total row comes last)."),
    _f("is_total", pa.bool_(), "True for the total (合計) row.", nullable=False),
    _f("unit_raw", pa.string(), "Unit as printed in the table, e.g. '岳陽縣城市管理綜合執法局'."),
    _f("unit", pa.string(), "Unit as printed, in simplified script."),
] + _unit("unit", "the row's unit") + [_f(n, pa.int64(), d) for n, d in _COUNTS[:3]]
  + _percent("completion_rate", "Completion rate 辦結率 (handled / due)")
  + [_f(_COUNTS[3][0], pa.int64(), _COUNTS[3][1])]
  + _percent("on_time_rate", "On-time rate 按期辦結率 (on_time / handled)")
  + [_f(_COUNTS[4][0], pa.int64(), _COUNTS[4][1])]
  + _percent("rework_rate", "Rework rate 返工率 (rework / due)") + [
    _f("grade", _LABEL, "Grade 等級評價 as printed (A-E)."),
    _f("extra", pa.map_(pa.string(), pa.string()), "Cells of columns without a column here (序号, 得分, 排名, and "
                                                   "headers the parser does not know): header path as printed -> cell text."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC + " (of the unit cell)"),
])

PRINTED_TABLES = _schema("tables", "Every table of every document in long form: one row per printed cell of a "
                                   "table's body, with its header path (per-unit, per-category, per-period and other "
                                   "tables alike; unit_stats maps the first per-unit table to fields).", _key() + [
    _f("table_index", pa.int32(), "1-based position of the table among the document's tables."),
    _f("table_kind", _LABEL, "What the table lists, one row per item: per_unit, per_category, per_period or other."),
    _f("table_caption", pa.string(), "The table's caption or title line as printed; null when none was found."),
    _f("table_layout", _LABEL, "How the table was printed, as read by the layout registry: table (a real DOCX/PDF/HTML "
                               "table), row-per-line, cell-per-line, cell-per-paragraph or spaced-columns, with "
                               "', side-by-side' or ', transposed' when units were printed side by side or as columns."),
    _f("is_statistics_table", pa.bool_(), "True for the table unit_stats holds (the document's first per-unit table)."),
    _f("table_cut", pa.bool_(), "True when the text ends inside the table (an excerpt cut it): its last row may be short."),
    _f("row_number", pa.int32(), "1-based row within the table's body, one row per item: units printed side by side "
                                 "are split and a table with units as columns is turned (see source for the printed place)."),
    _f("column_number", pa.int32(), "1-based column within the row."),
    _f("header_path_raw", pa.string(), "The column's header as printed; the labels of a grouped header joined with '/' "
                                       "(e.g. '派遣案件总数/12345热线/按时办结'); '#N' for a column without a header, and "
                                       "'#2' appended to a repeated one."),
    _f("header_path", pa.string(), "header_path_raw in simplified script."),
    _f("column_name", _LABEL, "The field (received, handled, completion_rate_pct ...) or measure (score, rank, open, "
                              "dissatisfied ...) the header names; null when the header vocabulary does not know it."),
    _f("cell_raw", pa.string(), "The cell exactly as printed (after safe repairs); '' for an empty or lost cell."),
    _f("cell", pa.string(), "The cell in simplified script."),
    _f("is_total", pa.bool_(), "True for a total row (合计, 总计 ...)."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC + " (of the cell)"),
])

#: Value of ``unit_mentions.list_name`` for the handling unit of a typical case.
CASE_HANDLER = "case_handler"

UNIT_MENTIONS = _schema("unit_mentions", "One row per unit named in a list of the text (outside cases and hot "
                                         "topics), and one per typical case's handling unit (list_name "
                                         "'case_handler').", _key() + [
    _f("list_name", _LABEL, "overdue (finished late: 超期办结, 逾期, 延迟回复 …), mailbox_overdue (a 信箱's overdue "
                            "units), returned (sent back for rework: 退回重办, 返工), overdue_open (still open past the "
                            "deadline: 超期未办理, 逾期未办结), top_township, top_department, commended, or case_handler "
                            "(the unit answering a typical case)."),
    _f("position", pa.int32(), "1-based position in the list; for case_handler the case number."),
    _f("unit_raw", pa.string(), "Unit as printed, e.g. '中洲鄉' or the damaged '?h市場監督管理局'."),
    _f("unit", pa.string(), "Unit as printed, in simplified script."),
] + _unit("unit", "the unit named") + [
    _f("count", pa.int64(), "Count printed with the unit (e.g. 2 for '中洲鄉2件'); null when none is printed."),
    _f("list_total", pa.int64(), "Total the text states for the whole list (e.g. 18); null when not stated."),
    _f("list_stated_units", pa.int32(), "Number of units the text says the list has (前三位, 等17個單位); null when not stated."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC),
])

CASES = _schema("cases", "One row per typical case (典型案例).", _key() + [
    _f("number", pa.int32(), "Case number as printed."),
    _f("caller_raw", pa.string(), "Caller as printed, e.g. '沈先生'."),
    _f("caller", pa.string(), "Caller in simplified script."),
    _f("contact_date", pa.date32(), "Date of the call (month/day printed; year from the period)."),
    _f("request_type", _LABEL, "投訴, 求助, 舉報, 咨詢 or 建議 as printed (simplified: 投诉 ...)."),
    _f("handler_raw", pa.string(), "Handling unit as printed at the start of the response."),
    _f("handler", pa.string(), "Handling unit in simplified script."),
] + _unit("handler", "the handling unit") + [
    _f("request_raw", pa.string(), "The caller's words as printed."),
    _f("request", pa.string(), "The caller's words in simplified script."),
    _f("response_raw", pa.string(), "The response as printed; null when it could not be separated."),
    _f("response", pa.string(), "The response in simplified script."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC),
])

HOT_TOPICS = _schema("hot_topics", "One row per hot topic (熱點難點).", _key() + [
    _f("position", pa.int32(), "1-based position in the section."),
    _f("topic_raw", pa.string(), "Topic as printed, e.g. '社會保障類'."),
    _f("topic", pa.string(), "Topic in simplified script."),
    _f("count", pa.int64(), "Orders on the topic; null when not printed."),
] + _percent("share", "Printed share of the topic") + [
    _f("focus_raw", pa.string(), "What the topic is mostly about, as printed."),
    _f("focus", pa.string(), "Focus text in simplified script."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC),
])

SECTIONS = _schema("sections", "One row per section of the document (basic, cases, hot_topics, attachment, title ...).",
                   _key() + [
    _f("position", pa.int32(), "1-based position of the section in the document."),
    _f("kind", _LABEL, "Section kind: basic, cases, hot_topics, attachment, title ..."),
    _f("heading_raw", pa.string(), "Heading as printed (null when the section has none)."),
    _f("heading", pa.string(), "Heading in simplified script."),
    _f("text_raw", pa.string(), "Whole section text as printed (after safe repairs), heading included."),
    _f("text", pa.string(), "Whole section text in simplified script."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC + " (of the first line)"),
])

FINDINGS = _schema("findings", "One row per audit finding: a stated figure the bulletin's own data contradict "
                               "(scope 'bulletin'), or other bulletins of the archive do (scope 'archive').",
                   _key() + [
    _f("position", pa.int32(), "1-based position among the document's findings."),
    _f("check", _LABEL, "Stable code of the audit rule, e.g. table-sum-mismatch."),
    _f("severity", _LABEL, "error, warning or info."),
    _f("subject", pa.string(), "What the finding is about (column, unit, list ...)."),
    _f("stated_value", pa.float64(), "The printed figure when it is a number."),
    _f("stated_raw", pa.string(), "The printed figure or text, as a string."),
    _f("computed_value", pa.float64(), "What the bulletin's own data give, when it is a number."),
    _f("computed_raw", pa.string(), "What the bulletin's own data give, as a string."),
    _f("delta", pa.float64(), "stated - computed when both are numbers."),
    _f("message", pa.string(), "Human-readable explanation."),
    _f("sources", pa.list_(SOURCE_TYPE), "Places in the source involved (list of source structs)."),
    _f("scope", _LABEL, "'bulletin' (the document's figures against each other, found when it is parsed) or 'archive' "
                        "(against other bulletins of the archive: duplicate-conflict, cumulative-mismatch, "
                        "cumulative-incomplete, carry-over-mismatch; filed under one of them)."),
    _f("field", _LABEL, "For an archive finding, the column compared: a bulletins headline column "
                        "(hotline_orders_received …), a unit_stats count (received, handled, on_time, rework) or "
                        "carry_over; null for bulletin findings and cumulative-incomplete."),
    _f("bulletin_ids", pa.list_(pa.string()), "For an archive finding, every bulletin involved, this one first (the "
                                              "other copy; the months summed; the previous month); null for bulletin "
                                              "findings."),
])

FIGURES = _schema("figures", "One row per stated figure of the text: phrase + number + unit (+ share), "
                             "whether or not it feeds a headline column.", _key() + [
    _f("position", pa.int32(), "1-based position among the document's stated figures (reading order)."),
    _f("phrase_raw", pa.string(), "The words before the number, back to the previous punctuation mark or figure, "
                                  "as printed, e.g. '共受理12345熱線工單'."),
    _f("phrase", pa.string(), "The phrase in simplified script; query it for figures without a column "
                              "(回访满意率, 接通率, 话务总量 ...)."),
    _f("number_raw", pa.string(), "The number as printed, e.g. '2557', '1,234', '9.67萬', '近4萬'; null when a "
                                  "mirror stripped the digits."),
    _f("value", pa.float64(), "The number's value (a count, or a percentage when unit is %); null when the "
                              "digits were stripped."),
    _f("unit", _LABEL, "Unit as printed: 件, 件次, 件(次), 人次, 宗, 個, 單, 條, 封, 次, 通 or %; null when a "
                       "mirror lost it."),
] + _percent("share", "Share printed with the count (…N件,占P% / N件(P%))") + [
    _f("field", _LABEL, "The headline column of bulletins this figure fed (hotline_orders_received, "
                        "mailbox_letters, praise, direct_answers, dispatched, completed, in_progress); null for none."),
    _f("approximate", pa.bool_(), "True when printed in 萬 or with 近/約/餘/多: the value is not exact."),
    _f("precision", pa.int64(), "For an approximate count, the value of its last printed digit (100 for 9.67萬); "
                                "null when exact."),
    _f("section", _LABEL, "Kind of section the figure stands in: title, basic, cases, hot_topics, attachment, other."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC + " (of the number)"),
])

WARNINGS = _schema("warnings", "One row per parse warning: something missing, damaged or doubtful.", _key() + [
    _f("position", pa.int32(), "1-based position among the document's warnings."),
    _f("code", _LABEL, "Stable warning code, e.g. damaged-text, figure-not-found."),
    _f("message", pa.string(), "Human-readable explanation."),
    _f("source", SOURCE_TYPE, _SOURCE_DESC),
])

ERRORS = _schema("errors", "One row per archive file that could not be parsed (partition year=0).", _key() + [
    _f("source_path", pa.string(), "Path of the file relative to the archive directory (POSIX separators)."),
    _f("source_sha256", pa.string(), "SHA-256 of the file's bytes.", nullable=False),
    _f("source_size", pa.int64(), "Size of the file in bytes."),
    _f("source_format", _LABEL, "Container format detected from the bytes (txt, html, docx, pdf, image, zip, ole, rtf, binary)."),
    _f("error_class", _LABEL, "Python class of the error: UnreadableDocument, UnsupportedFormat, NotABulletin, or the "
                              "class of an unexpected exception (a parser bug: please report it)."),
    _f("error_kind", _LABEL, "Short kind of the error, e.g. 'unsupported format'; 'internal error' for a parser bug."),
    _f("reason", pa.string(), "What went wrong, e.g. 'the file is empty'."),
    _f("hint", pa.string(), "What to do about it, when known."),
    _f("message", pa.string(), "The full error message."),
    _f("parser_version", _LABEL, "hotline_etl version that tried to parse the file."),
])

#: Every table, in the order documentation and summaries list them.
TABLES: dict[str, pa.Schema] = {
    "bulletins": BULLETINS, "categories": CATEGORIES, "unit_stats": UNIT_STATS, "unit_mentions": UNIT_MENTIONS,
    "cases": CASES, "hot_topics": HOT_TOPICS, "sections": SECTIONS, "findings": FINDINGS, "warnings": WARNINGS,
    "errors": ERRORS, "tables": PRINTED_TABLES, "figures": FIGURES,
}
TABLE_NAMES = tuple(TABLES)


def describe(table: str) -> dict[str, str]:
    """Column name -> description of ``table``.

    >>> describe("errors")["reason"]
    "What went wrong, e.g. 'the file is empty'."
    """
    return {f.name: f.metadata[b"description"].decode() for f in TABLES[table]}
