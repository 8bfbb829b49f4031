"""China's provinces, cities and county-level areas, to tell which area a list of units belongs to.

The names come from the administrative-division table that the ``cpca`` package ships
(``cpca/resources/adcodes.csv``: 12-digit codes, 3,500 names down to county level). The
file is read without importing ``cpca`` itself (its import builds an address matcher we do
not need). A code's first two digits are its province, the first four its city; the
municipalities (北京, 上海, 天津, 重庆) and the counties a province administers directly
have no city of their own, so their "city" is the province.

Used by :func:`hotline_etl.extract.issuer_scope.scope_from_units` when the text names no
area: the counties and cities inside the units' names (``临渭区``, ``国网渭南供电公司``)
tell the city the bulletin speaks for.

>>> g = gazetteer()
>>> g.city_of("临渭区"), g.city_of("鼓楼区")  # one city; four cities have a 鼓楼区
('渭南市', None)
>>> g.province_of("渭南市"), g.is_city("渭南"), g.is_county("临渭区"), g.canonical("渭南")
('陕西省', True, True, '渭南市')
>>> sorted(g.areas_in("国网渭南供电公司")), sorted(g.areas_in("洋县人民政府"))
(['渭南'], ['洋县'])
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

#: City-level rows that are not a city (the district list of a municipality, counties a province runs).
NOT_A_CITY = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

#: A city's name without 市 is also looked for (国网渭南供电公司), when at least this long.
MIN_STEM = 2


@dataclass(frozen=True)
class Gazetteer:
    """Area names and their parents, read once (see :func:`gazetteer`).

    ``names`` maps a name (``临渭区``, ``渭南市``, ``渭南``) to the codes of every area so
    called; ``by_code`` the other way, for the parents.
    """

    names: dict[str, tuple[str, ...]]
    by_code: dict[str, str]
    longest: int

    def _city_code(self, code: str) -> str:
        if code[4:] == "0" * 8:  # a city or a province itself
            return code
        city = code[:4] + "0" * 8
        return city if self.by_code.get(city, "市辖区") not in NOT_A_CITY else code[:2] + "0" * 10

    def cities(self, name: str) -> set[str]:
        """The cities (or, for a municipality's district, the municipality) an area of this name lies in."""
        return {self.by_code[self._city_code(c)] for c in self.names.get(name, ())}

    def city_of(self, name: str) -> str | None:
        """The one city an area of this name lies in (a city is its own), None when unknown or ambiguous."""
        found = self.cities(name)
        return found.pop() if len(found) == 1 else None

    def province_of(self, name: str) -> str | None:
        """The one province an area of this name lies in, None when unknown or ambiguous."""
        found = {self.by_code[c[:2] + "0" * 10] for c in self.names.get(name, ())}
        return found.pop() if len(found) == 1 else None

    def is_city(self, name: str) -> bool:
        """Whether every area of this name is a city (a municipality such as 北京市 counts as one)."""
        codes = self.names.get(name, ())
        return bool(codes) and all(c[4:] == "0" * 8 and (c[2:4] != "00" or self.by_code[c].endswith("市"))
                                   for c in codes)

    def canonical(self, name: str) -> str | None:
        """The full name of the one area so called (``渭南`` → ``渭南市``), None when unknown or ambiguous."""
        codes = self.names.get(name, ())
        return self.by_code[codes[0]] if len(codes) == 1 else None

    def is_county(self, name: str) -> bool:
        """Whether an area of this name is a county-level one (县, 区, 县级市, 旗 ...)."""
        return any(c[4:6] != "00" for c in self.names.get(name, ()))

    def areas_in(self, text: str) -> set[str]:
        """The area names inside ``text``, longest match at each position, overlaps allowed."""
        found = set()
        for i in range(len(text) - MIN_STEM + 1):
            for j in range(min(len(text), i + self.longest), i + MIN_STEM - 1, -1):
                if text[i:j] in self.names:
                    found.add(text[i:j])
                    break
        return found


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the 'cpca' package (administrative divisions) is not installed: "
                                  "pip install 'cpca>=0.5.5' (a dependency of hotline_etl)")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read on first use (about 3,500 rows)."""
    text = _adcodes_path().read_text(encoding="utf-8")
    names: dict[str, list[str]] = {}
    by_code: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code, name = row["adcode"], row["name"]
        by_code[code] = name
        if code[6:] != "0" * 6 or name in NOT_A_CITY:  # below county level, or not a place
            continue
        names.setdefault(name, []).append(code)
        if code[2:4] != "00" and code[4:] == "0" * 8 and name.endswith("市") and len(name) > MIN_STEM:
            names.setdefault(name[:-1], []).append(code)  # 渭南 for 渭南市
    return Gazetteer({n: tuple(c) for n, c in names.items()}, by_code, max(map(len, names)))
