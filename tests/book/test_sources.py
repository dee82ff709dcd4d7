"""The source registry and the citation rule: every row's domain has a tier,
and no quoted value rests on an aggregator, a mirror or state media alone
unless the text says who reported it."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from belpolicy import data
from belpolicy.analysis import sanctions
from belpolicy.data import sources
from belpolicy.errors import DataValidationError

from conftest import ROOT, belpolicy, chapter_values, figure_data

KNOWN = {domain: sources.Source(domain, f"publisher of {domain}", tier, "")
         for domain, tier in (("spring96.org", "primary"), ("bakermckenzie.com", "reputable_secondary"),
                              ("udf.by", "aggregator_or_mirror"), ("amp.udf.by", "state_media"))}


@pytest.mark.parametrize("url, domain, tier", [
    ("https://spring96.org/en/news/1", "spring96.org", "primary"),
    ("https://www.spring96.org./en/news/1", "spring96.org", "primary"),  # www. and trailing dot
    ("https://SPRING96.org:443/x", "spring96.org", "primary"),  # case and port
    ("https://sanctionsnews.bakermckenzie.com/post", "sanctionsnews.bakermckenzie.com", "reputable_secondary"),
    ("https://amp.udf.by/x", "amp.udf.by", "state_media"),  # a subdomain's own line wins over its parent's
    ("https://news.udf.by/x", "news.udf.by", "aggregator_or_mirror"),
    ("https://by/x", "by", None),  # never a bare top-level domain
    ("https://spring96.org.evil.com/x", "spring96.org.evil.com", None),
])
def test_domain_rule(url, domain, tier):
    assert sources.domain_of(url) == domain
    found = sources.lookup(url, KNOWN)
    assert (found.tier if found else None) == tier


def test_citation_rule():
    assert sources.citation_problem({"source_tier": []}) is None
    assert sources.citation_problem({"source_tier": ["primary", "aggregator_or_mirror"]}) is None
    assert "does not say who reported it" in sources.citation_problem({"source_tier": ["aggregator_or_mirror"]})
    assert sources.citation_problem({"source_tier": ["aggregator_or_mirror"], "attributed": "Odessa Journal"}) is None
    assert "what the authorities said" in sources.citation_problem({"source_tier": ["state_media"],
                                                                    "attributed": "BelTA"})
    assert sources.citation_problem({"source_tier": ["state_media"], "attributed": "the authorities (BelTA)"}) is None


def test_registry_covers_every_row_and_loaded_tables_carry_the_tier():
    assert data.check() == []
    for name in data.dataset_names():
        if name == sources.REGISTRY:
            continue
        frame = data.load(name)
        assert list(frame.columns).index("source_tier") == list(frame.columns).index("source_url") + 1
        assert set(frame["source_tier"]) <= set(sources.TIERS), name


def test_registry_tiers_are_an_enum(project_copy):
    path = project_copy / "data" / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + "new-site.example,Someone,trusted,\n", encoding="utf-8")
    problems = [str(p) for p in data.check([sources.REGISTRY])]
    assert len(problems) == 1 and "column 'tier'" in problems[0] and "value 'trusted'" in problems[0]


def test_data_check_refuses_an_unregistered_domain_in_one_line(project_copy):
    path = project_copy / "data" / "political_prisoners.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = re.sub(r"https://[^,]+", "https://www.unknown-site.example.net/a", lines[1], count=1)
    path.write_text("".join(lines), encoding="utf-8")
    result = belpolicy("data", "check", root=project_copy)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "data/political_prisoners.csv, line 2, column 'source_url', value 'unknown-site.example.net'" in errors[0]
    assert "add it to data/sources.csv with a tier" in errors[0]
    with pytest.raises(DataValidationError):
        data.load("political_prisoners")


def test_data_add_refuses_a_row_from_an_unregistered_domain(project_copy):
    path = project_copy / "data" / "political_prisoners.csv"
    before = path.read_bytes()
    result = belpolicy("data", "add", "prisoners", "date=2026-10-31", "count=1111", "counter=viasna",
                       "source_url=https://unknown-site.example.net/x", "evidence=1,111 (test)", "qualifier=exact",
                       "date_precision=end_of_month", root=project_copy)
    assert result.returncode == 1
    assert "unknown-site.example.net" in result.stderr and "add it to data/sources.csv" in result.stderr
    assert path.read_bytes() == before


def test_stated_totals_read_combined_totals_and_leave_out_subsets():
    totals = pd.DataFrame({
        "date": pd.to_datetime(["2021-01-01", "2022-01-01", "2023-01-01", "2020-12-01"]),
        "jurisdiction": ["UK", "UK", "UK", "EU"],
        "persons_total": pd.array([88, None, None, 55], dtype="Int64"),
        "entities_total": pd.array([7, None, None, None], dtype="Int64"),
        "scope": ["UK", "UK", "UK", "Subset: packages only"],
        "note": ["", "combined_total=100; qualifier=more_than. x", "combined_total=182; qualifier=exact", ""],
        "source_url": ["https://a.example/1"] * 4,
    })
    stated = sanctions.stated_totals(totals, ["UK", "EU"], pd.Timestamp("2024-01-01"))
    assert stated["stated_total"].tolist() == [95, 100, 182]
    assert stated["qualifier"].tolist() == ["exact", "more_than", "exact"]
    acts = pd.DataFrame({"jurisdiction": ["UK", "EU"], "date": pd.to_datetime(["2022-03-01", "2021-01-01"]),
                         "cumulative": [8, 400]})
    assert sanctions.incomplete_acts(acts, stated) == ["UK"]
    # a running sum may exceed the stated total (delistings): not a sign of missing acts
    reached = stated.iloc[[0]].assign(date=pd.Timestamp("2022-06-01"), stated_total=6)
    assert sanctions.incomplete_acts(acts, reached) == []


# --------------------------------------------------------------------------- the built editions


def _values(edition: str) -> dict[str, dict]:
    summary = json.loads((ROOT / "_build" / edition / "values.json").read_text(encoding="utf-8"))
    return {f"{chapter}.{key}": entry for chapter, values in summary["chapters"].items()
            for key, entry in values.items()}


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_every_recorded_value_keeps_the_citation_rule(built, edition):
    values = _values(edition)
    assert values, "no values recorded"
    broken = {key: sources.citation_problem(entry) for key, entry in values.items() if sources.citation_problem(entry)}
    assert broken == {}
    said = re.compile(r"reported by|according to|as the authorities said|not independently confirmed")
    prose = "\n".join(path.read_text(encoding="utf-8") for path in [*(ROOT / "chapters").glob("*.qmd"),
                                                                     ROOT / "index.qmd"])
    for key, entry in values.items():
        if not entry.get("attributed"):
            continue
        lines = [line for line in prose.splitlines() if f"{{{{< var {key} >}}}}" in line]
        for line in lines:  # where the prose quotes it, the sentence (or a value it prints) names who reported it
            printed = [values[name]["text"] for name in re.findall(r"\{\{< var ([a-z_]+\.[a-z0-9_]+) >\}\}", line)
                       if name in values]
            assert said.search(line) or any(said.search(text) for text in printed), (key, line)


@pytest.mark.parametrize("edition", ["paper", "latest"])
def test_every_claim_check_keeps_the_citation_rule(built, edition):
    from belpolicy.build.appendices import claim_statuses

    statuses = claim_statuses(edition)
    assert statuses and all("source_tier" in row for row in statuses.values())
    assert {key: sources.citation_problem(row) for key, row in statuses.items() if sources.citation_problem(row)} == {}
    for row in statuses.values():  # the evidence a reader sees names who reported a weak-only figure
        if row["attributed"]:
            assert "reported by" in row["evidence"], row


def test_newest_viasna_count_quoted_rests_on_viasna_or_a_reputable_outlet(built):
    for slug in ("01-introduction", "06-priority"):
        latest = chapter_values("latest", slug)["main_latest"]
        assert sources.tier_of(latest["source"]) in sources.CITABLE_TIERS, latest
        counts = sources.citable(data.load("political_prisoners"))
        viasna = counts[counts["counter"] == "viasna"]
        assert latest["date"] == viasna["date"].max().date().isoformat()


def test_figure_csvs_carry_the_tier_and_source_lines_name_publishers(built):
    plotted = figure_data("latest", "03-sanctions", "cumulative-listings")
    assert set(plotted["source_tier"]) <= set(sources.TIERS)
    expected = sources.publishers(plotted)
    text = chapter_values("latest", "03-sanctions")["publishers_cumulative_listings"]["text"]
    assert text.startswith(expected[0].replace("&", "and"))
    assert f"and {len(expected) - 4} other publishers" in text


def test_appendix_gives_rows_by_tier_per_table(built):
    text = (ROOT / "_build" / "latest" / "appendix" / "data.md").read_text(encoding="utf-8")
    with open(data.dataset_path("sanctions_totals"), encoding="utf-8", newline="") as handle:
        import csv

        tiers = sources.rows_by_tier(list(csv.DictReader(handle)))
    section = text.split("{#sec-data-sanctions-totals}")[1].split("\n## ")[0]
    for tier, count in tiers.items():
        assert f"{tier.replace('_', ' ')} {count}" in section
