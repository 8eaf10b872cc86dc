"""dela.text: the one Nordic slug, and plain text to and from rich text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dela.text import html_to_text, nordic_slug, normalise_text, text_to_html


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Äldreomsorg", "aldreomsorg"),
        ("Digitale ambassadørar", "digitale-ambassadorar"),
        ("Ærø Kommune", "aero-kommune"),
        ("Velferdsteknologi i hjemmetjenesten!", "velferdsteknologi-i-hjemmetjenesten"),
        ("Skärmbesök – så gick det", "skarmbesok-sa-gick-det"),
        ("Þórshöfn", "thorshofn"),
    ],
)
def test_nordic_letters_become_readable_ascii(text, slug):
    assert nordic_slug(text) == slug


def test_letters_without_an_ascii_form_are_kept_as_codes():
    assert nordic_slug("Київ") != ""  # not dropped: two titles stay two slugs
    assert nordic_slug("Київ") != nordic_slug("Львів")


def test_length_and_fallback():
    assert nordic_slug("a" * 200, max_length=32) == "a" * 32
    assert nordic_slug("Lång rubrik " * 20, max_length=30).endswith("-") is False
    assert nordic_slug("!!!", fallback="thread") == "thread"
    assert nordic_slug(None, fallback="x") == "x"


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"))
        | st.sampled_from("\n\r<>&\"'")
    )
)
def test_plain_text_survives_rich_text_unchanged(text):
    """What a member types in the story form or an editor in a catalogue file comes
    back from the page's rich text as they wrote it (in normal shape), and markup in
    it is shown, never interpreted."""
    html = text_to_html(text)
    assert html_to_text(html) == normalise_text(text)
    assert "<script" not in html.replace("&lt;script", "")


def test_rich_text_paragraphs_and_breaks():
    assert text_to_html("Första raden\nandra raden\n\n<b>Nytt</b> stycke") == (
        "<p>Första raden<br/>andra raden</p><p>&lt;b&gt;Nytt&lt;/b&gt; stycke</p>"
    )
    assert html_to_text(
        "<h2>Rubrik</h2><p>Ett &amp; två<br/>tre</p><ul><li>a</li></ul>"
    ) == ("Rubrik\n\nEtt & två\ntre\n\na")
