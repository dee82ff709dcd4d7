"""What the book controls for WCAG 2.1 AA: link and caption contrast, link
underlines, keyboard-reachable cite blocks, language of non-English titles."""

from __future__ import annotations

import re

import bibtexparser

from belpolicy.paths import quarto_config

from conftest import ROOT

CSS = (ROOT / "styles.css").read_text(encoding="utf-8")


def contrast_on_white(colour: str) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


def rule(selector_start: str) -> str:
    match = re.search(r"(?:^|\n)" + re.escape(selector_start) + r"[^{]*\{([^}]*)\}", CSS)
    assert match, selector_start
    return match.group(1)


def test_the_stylesheet_is_used_and_links_are_underlined_with_enough_contrast():
    assert quarto_config()["format"]["html"]["css"] == "styles.css"
    links = rule("a ")
    assert "text-decoration: underline" in links
    assert contrast_on_white(re.search(r"color: (#[0-9a-fA-F]{6})", links).group(1)) >= 4.5
    assert contrast_on_white("#2780e3") < 4.5  # the theme's link colour, which the stylesheet replaces


def test_captions_are_dark_enough():
    captions = rule("figcaption,")
    assert contrast_on_white(re.search(r"color: (#[0-9a-fA-F]{6})", captions).group(1)) >= 4.5
    assert contrast_on_white("#6d7a86") < 4.5  # Quarto's caption grey


def test_long_urls_wrap():
    assert "overflow-wrap: anywhere" in rule("#refs,")


def test_russian_and_polish_titles_carry_their_language_and_keep_their_case():
    library = bibtexparser.parse_file(str(ROOT / "references.bib"))
    checked = 0
    for entry in library.entries:
        title = entry.fields_dict["title"].value
        # Polish letters, unless the title also has letters Polish lacks: Belarusian Latin
        # (Łacinka) names such as "Łukašenka" in an English title are not Polish
        polish = re.search(r"[ąęłńóśźżŁŚŻ]", title) and not re.search(r"[čšžŭČŠŽŬ]", title)
        russian = re.search(r"[А-Яа-яЁё]", title)
        assert not re.search(r"[ЎўІі]", title), f"{entry.key}: a Belarusian title belongs in references-be.yaml"
        if polish or russian:
            checked += 1
            expected = "polish" if polish else "russian"
            assert title.startswith(f"\\foreignlanguage{{{expected}}}{{"), entry.key
            # `langid` tells citeproc the entry is not English, so it keeps the title's sentence case
            assert entry.fields_dict["langid"].value == expected, entry.key
    assert checked >= 8


def test_belarusian_titles_carry_their_language_and_are_not_title_cased():
    import pypandoc
    import yaml

    entries = yaml.safe_load((ROOT / "references-be.yaml").read_text(encoding="utf-8"))["references"]
    assert {entry["id"] for entry in entries} == {"most2022hersche", "znatkevich2022"}
    for entry in entries:
        assert entry["language"] == "be"
        assert re.match(r"\[[^\]]*[Ўўі][^\]]*\]\{lang=be\}", entry["title"]), entry["id"]
    html = pypandoc.convert_text("[@most2022hersche; @znatkevich2022]", "html", format="markdown", extra_args=[
        "--citeproc", f"--bibliography={ROOT / 'references-be.yaml'}",
        f"--csl={ROOT / 'styles' / 'chicago-author-date.csl'}"])
    assert html.count('<span lang="be">') == 2
    assert "Як быццам з Асвенцыму выйшла" in html  # sentence case, as typed
    assert "[As if she had come out of Auschwitz" in html
