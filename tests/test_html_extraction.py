"""HTML extraction conventions, each shown on a small hand-written page.

Every rule in provenance/extract/{htmlpage,dates,titles,authors}.py and every vocabulary in
rules/data/{dates,pages}.toml has a case here; the evaluation pages are never copied in.
"""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.extract import extract_text
from provenance.extract.authors import clean_author
from provenance.extract.dates import dates_in_text, parse_date, url_date
from provenance.extract.htmlpage import parse_html
from provenance.extract.titles import strip_site_affix
from provenance.model import DocFormat, Document
from provenance.report.documents import document_dict


def page(body: str, head: str = "", lang: str = "en-GB") -> Document:
    html = f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'
    return extract_text(html, path="page.html", fmt=DocFormat.HTML)


def day(document: Document) -> dt.date | None:
    return document.date.value if document.date else None


# --------------------------------------------------------------------------- dates: parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19. Oktober 2019", dt.date(2019, 10, 19)),  # German
        ("23 mai 2019", dt.date(2019, 5, 23)),  # French
        ("1er mai 2019", dt.date(2019, 5, 1)),  # French ordinal
        ("martes 17 de marzo de 2020", dt.date(2020, 3, 17)),  # Spanish, with weekday
        ("17 de março de 2020", dt.date(2020, 3, 17)),  # Portuguese
        ("3 maart 2021", dt.date(2021, 3, 3)),  # Dutch
        ("12 marca 2021", dt.date(2021, 3, 12)),  # Polish genitive
        ("17 مارس 2020", dt.date(2020, 3, 17)),  # Arabic month name
        ("١٧ مارس ٢٠٢٠", dt.date(2020, 3, 17)),  # Arabic-Indic digits
        ("24 نيسان / أبريل 2020", dt.date(2020, 4, 24)),  # Levantine and Egyptian names together
        ("2020年3月17日", dt.date(2020, 3, 17)),  # CJK
        ("31.10.23", dt.date(2023, 10, 31)),  # two-digit year, POSIX pivot
        ("17/02/2022", dt.date(2022, 2, 17)),  # day first when unambiguous
        ("02/17/2022", dt.date(2022, 2, 17)),  # month first when unambiguous
        ("March 11th, 2020 at 5:30 pm EST", dt.date(2020, 3, 11)),
    ],
)
def test_dates_in_many_languages_and_shapes(text: str, expected: dt.date) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed[0] == expected


def test_ambiguous_slashed_dates_follow_the_page_language() -> None:
    assert parse_date("05/06/2022", month_first=True) == (dt.date(2022, 5, 6), 0, 10)
    assert parse_date("05/06/2022")[0] == dt.date(2022, 6, 5)  # type: ignore[index]
    us = page('<h1>Council votes on the new budget</h1><p class="date">05/06/2022</p>', lang="en-US")
    uk = page('<h1>Council votes on the new budget</h1><p class="date">05/06/2022</p>', lang="en-GB")
    assert day(us) == dt.date(2022, 5, 6) and day(uk) == dt.date(2022, 6, 5)


def test_dates_written_into_url_paths() -> None:
    assert url_date("https://example.org/news/17-02-2022/council-votes") == dt.date(2022, 2, 17)
    assert url_date("https://example.org/news/council-votes-17022022.html") == dt.date(2022, 2, 17)
    assert url_date("https://example.org/2020/mar/05/council-votes") == dt.date(2020, 3, 5)


def test_labels_weekdays_and_updates_on_a_date_line() -> None:
    assert dates_in_text("Veröffentlicht am 3. Mai 2022") == [(dt.date(2022, 5, 3), False)]
    assert dates_in_text("Updated May 4, 2022 | Published May 3, 2022") == [
        (dt.date(2022, 5, 4), True),
        (dt.date(2022, 5, 3), False),
    ]
    assert dates_in_text("Mis à jour le 4 mai 2022")[0][1] is True
    # A byline name beside the date is fine only when asked to be lenient (elements near the headline).
    assert dates_in_text("Janic Cathomen, 01.12.2021") == []
    assert dates_in_text("Janic Cathomen, 01.12.2021", lenient=True) == [(dt.date(2021, 12, 1), False)]


# --------------------------------------------------------------------------- dates: where on the page


NAV = "".join(f'<div class="menu-item">Section {n}</div>' for n in range(20))


def test_the_visible_date_is_looked_for_under_the_headline_not_at_the_top_of_the_page() -> None:
    doc = page(
        f'<div class="topbar">Thursday, 9 November 2023</div>{NAV}'
        "<h1>Harbour bridge reopens after repairs</h1><p>14 March 2023</p><p>The bridge reopened today.</p>"
    )
    assert day(doc) == dt.date(2023, 3, 14)
    assert doc.date is not None and doc.date.evidence.source == "date-line"


def test_a_date_element_in_a_byline_counts_even_with_a_name_beside_it() -> None:
    doc = page(
        f"{NAV}<h1>Avalanche warning raised for the weekend</h1>"
        '<div class="article-meta"><span class="author">Janic Cathomen</span>, '
        '<span class="entry-date">01.12.2021</span></div><p>Body text of the article goes here.</p>'
    )
    assert day(doc) == dt.date(2021, 12, 1)
    assert doc.date is not None and doc.date.evidence.source.startswith("html-class:")


def test_a_lead_paragraph_opening_with_its_date_is_a_dateline() -> None:
    lead = "Bei der Erinnerung an die Verfolgten waren viele Opfer lange unsichtbar, und erst jetzt " * 3
    doc = page(f"<h1>Gedenktag mit neuer Erinnerungskultur</h1><p>27.1.2022 - {lead}</p>", lang="de")
    assert day(doc) == dt.date(2022, 1, 27)
    doc = page(f"<h1>Gedenktag mit neuer Erinnerungskultur</h1><p>(21. November 2022) {lead}</p>", lang="de")
    assert day(doc) == dt.date(2022, 11, 21)


def test_json_ld_webpage_dates_count_after_article_dates() -> None:
    graph = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage", "datePublished": "2021-05-01T10:00:00+02:00"}]}</script>'
    )
    assert day(page("<h1>Garden show opens its gates</h1>", graph)) == dt.date(2021, 5, 1)
    both = graph.replace("]}", ', {"@type": "NewsArticle", "datePublished": "2021-04-30T08:00:00+02:00"}]}')
    doc = page("<h1>Garden show opens its gates</h1>", both)
    assert day(doc) == dt.date(2021, 4, 30)
    assert [d.evidence.source for d in doc.date_candidates][:2] == [
        "json-ld:datePublished",
        "json-ld:WebPage:datePublished",
    ]


def test_comment_dates_are_kept_as_evidence_but_never_chosen() -> None:
    doc = page(
        "<h1>Podcast episode about fusion</h1><p>Listen to the episode.</p>"
        '<ol class="comment-list"><li><time datetime="2019-08-24T03:36:11+02:00">24. August 2019</time></li></ol>'
    )
    assert doc.date is None
    assert any(d.evidence.source.endswith("(outside the article)") for d in doc.date_candidates)


def test_pubdate_times_keep_document_order_and_sidebar_times_rank_low() -> None:
    doc = page(
        "<h1>Port workers strike over automation</h1>"
        '<p><time pubdate datetime="2024-02-01">1 Feb</time></p><p>Workers walked out.</p>'
        + "".join(f"<p>Paragraph {n} of the report.</p>" for n in range(30))
        + '<aside class="sidebar"><time pubdate datetime="2024-03-09">9 Mar</time></aside>'
    )
    assert day(doc) == dt.date(2024, 2, 1)


def test_a_layout_class_naming_a_sidebar_marks_the_page_wrapper_not_a_sidebar() -> None:
    filler = "".join(f"<p>Share link {n}</p>" for n in range(6))
    body = (
        '<div class="{cls}"><ul><li class="artikeldatum"><time datetime="2021-11-25 16:11">'
        "25. November 2021</time></li></ul>" + filler + "<h1>Ein Ausflug nach Leipzig und Dresden</h1>"
        "<p>Text.</p></div>"
    )
    doc = page(body.format(cls="site layout-two-columns-right-sidebar"), lang="de")
    assert day(doc) == dt.date(2021, 11, 25)
    doc = page(body.format(cls="sidebar"), lang="de")  # a real sidebar's date, far from the headline
    assert doc.date is None


def test_a_utc_timestamp_yields_to_the_local_date_shown_one_day_earlier() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T02:41:00Z">'
    doc = page("<h1>Researcher says he withheld material</h1><p>3/5/2022 22:41</p><p>Text.</p>", head, lang="es")
    assert day(doc) == dt.date(2022, 5, 3)
    # Without a time zone there is nothing to explain: structured data wins.
    head = '<meta property="article:published_time" content="2022-05-04">'
    doc = page("<h1>Researcher says he withheld material</h1><p>3/5/2022 22:41</p><p>Text.</p>", head, lang="es")
    assert day(doc) == dt.date(2022, 5, 4)


def test_a_bare_meta_date_is_trusted_after_the_visible_date() -> None:
    head = '<meta name="date" content="2022-01-26T14:32:06+02:00">'
    doc = page("<h1>Touring boot test: the best of both worlds</h1><p>21.01.2022 - 13:30</p>", head, lang="de")
    assert day(doc) == dt.date(2022, 1, 21)


def test_todays_date_widgets_are_not_the_article_date() -> None:
    doc = page(
        '<h1>Council votes on the new budget</h1><div class="date-weather">38°F Thursday, November 9th 2023</div>'
        "<p>By Jane Doe | November 8, 2023</p>",
        lang="en-US",
    )
    assert day(doc) == dt.date(2023, 11, 8)


# --------------------------------------------------------------------------- visible text


def test_each_block_is_a_line_and_a_block_child_keeps_the_words_around_it_apart() -> None:
    html = (
        "<html><body><p>Jane Doe<br>Reporter <a href='/x'>mail</a><img src='x.png'>box</p>"
        "<div>Edited by<p>inner paragraph</p>Max Muster<span>, Berlin</span></div></body></html>"
    )
    assert [line.plain for line in parse_html(html).lines] == [
        "Jane Doe Reporter mailbox",
        "Edited by Max Muster, Berlin",
        "inner paragraph",
    ]


# --------------------------------------------------------------------------- titles


def test_the_visible_headline_beats_a_rewritten_seo_title_when_metadata_confirms_it() -> None:
    head = '<meta property="og:title" content="Brexit: Nervenkrieg geht in nächste Runde">'
    doc = page('<h1 class="title">Der Nervenkrieg um den Brexit geht in die nächste Runde</h1>', head, lang="de")
    assert doc.title is not None and doc.title.value == "Der Nervenkrieg um den Brexit geht in die nächste Runde"
    # An unrelated h1 (a section name) does not win.
    doc = page("<h1>Politik und Gesellschaft heute</h1>", head, lang="de")
    assert doc.title is not None and doc.title.value == "Brexit: Nervenkrieg geht in nächste Runde"


def test_a_kicker_inside_the_headline_is_dropped() -> None:
    head = '<meta property="og:title" content="Corona-Lockerungen: Autohäuser rechnen mit langsamem Anlaufen">'
    body = (
        '<h1><span class="dachzeile">Nach Corona-Lockerungen</span>'
        '<span class="headline">Autohäuser rechnen mit langsamem Anlaufen</span></h1>'
    )
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Autohäuser rechnen mit langsamem Anlaufen"
    doc = page("<h1><small>Tunesien</small><br>Große Aufgaben für die neue Regierung</h1>", "", lang="de")
    assert doc.title is not None and doc.title.value == "Große Aufgaben für die neue Regierung"


def test_the_site_logo_heading_and_teaser_headings_are_skipped() -> None:
    head = "<title>Liebe Menschen Europas – Echte Demokratie</title>"
    body = (
        '<h1 id="site-title"><a href="/" rel="home">Echte Demokratie Jetzt</a></h1>'
        '<h2 class="entry-title"><a href="/2014/01/liebe">Liebe Menschen Europas</a></h2>'
    )
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Liebe Menschen Europas"
    head = '<meta property="og:title" content="Brothel busted in Boston after long probe">'
    doc = page('<h2 class="title">Brothel busted in Boston after…</h2>', head)
    assert doc.title is not None and doc.title.value == "Brothel busted in Boston after long probe"


def test_a_one_word_title_names_a_section_not_the_article() -> None:
    doc = page('<h2 class="title">Energiepreiskrise: Entlastungen auf einen Blick</h2>', "<title>Gaspreise</title>")
    assert doc.title is not None and doc.title.value == "Energiepreiskrise: Entlastungen auf einen Blick"


def test_a_wordpress_comments_feed_names_the_post_title_over_the_seo_title() -> None:
    head = (
        '<link rel="alternate" type="application/rss+xml" title="Gartenblog &raquo; Feed" href="/feed/">'
        '<link rel="alternate" type="application/rss+xml" title="Gartenblog &raquo; Kommentar-Feed" href="/c/">'
        '<link rel="alternate" type="application/rss+xml" '
        'title="Gartenblog &raquo; Tomaten säen: so gelingt die Anzucht Kommentar-Feed" href="/t/feed/">'
        '<meta property="og:title" content="Tomaten aussäen 2024 - Anleitung und Tipps">'
        "<title>Tomaten aussäen 2024 - Anleitung und Tipps</title>"
    )
    doc = page('<h1 class="entry-title">Tomaten säen: so gelingt die Anzucht</h1><p>Text.</p>', head, lang="de")
    assert doc.title is not None and doc.title.value == "Tomaten säen: so gelingt die Anzucht"
    # Without a heading the feed's post title still beats the SEO title.
    doc = page("<p>Text.</p>", head, lang="de")
    assert doc.title is not None and doc.title.value == "Tomaten säen: so gelingt die Anzucht"
    assert doc.title.evidence.source == "html-link:comments-feed"
    # The site's own comments feed names no post.
    site_only = '<link rel="alternate" title="Blog &raquo; Comments Feed" href="/c/"><title>Hello world - Blog</title>'
    doc = page("<p>Text.</p>", site_only)
    assert doc.title is not None and doc.title.value == "Hello world"


def test_a_breadcrumb_h1_naming_the_page_is_a_heading_and_agreement_picks_the_headline() -> None:
    # The trail's last item is the page's <h1>; <title> and JSON-LD read as it does, only
    # og:title as the display heading under it: the agreed text wins.
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Stadt verklagt die Baufirma wegen schlechter Pflastersteine"}</script>'
        '<meta property="og:title" content="Pflaster-Desaster: Fußgängerzone in schlechtem Zustand">'
        "<title>Stadt verklagt die Baufirma wegen schlechter Pflastersteine | Anzeiger</title>"
    )
    body = (
        '<nav><ol><li><a href="/">Start</a></li><li><a href="/region">Region</a></li>'
        "<li><h1>Stadt verklagt die Baufirma wegen schlechter Pflastersteine</h1></li></ol></nav>"
        '<h2 class="article-headline">Pflaster-Desaster: Fußgängerzone in schlechtem Zustand</h2><p>Text.</p>'
    )
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Stadt verklagt die Baufirma wegen schlechter Pflastersteine"
    assert doc.title.evidence.source == "html-h1"
    # A menu's heading inside a <nav> is no headline.
    body = "<nav><h1>Navigation der Website</h1><ul><li><a href='/'>Start</a></li></ul></nav><p>Text.</p>"
    doc = page(body, "<title>Start</title>", lang="de")
    assert doc.title is not None and doc.title.value == "Start"


def test_a_kicker_marked_up_in_one_heading_is_dropped_where_another_runs_it_in() -> None:
    head = '<meta property="og:title" content="Covid-19: Lässt sich die Ausbreitung kontrollieren?">'
    body = (
        '<ol class="breadcrumbs"><li><a href="/">Start</a></li>'
        "<li><h1>Covid-19: Lässt sich die Ausbreitung kontrollieren?</h1></li></ol>"
        '<header><h2><span class="content__kicker">Covid-19</span><span class="sr-only">: </span>'
        '<span class="content__title">Lässt sich die Ausbreitung kontrollieren?</span></h2></header><p>Text.</p>'
    )
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Lässt sich die Ausbreitung kontrollieren?"


def test_a_heading_in_a_share_widget_is_not_the_headline_and_title_metas_confirm_one() -> None:
    long_headline = "Chef's war on toxic food: cooks lead plea to block imports under new trade deals"
    head = (
        '<meta property="og:title" content="Chef joins the war on toxic food">'
        f'<meta name="parsely-title" content="{long_headline}">'
    )
    body = (
        f'<div class="article-text"><h2>{long_headline}</h2><p>Text.</p>'
        '<div class="shareArticles"><h3>Share or comment on this article:</h3>'
        "<h1>Chef joins the war on toxic food</h1></div></div>"
    )
    doc = page(body, head)
    assert doc.title is not None and doc.title.value == long_headline
    # A title meta of the vocabulary stands in for og:title when it is the only one.
    doc = page("<p>Text.</p>", '<meta name="dc.title" content="Harbour reopens after the storm">')
    assert doc.title is not None and doc.title.value == "Harbour reopens after the storm"


def test_the_part_of_a_combined_heading_that_the_metadata_states_is_the_headline() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Neue Präsidentin des Verbands gewählt"}</script>'
        "<title>Neue Präsidentin des Verbands gewählt | Radio</title>"
    )
    body = (
        '<h2 class="combo-headline"><span class="subheadline">Neue Präsidentin des Verbands gewählt</span>'
        '<span class="headline">"Reformstau lösen"</span></h2><p>Text.</p>'
    )
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Neue Präsidentin des Verbands gewählt"


def test_a_plain_h2_is_the_headline_of_a_page_without_h1_when_the_metadata_confirms_it() -> None:
    head = '<meta property="og:title" content="Der historische Purzelbaum (2021/5)">'
    body = "<h2>Weitere Reiseberichte aus Sachsen</h2><header><h2>Der historische Purzelbaum</h2></header><p>Text.</p>"
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Der historische Purzelbaum"
    # An unconfirmed plain h2 is not chosen over the metadata.
    doc = page("<h2>Weitere Reiseberichte aus Sachsen</h2><p>Text.</p>", head, lang="de")
    assert doc.title is not None and doc.title.value == "Der historische Purzelbaum (2021/5)"


def test_a_banner_heading_holding_the_sites_name_is_not_a_listings_headline() -> None:
    head = '<link rel="canonical" href="https://www.echte-demokratie-jetzt.de/blog/"><title>blog | Occupy</title>'
    body = (
        "<h1>yes we camp echte demokratie jetzt revolution</h1>"
        '<h2 class="entry-title"><a href="/2014/01/liebe">Liebe Menschen Europas</a></h2><p>Text.</p>'
    )
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Liebe Menschen Europas"


def test_a_title_of_one_word_and_a_date_names_an_issue_of_a_series() -> None:
    head = '<link rel="canonical" href="https://www.slf.ch/de/berichte/2022/wb.html">'
    head += "<title>Wochenbericht 14. - 20. Januar 2022 - SLF</title>"
    body = "<h4>Wochenbericht 14. - 20. Januar 2022</h4><h2>Schwache Profile – günstige Lawinensituation</h2><p>T.</p>"
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == "Schwache Profile – günstige Lawinensituation"


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Putin Urges Talks - The Moscow Times", ["The Moscow Times"], "Putin Urges Talks"),
        (
            "Storm closes port | Spektrum - Die Woche",
            ["Spektrum - Die Woche"],
            "Storm closes port",
        ),  # name with a separator
        (
            "Norddeutschland findet seine Meister - Berliner Leichtathletik Verband e.V.",
            ["leichtathletik-berlin.de"],
            "Norddeutschland findet seine Meister",
        ),  # shares a long word with the domain
        ("News - Elder: Aus dem Ghetto nach Augusta", [], "Elder: Aus dem Ghetto nach Augusta"),  # section label
        ("08.11.2021 | Online-Fachtag zum Intersex Day", [], "Online-Fachtag zum Intersex Day"),  # date part
        ("Pferdesport definitiv bei Olympia 2028 dabei -", [], "Pferdesport definitiv bei Olympia 2028 dabei"),
        (
            "Berlusconis Prozess geht weiter / Politik / Überblick / Home - stol.it",
            ["stol.it"],
            "Berlusconis Prozess geht weiter",
        ),  # breadcrumb tail
        (
            "Corona-Lockerungen: Autohäuser rechnen | MDR.DE",
            ["mdr.de", "mdr"],
            "Corona-Lockerungen: Autohäuser rechnen",
        ),
        ("«Wir waren fast 40 Tage in Quarantäne»", [], "«Wir waren fast 40 Tage in Quarantäne»"),
        ("Wochenbericht 14. - 20. Januar 2022 - SLF", ["slf"], "Wochenbericht 14. - 20. Januar 2022"),  # a range
    ],
)
def test_site_affixes_are_stripped(title: str, names: list[str], expected: str) -> None:
    assert strip_site_affix(title, names) == expected


def test_a_json_ld_headline_is_unescaped_and_never_loses_a_short_tail() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Atim: &#8222;Stärke in allen Facetten&#8220; - Interview"}</script>'
    )
    doc = page("<p>Text.</p>", head)
    assert doc.title is not None and doc.title.value == "Atim: „Stärke in allen Facetten“ - Interview"


def test_a_meta_title_cut_by_a_stray_quote_loses_to_the_whole_headline() -> None:
    head = '<meta name="twitter:title" content="Senator calls the president">'
    doc = page('<h2 class="title">Senator calls the president "unfit"</h2>', head)
    assert doc.title is not None and doc.title.value == 'Senator calls the president "unfit"'


# --------------------------------------------------------------------------- URLs


def test_a_cross_domain_canonical_is_the_syndication_origin_not_the_pages_address() -> None:
    head = (
        '<link rel="canonical" href="https://origin.example.com/2020/01/13/megablaze">'
        '<meta property="og:url" content="https://www.mirror.example.net/news/263700449/megablaze">'
    )
    doc = page("<h1>Megablaze brought under control</h1>", head)
    assert doc.original_url is not None and doc.original_url.url.startswith("https://www.mirror.example.net/")
    sources = [(u.url.split("/")[2], u.evidence.source) for u in doc.url_candidates]
    assert ("origin.example.com", "html-link:canonical (cross-domain)") in sources
    assert document_dict(doc)["original_url_source"] == "html-meta:og:url"


def test_without_an_own_address_the_cross_domain_canonical_is_used_and_flagged() -> None:
    links = "".join(f'<a href="https://www.mirror.example.net/news/{n}">Story {n}</a>' for n in range(5))
    head = '<link rel="canonical" href="https://origin.example.com/2020/01/13/megablaze">'
    doc = page(f"<h1>Megablaze brought under control</h1>{links}", head)
    assert doc.original_url is not None
    assert doc.original_url.evidence.source == "html-link:canonical (cross-domain)"


def test_on_one_site_a_slug_beats_a_bare_id_and_agreement_names_the_canonical() -> None:
    slug = "https://example.de/Siemens-und-die-Kohlemine/!5655255/"
    head = f'<meta property="og:url" content="https://example.de/!5655255/"><link rel="canonical" href="{slug}">'
    doc = page("<h1>Siemens und die Kohlemine</h1>", head)
    assert doc.original_url is not None and doc.original_url.url == slug
    head = f'<meta property="og:url" content="{slug}"><link rel="canonical" href="{slug}">'
    doc = page("<h1>Siemens und die Kohlemine</h1>", head)
    assert doc.original_url is not None and doc.original_url.evidence.source == "html-link:canonical"


def test_share_buttons_and_skip_links_give_the_address_when_the_head_does_not() -> None:
    share = '<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fnews%2Fstorm">Share</a>'
    doc = page(f"<h1>Storm closes the port</h1>{share}")
    assert doc.original_url is not None and doc.original_url.url == "https://example.org/news/storm"
    assert doc.original_url.evidence.source == "html-share-link"
    skips = '<nav><a href="news/storm.html#content">Skip to content</a><a href="news/storm.html#nav">Menu</a></nav>'
    doc = page(f"<h1>Storm closes the port</h1>{skips}", '<base href="https://example.org/">')
    assert doc.original_url is not None and doc.original_url.url == "https://example.org/news/storm.html"


def test_an_address_on_a_bare_ip_is_a_mirror_kept_last() -> None:
    head = (
        '<meta property="og:url" content="https://52.16.95.170/article/825076">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "url": "https://example.com/article/825076"}'
        "</script>"
    )
    doc = page("<h1>Story</h1>", head)
    assert doc.original_url is not None and doc.original_url.url == "https://example.com/article/825076"


# --------------------------------------------------------------------------- authors


def test_authors_from_json_ld_people_not_organisations() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
        '{"@type": "Person", "name": "Marie Merlet"}, {"@type": "Organization", "name": "Prisma Media"}]}</script>'
    )
    doc = page("<h1>Story</h1>", head)
    assert doc.authors == ("Marie Merlet",)
    assert document_dict(doc)["authors"] == ["Marie Merlet"]


def test_authors_from_a_byline_element_not_from_comments() -> None:
    body = (
        "<h1>Avalanche warning raised for the weekend</h1>"
        '<p class="byline">By Jane Doe and John Roe | March 3, 2022</p><p>Text.</p>'
        '<div class="comments"><span class="comment-author">Peter</span></div>'
    )
    assert page(body).authors == ("Jane Doe", "John Roe")
    body = '<h1>Story</h1><div class="comments"><span class="comment-author">Peter</span></div>'
    assert page(body).authors == ()


def test_authors_from_a_byline_line_under_the_headline() -> None:
    doc = page("<h1>Energiepreiskrise: Entlastungen</h1><p>Von Leonora Holling</p><p>Text.</p>", lang="de")
    assert doc.authors == ("Leonora Holling",)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an explicit label with a colon, the date after the name
        ("<h1>Was wir nicht hören wollen</h1><p>Author: Gàbor Muniér, Datum: 03.03.2019</p><p>Text.</p>",
         ("Gàbor Muniér",)),
        # the label alone, the names on the next line
        ("<h1>Vierzig Tage in Quarantäne</h1><h4>Autor</h4><p><a href='/p/nh'>Nikolai Huke</a>,</p><p>Text.</p>",
         ("Nikolai Huke",)),
        # text and pictures credited apart on one line
        ("<h1>Der historische Purzelbaum</h1><p><em>Text von Christian Seiler Illustration von Markus Roost</em></p>",
         ("Christian Seiler",)),
        # an author's note closing the article: the job title after the comma is no second author
        ("<h1>Große Aufgaben</h1>" + "<p>Absatz.</p>" * 12
         + "<p><strong>Autorin: Uta Staschewski, Projektleiterin der Stiftung in Tunesien.</strong></p>",
         ("Uta Staschewski",)),
        # a newsroom's credit on the byline line is no person
        ("<h1>Streik im Hafen</h1><p>Von David Hutzler, dpa</p><p>Text.</p>", ("David Hutzler",)),
    ],
)  # fmt: skip
def test_authors_from_labelled_lines(body: str, expected: tuple[str, ...]) -> None:
    assert page(body, lang="de").authors == expected


def test_a_labelled_line_names_no_author_when_it_holds_no_name() -> None:
    body = "<h1>Große Aufgaben</h1><p>Text: siehe unten, die redaktion</p><p>Absatz.</p>"
    assert page(body, lang="de").authors == ()


def test_author_names_are_cleaned_of_placeholders_sites_and_organisations() -> None:
    assert clean_author("Redaktion") == []
    assert clean_author("Bund der Energieverbraucher e.V.") == []
    assert clean_author("OÖ Volksblatt", ["volksblatt.at"]) == []
    assert clean_author("Nicolas Gutierrez C.") == ["Nicolas Gutierrez C."]
    assert clean_author("Adam Aaronson, PhillyVoice Staff") == ["Adam Aaronson"]
    assert clean_author("Jobs & Hire", ["Jobs & Hire"]) == []  # the site's name, not two people


def test_markdown_documents_have_no_authors_field_surprises() -> None:
    doc = extract_text("# Storm closes the port\n\nMarch 14, 2025\n\nText.\n", fmt=DocFormat.MARKDOWN)
    assert doc.authors == () and day(doc) == dt.date(2025, 3, 14)


def test_a_date_in_an_aside_next_to_the_headline_is_the_articles() -> None:
    doc = page(
        "<h1>Touring boot test: the best of both worlds</h1>"
        '<aside class="meta"><div class="meta-posted">21.01.2022 - 13:30</div></aside><p>Text.</p>'
        + "".join(f"<p>Paragraph {n} of the review.</p>" for n in range(30))
        + '<aside><div class="date">02.02.2022</div></aside>',
        lang="de",
    )
    assert day(doc) == dt.date(2022, 1, 21)


def test_heading_parts_joined_from_elements_keep_no_space_before_a_colon() -> None:
    title = "Abrechnung nach Nutzung im Streaming der Zukunft: Musik-Stars fordern neues Modell"
    head = f'<meta property="og:title" content="{title}">'
    body = (
        "<h1><span>Abrechnung nach Nutzung im Streaming der Zukunft</span>\n"
        "<span>: Musik-Stars fordern neues Modell</span></h1>"
    )
    doc = page(body, head, lang="de")
    assert doc.title is not None and doc.title.value == title


def credits_of(document: Document) -> set[tuple[str, str]]:
    return {(c.agency, c.kind.value) for c in document.credits}


STORY = (
    "<h1>Storm closes the coastal road for two days</h1><p>" + "The road stays closed, officials said. " * 3 + "</p>"
)


def test_a_figure_caption_credit_on_its_own_element_is_a_photo_credit() -> None:
    """A gallery's caption and credit are two elements; the walk's line "Reuters" is bare."""
    body = STORY + (
        "<figure><img src='a.jpg'><figcaption><p>Waves crash over the harbour wall</p><p>Reuters</p>"
        "</figcaption></figure>"
        "<figure><img src='b.jpg'><figcaption><span>Un grupo de pingüinos en la Antártida.</span> "
        "<span class='foto-firma'><span itemprop='author' class='foto-autor'>EFE</span></span>"
        "</figcaption></figure>"
    )
    doc = page(body)
    assert credits_of(doc) == {("Reuters", "photo"), ("EFE", "photo")}
    assert doc.authors == ("EFE",), "the photographer stays an author (authors.py), but no agency byline"


def test_credit_elements_beside_an_image_credit_the_picture_and_a_copyright_there_is_no_byline() -> None:
    body = STORY + (
        "<div class='article-image'><a href='big.jpg'><img src='a.jpg'></a><div class='copyright'>dpa</div></div>"
        "<div class='single-image-meta'><div class='a-text-block-credit'>AFP</div></div>"
        "<p class='image-annotation'><em class='copyright'>©&nbsp;dpa | Kay Nietfeld</em></p>"
        "<div class='news-caption'><em>© ANSA</em></div>"
    )
    assert credits_of(page(body)) == {("dpa", "photo"), ("AFP", "photo"), ("ANSA", "photo")}


def test_an_image_credit_attribute_is_read() -> None:
    body = STORY + "<img src='a.jpg' data-copyright='© Dieter Mayr (KNA)'>"
    assert credits_of(page(body)) == {("KNA", "photo")}


def test_a_credit_element_with_no_picture_near_names_the_stories_source() -> None:
    body = "<header><h1>Masks stolen from a hospital in Kobe</h1><p class='credit'>JIJI</p></header><p>Text.</p>"
    assert credits_of(page(body)) == {("Jiji", "byline")}
    avatar = "<div class='authors'><figure><span><img src='avatar.png'></span></figure>"
    body = STORY + avatar + "<ul class='credits'><li><span id='autor'>AFP</span></li></ul></div>"
    assert credits_of(page(body)) == {("AFP", "byline")}, "an author's avatar is no picture"


def test_picture_credits_of_other_stories_do_not_count() -> None:
    body = STORY + (
        "<div class='related-stories'><figure><img src='a.jpg'><figcaption><p>Another story</p><p>AP</p>"
        "</figcaption></figure></div>"
        "<aside><figure><img src='b.jpg'><figcaption><p>A sidebar's picture</p><p>AFP</p></figcaption></figure></aside>"
    )
    assert credits_of(page(body)) == set()


def test_an_aside_inside_the_article_is_the_articles_gallery() -> None:
    """HTML's `<aside>` nested in an `<article>` is about that article; a related-stories box is not."""
    body = (
        "<article>" + STORY + "<aside><figure><img src='a.jpg'><figcaption><p>Surfers at dawn</p><p>PA</p>"
        "</figcaption></figure></aside>"
        "<div class='related'><aside><figure><img src='b.jpg'><figcaption><p>Elsewhere</p><p>AP</p>"
        "</figcaption></figure></aside></div></article>"
    )
    assert credits_of(page(body)) == {("PA Media", "photo")}


@pytest.mark.parametrize(
    ("byline", "agency"),
    [
        ("Associated Press", "AP"),
        ("AFP/The Local", "AFP"),
        ("Colleen Barry, The Associated Press", "AP"),
        ("By Reuters", "Reuters"),
    ],
)
def test_a_byline_element_naming_an_agency_is_an_agency_byline(byline: str, agency: str) -> None:
    body = f"<h1>Senate confirms the judge</h1><span class='byline__author'>{byline}</span><p>Text.</p>"
    assert credits_of(page(body)) == {(agency, "byline")}


@pytest.mark.parametrize("byline", ["Reuters Editorial", "Redazione ANSA", "Jane Doe"])
def test_a_byline_element_naming_a_desk_or_a_person_is_no_agency_byline(byline: str) -> None:
    body = f"<h1>Senate confirms the judge</h1><span class='byline__author'>{byline}</span><p>Text.</p>"
    assert credits_of(page(body)) == set()


def test_an_agency_and_a_date_under_the_headline_is_a_byline_but_not_further_down() -> None:
    """The lines under the page's headline (not the top of the page: menus) may hold a byline."""
    menu = "<ul>" + "".join(f"<li>Section {n}</li>" for n in range(8)) + "</ul>"
    headline = "<h1>Bernal fights for his career after the crash</h1>"
    byline = "<div class='release'><span>dpa</span><span> am 25.01.2022</span></div>"
    assert credits_of(page(menu + headline + byline + STORY)) == {("dpa", "byline")}
    teaser = "<p>" + "More news of the week follows below for readers. " * 2 + "</p><p>AFP | 3. Mai 2022</p>"
    assert credits_of(page(menu + headline + STORY + teaser)) == set()
