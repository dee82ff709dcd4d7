"""The site address is a build setting: no placeholder reaches any output, and
a local build invents no address."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from belpolicy.build import cite, site
from belpolicy.errors import SiteUrlError

from conftest import ROOT, belpolicy

SITE = "https://owner.github.io/belarus-policy"
PLACEHOLDER = re.compile(rb"example\.(?:org|com|net)", re.I)


def test_no_placeholder_domain_in_the_project_config_or_any_build_output(built):
    config_files = [*ROOT.glob("_quarto*.yml"), ROOT / "CITATION.cff", ROOT / "index.qmd",
                    *ROOT.glob("chapters/*.qmd"), *ROOT.glob("appendix-*.qmd")]
    outputs = [path for folder in (built, ROOT / "_book") for path in folder.rglob("*") if path.is_file()]
    assert len(outputs) > 100
    leaks = [str(path.relative_to(ROOT)) for path in config_files + outputs if PLACEHOLDER.search(path.read_bytes())]
    assert leaks == []


def test_the_check_itself_would_see_a_placeholder():
    assert PLACEHOLDER.search(b'url: "https://example.org/belarus-policy"')
    for placeholder in ("https://example.org/belarus-policy", "https://www.example.com", "http://docs.example.net/x"):
        with pytest.raises(SiteUrlError, match="placeholder"):
            site.check_site_url(placeholder)


@pytest.mark.parametrize("bad", ["owner.github.io/book", "ftp://host/x", "https://host/a b", "https://h/<x>"])
def test_malformed_addresses_are_refused(bad):
    with pytest.raises(SiteUrlError, match="not an http"):
        site.check_site_url(bad)


def test_build_refuses_a_placeholder_address_before_executing_anything():
    result = belpolicy("build", "--no-render", "--chapters", "3", "--site-url", "https://example.org/belarus-policy")
    assert result.returncode == 1 and "placeholder domain" in result.stderr and "executing" not in result.stdout
    result = belpolicy("cite", "sec-sanctions", env={"BELPOLICY_SITE_URL": "https://example.com/x"})
    assert result.returncode == 1 and "placeholder domain" in result.stderr


def test_a_local_build_prints_no_address(built, monkeypatch):
    monkeypatch.delenv(site.SITE_URL_ENV, raising=False)
    section = cite.sections()["sec-sanctions"]
    assert cite.section_url(section, "paper") is None
    block = cite.cite_block(section, "paper", "28 March 2023")
    assert "local build with no site address" in block and "https://" not in block
    result = belpolicy("cite", "sec-sanctions", "--style", "bibtex", "--edition", "paper",
                       env={site.SITE_URL_ENV: ""})
    assert result.returncode == 0 and "url" not in result.stdout and "https://" not in result.stdout


def test_the_address_reaches_cite_blocks_per_edition(built, monkeypatch):
    monkeypatch.setenv(site.SITE_URL_ENV, SITE + "/")
    section = cite.sections()["sec-sanctions-opinion"]
    block = cite.cite_block(section, "latest", "1 December 2026")
    assert f"{SITE}/latest/chapters/03-sanctions.html#sec-sanctions-opinion" in block and "local build" not in block


def test_the_site_profile_carries_the_edition_address_and_goes_away_for_a_local_build(project_copy, monkeypatch):
    monkeypatch.setenv(site.SITE_URL_ENV, SITE)
    assert site.write_site_profile("paper") == ["site"]
    profile = yaml.safe_load((project_copy / site.SITE_PROFILE_FILE).read_text(encoding="utf-8"))
    assert profile == {"book": {"site-url": f"{SITE}/paper"}, "book-url": f"{SITE}/paper"}
    monkeypatch.delenv(site.SITE_URL_ENV)
    assert site.write_site_profile("paper") == [] and not (project_copy / site.SITE_PROFILE_FILE).exists()


def test_the_published_citation_file_names_the_address_and_stays_valid(project_copy, monkeypatch):
    (project_copy / "CITATION.cff").write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv(site.SITE_URL_ENV, SITE)
    site.write_published_files(project_copy / "_book")
    document = yaml.safe_load((project_copy / "_book" / "CITATION.cff").read_text(encoding="utf-8"))
    assert document["url"] == SITE and document["preferred-citation"]["url"] == SITE
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json").read_text())
    jsonschema.validate(json.loads(json.dumps(document, default=str)), schema)
    assert 'url=latest/' in (project_copy / "_book" / "index.html").read_text(encoding="utf-8")


def test_a_citation_file_naming_another_address_is_refused(project_copy, monkeypatch):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8") + 'url: "https://elsewhere.github.io/book"\n'
    (project_copy / "CITATION.cff").write_text(text, encoding="utf-8")
    monkeypatch.setenv(site.SITE_URL_ENV, SITE)
    with pytest.raises(SiteUrlError, match="CITATION.cff names the address"):
        site.published_citation_file()


def test_the_edition_banner_is_no_callout_so_word_shows_no_empty_box(built):
    from belpolicy.build.staging import BANNER_FILE

    for edition in ("paper", "latest"):
        banner = (built / edition / BANNER_FILE).read_text(encoding="utf-8")
        assert banner.startswith('<div class="edition-banner" role="note"><p>You are reading the ')
        assert "callout" not in banner
