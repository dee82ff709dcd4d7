"""Page weight: what a chapter page loads from _build/ (its figures as SVG, the
web's image format) stays under 1.5 MB, so a phone on a slow connection gets
the page; the maps are drawn from geometry simplified to their scale."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

LIMIT = 1_500_000
IMAGE = re.compile(r"\]\(\.\./_build/current/([\w-]+/figures/[\w-]+)\)\{#fig-")


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_every_chapter_page_loads_under_1_5_mb_from_the_build(built, edition):
    weights = {}
    for qmd in sorted((ROOT / "chapters").glob("*.qmd")):
        images = IMAGE.findall(qmd.read_text(encoding="utf-8"))
        files = [built / edition / f"{image}.svg" for image in images]
        weights[qmd.stem] = sum(path.stat().st_size for path in files)
    assert len(weights) == 12 and weights["04-partners"] > 0 and weights["01-introduction"] > 0
    heavy = {chapter: weight for chapter, weight in weights.items() if weight >= LIMIT}
    assert heavy == {}


def test_maps_are_simplified_for_drawing_but_measured_in_full(built):
    import geopandas as gpd

    from belpolicy.analysis import maps

    region = maps.region()
    drawn = maps.for_drawing(region, 1_800_000, 6.5)
    vertices = lambda frame: int(frame.geometry.count_coordinates().sum())
    assert vertices(drawn) < vertices(region) / 3
    assert drawn.geometry.is_valid.all() and list(drawn["ADM0_A3"]) == list(region["ADM0_A3"])
    # shared borders stay shared: no slivers between Belarus and Poland
    belarus, poland = (gpd.GeoSeries(drawn.loc[drawn["ADM0_A3"] == a3].geometry) for a3 in ("BLR", "POL"))
    assert belarus.union_all().intersection(poland.union_all()).area < 1.0
