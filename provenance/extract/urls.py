"""URLs: the original-URL footers scrapers leave, a normalised key, the publisher domain.

The display URL is always kept as written; `url_key` is only an identity for comparing
and caching (scheme and host case, default port, fragment and tracking parameters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from provenance.extract.lines import TextLine
from provenance.extract.suffixes import registered_domain_of_host
from provenance.model import Evidence, UrlFact

_FOOTER = re.compile(
    r"^\W{0,4}(?P<label>original\s+url|original\s+link|original\s+source|source\s+url|"
    r"source|originally\s+published\s+(?:at|on|in)|first\s+published\s+(?:at|on|in)|"
    r"read\s+more\s+at|read\s+the\s+original(?:\s+article)?(?:\s+at)?|canonical(?:\s+url)?|"
    r"url|link)\W{0,3}?(?:\s*[:\-]\s*|\s+(?=<?https?://)|\s*$)(?P<rest>.*)$",
    re.I,
)
_FOOTER_START = re.compile(r"^\W{0,4}[ocfrsul]", re.I)
"""What `_FOOTER` needs first: a label's first letter after at most four marks. A line without
it is passed over at a fraction of the cost of trying every label."""
_URL_IN = re.compile(r"<?(?P<url>https?://[^\s<>\"'\]\)]+)>?", re.I)

TRACKING_PREFIXES = (
    "utm_",
    "mtm_",
    "pk_",
    "piwik_",
    "matomo_",
    "hsa_",
    "_hs",
    "__hs",
    "ga_",
    "stm_",
    "trk_",
)
TRACKING_NAMES = frozenset(
    [
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "ysclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "mkt_tok",
        "vero_id",
        "vero_conv",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "wickedid",
        "_openstat",
        "srsltid",
        "s_cid",
        "sc_cid",
        "spm",
        "scm",
        "ncid",
        "cmpid",
        "icid",
        "soc_src",
        "soc_trk",
        "wt_mc",
        "ref_src",
        "ref_url",
        "xtor",
    ]
)
"""Conservative: parameters that only ever track. `ref`, `source`, `cid` can carry meaning."""

URL_SHORTENERS = frozenset(
    [
        "bit.ly",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "buff.ly",
        "is.gd",
        "lnkd.in",
        "dlvr.it",
        "trib.al",
        "ift.tt",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "t.ly",
        "tiny.cc",
        "bl.ink",
        "amzn.to",
        "youtu.be",
        "fb.me",
        "wp.me",
        "reut.rs",
        "apne.ws",
        "nyti.ms",
        "wapo.st",
        "bbc.in",
        "cnn.it",
        "on.ft.com",
    ]
)


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_NAMES or lowered.startswith(TRACKING_PREFIXES)


@lru_cache(maxsize=1 << 16)
def url_key(url: str) -> str:
    """Identity of a URL for de-duplication and caching.

    Lower-cases scheme and host, drops default ports, the fragment and tracking
    parameters, and keeps everything else (path case and trailing slash carry meaning).
    """
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return url.strip()
    if not scheme or not host:
        return url.strip()
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and (scheme, port) not in {("http", 80), ("https", 443)}:
        netloc = f"{netloc}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.username or ''}{':' if parts.password else ''}{parts.password or ''}@{netloc}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%") or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_parameter(k)]
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def tracking_parameters(url: str) -> list[str]:
    try:
        query = urlsplit(url).query
    except ValueError:
        return []
    return [k for k, _ in parse_qsl(query, keep_blank_values=True) if is_tracking_parameter(k)]


def registered_domain(url_or_host: str) -> str | None:
    """`www.themoscowtimes.com` -> `themoscowtimes.com`; None for IPs and bare names."""
    host = url_or_host
    if "://" in url_or_host:
        try:
            host = urlsplit(url_or_host).hostname or ""
        except ValueError:
            return None
    return registered_domain_of_host(host)


def host_of(url: str) -> str | None:
    try:
        return (urlsplit(url).hostname or "").lower() or None
    except ValueError:
        return None


def slug_words(url: str) -> list[str]:
    """Words of the last meaningful path segment: `/2025/03/14/putin-urges-...-a88373`."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    segments = [s for s in unquote(path).split("/") if s]
    for segment in reversed(segments):
        segment = re.sub(r"\.(?:s?html?|php|aspx?|jsp)$", "", segment, flags=re.I)
        words = [w for w in re.split(r"[-_+.\s]+", segment.lower()) if w]
        alpha = [w for w in words if re.search(r"[^\W\d]", w) and not re.fullmatch(r"[a-z]?\d+", w)]
        if len(alpha) >= 2:
            return alpha
    return []


def clean_url(candidate: str) -> str:
    """Trim punctuation a sentence or Markdown wrapped around a URL."""
    url = candidate.strip().strip("<>")
    while url and url[-1] in ".,;:!?*_'\"":
        url = url[:-1]
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def footer_urls(lines: Sequence[TextLine]) -> list[UrlFact]:
    """`Original url:` style footers; the URL may stand on the line or on one of the next two."""
    found: list[UrlFact] = []
    for index, line in enumerate(lines):
        match = _FOOTER.match(line.plain) if _FOOTER_START.match(line.plain) else None
        if not match:
            continue
        label = re.sub(r"\s+", " ", match["label"].lower())
        # A bare "Source:" is usually a credit ("Source: Reuters"): take it only with a URL,
        # on its line or the next; "URL:"/"Link:" only with a URL on the line.
        if label in {"url", "link", "source"} and not _URL_IN.search(match["rest"]) and label != "source":
            continue
        rest_url = _URL_IN.search(match["rest"]) or _URL_IN.search(line.raw[match.start("rest") :])
        if rest_url:
            found.append(UrlFact(clean_url(rest_url["url"]), Evidence(f"footer:{label}", line.number, line.plain)))
            continue
        if match["rest"].strip(" :*_"):
            continue
        for follower in lines[index + 1 : index + 4]:
            if not follower.plain:
                continue
            url_match = _URL_IN.match(follower.plain) or _URL_IN.match(follower.raw.strip())
            if url_match:
                found.append(
                    UrlFact(
                        clean_url(url_match["url"]),
                        Evidence(f"footer:{label}", follower.number, follower.plain),
                    )
                )
            break
    return found
