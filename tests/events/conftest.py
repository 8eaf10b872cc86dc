import pytest

from tests.events.event_helpers import events_index


@pytest.fixture(autouse=True)
def english_interface(settings):
    """The tests read the interface's English msgids; the Swedish catalogue is filled
    later and must not change what they assert. E-mails still follow each member's
    own language (tested with dates, which Django translates already)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def index(db):
    return events_index()
