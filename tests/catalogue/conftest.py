import pytest

from tests.catalogue.catalogue_factories import make_entry, make_index
from tests.factories import MunicipalityFactory, RegionFactory


@pytest.fixture
def index(db):
    return make_index()


@pytest.fixture
def places(db, halmstad):
    """Halmstad (the shared fixture) and Laholm in Halland (SE), Bergen (Vestland,
    NO), Aarhus (DK)."""
    halland = RegionFactory(name="Hallands län", country__code="SE")
    halmstad.region = halland
    halmstad.save()
    vestland = RegionFactory(name="Vestland", country__code="NO")
    midt = RegionFactory(name="Region Midtjylland", country__code="DK")

    def place(name, code, region):
        return MunicipalityFactory(
            name=name, official_code=code, region=region, country=region.country
        )

    return {
        "halmstad": halmstad,
        "laholm": place("Laholm", "1381", halland),
        "bergen": place("Bergen", "4601", vestland),
        "aarhus": place("Aarhus", "751", midt),
    }


@pytest.fixture
def catalogue(index, places):
    """Four listed entries, one retired and one draft (which never show)."""
    return {
        "ombud": make_entry(
            index,
            "Digitala ombud i hemtjänsten",
            language="sv",
            year=2020,
            municipalities=[places["halmstad"]],
            tags=["välfärdsteknik", "65+"],
            competences=["2.4"],
            sector="elderly-care",
            target_groups=["citizens-65"],
            verified=True,
        ),
        "velferd": make_entry(
            index,
            "Velferdsteknologi i Bergen",
            language="nb",
            year=2021,
            municipalities=[places["bergen"]],
            tags=["velferdsteknologi"],
            competences=["5.4"],
            sector="social-care",
            target_groups=["employees"],
        ),
        "bibliotek": make_entry(
            index,
            "Digital hjælp på biblioteket",
            language="da",
            year=2021,
            municipalities=[places["aarhus"]],
            tags=["65+"],
            competences=["2.4", "5.4"],
            sector="library",
            target_groups=["citizens-65"],
            featured=True,
        ),
        "utbildning": make_entry(
            index,
            "Webbutbildning för vård och omsorg",
            language="sv",
            year=2019,
            municipalities=[places["laholm"], places["halmstad"]],
            tags=["utbildning"],
            competences=["1.1"],
            sector="elderly-care",
            target_groups=["employees"],
        ),
        "retired": make_entry(
            index,
            "Gammal pappersblankett blir e-tjänst",
            municipalities=[places["halmstad"]],
            tags=["65+"],
            retired=True,
        ),
        "draft": make_entry(
            index,
            "Ett utkast som ingen ser",
            municipalities=[places["halmstad"]],
            tags=["65+"],
            live=False,
        ),
    }


@pytest.fixture
def client(client):
    """A visitor whose browser asks for English, so messages are the msgids."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield
