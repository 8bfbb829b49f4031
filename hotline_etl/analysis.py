"""Longitudinal views of a dataset: the few tables a researcher plots, with unit lineage followed.

Every function takes ``ds``, an opened dataset (:func:`hotline_etl.open_dataset`)
or any object whose attributes ``bulletins``, ``unit_stats``, ... are DataFrames
with the dataset's columns, and returns a new pandas DataFrame or Series.

Conventions shared by all of them:

- **Time** is ``period_start`` (a pandas Timestamp). Bulletins whose period is
  unknown (``period_start`` null, partition ``year=0``) have no place on a time
  axis and are left out of the time series; :func:`mention_counts`, which has
  no time axis, counts them.
- **Each period is told once**: copies of a bulletin, the less preferred of two
  conflicting files of one bulletin, and a multi-month bulletin whose months
  all have their own bulletin are left out (the archive audit,
  docs/archive_audit.md, checks them against what stays);
  :func:`findings_by_month` still counts their findings.
- **Units** are followed through reorganisations: a row's ``unit_id`` is
  replaced by the unit it has become today
  (:func:`hotline_etl.units.current_successor`), so 县食药工商质监局 in
  2019-01 and 县市场监督管理局 afterwards form one series. A derived id
  (``derived:灌云县/人社局``: a unit the registry does not know, in a county
  it may not cover) is a unit like any other: it has no lineage, and its name
  is the fullest way the dataset prints it
  (:func:`hotline_etl.units.derive.canonical_name`). A name the resolution
  stage could not resolve keeps its printed (simplified) name as its key,
  with ``unit_id`` null.
- **Rates are recomputed from the counts** (辦結率 = handled / due, 按期辦結率 =
  on_time / handled, 返工率 = rework / due): printed rates can be wrong or use
  another denominator (SPEC §5), and merged units need their counts summed.
  The printed rate stays beside it where there is one row.

>>> import hotline_etl, hotline_etl.analysis as ha
>>> ds = hotline_etl.open_dataset("out")  # doctest: +SKIP
>>> ha.unit_series(ds, "yueyang.market_supervision", "on_time_rate").head(2)  # doctest: +SKIP
period_start
2019-01-01    100.0
2019-03-01    100.0
Name: on_time_rate, dtype: float64
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pandas as pd

from collections import Counter

from .rate_definitions import RATES as RATE_DEFINITIONS
from .units.derive import canonical_name, is_derived, split_derived_id
from .units.lineage import current_successor
from .units.registry import REGISTRY_ENV, default_registry

if TYPE_CHECKING:  # pragma: no cover
    from .units.registry import Registry

__all__ = [
    "COUNTS", "GRADES", "RATES", "SEVERITIES",
    "category_counts", "findings_by_month", "grade_changes", "grade_transitions", "lineage_ids",
    "mention_counts", "monthly_received", "rates_long", "unit_series",
]

#: The count columns of ``unit_stats``.
COUNTS = ("received", "due", "handled", "on_time", "rework")

#: Each rate of the statistics table: (numerator, denominator) counts it is recomputed from
#: (:mod:`hotline_etl.rate_definitions`).
RATES = {r.name: (r.numerator, r.denominator) for r in RATE_DEFINITIONS.values()}

#: Grades of 等級評價, best first.
GRADES = ("A", "B", "C", "D", "E")

#: Finding severities, most serious first.
SEVERITIES = ("error", "warning", "info")


# -- periods and lineage ---------------------------------------------------------------------------------------


def _timestamps(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column)


def _months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Calendar months a period touches: 1 for 5月份, 2 for 1-2月份, 3 for a quarter."""
    return ((end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1).astype("Int64")


def _left_out(ds) -> set[str]:
    """Bulletins a time series leaves out besides copies (``duplicate_of`` set), so that each period is told
    once: the less preferred file of two conflicting files of one bulletin (the bulletin of a
    ``duplicate-conflict`` finding: the preferred file speaks for the period, docs/archive_audit.md), and a
    multi-month bulletin whose every month has a one-month bulletin of its area (the series has those
    months; the archive audit checks the multi-month figures against their sums)."""
    b = ds.bulletins
    out: set[str] = set()
    findings = getattr(ds, "findings", None)
    if findings is not None and "check" in findings.columns and len(findings):
        out |= set(findings.loc[findings["check"].astype("object") == "duplicate-conflict", "bulletin_id"])
    if "period_end" not in b.columns:
        return out
    area = b["scope"] if "scope" in b.columns else b["issuer"]
    area = area.where(area.notna(), b["issuer"]).astype("object")
    start, end = _timestamps(b["period_start"]), _timestamps(b["period_end"])
    whole = start.notna() & end.notna() & (start.dt.day == 1) & end.dt.is_month_end
    months = _months(start, end)
    single = {(a, s.year, s.month) for a, s, w, n in zip(area, start, whole, months) if w and n == 1}
    for bid, a, s, w, n in zip(b["bulletin_id"], area, start, whole, months):
        if w and pd.notna(a) and n > 1 and all(
                (a, s.year + (s.month - 1 + k) // 12, (s.month - 1 + k) % 12 + 1) in single for k in range(n)):
            out.add(bid)
    return out


def _periods(ds, series: bool = True) -> pd.DataFrame:
    """Dated bulletins: bulletin_id, period_start, period_end, period_label, months, issuer, sorted by period.
    Copies of a bulletin (``duplicate_of`` set) are left out: the canonical copy speaks for them; so are the
    bulletins of :func:`_left_out` unless ``series=False``."""
    b = ds.bulletins
    if "duplicate_of" in b.columns:
        b = b[b["duplicate_of"].isna()]
    if series:
        b = b[~b["bulletin_id"].isin(_left_out(ds))]
    frame = pd.DataFrame({
        "bulletin_id": b["bulletin_id"],
        "period_start": _timestamps(b["period_start"]),
        "period_end": _timestamps(b["period_end"]),
        "period_label": b["period_label"],
        "issuer": b["issuer"],
    })
    frame = frame[frame["period_start"].notna()].copy()
    frame["months"] = _months(frame["period_start"], frame["period_end"])
    return frame.sort_values(["period_start", "issuer", "bulletin_id"], kind="stable").reset_index(drop=True)


def lineage_ids(unit_ids: Iterable[str | None], registry: "Registry | None" = None) -> pd.Series:
    """The unit each ``unit_id`` has become (its current successor); None stays None, a derived id itself.

    >>> lineage_ids(["yueyang.land_resources", "yueyang.court", "derived:灌云县/人社局", None]).tolist()
    ['yueyang.natural_resources', 'yueyang.court', 'derived:灌云县/人社局', None]
    """
    reg = registry if registry is not None else default_registry()
    ids = pd.Series(list(unit_ids), dtype="object")
    cache: dict[str, str] = {}
    for uid in ids.dropna().unique():
        if is_derived(uid):
            cache[uid] = uid
            continue
        try:
            cache[uid] = current_successor(uid, registry=reg)
        except KeyError as exc:
            raise KeyError(f"{exc.args[0]}: the dataset was resolved with another unit registry; add its files "
                           f"to {REGISTRY_ENV} (or pass registry=) before analysing it") from None
    return pd.Series([cache[uid] if isinstance(uid, str) else None for uid in ids], dtype="object")


def _derived_names(ds) -> dict[str, str]:
    """Name of each derived id: its fullest printing (``unit_name``) in the table rows and lists of the dataset."""
    printed: dict[str, Counter[str]] = {}
    for frame in (ds.unit_stats, ds.unit_mentions):
        for uid, name in zip(frame["unit_id"], frame["unit_name"]):
            if is_derived(uid) and isinstance(name, str):
                printed.setdefault(uid, Counter())[name] += 1
    return {uid: canonical_name(split_derived_id(uid)[0], names) for uid, names in printed.items()}


def _unit_names(keys: pd.Series, fallback: pd.Series, registry: "Registry | None", ds) -> pd.Series:
    """Canonical registry name of each lineage id (a derived id's: :func:`_derived_names`); the printed
    name where there is no id."""
    reg = registry if registry is not None else default_registry()
    derived = _derived_names(ds) if any(is_derived(k) for k in keys.dropna().unique()) else {}
    names = {uid: derived[uid] if is_derived(uid) else reg.get(uid).name for uid in keys.dropna().unique()}
    return pd.Series([names[k] if isinstance(k, str) else f for k, f in zip(keys, fallback)],
                     index=keys.index, dtype="object")


def _unit_rows(ds, registry: "Registry | None") -> pd.DataFrame:
    """Non-total table rows of dated bulletins with ``lineage_id``, ``unit_key`` and the period columns."""
    s = ds.unit_stats
    s = s[~s["is_total"].astype(bool)]
    rows = s[["bulletin_id", "unit_id", "unit", *COUNTS, *(f"{r}_pct" for r in RATES), "grade"]].copy()
    rows["lineage_id"] = lineage_ids(rows["unit_id"], registry).to_numpy()
    # Unresolved names keep their printed (simplified) name as their key; resolved ones their lineage id.
    rows["unit_key"] = rows["lineage_id"].where(rows["lineage_id"].notna(), "?" + rows["unit"].astype("object"))
    rows["unit_name"] = _unit_names(rows["lineage_id"], rows["unit"].astype("object"), registry, ds).to_numpy()
    return rows.merge(_periods(ds), on="bulletin_id", how="inner")


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator in percent, as float; NaN where the denominator is 0 or missing."""
    num = numerator.astype("Float64")
    den = denominator.astype("Float64")
    return (num / den.where(den != 0) * 100).astype("float64")


def _per_unit_period(rows: pd.DataFrame) -> pd.DataFrame:
    """Table rows summed per (bulletin, lineage unit): merged predecessors become one row."""
    keys = ["bulletin_id", "period_start", "period_end", "unit_key"]
    grouped = rows.groupby(keys, sort=False, dropna=False)
    out = grouped[list(COUNTS)].sum(min_count=1)
    out["rows"] = grouped.size()
    out["lineage_id"] = grouped["lineage_id"].first()
    out["unit_name"] = grouped["unit_name"].first()
    ids = (rows.loc[rows["unit_id"].notna(), [*keys, "unit_id"]].astype({"unit_id": "object"})
           .drop_duplicates().sort_values("unit_id", kind="stable"))
    out["merged_from"] = ids.groupby(keys, sort=False, dropna=False)["unit_id"].agg(";".join).reindex(out.index)
    for rate in RATES:
        out[f"printed_{rate}"] = grouped[f"{rate}_pct"].first().where(out["rows"] == 1)
    return out.reset_index()


# -- public helpers --------------------------------------------------------------------------------------------


def monthly_received(ds) -> pd.DataFrame:
    """Hotline orders received per bulletin period, with a per-month figure for multi-month bulletins.

    Columns: ``period_start``, ``period_end``, ``period_label``, ``months``
    (calendar months the period spans), ``received``
    (``hotline_orders_received``), ``received_per_month`` (received / months),
    ``issuer``, ``bulletin_id``; one row per dated bulletin, in period order.

    >>> monthly_received(ds)[["period_label", "months", "received"]].head(2)  # doctest: +SKIP
      period_label  months  received
    0        1-2月份       2      6362
    1          3月份       1      1574
    """
    periods = _periods(ds)
    received = ds.bulletins.set_index("bulletin_id")["hotline_orders_received"].astype("Int64")
    periods["received"] = periods["bulletin_id"].map(received).astype("Int64")
    periods["received_per_month"] = (periods["received"].astype("Float64") / periods["months"]).astype("float64")
    return periods[["period_start", "period_end", "period_label", "months", "received", "received_per_month",
                    "issuer", "bulletin_id"]]


def category_counts(ds, top: int | None = 5, share: bool = False) -> pd.DataFrame:
    """Orders per complaint category and period: one row per dated bulletin, one column per category.

    Columns are the simplified category names, the ``top`` categories with
    the most orders over all periods first (``None``: every category). A cell
    is ``<NA>`` when the bulletin did not list that category (bulletins list
    only their top five, so a missing category is not zero). ``share=True``
    gives each count as a percent of the bulletin's received orders,
    recomputed (printed shares may rest on another base, SPEC §5).

    >>> category_counts(ds, top=2).iloc[0]  # doctest: +SKIP
    人力资源和社会保障类    858
    城市管理类             769
    Name: 2019-01-01 00:00:00, dtype: Int64
    """
    periods = _periods(ds)
    cats = ds.categories
    if "list_name" in cats:  # request types share the table (schema 5); older datasets hold categories only
        cats = cats[cats["list_name"] == "categories"]
    cats = cats[["bulletin_id", "category", "count"]].merge(periods, on="bulletin_id", how="inner")
    cats["category"] = cats["category"].astype("object")
    totals = cats.groupby("category")["count"].sum().sort_values(ascending=False, kind="stable")
    order = list(totals.index if top is None else totals.index[:top])
    wide = cats.pivot_table(index="period_start", columns="category", values="count", aggfunc="sum")
    wide = wide.reindex(index=periods["period_start"].drop_duplicates(), columns=order).astype("Int64")
    wide.columns.name = "category"
    if share:
        received = monthly_received(ds).groupby("period_start")["received"].sum()
        wide = wide.astype("Float64").div(received.astype("Float64"), axis=0) * 100
        wide = wide.round(2)
    return wide


def rates_long(ds, registry: "Registry | None" = None) -> pd.DataFrame:
    """Tidy long table of the three rates: one row per (bulletin, unit followed through lineage, rate).

    Columns: ``period_start``, ``period_end``, ``bulletin_id``, ``unit_id``
    (the unit's current successor; null when the name was not resolved),
    ``unit_name`` (canonical name, or the printed name when unresolved),
    ``metric`` (``completion_rate``, ``on_time_rate``, ``rework_rate``),
    ``numerator`` and ``denominator`` (counts, summed over merged units),
    ``value_pct`` (recomputed; NaN over a zero denominator), ``printed_pct``
    (the rate as printed, when one table row stands behind the value),
    ``rows`` (table rows summed) and ``merged_from`` (their ``unit_id`` s).
    The total (合計) rows and undated bulletins are left out.

    >>> r = rates_long(ds)  # doctest: +SKIP
    >>> r[r.metric == "on_time_rate"].pivot(index="unit_name", columns="period_start", values="value_pct")  # doctest: +SKIP
    """
    per = _per_unit_period(_unit_rows(ds, registry))
    frames = []
    for metric, (num, den) in RATES.items():
        frames.append(pd.DataFrame({
            "period_start": per["period_start"], "period_end": per["period_end"], "bulletin_id": per["bulletin_id"],
            "unit_id": per["lineage_id"], "unit_name": per["unit_name"], "metric": metric,
            "numerator": per[num], "denominator": per[den], "value_pct": _rate(per[num], per[den]),
            "printed_pct": per[f"printed_{metric}"].astype("float64"), "rows": per["rows"].astype("int64"),
            "merged_from": per["merged_from"],
        }))
    out = pd.concat(frames, ignore_index=True)
    out["metric"] = pd.Categorical(out["metric"], categories=list(RATES))
    return out.sort_values(["metric", "unit_name", "period_start", "bulletin_id"], kind="stable").reset_index(drop=True)


def unit_series(ds, unit_id: str, metric: str = "on_time_rate", registry: "Registry | None" = None) -> pd.Series:
    """One unit's values over time, its predecessors and successors included.

    ``unit_id`` may be any unit of the lineage (a predecessor gives the same
    series as its successor). ``metric`` is a count of ``unit_stats``
    (``received``, ``due``, ``handled``, ``on_time``, ``rework``: summed over
    merged units, ``Int64``) or a rate (``completion_rate``, ``on_time_rate``,
    ``rework_rate``, also accepted with the ``_pct`` suffix: recomputed from the
    summed counts, float, NaN over 0). Indexed by ``period_start``; a period
    in which the unit has no table row is absent. Raises ValueError when two
    bulletins report the same period for the unit (choose one first).

    >>> unit_series(ds, "yueyang.food_drug_industry_commerce_quality_supervision", "received").index[:2]  # doctest: +SKIP
    DatetimeIndex(['2019-01-01', '2019-03-01'], dtype='datetime64[...]', name='period_start', freq=None)
    """
    name = metric.removesuffix("_pct")
    if name not in COUNTS and name not in RATES:
        raise ValueError(f"unknown metric {metric!r}: use one of {', '.join(COUNTS + tuple(RATES))}")
    target = lineage_ids([unit_id], registry).iloc[0]
    rows = _unit_rows(ds, registry)
    per = _per_unit_period(rows[rows["lineage_id"] == target])
    duplicated = per["period_start"].duplicated(keep=False)
    if duplicated.any():
        clash = per[duplicated]
        raise ValueError(f"{target}: several bulletins report the same period "
                         f"({', '.join(sorted(set(clash['bulletin_id'])))}); select one per period first")
    per = per.set_index("period_start").sort_index()
    if name in RATES:
        num, den = RATES[name]
        values = _rate(per[num], per[den])
    else:
        values = per[name].astype("Int64")
    values.name = name
    return values


def mention_counts(ds, lists: Iterable[str] = ("overdue", "returned"),
                   registry: "Registry | None" = None) -> pd.DataFrame:
    """How often each unit is named in the given lists of ``unit_mentions``, units followed through lineage.

    One row per unit; per list ``L`` two columns: ``L_bulletins`` (bulletins
    naming the unit in that list) and ``L_orders`` (sum of the counts printed
    with it, ``<NA>`` when none was printed). ``bulletins`` is the number of
    bulletins naming the unit in any of the lists. Sorted by ``bulletins``,
    then orders, most named first. Every bulletin counts, dated or not, but a
    period told twice counts once (as in the time series: copies, conflicting
    files and multi-month bulletins whose months are there are left out).

    >>> mention_counts(ds).head(1)  # doctest: +SKIP
                            unit_id    unit_name  overdue_bulletins  overdue_orders  returned_bulletins  ...
    0  yueyang.traffic_police  岳阳县公安局交通警察大队  ...
    """
    lists = tuple(lists)
    m = ds.unit_mentions
    m = m[m["list_name"].astype("object").isin(lists) & ~m["bulletin_id"].isin(_left_out(ds))]
    m = m[["bulletin_id", "list_name", "unit_id", "unit", "count"]].copy()
    m["list_name"] = m["list_name"].astype("object")
    m["lineage_id"] = lineage_ids(m["unit_id"], registry).to_numpy()
    m["unit_key"] = m["lineage_id"].where(m["lineage_id"].notna(), "?" + m["unit"].astype("object"))
    m["unit_name"] = _unit_names(m["lineage_id"], m["unit"].astype("object"), registry, ds).to_numpy()
    keys = m.groupby("unit_key", sort=False).agg(unit_id=("lineage_id", "first"), unit_name=("unit_name", "first"))
    out = keys.copy()
    for name in lists:
        part = m[m["list_name"] == name].groupby("unit_key")
        out[f"{name}_bulletins"] = part["bulletin_id"].nunique().reindex(out.index, fill_value=0).astype("int64")
        out[f"{name}_orders"] = part["count"].sum(min_count=1).reindex(out.index).astype("Int64")
    out["bulletins"] = m.groupby("unit_key")["bulletin_id"].nunique().reindex(out.index).astype("int64")
    out = out.assign(_orders=sum(out[f"{n}_orders"].fillna(0) for n in lists))
    out = out.sort_values(["bulletins", "_orders", "unit_name"], ascending=[False, False, True], kind="stable")
    columns = ["unit_id", "unit_name", *(c for n in lists for c in (f"{n}_bulletins", f"{n}_orders")), "bulletins"]
    return out[columns].reset_index(drop=True)


def grade_changes(ds, registry: "Registry | None" = None) -> pd.DataFrame:
    """Each unit's grade in one period next to its grade in the period that directly follows.

    Units are followed through lineage. Periods follow directly when the
    second starts the day after the first ends (1-2月份 → 3月份 does;
    3月份 → 5月份 does not). When several table rows stand for one unit in a
    bulletin (merged predecessors), the worst of their grades counts. Rows
    without an A-E grade are left out. Columns: ``unit_id``, ``unit_name``,
    ``from_period``, ``to_period``, ``from_grade``, ``to_grade``.

    >>> grade_changes(ds).query("from_grade != to_grade").head(1)  # doctest: +SKIP
    """
    rows = _unit_rows(ds, registry)
    rows = rows[rows["grade"].astype("object").isin(GRADES)].copy()
    rows["grade"] = rows["grade"].astype("object")
    graded = (rows.groupby(["unit_key", "bulletin_id", "period_start", "period_end"], sort=False)
              .agg(unit_id=("lineage_id", "first"), unit_name=("unit_name", "first"), grade=("grade", "max"))
              .reset_index()
              .sort_values(["unit_key", "period_start", "bulletin_id"], kind="stable"))
    nxt = graded.groupby("unit_key", sort=False).shift(-1)
    follows = nxt["period_start"] == graded["period_end"] + pd.Timedelta(days=1)
    out = pd.DataFrame({
        "unit_id": graded["unit_id"], "unit_name": graded["unit_name"],
        "from_period": graded["period_start"], "to_period": nxt["period_start"],
        "from_grade": graded["grade"], "to_grade": nxt["grade"],
    })[follows.fillna(False).astype(bool)]
    return out.sort_values(["from_period", "unit_name"], kind="stable").reset_index(drop=True)


def grade_transitions(ds, normalize: bool = False, registry: "Registry | None" = None) -> pd.DataFrame:
    """Grade transition matrix: rows the grade in one period, columns the grade in the next (A-E both ways).

    Counts of :func:`grade_changes`; ``normalize=True`` divides each row by
    its total (a row with no transitions stays 0).

    >>> grade_transitions(ds).loc["A", "A"]  # doctest: +SKIP
    np.int64(950)
    """
    changes = grade_changes(ds, registry)
    matrix = pd.crosstab(pd.Categorical(changes["from_grade"], categories=GRADES),
                         pd.Categorical(changes["to_grade"], categories=GRADES), dropna=False)
    matrix = matrix.reindex(index=list(GRADES), columns=list(GRADES), fill_value=0).astype("int64")
    matrix.index.name, matrix.columns.name = "from_grade", "to_grade"
    if normalize:
        totals = matrix.sum(axis=1)
        return matrix.div(totals.where(totals != 0), axis=0).fillna(0.0)
    return matrix


def findings_by_month(ds, by: str = "severity") -> pd.DataFrame:
    """Audit findings per period: one row per dated bulletin period, one column per severity (or check).

    ``by="severity"`` gives the columns ``error``, ``warning``, ``info``;
    ``by="check"`` one column per check code, most frequent first. Periods
    with no findings are rows of zeros.

    >>> findings_by_month(ds).sum()  # doctest: +SKIP
    severity
    error       5
    warning     0
    info       76
    dtype: int64
    """
    if by not in ("severity", "check"):
        raise ValueError(f"by must be 'severity' or 'check', not {by!r}")
    periods = _periods(ds, series=False)
    f = ds.findings[["bulletin_id", by]].merge(periods[["bulletin_id", "period_start"]], on="bulletin_id",
                                              how="inner")
    f[by] = f[by].astype("object")
    counts = f.groupby(["period_start", by]).size().unstack(by, fill_value=0)
    if by == "severity":
        columns = list(SEVERITIES) + sorted(set(counts.columns) - set(SEVERITIES))
    else:
        columns = list(counts.sum().sort_values(ascending=False, kind="stable").index) if len(counts) else []
    counts = counts.reindex(index=periods["period_start"].drop_duplicates(), columns=columns, fill_value=0)
    counts = counts.astype("int64")
    counts.columns.name = by
    return counts
