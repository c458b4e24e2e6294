"""Extraction on the project's own examples, which have the shapes of the seed documents."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from provenance.corpus import read_source
from provenance.extract import extract_text
from provenance.extract.lines import TextLine, lines_holding, strip_markdown
from provenance.extract.links import markdown_links
from provenance.model import CreditKind, DocFormat, LinkKind
from provenance.report.documents import document_dict
from provenance.vocabulary import prefix_tree

from .conftest import EXAMPLES


def _extract(name: str):
    source = read_source(EXAMPLES / name)
    from provenance.extract import extract_document

    return extract_document(source)


def test_raw_scrape_with_residue():
    doc = _extract("001_bridge_raw.txt")
    assert doc.format is DocFormat.TEXT
    # The first line is a donation appeal, not the title.
    assert doc.title is not None
    assert doc.title.value == "Harbor Bridge Reopens to Traffic After Six Weeks of Storm Repairs"
    assert doc.title.evidence.line == 3
    assert doc.date is None and doc.original_url is None
    assert [(c.agency, c.kind, c.line) for c in doc.credits] == [
        ("northbay.gov", CreditKind.PHOTO, 5),
        ("AFP", CreditKind.CONTRIBUTED, 17),
    ]
    kinds = [(r.kind, r.line, r.end_line) for r in doc.residue]
    assert kinds == [("donation", 1, 1), ("newsletter", 19, 22), ("donation", 24, 35), ("read-more", 37, 37)]


def test_markdown_saved_as_text():
    doc = _extract("002_bridge_markdown.txt")
    assert doc.format is DocFormat.MARKDOWN
    assert doc.title is not None and doc.title.value == "Harbor Bridge Reopens After Six Weeks of Storm Repairs"
    assert doc.date is not None and doc.date.value == dt.date(2025, 6, 2)
    assert doc.date.evidence.source == "date-line" and doc.date.evidence.line == 5
    assert doc.original_url is not None
    assert doc.original_url.url.endswith("/2025/06/02/harbor-bridge-reopens-after-six-weeks-of-storm-repairs-a10452")
    assert doc.original_url.evidence.source == "footer:original url"
    assert doc.url_date is not None and doc.url_date.value == dt.date(2025, 6, 2)
    assert doc.publisher is not None and doc.publisher.domain == "northbayherald.com"
    assert ("northbay.gov", CreditKind.PHOTO, 9) in [(c.agency, c.kind, c.line) for c in doc.credits]
    assert ("AFP", CreditKind.CONTRIBUTED) in [(c.agency, c.kind) for c in doc.credits]
    placeholders = [link for link in doc.links if link.placeholder]
    assert [(link.url, link.line) for link in placeholders] == [("#", 15), ("#", 17)]
    assert any(link.kind is LinkKind.AUTOLINK for link in doc.links)


def test_html_page_metadata_and_credits():
    doc = _extract("003_port_strike.html")
    assert doc.format is DocFormat.HTML
    assert doc.title is not None and doc.title.value == "Port Workers Strike Over Automation Plan"
    assert doc.date is not None and doc.date.value == dt.date(2025, 6, 3)
    assert doc.date.evidence.source.startswith(("json-ld", "html-meta"))
    assert doc.original_url is not None and doc.original_url.evidence.source == "html-link:canonical"
    assert doc.publisher is not None and doc.publisher.name == "The North Bay Herald"
    credits = {(c.agency, c.kind) for c in doc.credits}
    assert {("AFP", CreditKind.PHOTO), ("Reuters", CreditKind.WIRE), ("Reuters", CreditKind.BYLINE)} <= credits
    assert [link.url for link in doc.links if link.placeholder] == ["javascript:void(0)"]
    assert all(c.line > 20 for c in doc.credits), "credits carry their source line"


def test_modified_date_never_beats_the_published_date():
    html = """<html><head>
    <meta property="article:modified_time" content="2025-06-09T10:00:00Z">
    <meta property="article:published_time" content="2025-06-01T10:00:00Z">
    <title>Budget passes</title></head><body><p>Text.</p></body></html>"""
    doc = extract_text(html, fmt=DocFormat.HTML)
    assert doc.date is not None and doc.date.value == dt.date(2025, 6, 1)
    assert [d.modified for d in doc.date_candidates] == [False, True]


@pytest.mark.parametrize(
    "line",
    [
        "A regulator told Reuters on Friday that talks were over.",
        "A Reuters poll of economists expects a rate cut.",
        "She teaches AP Physics at the local high school.",
        "See https://www.afp.com/en/news/afp-story and http://example.com/reuters/ap/x",
        "The AFP pension fund returned 5% last year.",
        "Das sagte der Minister am Freitag in einem Gespräch mit dpa.",
        "Er sprach mit Reuters und AFP über die Lage.",
    ],
)
def test_agency_mentions_are_not_credits(line):
    doc = extract_text(f"# Title\n\n{line}\n", fmt=DocFormat.MARKDOWN)
    assert doc.credits == ()


@pytest.mark.parametrize(
    ("line", "agency", "kind"),
    [
        ("WASHINGTON (Reuters) - The Senate voted on Friday.", "Reuters", CreditKind.WIRE),
        ("HAYWARD, Calif. (AP) — A fire broke out.", "AP", CreditKind.WIRE),
        ("MOSCOW, January 21. /TASS/. Talks resumed.", "TASS", CreditKind.WIRE),
        ("AFP contributed reporting.", "AFP", CreditKind.CONTRIBUTED),
        (
            "Associated Press writer Nicholas Riccardi in Denver contributed to this report.",
            "AP",
            CreditKind.CONTRIBUTED,
        ),
        ("(Reporting by Will Dunham; Editing by Tom Brown)", "Reuters", CreditKind.BYLINE),
        ("Julie Jammot/AFP via Getty Images", "AFP", CreditKind.PHOTO),
        ("(AP Photo/Lindsey Wasson)", "AP", CreditKind.PHOTO),
        ("REUTERS/Kevin Lamarque", "Reuters", CreditKind.PHOTO),
        ("© Ben Stansall/\u200bAFP/\u200bGetty Images", "AFP", CreditKind.PHOTO),
        ("(with AFP)", "AFP", CreditKind.WIRE),
        ("Photo: dpa", "dpa", CreditKind.PHOTO),
        ("© dpa/Christophe Gateau", "dpa", CreditKind.PHOTO),
        ("Bildrechte: dpa", "dpa", CreditKind.PHOTO),
        ("Image copyright Reuters", "Reuters", CreditKind.PHOTO),
        ("Die Gespräche sollen am Montag weitergehen. (dpa)", "dpa", CreditKind.WIRE),
        ("WIEN (APA) - Die Regierung tagte.", "APA", CreditKind.WIRE),
        ('VENICE, Italy (AP) " The government announced it on Saturday.', "AP", CreditKind.WIRE),
        ("Der Manager kündigte dann doch sein Erscheinen an. (dpa/gem)", "dpa", CreditKind.WIRE),
        ("Generalsekretär ist seit 2020 Marc Frings. (KNA 19.11.21)", "KNA", CreditKind.WIRE),
        ("Die Zyste könne sich jederzeit neu bilden, hieß es. (FR mit dpa)", "dpa", CreditKind.CONTRIBUTED),
        ("Mit Material von dpa", "dpa", CreditKind.CONTRIBUTED),
        ("Von David Hutzler, dpa", "dpa", CreditKind.BYLINE),
        ("Von: det/dpa", "dpa", CreditKind.BYLINE),
        ("© dpa | Kay Nietfeld", "dpa", CreditKind.PHOTO),
        ("© 2012 APA/AP", "AP", CreditKind.PHOTO),
        ("© APA/APA (dpa)/Jens Büttner", "dpa", CreditKind.PHOTO),
        ("(Russian Defense Ministry Press Service via AP)", "AP", CreditKind.PHOTO),
        ("Una prueba misilística en el Mar de Okhotsk (Ministerio de Defensa de Rusia vía AP)", "AP", CreditKind.PHOTO),
        ("Auch Herbert Grönemeyer gehört zu den Unterstützern. Bild: dpa", "dpa", CreditKind.PHOTO),
        ("Фото: Reuters", "Reuters", CreditKind.PHOTO),
        ("Image: Keystone", "Keystone-SDA", CreditKind.PHOTO),
    ],
)
def test_credit_phrasings(line, agency, kind):
    doc = extract_text(f"# Title\n\nA first paragraph of the story that is long enough to end the lead.\n\n{line}\n")
    assert (agency, kind) in {(c.agency, c.kind) for c in doc.credits}, doc.credits
    assert all(c.line == 5 for c in doc.credits)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(Con información de AFP, EFE y Reuters)", {"AFP", "EFE", "Reuters"}),
        ("(mit dpa und AFP)", {"dpa", "AFP"}),
    ],
)
def test_a_list_of_contributing_agencies_credits_each(line, expected):
    doc = extract_text(f"# Title\n\nA first paragraph of the story that is long enough to end the lead.\n\n{line}\n")
    assert {(c.agency, c.kind) for c in doc.credits} == {(a, CreditKind.CONTRIBUTED) for a in expected}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("© Dieter Mayr (KNA)", {("KNA", CreditKind.PHOTO)}),
        ("Foto: Jane Doe (dpa)", {("dpa", CreditKind.PHOTO)}),
        ("© 2012 APA/AP", {("APA", CreditKind.PHOTO), ("AP", CreditKind.PHOTO)}),
        ("Von: det/dpa", {("dpa", CreditKind.BYLINE)}),
    ],
)
def test_picture_credits_and_bylines_are_not_read_as_other_kinds(line, expected):
    """A photographer with the agency in parentheses is no end tag; an editor's initials are no photographer."""
    doc = extract_text(f"# Title\n\nA first paragraph of the story that is long enough to end the lead.\n\n{line}\n")
    assert {(c.agency, c.kind) for c in doc.credits} == expected


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Original url: https://example.com/a/b", "https://example.com/a/b"),
        ("Original url:\n\n<https://example.com/a/b>", "https://example.com/a/b"),
        ("Source: https://example.com/a/b.", "https://example.com/a/b"),
        ("Originally published at https://example.com/a/b", "https://example.com/a/b"),
        ("Read more at: [the site](https://example.com/a/b)", "https://example.com/a/b"),
    ],
)
def test_original_url_footers(text, url):
    doc = extract_text(f"# Title\n\nBody.\n\n{text}\n")
    assert doc.original_url is not None and doc.original_url.url == url


def test_sources_said_is_not_a_footer():
    doc = extract_text("# Title\n\nSources said the deal was close.\nhttps://example.com/x\n")
    assert doc.original_url is None


def test_brand_in_residue_names_the_publisher():
    doc = extract_text("Support The Moscow Times!\n\nA Headline Here\n\nBody text of the story goes on.\n")
    assert doc.publisher is not None
    assert (doc.publisher.name, doc.publisher.domain) == ("The Moscow Times", "themoscowtimes.com")
    assert doc.publisher.evidence.source == "brand-in-text"


def test_json_fields_follow_the_design():
    fields = document_dict(_extract("002_bridge_markdown.txt"))
    for key in ("path", "format", "title", "date", "date_source", "original_url", "original_url_source"):
        assert key in fields
    assert set(fields["publisher"]) >= {"name", "domain"}
    assert set(fields["credits"][0]) >= {"agency", "kind", "text", "line"}
    assert set(fields["links"][0]) >= {"url", "text", "line", "kind"}
    assert set(fields["residue"][0]) >= {"kind", "line"}


def test_malformed_footer_url_is_no_original_url():
    doc = extract_text("# Title\n\nBody text.\n\nOriginal url: http://[::1/2025/03/14/story\n")
    assert doc.original_url is None
    assert any(link.url.startswith("http://[::1") for link in doc.links)


def test_agency_byline_counts_under_the_headline_only():
    doc = extract_text(
        "# Storm closes bridge\n\nBy Associated Press\n\nA storm closed the bridge on Friday, officials said.\n"
    )
    assert ("AP", CreditKind.BYLINE) in {(c.agency, c.kind) for c in doc.credits}
    teaser = (
        "# Storm closes bridge\n\nA storm closed the bridge on Friday after days of rain, officials said.\n\n"
        + "More.\n" * 8
    )
    assert extract_text(teaser + "By AFP\n").credits == ()


def test_every_credit_pattern_compiles_and_finds_its_example():
    from provenance.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    for pattern in vocabulary.credit_patterns:
        assert pattern.regex.pattern == pattern.source
        if pattern.example and not pattern.head_only:
            doc = extract_text(
                f"# T\n\nA first paragraph long enough to end the lead of the story.\n\n{pattern.example}\n"
            )
            assert doc.credits, f"no credit found in the example {pattern.example!r}"


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        ("**bold** and _it_ and a*b*", "bold and it and a*b*"),
        ("*x* at the start", "x at the start"),
        ("> quoted", "quoted"),
        ("  1. item", "item"),
        ("#  Heading  #", "Heading"),
        ("tab\tand\u00a0no-break  spaces ", "tab and no-break spaces"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("![photo](p.jpg) and [text](u)", "photo and text"),
    ],
)
def test_markdown_markup_is_stripped(raw, plain):
    assert strip_markdown(raw) == plain


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (
            "see [a](https://x.org/a) and https://y.org/b",
            [("https://x.org/a", "a", "inline"), ("https://y.org/b", "https://y.org/b", "bare")],
        ),
        (
            "![i](https://i.org/p.png) [r][1] ![n][1] ][x][1]",
            [("https://i.org/p.png", "i", "image"), ("https://ref.org/1", "r", "reference")],
        ),
        ("Visit WWW.Example.com/page today", [("http://WWW.Example.com/page", "WWW.Example.com/page", "bare")]),
        (
            "[t](https://a.org/x) (https://b.org/y) https://c.org",
            [("https://a.org/x", "t", "inline"), ("https://c.org", "https://c.org", "bare")],
        ),
        ("no links: now. law. [bracket]", []),
    ],
)
def test_links_of_a_line(raw, found):
    lines = [TextLine(1, raw, strip_markdown(raw)), TextLine(2, "[1]: https://ref.org/1", "")]
    assert [(link.url, link.text, link.kind.value) for link in markdown_links(lines)] == found


def test_lines_holding_words_in_any_case():
    plains = ["A PHOTO by", "no words here", "\u201cCopied\u201d", "\u00a9 2024", "", "Support us", "Cr\u00e9dit"]
    lines = [TextLine(number, plain, plain) for number, plain in enumerate(plains, start=1)]
    assert lines_holding(lines, ("photo", "\u00a9", "support", "credit")) == {0, 3, 5}
    # the Kelvin sign lower-cases to an ASCII "k", the dotted capital I to "i" and a combining dot:
    # such a text is read line by line, with the answers of str.lower()
    odd = [TextLine(1, "", "\u212aey"), TextLine(2, "", "key"), TextLine(3, "", "K\u0130T"), TextLine(4, "", "kit")]
    assert lines_holding(odd, ("key", "kit")) == {0, 1, 3}


@pytest.mark.parametrize("words", [["AFP", "AP", "APA", "A", "B"], ["ab", "abc", "abd", "b", "a.b"], ["x"]])
def test_prefix_tree_matches_like_a_longest_first_alternation(words):
    tree = re.compile(f"(?:{prefix_tree(words)})(?![a-z])")
    flat = re.compile(f"(?:{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))})(?![a-z])")
    for text in ["AFP APA AP A B APx AFPA", "abc abd ab abx b abe a.b a.bc", "x xx"]:
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_residue_kinds_combined_classify_as_one_by_one():
    """find_residue classifies with one alternation of every kind; each line gets the kind
    `classify_line` (one regex per kind, in order) gives it, a line opening with a tab too."""
    from provenance.extract.residue import _line_classifier, classify_line
    from provenance.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    texts = [
        "Sign up for our daily newsletter",
        "\tSign up for our daily newsletter",
        "Read more",
        "Support the Guardian",
        "A long line of running text that mentions a newsletter but is no call to sign up for it.",
        "Share this article",
        "Cookies help us deliver our services",
        "* Remind me later.",
        "",
    ]
    lines = [TextLine(number, text, text) for number, text in enumerate(texts, start=1)]
    combined = _line_classifier(vocabulary)
    expected = [classify_line(line, vocabulary) for line in lines]
    assert combined is not classify_line
    assert sum(kind is not None for kind in expected) >= 4
    assert [combined(line, vocabulary) for line in lines] == expected
