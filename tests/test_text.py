"""One Nordic slug for every page, thread, handle and taxonomy item (dela.text)."""

import pytest

from dela.text import nordic_slug


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
