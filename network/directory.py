"""The ambassador directory (/ambassadors/): "who in Halland knows welfare technology?"

Filters use the site's facet parameter names (DESIGN.md): `tag` (expertise),
`municipality`, `region` (slugs), `country` (ISO code), `sector` (slug), `language`,
`competence` (DigComp code), plus `q` for a name. Values of one filter combine with
OR, filters with AND. Visitors see public profiles only; members see all.
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from search.query import typed_text
from taxonomy.models import Competence, Country, Municipality, Region, Sector

from .models import Profile, TaggedExpertise
from .permissions import network_permissions

PER_PAGE = 24
_VALUE = re.compile(r"^[-\w.]{1,120}$")

FILTERS = [
    ("tag", _("Expertise"), "network_profile__expertise__slug"),
    ("country", _("Country"), "municipality__country__code"),
    ("region", _("Region"), "municipality__region__slug"),
    ("municipality", _("Municipality"), "municipality__slug"),
    ("sector", _("Sector"), "network_profile__sector__slug"),
    ("language", _("Language"), None),
    ("competence", _("Competence"), "network_profile__competences__code"),
]


def directory_people(user):
    """Everyone who appears in the directory and whom `user` may see."""
    people = get_user_model().objects.filter(
        is_active=True,
        groups__permissions__codename="appear_in_directory",
        groups__permissions__content_type__app_label="accounts",
    )
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        people = people.filter(
            network_profile__visibility=Profile.ProfileVisibility.PUBLIC
        )
    return people


def _selected(request):
    chosen = {}
    for name, _label, _lookup in FILTERS:
        values = [
            v.strip() for v in request.GET.getlist(name)[:10] if _VALUE.match(v.strip())
        ]
        if name == "country":
            values = [v.upper() for v in values]
        elif name != "municipality":
            values = [v.lower() for v in values]
        if values:
            chosen[name] = values
    return chosen


def directory_listing(request):
    user = request.user
    chosen = _selected(request)
    people = directory_people(user)
    for name, _label, lookup in FILTERS:
        values = chosen.get(name)
        if not values:
            continue
        if name == "language":
            condition = Q()
            for code in values:
                condition |= Q(network_profile__languages__contains=f",{code},")
            people = people.filter(condition)
        elif name == "municipality":
            people = people.filter(municipality__slug__in=[v.lower() for v in values])
        else:
            people = people.filter(**{f"{lookup}__in": values})
    query = typed_text(request.GET.get("q"), 100)
    if query:
        people = people.filter(
            Q(display_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(network_profile__title__icontains=query)
        )
    people = (
        people.distinct()
        .select_related(
            "municipality__region",
            "municipality__country",
            "network_profile__sector",
        )
        .prefetch_related("network_profile__expertise")
        .order_by("display_name", "first_name", "pk")
    )
    page_obj = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    on_page = list(page_obj.object_list)
    if getattr(user, "is_authenticated", False):
        # Each card asks whether its photo may be shown: one look-up for the page.
        network_permissions.know_directory(user, [person.pk for person in on_page])
    params = [(name, value) for name, values in chosen.items() for value in values]
    if query:
        params.append(("q", query))
    listing = {
        "page_obj": page_obj,
        "people": on_page,
        "query": query,
        "chosen": chosen,
        "query_string": urlencode(params),
        "options": _options(user),
        "filtered": bool(chosen or query),
    }
    listing["filters"] = filter_groups(listing)
    return listing


def _options(user):
    """What each filter offers: only values some visible ambassador has (a fixed
    number of queries)."""
    people = directory_people(user)
    ids = people.values("pk")
    municipalities = (
        Municipality.objects.filter(members__in=ids)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )
    regions = (
        Region.objects.filter(municipalities__members__in=ids)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )
    countries = [
        (country.code, country.name)
        for country in Country.objects.filter(
            municipalities__members__in=ids
        ).distinct()
    ]
    sectors = [(sector.slug, sector.name) for sector in Sector.objects.all()]
    competences = [
        (c.code, f"{c.code} {c.name}") for c in Competence.objects.order_by("code")
    ]
    tags = (
        Tag.objects.filter(
            pk__in=TaggedExpertise.objects.filter(content_object__user__in=ids).values(
                "tag_id"
            )
        )
        .annotate(n=Count("network_taggedexpertise_items"))
        .order_by("-n", "name")
        .values_list("slug", "name")[:30]
    )
    return {
        "tag": list(tags),
        "country": countries,
        "region": list(regions),
        "municipality": list(municipalities),
        "sector": sectors,
        "language": list(settings.CONTENT_LANGUAGES),
        "competence": competences,
    }


def filter_groups(listing):
    """(name, label, options, chosen values) for the template."""
    return [
        (name, label, listing["options"][name], listing["chosen"].get(name, []))
        for name, label, _lookup in FILTERS
    ]
