"""Registered domains: our reading of tldextract's bundled suffix list gives tldextract's answers."""

from __future__ import annotations

import pytest
import tldextract

from provenance.extract.suffixes import registered_domain_of_host

HOSTS = [
    "www.themoscowtimes.com",
    "kremlin.ru",
    "www.bbc.co.uk",
    "a.b.c.bbc.co.uk",
    "co.uk",
    "www.ck",
    "foo.www.ck",
    "bar.ck",
    "a.bar.ck",
    "city.kawasaki.jp",
    "x.city.kawasaki.jp",
    "a.b.kawasaki.jp",
    "news.example.com.au",
    "example.internal",
    "localhost",
    "127.0.0.1",
    "www.xn--mnchen-3ya.de",
    "münchen.de",
    "blog.blogspot.com",
    "foo.github.io",
    "a.gov.uk",
    "s3.amazonaws.com",
    "www.example-gazette.com",
    "xn--80aswg.xn--p1ai",
    "сайт.рф",
]


@pytest.mark.parametrize("host", HOSTS)
def test_same_answer_as_tldextract(host):
    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    expected = extractor(host).top_domain_under_public_suffix or None
    assert registered_domain_of_host(host) == expected
