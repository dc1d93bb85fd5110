"""Every catalogue query and quality check says in Dutch what it answers (``# description@nl:``),
for the site's Dutch query pages; the header key is read like ``description`` and checked.
"""

from __future__ import annotations

import re

import pytest

from zorgakkoorden.errors import CatalogueFileError
from zorgakkoorden.query.catalogue import load_catalogue, parse_query_file, query_as_json, query_from_json

# words a municipal policy adviser should not meet in a Dutch description: the model's own names
JARGON = re.compile(r"zk:Statement|zk:Conflict|PolicyFramework|dcterms:|rdf:|schema:|owl:|skos:|\btripel|\btriple|SPARQL", re.I)

GOOD = (
    "# name: q\n"
    "# title@nl: Vraag\n"
    "# title@en: Question\n"
    "# description: What it answers,\n"
    "#   over two lines.\n"
    "# description@nl: Wat ze beantwoordt,\n"
    "#   over twee regels.\n"
    "# column: x@nl: Iks\n"
    "SELECT ?x WHERE { ?x ?p ?o }\n"
)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_every_query_and_check_has_a_dutch_description():
    catalogue = load_catalogue()
    queries = list(catalogue.values())
    assert len(queries) >= 23
    assert {q.name for q in catalogue.quality_checks()} <= {q.name for q in queries}
    for query in queries:
        nl = query.description_nl
        assert nl.strip(), f"{query.path}: no '# description@nl: ...' in the header"
        assert query.header["description@nl"] == (nl,)
        assert nl != query.description, query.name
        assert len(nl) >= 0.6 * len(query.description), (query.name, "much shorter than the English one")
        assert not JARGON.search(nl), (query.name, JARGON.search(nl).group(0))
        # Dutch, not English: a few of the commonest Dutch words occur
        assert re.search(r"\b(de|het|een|en|van|met)\b", nl), query.name
        assert query.describe("nl") == nl and query.describe("en") == query.description


def test_the_dutch_description_comes_right_after_the_english_one():
    for query in load_catalogue().values():
        lines = query.text.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("# description:"))
        end = start + 1
        while lines[end].startswith("#  "):
            end += 1
        assert lines[end].startswith("# description@nl: "), f"{query.path}:{end + 1}"


def test_continuation_lines_are_joined_and_english_is_the_fallback(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(GOOD, encoding="utf-8")
    query = parse_query_file(path, quality=False)
    assert query.description == "What it answers, over two lines."
    assert query.description_nl == "Wat ze beantwoordt, over twee regels."
    assert query.describe("nl") == query.description_nl and query.describe("en") == query.description
    assert query_from_json(query_as_json(query)).description_nl == query.description_nl  # the kept catalogue
    path.write_text(GOOD.replace("# description@nl: Wat ze beantwoordt,\n#   over twee regels.\n", ""), encoding="utf-8")
    plain = parse_query_file(path, quality=False)
    assert plain.description_nl == "" and plain.describe("nl") == "What it answers, over two lines."


def test_the_english_description_stays_required(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(GOOD.replace("# description: What it answers,\n#   over two lines.\n", ""), encoding="utf-8")
    with pytest.raises(CatalogueFileError, match=r"q\.rq.*header lacks '# description: \.\.\.'"):
        parse_query_file(path, quality=False)


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        # a continuation with one space is no continuation and no key either
        (GOOD.replace("#   over twee regels.", "# over twee regels."), 7, "neither '# key: value' nor a continuation"),
        (GOOD.replace("# description@nl: Wat ze beantwoordt,\n#   over twee regels.", "# description@nl:"), 6,
         "'description@nl' is empty"),
        (GOOD.replace("# column: x@nl: Iks", "# description@nl: Nog een keer."), 6, "'description@nl' is given more than once"),
    ],
)
def test_a_malformed_dutch_description_names_file_and_line(tmp_path, broken, line, message):
    path = tmp_path / "q.rq"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogueFileError) as caught:
        parse_query_file(path, quality=False)
    text = str(caught.value)
    assert f"q.rq:{line}:" in text and message in text, text
    assert "Traceback" not in text


def test_the_site_macro_shows_dutch_or_says_the_text_is_english():
    from zorgakkoorden.site.render import make_environment

    macros = make_environment().get_template("macros.html").module

    class Page:
        description = "What it answers & more."
        description_nl = "Wat ze beantwoordt & meer."

    html = str(macros.query_description(Page))
    assert '<span class="l-nl">Wat ze beantwoordt &amp; meer.</span>' in html
    assert '<span class="l-en" lang="en">What it answers &amp; more.</span>' in html
    assert "Toelichting in het Engels" not in html
    Page.description_nl = ""
    html = str(macros.query_description(Page))
    assert 'lang="en"' in html and "(Toelichting in het Engels.)" in html and "What it answers &amp; more." in html
