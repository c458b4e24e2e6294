#!/usr/bin/env python3
"""Offline speed benchmark for ``provenance audit``.

Generates a seeded corpus of synthetic scraped news articles (Markdown, plain text, HTML),
runs ``python -m provenance audit DIR --offline --no-cache --format json`` on it, and reports
wall time (median of repeats), documents/second, the child's peak RSS and the findings.

    python bench/offline_speed.py                          # N=1000 Markdown, pinned to CPU 0
    python bench/offline_speed.py --formats md,txt,html    # mixed formats
    python bench/offline_speed.py --sweep --json           # N=1000 and N=10000, plus JSON
    python bench/offline_speed.py --n 200 --keep /tmp/c    # keep the corpus for reading

Standard library only. The target is >= 500 Markdown documents/second on one core.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import html
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGET_DOCS_PER_S = 500.0
REPO = Path(__file__).resolve().parent.parent
FORMATS = ("md", "txt", "html")
SWEEP_NS = (1000, 10000)

# --------------------------------------------------------------------------- vocabulary


def _phrases(text: str) -> tuple[str, ...]:
    """Split a block of ' | '-separated phrases."""
    return tuple(p.strip() for line in text.strip().splitlines() for p in line.split(" | "))


PUB_PREFIX = _phrases("""
    harbor | valley | metro | river | lake | coast | capital | prairie | summit | granite
    evening | morning | pioneer | frontier | northern | western | island | highland | county
    union
""")
PUB_SUFFIX = _phrases("""
    gazette | herald | tribune | ledger | times | post | courier | chronicle | observer
    sentinel | journal | dispatch | record | star | examiner
""")
TLDS = _phrases("""
    com | com | com | org | net | co.uk | com.au
""")
SECTIONS = _phrases("""
    world | politics | business | local | science | sport | culture | health
""")
CITIES = _phrases("""
    WASHINGTON | LONDON | PARIS | BERLIN | NAIROBI | TOKYO | SYDNEY | OTTAWA | BRUSSELS
    GENEVA | LAGOS | MUMBAI | CHICAGO | DENVER | SEATTLE | MADRID
""")
FIRST = _phrases("""
    Maria | James | Aisha | Tomas | Elena | David | Priya | Kwame | Sofia | Liam | Noor
    Mateo | Hannah | Yusuf | Ingrid | Chen | Olga | Rafael | Grace | Samir | Jane | Peter
    Amara | Lucas | Mei | Oscar | Leila | Viktor | Rosa | Daniel
""")
LAST = _phrases("""
    Alvarez | Okafor | Lindqvist | Novak | Brennan | Haddad | Tanaka | Moreau | Kowalski
    Mensah | Fischer | Rossi | Ibrahim | Walsh | Petrova | Costa | Nguyen | Schmidt | Murphy
    Sato | Doe | Kaur | Jensen | Oliveira | Bauer
""")
ROLES = _phrases("""
    a spokesperson | the director | a senior economist | the chief executive
    a professor of public policy | the deputy mayor | a union representative | an analyst
    the health commissioner | a board member | the finance minister | a researcher
    the lead engineer | a local resident | the committee chair
""")
ORGS = _phrases("""
    the city council | the state legislature | the regional water authority
    the transport ministry | the central bank | the national weather service
    the county health department | the port authority | the university hospital
    the teachers' union | the chamber of commerce | the electoral commission
    the supreme court | the housing agency | the environmental protection board
    the farmers' cooperative | the energy regulator | the public broadcaster
    the airport operator | the school district
""")
PLACES = _phrases("""
    Riverside County | the northern provinces | the old harbor district | Lakeview
    the capital region | Millbrook | the coastal towns | Eastfield | the valley | Port Alder
    the border region | Greenhill | the industrial zone | Cedar Falls | the western suburbs
    Stonebridge | the delta | Marlow Heights
""")
NOUNS = _phrases("""
    budget | proposal | ceasefire | tariff | pipeline | bridge | housing plan
    vaccine rollout | rail line | water supply | tax cut | election | trade deal | strike
    drought | flood barrier | power grid | school reform | subsidy | investigation | merger
    festival | stadium | wildfire response | data center | ferry service | minimum wage
    curfew | recycling program | clinic
""")
ADJ = _phrases("""
    controversial | long-awaited | emergency | sweeping | modest | temporary | ambitious
    costly | delayed | revised | unprecedented | regional | bipartisan | disputed | interim
    record | scaled-back | landmark | provisional | overdue
""")
ACTIONS = _phrases("""
    approve | suspend | review | expand | delay | fund | challenge | reconsider | scrap
    extend | audit | renegotiate | block | accelerate | publish
""")
ACTIONS_PAST = _phrases("""
    approved | suspended | reviewed | expanded | delayed | funded | challenged | rejected
    extended | audited | renegotiated | blocked | accelerated | announced
""")
SAID = _phrases("""
    said | told reporters | said in a statement | wrote in a letter | confirmed
""")
WEEKDAYS = _phrases("""
    Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday
""")
GROUPS = _phrases("""
    residents | small businesses | commuters | farmers | nurses | students | landlords
    pensioners | fishermen | shop owners | voters | parents
""")
EFFECTS = _phrases("""
    hurt | benefit | confuse | reassure | burden | protect | divide | exclude
""")
REASONS = _phrases("""
    ongoing legal proceedings | the pending review | privacy rules | the election period
    an internal investigation | the advice of lawyers
""")
EVENTS = _phrases("""
    last week's storm | a heated public hearing | months of negotiations
    a surprise court ruling | the collapse of talks | a sharp rise in costs
    an unexpected budget shortfall | a series of protests | the spring floods
""")
TOPICS = _phrases("""
    funding | safety standards | land rights | pricing | oversight | staffing levels
    environmental rules | public access | emissions targets | compensation
""")
ADVERBS = _phrases("""
    carefully | quickly | fairly | openly | responsibly | without delay
""")
TITLE_VERBS = _phrases("""
    Approves | Rejects | Delays | Unveils | Backs | Debates | Suspends | Expands | Questions
    Defends | Scraps | Weighs | Probes | Extends | Announces
""")
TITLE_SUBJECTS = _phrases("""
    Council | Lawmakers | Regulator | Court | Mayor | Ministry | Union | Governor | Board
    Officials | Agency | Residents | Hospital | Port Authority | Senate
""")
TITLE_TAILS = _phrases("""
    After Storm | Amid Protests | Despite Objections | Ahead of Vote | for Next Year
    Over Safety Concerns | After Long Dispute | in Narrow Vote | as Costs Rise
    Following Review | Under Pressure | to Ease Shortages
""")
LINK_SITES = _phrases("""
    data.example.org | www.example.com | docs.example.net | www.example-statistics.org
    www.example-courts.org | press.example-ministry.org | www.example-weather.net
    archive.example-library.org | www.example-university.edu | reports.example-ngo.org
""")
LINK_PATHS = _phrases("""
    /reports/{y}/annual-summary.pdf | /press-releases/{y}/{m:02d}/{slug}
    /data/{y}/{section}/table-{n}.csv | /publications/{slug}
    /news/{y}/{m:02d}/{d:02d}/{slug} | /about/board-of-directors | /statements/{n}
    /cases/{y}-cv-{n} | /en/topics/{section}
""")
LINK_PHRASES = (
    ("The ", " was published separately. "),
    ("The full ", " is available online. "),
    ("Earlier coverage of the ", " drew wide attention. "),
    ("Read the ", " here. "),
    ("A copy of the ", " was shared with reporters. "),
    ("According to the ", ", the figures were revised. "),
)
WIRES = (
    ("Reuters", "Reuters"),
    ("AP", "Associated Press"),
    ("AFP", "Agence France-Presse"),
    ("dpa", "dpa"),
    ("Bloomberg", "Bloomberg"),
    ("EFE", "EFE"),
)
RESIDUE_TOP = (
    "Support {site}!",
    "Skip to main content",
    "Subscribe now for full access",
)
RESIDUE_BOTTOM = (
    "Sign up for our free weekly newsletter",
    "Our weekly newsletter brings you the best of {site}. Subscribers agree to the Privacy Policy",
    "Support us",
    "Your support makes a world of difference. Please support us monthly from just $2.",
    "Read more",
    "We use cookies to improve your experience. Accept all cookies",
    "Already a subscriber? Log in to continue reading.",
)
TEMPLATES = (
    "{Org} {said} on {weekday} that it would {action} the {adj} {noun} by {month}.",
    "“We have to {action} this {noun} {adverb},” {person}, {role} at {org}, {said}.",
    "The {noun} had been {past} twice since {year}, according to records kept by {org2}.",
    "Officials in {place} {past} {n_2_480} permits after {event}.",
    "Critics argued that the {adj} {noun} would {effect} {group}.",
    "{person}, {role}, declined to comment on the {noun}, citing {reason}.",
    "The decision follows {n_2_30} months of talks over {topic} in {place}.",
    "About {n_11_89} percent of {group} backed the {noun}, a {year} survey by {org} found.",
    "It was not immediately clear whether {org} would {action} the {noun}.",
    "{Group} in {place} have waited {n_2_14} years for {a_adj} {noun}.",
    "The plan would cost ${n_2_950} million over {n_2_10} years, said {person}, {role}.",
    "Earlier this year, {org} {past} {a_adj} {noun} that {group} had opposed.",
    "“This is about {topic}, not politics,” said {person}.",
    "A hearing on the {noun} is set for {weekday}, and {org} may {action} its position.",
    "Under the {adj} rules, {group} would have to file {topic} reports within {n_10_90} days.",
    "Local media in {place} said {n_3_60} people attended the meeting, many of them {group}.",
    "Neither {org} nor {org2} responded to requests for comment about the {adj} {noun}.",
)
MONTHS = _phrases("""
    January | February | March | April | May | June | July | August | September | October
    November | December
""")
SLOTS: dict[str, tuple[str, ...]] = {
    "org": ORGS,
    "said": SAID,
    "weekday": WEEKDAYS,
    "action": ACTIONS,
    "past": ACTIONS_PAST,
    "adj": ADJ,
    "noun": NOUNS,
    "adverb": ADVERBS,
    "role": ROLES,
    "place": PLACES,
    "event": EVENTS,
    "effect": EFFECTS,
    "group": GROUPS,
    "reason": REASONS,
    "topic": TOPICS,
    "month": MONTHS,
}

# --------------------------------------------------------------------------- model


@dataclass
class Link:
    """A link inside a paragraph."""

    text: str
    url: str
    kind: str  # inline, auto, bare, ref, placeholder


@dataclass
class Publisher:
    """A fictional publisher on an example domain."""

    name: str
    host: str


@dataclass
class Article:
    """One generated article, before rendering."""

    title: str
    date: dt.date
    url_date: dt.date
    publisher: Publisher
    section: str
    slug: str
    paragraphs: list[list[str | Link]]
    author: str
    show_date: bool = True
    footer: bool = True
    dateline: str = ""
    credit_lines: list[str] = field(default_factory=list)
    photo_credit: str = ""
    residue_top: list[str] = field(default_factory=list)
    residue_bottom: list[str] = field(default_factory=list)
    dup_of: int | None = None
    fmt: str = "md"
    text_markdown: bool = False
    day_first: bool = False
    footer_inline: bool = False

    @property
    def date_line(self) -> str:
        """The date line under the title."""
        d = self.date
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if self.day_first else long_date(d)

    @property
    def url(self) -> str:
        """The article's original URL (path /YYYY/MM/DD/slug)."""
        d = self.url_date
        return f"https://{self.publisher.host}/{d.year}/{d.month:02d}/{d.day:02d}/{self.slug}"

    def links(self) -> list[Link]:
        """All links in the body."""
        return [s for p in self.paragraphs for s in p if isinstance(s, Link)]


# --------------------------------------------------------------------------- generator


def slugify(text: str) -> str:
    """Lowercase, hyphenated URL slug."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def an(word: str) -> str:
    """The word with its indefinite article."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def long_date(d: dt.date) -> str:
    """'March 14, 2025'."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


class _Slots(dict[str, str]):
    """Template slots filled on first use: '{noun}' draws a noun, '{n_2_30}' a number."""

    def __init__(self, gen: Generator) -> None:
        super().__init__()
        self.gen = gen

    def __missing__(self, key: str) -> str:
        rng = self.gen.rng
        if key.startswith("n_"):
            low, high = key[2:].split("_")
            value = str(rng.randint(int(low), int(high)))
        elif key == "year":
            value = str(rng.randint(2005, 2024))
        elif key == "person":
            value = self.gen.person()
        elif key == "org2":
            value = rng.choice([o for o in ORGS if o != self["org"]])
        elif key == "a_adj":
            value = an(rng.choice(ADJ))
        elif key[0].isupper():
            value = self[key.lower()].capitalize()
        else:
            value = rng.choice(SLOTS[key])
        self[key] = value
        return value


class Generator:
    """Seeded generator of synthetic scraped news articles."""

    def __init__(self, seed: int, formats: list[str]) -> None:
        self.rng = random.Random(seed)
        self.formats = formats
        self.publishers = self._publishers()

    def _publishers(self) -> list[Publisher]:
        rng = self.rng
        pubs = []
        for prefix in PUB_PREFIX:
            suffix = rng.choice(PUB_SUFFIX)
            host = f"www.example-{prefix}-{suffix}.{rng.choice(TLDS)}"
            pubs.append(Publisher(f"The {prefix.title()} {suffix.title()}", host))
        pubs.append(Publisher("The Example Gazette", "www.example-gazette.com"))
        return pubs

    def person(self) -> str:
        """A random full name."""
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def sentence(self) -> str:
        """One sentence of news prose from a random template."""
        return self.rng.choice(TEMPLATES).format_map(_Slots(self))

    def paragraph(self) -> list[str | Link]:
        """A paragraph of roughly 40-80 words."""
        goal = self.rng.randint(40, 80)
        words: list[str] = []
        while len(words) < goal:
            words.extend(self.sentence().split())
        return [" ".join(words)]

    def link_url(self, date: dt.date, section: str) -> str:
        """A URL on an example site, sometimes another publisher's article."""
        r = self.rng
        slug = slugify(f"{r.choice(ADJ)} {r.choice(NOUNS)} {r.choice(PLACES)}")
        if r.random() < 0.35:
            pub = r.choice(self.publishers)
            d = date - dt.timedelta(days=r.randint(1, 400))
            return f"https://{pub.host}/{d.year}/{d.month:02d}/{d.day:02d}/{slug}"
        path = r.choice(LINK_PATHS).format(
            y=date.year,
            m=date.month,
            d=date.day,
            slug=slug,
            section=section,
            n=r.randint(10, 9999),
        )
        url = f"https://{r.choice(LINK_SITES)}{path}"
        if r.random() < 0.1:
            url += f"?utm_source=newsletter&utm_medium=email&id={r.randint(100, 999)}"
        return url

    def add_links(self, art: Article) -> None:
        """Put 3-8 links (sometimes a placeholder) into the body."""
        r = self.rng
        kinds = ["inline"] * 5 + ["auto", "bare", "ref"]
        for i in range(r.randint(3, 8)):
            kind = "placeholder" if i == 0 and r.random() < 0.15 else r.choice(kinds)
            if kind == "placeholder" and r.random() < 0.5:
                # A "Related article" line pointing nowhere, as scrapers leave them.
                at = r.randrange(1, len(art.paragraphs) + 1)
                related = Link(self.title_text(), "#", "placeholder")
                art.paragraphs.insert(at, ["**Related article:** ", related])
                continue
            url = "#" if kind == "placeholder" else self.link_url(art.date, art.section)
            link = Link(f"{r.choice(ADJ)} {r.choice(NOUNS)}", url, kind)
            paras = [p for p in art.paragraphs if isinstance(p[-1], str) and len(p[-1]) > 80]
            para = r.choice(paras)
            text = para.pop()
            assert isinstance(text, str)
            cut = text.find(". ", len(text) // 3)
            if cut < 0:
                para.extend([text + " See ", link, "."])
            elif kind in ("auto", "bare"):
                para.extend([text[: cut + 2] + "Details are at ", link, ". " + text[cut + 2 :]])
            else:
                lead, tail = r.choice(LINK_PHRASES)
                para.extend([text[: cut + 2] + lead, link, tail + text[cut + 2 :]])

    def title_text(self) -> str:
        """A headline in title case."""
        r = self.rng
        place = r.choice(PLACES).removeprefix("the ").title()
        subject, verb = r.choice(TITLE_SUBJECTS), r.choice(TITLE_VERBS)
        if subject.endswith("s"):  # plural subject: "Lawmakers Approve"
            verb = verb[:-1]
        parts = [
            place,
            subject,
            verb,
            r.choice(ADJ).title(),
            r.choice(NOUNS).title(),
            r.choice(TITLE_TAILS) if r.random() < 0.8 else "",
        ]
        return " ".join(p for p in parts if p)

    def article(self) -> Article:
        """A fresh (non-duplicate) article."""
        r = self.rng
        date = dt.date(2019, 1, 1) + dt.timedelta(days=r.randint(0, 6 * 365))
        title = self.title_text()
        slug = slugify(title)
        if r.random() < 0.3:
            slug += f"-a{r.randint(10000, 99999)}"
        url_date = date
        if r.random() < 0.04:  # a real-world error: the URL date is off by a few days
            url_date = date + dt.timedelta(days=r.choice((-3, -2, -1, 1, 2, 3)))
        art = Article(
            title=title,
            date=date,
            url_date=url_date,
            publisher=r.choice(self.publishers),
            section=r.choice(SECTIONS),
            slug=slug,
            paragraphs=[self.paragraph() for _ in range(r.randint(6, 20))],
            author=self.person(),
            footer=r.random() < 0.85,
            show_date=r.random() < 0.93,
        )
        self.add_links(art)
        self.add_credits(art)
        self.add_residue(art)
        return art

    def add_credits(self, art: Article) -> None:
        """Wire datelines, contributed-reporting lines and photo credits."""
        r = self.rng
        short, long_name = r.choice(WIRES)
        roll = r.random()
        if roll < 0.25:
            city = r.choice(CITIES)
            if r.random() < 0.5:
                art.dateline = f"{city} ({short}) - "
            else:
                art.dateline = f"{city}, {MONTHS[art.date.month - 1]} {art.date.day} ({short}) — "
        elif roll < 0.45:
            art.credit_lines.append(f"{r.choice((short, long_name))} contributed reporting.")
        elif roll < 0.55:
            art.credit_lines.append(f"Reporting by {self.person()}; Editing by {self.person()}")
        if r.random() < 0.25:
            agency = r.choice(("AP", "AFP", "Reuters"))
            if agency == "AP":
                art.photo_credit = f"(AP Photo/{self.person()})"
            else:
                art.photo_credit = f"Photo: {self.person()}/{agency}"

    def add_residue(self, art: Article) -> None:
        """Scraper leftovers: newsletter, donation appeal, 'Read more'."""
        r = self.rng
        site = art.publisher.name
        if r.random() < 0.12:
            art.residue_top.append(r.choice(RESIDUE_TOP).format(site=site))
        if r.random() < 0.25:
            picks = r.sample(RESIDUE_BOTTOM, r.randint(1, 3))
            art.residue_bottom.extend(p.format(site=site) for p in picks)

    def near_duplicate(self, src: Article, src_index: int) -> Article:
        """Same body, slightly changed title, no footer (and sometimes no date)."""
        r = self.rng
        words = src.title.split()
        choice = r.randint(0, 3)
        if choice == 0 and len(words) > 4:
            del words[r.randrange(1, len(words) - 1)]
            title = " ".join(words)
        elif choice == 1:
            title = src.title[0] + src.title[1:].lower()
        elif choice == 2:
            title = "UPDATE: " + src.title
        else:
            verbs = [w for w in words if w in TITLE_VERBS]
            swap = r.choice([v for v in TITLE_VERBS if v not in verbs])
            title = src.title.replace(verbs[0], swap, 1) if verbs else src.title + " (Updated)"
        paragraphs = [list(p) for p in src.paragraphs]
        # Reword one sentence so the copy is near, not exact.
        for para in paragraphs:
            if isinstance(para[-1], str) and len(para) == 1:
                para[-1] = para[-1].replace(" the ", " a ", 1)
                break
        dup = Article(
            title=title,
            date=src.date,
            url_date=src.url_date,
            publisher=src.publisher,
            section=src.section,
            slug=slugify(title),
            paragraphs=paragraphs,
            author=src.author,
            show_date=r.random() < 0.5,
            footer=False,
            dateline=src.dateline,
            credit_lines=list(src.credit_lines),
            photo_credit=src.photo_credit,
            dup_of=src_index,
        )
        self.add_residue(dup)
        return dup

    def corpus(self, n: int) -> list[Article]:
        """N articles, about 10% of them near-duplicates of earlier ones."""
        r = self.rng
        arts: list[Article] = []
        for i in range(n):
            if i >= 5 and r.random() < 0.10:
                j = r.randrange(i)
                while arts[j].dup_of is not None:
                    j = r.randrange(i)
                art = self.near_duplicate(arts[j], j)
            else:
                art = self.article()
            art.fmt = self.formats[i % len(self.formats)]
            art.text_markdown = art.fmt == "txt" and r.random() < 0.5
            art.day_first = r.random() < 0.15
            art.footer_inline = r.random() < 0.3
            arts.append(art)
        return arts


# --------------------------------------------------------------------------- rendering


def render_md(art: Article) -> str:
    """Markdown as a scraper-to-Markdown tool writes it."""
    out: list[str] = [*art.residue_top, f"# {art.title}"]
    if art.show_date:
        out.append(art.date_line)
    if art.photo_credit:
        out.append(art.photo_credit)
    refs: list[str] = []
    for i, para in enumerate(art.paragraphs):
        parts: list[str] = [art.dateline] if i == 0 and art.dateline else []
        for seg in para:
            if isinstance(seg, str):
                parts.append(seg)
            elif seg.kind in ("inline", "placeholder"):
                parts.append(f"[{seg.text}]({seg.url})")
            elif seg.kind == "auto":
                parts.append(f"<{seg.url}>")
            elif seg.kind == "bare":
                parts.append(seg.url)
            else:
                refs.append(f"[{len(refs) + 1}]: {seg.url}")
                parts.append(f"[{seg.text}][{len(refs)}]")
        out.append("".join(parts))
    out.extend(f"*{line}*" for line in art.credit_lines)
    out.extend(art.residue_bottom)
    if refs:
        out.append("\n".join(refs))
    if art.footer:
        sep = " " if art.footer_inline else "\n\n"
        out.append(f"Original url:{sep}<{art.url}>")
    return "\n\n".join(out) + "\n"


def render_text(art: Article) -> str:
    """Plain scraped text: title on the first line, links reduced to text or bare URLs."""
    out: list[str] = [*art.residue_top, art.title]
    if art.show_date:
        out.append(art.date_line)
    if art.photo_credit:
        out.append(art.photo_credit)
    for i, para in enumerate(art.paragraphs):
        parts: list[str] = [art.dateline] if i == 0 and art.dateline else []
        for seg in para:
            if isinstance(seg, str):
                parts.append(seg.replace("**", ""))
            elif seg.kind in ("auto", "bare"):
                parts.append(seg.url)
            elif seg.kind == "ref":
                parts.append(f"{seg.text} ({seg.url})")
            else:
                parts.append(seg.text)
        out.append("".join(parts))
    out.extend(art.credit_lines)
    out.extend(art.residue_bottom)
    if art.footer:
        out.append(f"Original url: {art.url}")
    return "\n\n".join(out) + "\n"


def render_html(art: Article) -> str:
    """A full HTML page with head metadata, navigation and footer boilerplate."""
    e = html.escape
    site = art.publisher.name
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(art.title)} | {e(site)}</title>",
        f'<meta property="og:title" content="{e(art.title)}">',
        f'<meta property="og:site_name" content="{e(site)}">',
        '<meta property="og:type" content="article">',
    ]
    if art.footer:
        head += [
            f'<meta property="og:url" content="{e(art.url)}">',
            f'<link rel="canonical" href="{e(art.url)}">',
        ]
    if art.show_date:
        stamp = f"{art.date.isoformat()}T{(art.date.toordinal() % 14) + 6:02d}:30:00+00:00"
        head.append(f'<meta property="article:published_time" content="{stamp}">')
    head.append(
        "<style>body{font-family:Georgia,serif;max-width:42rem;margin:auto}"
        "nav a{margin-right:1rem}.newsletter{border:1px solid #ccc;padding:1rem}</style>"
    )
    body = [
        '<header><nav><a href="/">Home</a><a href="/world/">World</a>'
        '<a href="/business/">Business</a><a href="/subscribe/">Subscribe</a></nav></header>',
        "<main><article>",
    ]
    body += [f'<div class="promo">{e(t)}</div>' for t in art.residue_top]
    body.append(f"<h1>{e(art.title)}</h1>")
    byline = f'<p class="byline">By {e(art.author)}'
    if art.show_date:
        byline += f' · <time datetime="{art.date.isoformat()}">{long_date(art.date)}</time>'
    body.append(byline + "</p>")
    if art.photo_credit:
        body.append(
            f'<figure><img src="/img/{art.slug[:20]}.jpg" alt="">'
            f"<figcaption>{e(art.photo_credit)}</figcaption></figure>"
        )
    for i, para in enumerate(art.paragraphs):
        parts: list[str] = [e(art.dateline)] if i == 0 and art.dateline else []
        for seg in para:
            if isinstance(seg, str):
                parts.append(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", e(seg)))
            elif seg.kind == "bare":
                parts.append(e(seg.url))
            elif seg.kind == "auto":
                parts.append(f'<a href="{e(seg.url)}">{e(seg.url)}</a>')
            elif seg.kind == "placeholder":
                href = "javascript:void(0)" if len(seg.text) % 3 == 0 else "#"
                parts.append(f'<a href="{href}">{e(seg.text)}</a>')
            else:
                parts.append(f'<a href="{e(seg.url)}">{e(seg.text)}</a>')
        body.append(f"<p>{''.join(parts)}</p>")
    body += [f"<p><em>{e(line)}</em></p>" for line in art.credit_lines]
    body.append("</article>")
    body += [f'<aside class="newsletter"><p>{e(t)}</p></aside>' for t in art.residue_bottom]
    body.append("</main>")
    body.append(
        f"<footer><p>&copy; {art.date.year} {e(site)}. All rights reserved.</p>"
        '<a href="/privacy/">Privacy</a> <a href="/contact/">Contact</a></footer>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def render(art: Article) -> str:
    """Render an article in its format."""
    if art.fmt == "html":
        return render_html(art)
    if art.fmt == "txt":
        return render_md(art) if art.text_markdown else render_text(art)
    return render_md(art)


def write_corpus(out: Path, n: int, formats: list[str], seed: int) -> dict[str, int]:
    """Write N documents under OUT (one folder per section); return generator truth counts."""
    arts = Generator(seed, formats).corpus(n)
    for i, art in enumerate(arts):
        folder = out / art.section
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{i:05d}-{art.slug[:48].rstrip('-')}.{art.fmt}"
        (folder / name).write_text(render(art), encoding="utf-8", newline="\n")
    return {
        "documents": n,
        "near_duplicates": sum(a.dup_of is not None for a in arts),
        "without_original_url": sum(not a.footer for a in arts),
        "without_date": sum(not a.show_date for a in arts),
        "with_placeholder": sum(any(k.kind == "placeholder" for k in a.links()) for a in arts),
        "with_residue": sum(bool(a.residue_top or a.residue_bottom) for a in arts),
        "date_url_mismatch": sum(a.footer and a.date != a.url_date for a in arts),
        "links": sum(len(a.links()) for a in arts),
    }


# --------------------------------------------------------------------------- running


# A small launcher forks the audit and reports the child's wait4 figures. Measuring from this
# process instead is wrong: subprocess uses vfork + exec, and exec keeps the caller's RSS
# high-water mark in ru_maxrss, so a benchmark that holds a big corpus inflates every figure.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    code = os.waitstatus_to_exitcode(status)
    out.write(f"{code} {wall} {ru.ru_utime + ru.ru_stime} {ru.ru_maxrss}")
"""


@dataclass
class RunResult:
    """One audit run: timings, the child's peak RSS and what the JSON report holds."""

    wall_s: float
    cpu_s: float
    peak_rss_kib: int
    exit_code: int
    documents: int | None
    findings: int | None
    by_rule: dict[str, int]
    output_bytes: int


def audit_command(corpus: Path, output: Path, cpus: str) -> list[str]:
    """The audit command line, pinned with taskset when asked and available."""
    cmd = [
        sys.executable,
        "-m",
        "provenance",
        "audit",
        str(corpus),
        "--offline",
        "--no-cache",
        "--format",
        "json",
        "--output",
        str(output),
    ]
    if cpus and cpus.lower() != "none" and shutil.which("taskset"):
        cmd = ["taskset", "-c", cpus, *cmd]
    return cmd


def run_audit(corpus: Path, cpus: str, timeout: float) -> RunResult:
    """Run one audit through the launcher; read its wall, CPU, peak RSS and JSON report."""
    with tempfile.TemporaryDirectory(prefix="prov-out-") as tmp:
        output, stats = Path(tmp) / "report.json", Path(tmp) / "stats"
        cmd = audit_command(corpus, output, cpus)
        launch = [sys.executable, "-S", "-c", LAUNCHER, str(stats), *cmd]
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(
                launch,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the launcher's own session only
                proc.wait()
                sys.exit(f"audit timed out after {timeout:.0f} s: {' '.join(cmd)}")
            try:
                fields = stats.read_text(encoding="utf-8").split()
            except OSError:
                fields = [str(proc.returncode), "0", "0", "0"]
            code = int(fields[0])
            if code not in (0, 1):
                err.seek(0)
                sys.stderr.write(err.read().decode("utf-8", "replace")[-8000:])
                sys.exit(f"audit failed with exit code {code}: {' '.join(cmd)}")
        try:
            text = output.read_bytes()
            report = json.loads(text)
        except (OSError, ValueError) as exc:
            sys.exit(f"could not read the audit's JSON output {output}: {exc}")
    findings = report.get("findings")
    codes = [f"{f.get('rule')} {f.get('name')}" for f in findings or () if isinstance(f, dict)]
    return RunResult(
        wall_s=float(fields[1]),
        cpu_s=float(fields[2]),
        peak_rss_kib=int(fields[3]),  # KiB on Linux
        exit_code=code,
        documents=count(report.get("documents")),
        findings=count(findings),
        by_rule=dict(sorted(collections.Counter(codes).items())),
        output_bytes=len(text),
    )


def source_digest() -> str:
    """Short hash of the package and rule files, to see whether the code moved between runs."""
    digest = hashlib.sha256()
    for folder in (REPO / "provenance", REPO / "rules"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml"):
                digest.update(path.relative_to(REPO).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def other_audits() -> int:
    """How many other 'provenance audit' processes run now (they would share the CPU)."""
    found = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        names = {arg.rsplit(b"/", 1)[-1] for arg in args}
        if b"provenance" in names and b"audit" in names:
            found += 1
    return found


def count(value: Any) -> int | None:
    """Length of a list, or an integer as is."""
    if isinstance(value, list):
        return len(value)
    if isinstance(value, int):
        return value
    return None


def bench(
    n: int,
    formats: list[str],
    seed: int,
    repeats: int,
    cpus: str,
    keep: Path | None,
    timeout: float,
) -> dict[str, Any]:
    """Generate a corpus of N documents, audit it REPEATS times, summarise."""
    with tempfile.TemporaryDirectory(prefix="prov-corpus-") as tmp:
        corpus = Path(tmp)
        if keep is not None:
            corpus = keep / f"{'-'.join(formats)}-n{n}"
            if corpus.exists():
                shutil.rmtree(corpus)
            corpus.mkdir(parents=True)
        t0 = time.perf_counter()
        truth = write_corpus(corpus, n, formats, seed)
        gen_s = time.perf_counter() - t0
        sizes = [p.stat().st_size for p in corpus.rglob("*") if p.is_file()]
        mean_kib = round(sum(sizes) / max(1, len(sizes)) / 1024, 1)
        print(
            f"generated {n} documents ({','.join(formats)}) in {gen_s:.1f} s: {corpus}",
            file=sys.stderr,
        )
        runs = []
        digests = {source_digest()}
        for i in range(repeats):
            if busy := other_audits():
                print(f"WARNING: {busy} other audit process(es) running", file=sys.stderr)
            res = run_audit(corpus, cpus, timeout)
            digests.add(source_digest())
            print(
                f"  run {i + 1}/{repeats}: {res.wall_s:.2f} s, exit {res.exit_code}, "
                f"peak RSS {res.peak_rss_kib / 1024:.1f} MiB",
                file=sys.stderr,
            )
            runs.append(res)
    last = runs[-1]
    docs = last.documents
    if docs != n:
        print(f"WARNING: the report lists {docs} documents, expected {n}", file=sys.stderr)
    if len(digests) > 1:
        print("WARNING: provenance/ or rules/ changed during the runs", file=sys.stderr)
    if len({r.findings for r in runs}) > 1:
        counts = ", ".join(str(r.findings) for r in runs)
        print(f"WARNING: findings differ between repeats: {counts}", file=sys.stderr)
    wall = statistics.median(r.wall_s for r in runs)
    rate = n / wall if wall > 0 else 0.0
    return {
        "formats": ",".join(formats),
        "n": n,
        "documents": docs,
        "repeats": repeats,
        "wall_s": round(wall, 3),
        "wall_s_all": [round(r.wall_s, 3) for r in runs],
        "cpu_s": round(statistics.median(r.cpu_s for r in runs), 3),
        "docs_per_s": round(rate, 1),
        "peak_rss_mib": round(statistics.median(r.peak_rss_kib for r in runs) / 1024, 1),
        "peak_rss_mib_all": [round(r.peak_rss_kib / 1024, 1) for r in runs],
        "findings": last.findings,
        "findings_by_rule": last.by_rule,
        "output_mib": round(last.output_bytes / 2**20, 2),
        "exit_code": last.exit_code,
        "ratio_to_target": round(rate / TARGET_DOCS_PER_S, 2),
        "generator_truth": truth,
        "mean_kib": mean_kib,
        "source_digest": sorted(digests),
        "pinned_cpus": cpus if cpus.lower() != "none" and shutil.which("taskset") else "",
    }


def startup(formats: list[str], seed: int, repeats: int, cpus: str, timeout: float) -> RunResult:
    """Audit a 1-document corpus: interpreter start, imports and rule loading (median run)."""
    with tempfile.TemporaryDirectory(prefix="prov-one-") as tmp:
        write_corpus(Path(tmp), 1, formats, seed)
        runs = [run_audit(Path(tmp), cpus, timeout) for _ in range(repeats)]
    runs.sort(key=lambda r: r.wall_s)
    return runs[len(runs) // 2]


def add_startup(row: dict[str, Any], base: RunResult) -> None:
    """Add throughput without the fixed start-up cost to a result row."""
    net = row["wall_s"] - base.wall_s
    row["startup_s"] = round(base.wall_s, 3)
    row["startup_rss_mib"] = round(base.peak_rss_kib / 1024, 1)
    row["docs_per_s_excl_startup"] = round(row["n"] / net, 1) if net > 0 else None


def bench_existing(corpus: Path, repeats: int, cpus: str, timeout: float) -> dict[str, Any]:
    """Audit an existing corpus REPEATS times and summarise (no generator truth)."""
    files = [p for p in corpus.rglob("*") if p.is_file() and p.suffix in {".md", ".txt", ".html"}]
    if not files:
        raise SystemExit(f"no .md/.txt/.html documents under {corpus}")
    runs = [run_audit(corpus, cpus, timeout) for _ in range(repeats)]
    wall = statistics.median(r.wall_s for r in runs)
    rate = len(files) / wall if wall > 0 else 0.0
    return {
        "formats": ",".join(sorted({p.suffix[1:] for p in files})),
        "n": len(files),
        "documents": runs[-1].documents,
        "repeats": repeats,
        "wall_s": round(wall, 3),
        "cpu_s": round(statistics.median(r.cpu_s for r in runs), 3),
        "docs_per_s": round(rate, 1),
        "peak_rss_mib": round(statistics.median(r.peak_rss_kib for r in runs) / 1024, 1),
        "findings": runs[-1].findings,
        "findings_by_rule": runs[-1].by_rule,
        "ratio_to_target": round(rate / TARGET_DOCS_PER_S, 2),
        "mean_kib": round(sum(p.stat().st_size for p in files) / len(files) / 1024, 1),
        "generator_truth": {},
        "pinned_cpus": cpus if cpus.lower() != "none" and shutil.which("taskset") else "",
    }


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown table of results."""
    head = (
        "| formats | N | documents | wall s (median) | CPU s | docs/s | docs/s excl. startup "
        "| peak RSS MiB (median) | findings | ratio to target | mean KiB/doc |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for r in rows:
        net = r.get("docs_per_s_excl_startup")
        lines.append(
            f"| {r['formats']} | {r['n']} | {r['documents']} | {r['wall_s']:.2f} "
            f"| {r['cpu_s']:.2f} | {r['docs_per_s']:.0f} | {'-' if net is None else f'{net:.0f}'} "
            f"| {r['peak_rss_mib']:.1f} | {r['findings']} | {r['ratio_to_target']:.2f} | {r.get('mean_kib', '-')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="documents to generate (default 1000)")
    ap.add_argument("--formats", default="md", help="comma list of md,txt,html (default md)")
    ap.add_argument("--seed", type=int, default=20250314, help="generator seed")
    ap.add_argument("--keep", type=Path, help="write the corpus under this folder and keep it")
    ap.add_argument("--repeats", type=int, default=3, help="audit runs; the median is reported")
    ap.add_argument("--cpus", default="0", help="taskset CPU list ('' or none: no pinning)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per audit run")
    ap.add_argument("--sweep", action="store_true", help=f"run N={SWEEP_NS[0]} and {SWEEP_NS[1]}")
    ap.add_argument("--json", action="store_true", help="also print the results as JSON")
    ap.add_argument(
        "--corpus",
        type=Path,
        help="audit this existing folder instead of generating one (e.g. the output of "
        "../shared/bench/gencorpus.py); its documents are counted and their mean size shown",
    )
    args = ap.parse_args(argv)

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        ap.error(f"--formats takes a comma list of {','.join(FORMATS)}")
    if args.n < 1 or args.repeats < 1:
        ap.error("--n and --repeats must be at least 1")

    ns = list(SWEEP_NS) if args.sweep else [args.n]
    rows = []
    if args.corpus is not None:
        rows.append(bench_existing(args.corpus, args.repeats, args.cpus, args.timeout))
    else:
        for n in ns:
            rows.append(bench(n, formats, args.seed, args.repeats, args.cpus, args.keep, args.timeout))
    base = startup(formats, args.seed, args.repeats, args.cpus, args.timeout)
    for row in rows:
        add_startup(row, base)
    print(table(rows))
    base_cpus = rows[0]["pinned_cpus"] or "none (taskset missing or --cpus '')"
    print(
        f"\nstart-up (1-document corpus, median): {base.wall_s:.2f} s, "
        f"peak RSS {base.peak_rss_kib / 1024:.1f} MiB; pinned to CPU {base_cpus}"
    )
    for r in rows:
        print(
            f"\nN={r['n']}: ratio to target = {r['docs_per_s']:.0f} / {TARGET_DOCS_PER_S:.0f} "
            f"= {r['ratio_to_target']:.2f}; findings by rule: "
            + ", ".join(f"{k}={v}" for k, v in r["findings_by_rule"].items())
        )
        print(f"generator truth: {r['generator_truth']}")
    result: dict[str, Any] = {
        "target_docs_per_s": TARGET_DOCS_PER_S,
        "python": sys.version.split()[0],
        "runs": rows,
    }
    if args.sweep:
        small, big = rows
        growth = big["peak_rss_mib"] - small["peak_rss_mib"]
        extra = big["n"] - small["n"]
        result["sweep"] = {
            "rss_growth_mib": round(growth, 1),
            "rss_growth_kib_per_doc": round(growth * 1024 / extra, 2),
            "output_growth_mib": round(big["output_mib"] - small["output_mib"], 2),
        }
        print(
            f"\nRSS growth N={small['n']} -> N={big['n']}: {growth:+.1f} MiB "
            f"({growth * 1024 / extra:.2f} KiB per extra document); JSON report grew "
            f"{big['output_mib'] - small['output_mib']:+.2f} MiB"
        )
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
