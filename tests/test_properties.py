"""Property-based tests (hypothesis) for the parsers that read what strangers send:
the network's Markdown, the search query, the catalogue import, caption files, facet
parameters and HTTP ranges. Whatever the input, each gives a result or its own
readable error, never another exception, and its result keeps its promises (safe
HTML, plain words, byte ranges inside the file)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalogue.importer import ImportFileError, read_csv, read_json
from media.captions import (
    CaptionError,
    ParsedCue,
    parse_webvtt,
    read_caption_upload,
    to_webvtt,
)
from media.serving import parse_range
from network.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, render
from search.analysis import MAX_QUERY_WORDS, analyse_query
from search.query import MAX_QUERY_LENGTH, clean_query
from taxonomy.facets import FACETS, MAX_VALUES_PER_FACET, FacetError, FacetSelection

QUICK = settings(
    max_examples=150,
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces attackers and careless pastes are made of, mixed into arbitrary text.
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox)",
        '<a href="javascript:alert(1)">x</a>',
        "<svg/onload=alert(1)>",
        "<iframe src=//evil.example>",
        '"><script>',
        "\u202e",  # right-to-left override
        "\x00",
        "\ud800",  # a lone surrogate
        "> " * 50,
        "- " * 50,
        "[" * 200,
        "`" * 30,
        "| a | b |\n|---|---|\n| <b>x</b> | y |",
        "@anna @",
        "**" * 100,
        "&#x6A;avascript:",
        "<!-- -->",
    ]
)
MIXED_TEXT = st.lists(st.one_of(st.text(max_size=40), HOSTILE), max_size=12).map(
    "".join
)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@QUICK
@given(MIXED_TEXT)
@example("> " * 5000 + "deep")
@example("*" * 10000)
@example("<A0:>")  # an autolink of an unknown scheme: its href goes, the link stays
@example("<https://kommun.example/plan>")
def test_markdown_renders_only_safe_html(source):
    html = render(source)
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        if tag == "a":
            # The sanitiser gives every link its rel, and nothing else (LINK_REL).
            assert attrs.get("rel") == LINK_REL, (tag, attrs)
            allowed = allowed | {"rel"}
        assert set(attrs) <= allowed, (tag, attrs)
        href = attrs.get("href")
        if href:
            assert urlsplit(href).scheme.lower() in {"", "http", "https", "mailto"}


@QUICK
@given(st.one_of(st.text(), MIXED_TEXT, st.text(min_size=2000, max_size=5000)))
def test_a_query_becomes_plain_words_that_analyse(raw):
    cleaned = clean_query(raw)
    assert len(cleaned) <= MAX_QUERY_LENGTH
    assert all(part.isalnum() or part == " " for part in cleaned) or not cleaned
    analysed = analyse_query(cleaned)
    assert len(analysed.words) <= MAX_QUERY_WORDS
    for word in analysed.words:
        assert word.alternatives, word


CSV_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "title,summary,language,country,url",
                "title;summary;language",
                "external_id,title,summary,language\n",
                '"',
                '""',
                ",",
                ";",
                "\t",
                "\n",
                "\r\n",
                "\x00",
                '\'=HYPERLINK("http://x")',
                "title,title",
                "\ufeff",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=30,
).map("".join)


@QUICK
@given(CSV_TEXT)
def test_the_import_reads_a_csv_or_says_why_not(text):
    try:
        rows = read_csv(text)
    except ImportFileError as error:
        assert str(error)
        return
    for number, _row in rows:
        assert number >= 2


@QUICK
@given(
    st.one_of(
        st.text(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=10),
            lambda children: (
                st.lists(children, max_size=4)
                | st.dictionaries(st.text(max_size=8), children, max_size=4)
            ),
            max_leaves=20,
        ).map(__import__("json").dumps),
    )
)
def test_the_import_reads_json_or_says_why_not(text):
    try:
        rows = read_json(text)
    except ImportFileError as error:
        assert str(error)
        return
    assert [number for number, _row in rows] == list(range(1, len(rows) + 1))


CAPTION_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "WEBVTT\n\n",
                    "00:00:01.000 --> 00:00:02.000\n",
                    "00:00:02.000 --> 00:00:01.000\n",
                    "99:99:99.999 --> 00:00:01.000\n",
                    "1\n00:00:01,000 --> 00:00:02,000\n",
                    "NOTE x\n",
                    "<v Anna>Hej</v>\n",
                    "\n\n",
                    "-->",
                    "\x00",
                ]
            ),
            st.text(max_size=20),
        ),
        max_size=20,
    ).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)


@QUICK
@given(CAPTION_BYTES, st.sampled_from(["c.vtt", "c.srt", "c.txt"]))
def test_a_caption_upload_is_read_or_refused_with_a_message(data, name):
    try:
        result = read_caption_upload(name, data)
    except CaptionError as error:
        assert error.messages
        return
    for cue in result.cues:
        assert 0 <= cue["start"] < cue["end"], cue


CUE = st.builds(
    lambda start, length, text: ParsedCue(
        start=start / 1000, end=(start + length) / 1000, text=text, payload=text
    ),
    st.integers(min_value=0, max_value=36_000_000),
    st.integers(min_value=1, max_value=60_000),
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc"), blacklist_characters="<>&-"
        ),
        min_size=1,
        max_size=40,
    ).filter(lambda text: text.strip()),
)


@QUICK
@given(st.lists(CUE, min_size=1, max_size=8))
def test_cues_written_as_webvtt_read_back_the_same(cues):
    cues = sorted(cues, key=lambda cue: (cue.start, cue.end))
    read = parse_webvtt(to_webvtt(cues))
    assert [(cue.start, cue.end) for cue in read] == [
        (cue.start, cue.end) for cue in cues
    ]
    # (the plain text's white space is one space, as a caption line shows it)
    assert [cue.text for cue in read] == [" ".join(cue.text.split()) for cue in cues]


FACET_NAMES = st.sampled_from([facet.name for facet in FACETS] + ["q", "page", "x"])


@pytest.mark.django_db
@QUICK
@given(
    st.lists(
        st.tuples(FACET_NAMES, st.one_of(st.text(max_size=30), HOSTILE)), max_size=30
    )
)
def test_facet_parameters_parse_or_name_each_bad_one(pairs):
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    try:
        selection = FacetSelection.from_querydict(query)
    except FacetError as error:
        assert error.messages if hasattr(error, "messages") else str(error)
        return
    for values in selection.chosen.values():
        assert 0 < len(values) <= MAX_VALUES_PER_FACET
        assert len(values) == len(set(values))


RANGE_HEADERS = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda a, b: f"bytes={a}-{b}",
        st.one_of(st.just(""), st.integers(0, 10**20).map(str)),
        st.one_of(st.just(""), st.integers(0, 10**20).map(str)),
    ),
)


@QUICK
@given(RANGE_HEADERS, st.integers(min_value=0, max_value=10**12))
@example("bytes=" + "9" * 5000 + "-", 10)
def test_a_range_header_gives_a_range_inside_the_file_or_none(header, size):
    wanted = parse_range(header, size)
    if wanted is None or wanted == "unsatisfiable":
        return
    start, end = wanted
    assert 0 <= start <= end < size
