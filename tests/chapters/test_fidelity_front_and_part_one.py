"""The fidelity pass over the front matter and chapters 1-6: the two voices are
explained once, totals are credited to whoever reported them, a release shared
by two contacts is not read as two, and comparisons are made at one date."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT, chapter_values, load_data


# --------------------------------------------------------------------------- front matter


def test_how_to_read_explains_the_two_voices_once():
    text = (ROOT / "index.qmd").read_text(encoding="utf-8")
    section = text[text.index("{#sec-how-to-read}"):]
    assert '::: {.callout-note appearance="simple" title="Since the paper"}' in section
    assert "one expert the paper quotes" in section
    assert "the book's yardstick" in section and "indicator met" in section
    assert "in the book's table" in section


def test_key_numbers_say_the_sanctions_count_is_the_books_selection():
    text = (ROOT / "index.qmd").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "pressure.acts_total" in line)
    assert "book's table" in row and "selection" in row
    assert "{{< var as_of >}}" not in text  # reads "the newest data" in the latest edition


# --------------------------------------------------------------------------- helpers


def test_a_total_is_credited_to_a_counter_only_when_its_evidence_names_it():
    from belpolicy.analysis.attribution import reported_by

    named = pd.Series({"source_url": "https://pozirk.online/en/news/1/",
                       "evidence": "According to Viasna, 178 people have been released", "note": None})
    unnamed = pd.Series({"source_url": "https://www.newstrenders.com/?p=1",
                         "evidence": "Since July 2024, Lukashenka has released 314 political prisoners",
                         "note": "Unattributed article"})
    assert reported_by(named, "Viasna") == "Viasna's figure, as reported by pozirk.online"
    assert reported_by(unnamed, "Viasna") == "a figure reported by newstrenders.com that names no counter"


def test_dates_take_on_for_a_day_and_in_for_a_month():
    from belpolicy.analysis.contacts import on_or_in

    assert on_or_in("2025-06-21", "exact") == "on 21 June 2025"
    assert on_or_in("2022-02-01", "month") == "in February 2022"


def test_a_release_following_two_contacts_is_marked_as_one_release():
    from belpolicy.analysis import contacts

    contact_rows = pd.DataFrame({
        "no": [1, 2, 3], "date": pd.to_datetime(["2022-02-01", "2022-02-01", "2022-05-01"]),
        "date_precision": ["month", "month", "exact"], "when": ["February 2022", "February 2022", "1 May 2022"],
        "event": ["A calls Lukashenka", "B meets Lukashenka", "C visits Minsk"], "source_url": ["u", "u", "u"],
    })
    records = pd.DataFrame({
        "date": pd.to_datetime(["2022-02-01"]), "date_precision": ["month"], "when": ["February 2022"],
        "description": ["X released"], "number_released": pd.array([1], dtype="Int64"), "qualifier": ["exact"],
        "origin": ["events"], "source_url": ["u"],
    })
    table = contacts.outcomes(contact_rows, contacts.pairs(contact_rows, records), with_numbers=True)
    text = dict(zip(table["no"], table["followed_by"]))
    assert text[1].endswith("same month; the same release also follows contact 2)")
    assert text[2].endswith("same month; the same release also follows contact 1)")
    assert text[3] == "no dated release record follows it"


# --------------------------------------------------------------------------- chapters, paper edition


def test_eu_sum_is_compared_with_the_stated_total_on_the_same_day(built):
    values = chapter_values("paper", "03-sanctions")
    stated_day = pd.Timestamp(values["stated_eu_date"]["value"])
    acts = load_data("sanctions_events")
    eu = acts[(acts["jurisdiction"] == "EU") & (acts["direction"] == "imposition") & (acts["date"] <= stated_day)]
    split = eu["persons_listed"].notna() | eu["entities_listed"].notna()
    listed = (eu["persons_listed"].fillna(0) + eu["entities_listed"].fillna(0)).where(split, eu["total_listed"])
    assert values["listed_eu_at_stated"]["value"] == listed.fillna(0).sum()
    assert values["listed_eu_at_stated"]["date"] == stated_day.date().isoformat()


def test_visa_refusal_rates_and_the_claim_follow_the_rows(built):
    values = chapter_values("paper", "05-fading-west")
    rows = load_data("visas_residence")
    for end in ("low", "last"):
        year = str(values[f"visas_{end}_year"]["value"])
        issued = rows[(rows["metric"] == "Schengen C visas issued (consulates in Belarus)") & (rows["year"].astype(str) == year)]
        refused = rows[(rows["metric"] == "Schengen C visa refusals (consulates in Belarus)") & (rows["year"].astype(str) == year)]
        n, r = float(issued["value"].iloc[0]), float(refused["value"].iloc[0])
        assert values[f"refusal_rate_{end}"]["text"] == f"{r / (n + r) * 100:.1f}%"
    rose = values["visas_last"]["value"] > values["visas_low"]["value"]
    assert values["visas_claim"]["text"] == ("is not borne out by the visa data" if rose
                                             else "is consistent with the visa data")


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_the_prisoner_peak_carries_its_qualifier(built, edition):
    values = chapter_values(edition, "01-introduction")
    counts = load_data("political_prisoners")
    day = pd.Timestamp(values["main_peak_date"]["value"])
    row = counts[(counts["counter"] == "viasna") & (counts["date"] == day) & (counts["count"] == values["main_peak"]["value"])]
    assert not row.empty
    approx = (row["qualifier"] == "approx").any()
    assert values["main_peak"]["text"].startswith("about ") == approx


def test_prose_of_part_one_keeps_interviewees_apart_from_the_paper():
    sanctions = (ROOT / "chapters" / "03-sanctions.qmd").read_text(encoding="utf-8")
    fading = (ROOT / "chapters" / "05-fading-west.qmd").read_text(encoding="utf-8")
    assert "One expert the paper quotes" in sanctions
    assert "pro-democracy politician quoted in the paper" in sanctions
    assert not re.search(r"the paper reports, having been hard", sanctions)
    assert "A representative of an EU institution told the author" in fading
