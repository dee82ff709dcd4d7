"""Values the fidelity pass added to chapters 7 and 8: the EU aviation ban is
kept apart from other jurisdictions' aviation measures, a release shared by two
contacts counts once, and a running total names who reported it."""

from __future__ import annotations

import pandas as pd

from belpolicy.analysis.attribution import publisher
from conftest import chapter_values, load_data



def _eu_aviation(cutoff):
    acts = load_data("sanctions_events")
    rows = acts[(acts["jurisdiction"] == "EU") & (acts["date"] <= cutoff)
                & acts["measure_type"].str.contains("aviation", case=False, na=False)]
    return rows


def test_eu_aviation_ban_and_its_relief_are_counted_from_eu_acts_only(built):
    for edition in ("paper", "latest"):
        values = chapter_values(edition, "07-pressure-incentives")
        cutoff = pd.Timestamp(values["as_of"]["value"])
        rows = _eu_aviation(cutoff)
        imposed = rows[rows["direction"] == "imposition"]
        assert values["eu_aviation_ban_date"]["value"] == imposed["date"].min().date().isoformat()
        assert values["eu_aviation_relief"]["value"] == int((rows["direction"] == "relief").sum())
    # the paper's date already has the ban of June 2021 and no EU relief
    paper = chapter_values("paper", "07-pressure-incentives")
    assert paper["eu_aviation_ban_date"]["value"] == "2021-06-04"
    assert paper["eu_aviation_relief"]["value"] == 0


def test_paper_edition_counts_the_release_two_contacts_share_once(built):
    values = chapter_values("paper", "08-direct-channel")
    assert values["contacts_followed"]["value"] == 2
    assert values["releases_followed_distinct"]["value"] == 1


def test_running_total_names_the_domain_of_its_own_row(built):
    values = chapter_values("latest", "08-direct-channel")
    total = values["running_total"]
    if total["source"]:  # an edition with a running total
        assert values["running_total_source"]["text"] == f"as reported by {publisher(total['source'])}"
        assert values["running_total_source"]["source"] == total["source"]
