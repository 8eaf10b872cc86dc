"""The ambassador directory (/ambassadors/): "who in Halland knows welfare technology?"

Filters are the site's facet parameters, read by `search.facets` as on every listing
and the search API (so the same values are accepted or reported alike): `tag`
(expertise), `municipality`, `region` (slugs), `country` (ISO code), `sector` (slug),
`language`, `competence` (DigComp code), plus `q` for a name. Values of one filter
combine with OR, filters with AND. The facets people do not have (`type`,
`target_group`, `year`) are checked but choose nobody out. Visitors see public profiles
only; members see all.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts.roles import in_directory_q
from search.facets import facet_label, parse_facets
from search.query import typed_text
from taxonomy.models import Competence, Country, Municipality, Region, Sector

from .models import Profile, TaggedExpertise
from .permissions import network_permissions

PER_PAGE = 24

# (facet parameter, ORM path of its value on a user) of the facets people have.
FILTERS = [
    ("tag", "network_profile__expertise__slug"),
    ("country", "municipality__country__code"),
    ("region", "municipality__region__slug"),
    ("municipality", "municipality__slug"),
    ("sector", "network_profile__sector__slug"),
    ("language", None),
    ("competence", "network_profile__competences__code"),
]
# A person's tags are their expertise: the directory says so.
LABELS = {"tag": _("Expertise")}


def directory_people(user):
    """Everyone who appears in the directory and whom `user` may see."""
    people = get_user_model().objects.filter(in_directory_q())
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        people = people.filter(
            network_profile__visibility=Profile.ProfileVisibility.PUBLIC
        )
    return people


def directory_listing(request):
    user = request.user
    selection, errors = parse_facets(request.GET)
    chosen = {
        name: selection.values(name)
        for name, _lookup in FILTERS
        if selection.values(name)
    }
    people = directory_people(user)
    for name, lookup in FILTERS:
        values = chosen.get(name)
        if not values:
            continue
        if name == "language":
            condition = Q()
            for code in values:
                condition |= Q(network_profile__languages__contains=f",{code},")
            people = people.filter(condition)
        else:
            people = people.filter(**{f"{lookup}__in": values})
    query = typed_text(request.GET.get("q"), 100)
    if query:
        people = people.filter(
            people.model.name_q(query) | Q(network_profile__title__icontains=query)
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
        "errors": errors,
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
        "language": list(settings.DELA_CONTENT_LANGUAGES),
        "competence": competences,
    }


def filter_groups(listing):
    """(name, label, options, chosen values) for the template."""
    return [
        (
            name,
            LABELS.get(name) or facet_label(name),
            listing["options"][name],
            listing["chosen"].get(name, []),
        )
        for name, _lookup in FILTERS
    ]
