"""Chapter 9: Box 1 of the paper (the political system) drawn from data, the
bodies note 26 names as likeliest to favour change, and the assembly claim."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT, SHARED, chapter_values, figure_data, load_data, PAPER_DOI_URL

SLUG = "09-bureaucracy"
# Named in the paper's note 26 as the likeliest to be 'pro-change'.
NOTE_26 = {"National Bank", "Ministry of Economy", "Ministry of Finance", "Belarus Hi-Tech Park",
           "Ministry of Foreign Affairs"}
# The actors Box 1 lists.
BOX_1 = {"Presidential administration", "Government", "Siloviki (security, control and military structures)",
         "National Assembly (bicameral parliament)", "All-Belarusian People's Assembly", "Regional authorities"}


def _raw_data_file() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "political_system.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_the_political_system_table_equals_the_data_file(built, edition):
    table = figure_data(edition, SLUG, "political-system", folder="tables").fillna("").astype(str)
    assert (table.pop("source_tier") == "primary").all()  # every row is the paper itself
    pd.testing.assert_frame_equal(table, _raw_data_file())


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_the_diagram_draws_every_institution_and_every_stated_link(built, edition):
    drawn = figure_data(edition, SLUG, "political-system").set_index("institution_id")
    source = load_data("political_system").set_index("institution_id")
    assert list(drawn.index) == list(source.index)
    assert drawn["linked_to"].fillna("").to_dict() == source["linked_to"].fillna("").to_dict()
    assert drawn["likely_pro_change"].to_dict() == source["likely_pro_change"].to_dict()
    # A body is set apart exactly when the paper does not say where it sits.
    unplaced = set(drawn.index[~drawn["placed"]])
    roots = set(source.index[source["linked_to"].isna() & source.index.isin(source["linked_to"])])
    assert unplaced == set(source.index[source["linked_to"].isna()]) - roots
    # Each body is drawn one level below the body it sits under.
    for body, row in drawn[drawn["placed"] & drawn["linked_to"].notna()].iterrows():
        assert row["level"] == drawn.at[row["linked_to"], "level"] + 1
    # An indented tree, one body per line: a body's line follows the line of the
    # body it sits under, with only that body's other members in between; the
    # unplaced band comes last.
    assert sorted(drawn["row"]) == list(range(len(drawn)))
    by_row = drawn.reset_index().set_index("row")["institution_id"]

    def under(body, ancestor):
        parent = drawn.at[body, "linked_to"]
        return isinstance(parent, str) and (parent == ancestor or under(parent, ancestor))

    for body, row in drawn[drawn["placed"] & drawn["linked_to"].notna()].iterrows():
        parent_row = drawn.at[row["linked_to"], "row"]
        assert parent_row < row["row"]
        assert all(under(by_row[between], row["linked_to"]) for between in range(parent_row + 1, row["row"]))
    assert drawn.loc[~drawn["placed"], "row"].min() > drawn.loc[drawn["placed"], "row"].max()


def test_the_table_holds_what_box_1_and_note_26_name():
    system = load_data("political_system")
    assert set(system.loc[system["box1_actor"] == "yes", "institution"]) == BOX_1
    assert set(system.loc[system["likely_pro_change"] == "yes", "institution"]) == NOTE_26
    assert (system["source_url"] == PAPER_DOI_URL).all()


def test_every_evidence_quote_is_in_the_paper():
    seed = SHARED / "seed" / "000_29a1de62f3abcc55.txt"
    if not seed.is_file():
        pytest.skip("the paper's text is not available")
    text = seed.read_text(encoding="utf-8")
    for quote in load_data("political_system")["evidence"]:
        assert quote in text, quote


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_values_count_the_institutions_the_paper_names(built, edition):
    values = chapter_values(edition, SLUG)
    assert values["box1_actors"]["value"] == len(BOX_1) == 6
    assert values["pro_change_count"]["value"] == len(NOTE_26) == 5
    for name in NOTE_26:
        assert f"the {name}" in values["pro_change_names"]["text"]
    assert values["institutions"]["value"] == len(load_data("political_system"))
    assert values["listings_by_institution"]["value"] is None


def test_the_assembly_claim_is_not_testable_on_the_paper_date(built):
    values = chapter_values("paper", SLUG)
    assert values["assembly_2024_date"]["value"] is None
    assert values["claim_assembly_status"]["text"].startswith("not yet testable")


def test_the_assembly_claim_in_the_latest_edition_follows_the_events(built):
    events = load_data("events")
    hits = events[events["event"].str.contains("All-Belarusian People's Assembly", regex=False)
                  & (events["date"] >= "2024-01-01")].sort_values("date")
    values = chapter_values("latest", SLUG)
    if hits.empty:
        assert values["assembly_2024_date"]["value"] is None
    else:
        assert values["assembly_2024_date"]["value"] == hits.iloc[0]["date"].date().isoformat()
        assert values["claim_assembly_status"]["text"].startswith("holds")
