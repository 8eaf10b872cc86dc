"""Demo places for `manage.py load_demo`: regions and municipalities of Sweden, Norway
and Denmark with their real official codes and e-mail domains, read from
`demo_data/places.json`.

Real codes and domains make the demo behave like production: a member who signs up with
`someone@halmstad.se` becomes Halmstad's ambassador, and `import_catalogue` finds
municipalities by code. Codes follow the national statistics offices: SCB kommunkod and
länskod (Sweden), SSB kommunenummer and fylkesnummer as of 2024, when Viken was split up
again (Norway), DST kommunekode and regionskode (Denmark). Countries come from migration
0002 and are never created here.
"""

import json
from pathlib import Path

from .models import Country, Municipality, MunicipalityEmailDomain, Region

# The places, one object each, in demo_data/places.json (edit them there).
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "places.json").read_text("utf-8")
)
REGIONS = DATA["regions"]
MUNICIPALITIES = DATA["municipalities"]


def load(stdout, style):
    """Create or update the demo regions, municipalities and e-mail domains."""
    countries = {country.code: country for country in Country.objects.all()}
    regions = {}
    for region in REGIONS:
        country_code, code = region["country"], region["code"]
        regions[country_code, code] = _region(
            countries[country_code], code, region["name"]
        )

    domains = 0
    for place in MUNICIPALITIES:
        country_code = place["country"]
        municipality, _created = Municipality.objects.update_or_create(
            country=countries[country_code],
            official_code=place["code"],
            defaults={
                "name": place["name"],
                "region": regions[country_code, place["region"]],
            },
        )
        for domain in place["email_domains"]:
            # Keyed on the domain (unique), so a domain an earlier demo gave another
            # municipality moves here instead of failing.
            MunicipalityEmailDomain.objects.update_or_create(
                domain=domain, defaults={"municipality": municipality}
            )
            domains += 1
    stdout.write(
        f"  {len(regions)} regions, {len(MUNICIPALITIES)} municipalities, "
        f"{domains} e-mail domains"
    )


def _region(country, code, name):
    """The region with this code, else the one with this name, updated to both.

    Looking up by name too keeps the demo working where an editor (or an earlier demo)
    created the region without a code: the name is unique per country.
    """
    region = (
        Region.objects.filter(country=country, official_code=code).first()
        or Region.objects.filter(country=country, name=name).first()
    )
    if region is None:
        return Region.objects.create(country=country, official_code=code, name=name)
    name_taken = (
        Region.objects.filter(country=country, name=name).exclude(pk=region.pk).exists()
    )
    if region.official_code != code or (region.name != name and not name_taken):
        # A second region already named like ours keeps its name: renaming this one
        # would break the one-name-per-country constraint.
        region.official_code = code
        if not name_taken:
            region.name = name
        region.save()
    return region
