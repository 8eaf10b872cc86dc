"""Demo places for `manage.py load_demo`: regions and municipalities of Sweden, Norway
and Denmark with their real official codes and e-mail domains.

Real codes and domains make the demo behave like production: a member who signs up with
`someone@halmstad.se` becomes Halmstad's ambassador, and `import_catalogue` finds
municipalities by code. Codes follow the national statistics offices: SCB kommunkod and
länskod (Sweden), SSB kommunenummer and fylkesnummer as of 2024, when Viken was split up
again (Norway), DST kommunekode and regionskode (Denmark). Countries come from migration
0002 and are never created here.
"""

from .models import Country, Municipality, MunicipalityEmailDomain, Region

# (country, region code, region name)
REGIONS = [
    ("SE", "01", "Stockholms län"),
    ("SE", "08", "Kalmar län"),
    ("SE", "12", "Skåne län"),
    ("SE", "13", "Hallands län"),
    ("SE", "14", "Västra Götalands län"),
    ("NO", "03", "Oslo"),
    ("NO", "11", "Rogaland"),
    ("NO", "32", "Akershus"),
    ("NO", "34", "Innlandet"),
    ("NO", "42", "Agder"),
    ("NO", "46", "Vestland"),
    ("NO", "50", "Trøndelag"),
    ("NO", "55", "Troms"),
    ("DK", "1081", "Region Nordjylland"),
    ("DK", "1082", "Region Midtjylland"),
    ("DK", "1083", "Region Syddanmark"),
    ("DK", "1084", "Region Hovedstaden"),
]

# (country, region code, municipality code, name, e-mail domains)
MUNICIPALITIES = [
    # All six Halland municipalities took part in Digga Halland.
    ("SE", "13", "1315", "Hylte", ["hylte.se"]),
    ("SE", "13", "1380", "Halmstad", ["halmstad.se"]),
    ("SE", "13", "1381", "Laholm", ["laholm.se"]),
    ("SE", "13", "1382", "Falkenberg", ["falkenberg.se"]),
    ("SE", "13", "1383", "Varberg", ["varberg.se"]),
    ("SE", "13", "1384", "Kungsbacka", ["kungsbacka.se"]),
    ("SE", "08", "0880", "Kalmar", ["kalmar.se"]),
    ("SE", "08", "0881", "Nybro", ["nybro.se"]),
    ("SE", "08", "0882", "Oskarshamn", ["oskarshamn.se"]),
    ("SE", "08", "0883", "Västervik", ["vastervik.se"]),
    ("SE", "12", "1280", "Malmö", ["malmo.se"]),
    ("SE", "12", "1281", "Lund", ["lund.se"]),
    ("SE", "12", "1283", "Helsingborg", ["helsingborg.se"]),
    ("SE", "01", "0180", "Stockholm", ["stockholm.se"]),
    ("SE", "01", "0182", "Nacka", ["nacka.se"]),
    ("SE", "14", "1480", "Göteborg", ["goteborg.se"]),
    ("SE", "14", "1490", "Borås", ["boras.se"]),
    ("NO", "03", "0301", "Oslo", ["oslo.kommune.no"]),
    ("NO", "46", "4601", "Bergen", ["bergen.kommune.no"]),
    ("NO", "50", "5001", "Trondheim", ["trondheim.kommune.no"]),
    ("NO", "11", "1103", "Stavanger", ["stavanger.kommune.no"]),
    ("NO", "42", "4204", "Kristiansand", ["kristiansand.kommune.no"]),
    ("NO", "32", "3201", "Bærum", ["baerum.kommune.no"]),
    ("NO", "32", "3203", "Asker", ["asker.kommune.no"]),
    ("NO", "55", "5501", "Tromsø", ["tromso.kommune.no"]),
    ("NO", "34", "3405", "Lillehammer", ["lillehammer.kommune.no"]),
    ("DK", "1084", "101", "København", ["kk.dk"]),
    ("DK", "1084", "147", "Frederiksberg", ["frederiksberg.dk"]),
    ("DK", "1084", "157", "Gentofte", ["gentofte.dk"]),
    ("DK", "1082", "751", "Aarhus", ["aarhus.dk"]),
    ("DK", "1082", "740", "Silkeborg", ["silkeborg.dk"]),
    ("DK", "1083", "461", "Odense", ["odense.dk"]),
    ("DK", "1083", "630", "Vejle", ["vejle.dk"]),
    ("DK", "1083", "621", "Kolding", ["kolding.dk"]),
    ("DK", "1081", "851", "Aalborg", ["aalborg.dk"]),
]


def load(stdout, style):
    """Create or update the demo regions, municipalities and e-mail domains."""
    countries = {country.code: country for country in Country.objects.all()}
    regions = {}
    for country_code, code, name in REGIONS:
        regions[country_code, code] = _region(countries[country_code], code, name)

    domains = 0
    for country_code, region_code, code, name, email_domains in MUNICIPALITIES:
        municipality, _created = Municipality.objects.update_or_create(
            country=countries[country_code],
            official_code=code,
            defaults={"name": name, "region": regions[country_code, region_code]},
        )
        for domain in email_domains:
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
