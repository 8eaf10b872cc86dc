"""Demo people for `manage.py load_demo`: one login per role, fictional ambassadors
across the three countries, and members waiting for an editor's decision, read from
`demo_data/people.json`.

Everyone here is invented and lives on the reserved `.example` domain, so no real person
is named and no e-mail ever leaves for a real inbox. Roles go through `grant_role`, as
on the live site, so the demo shows exactly what the role groups allow.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from taxonomy.models import Municipality

from .models import AmbassadorRequest, User
from .roles import GROUP_NAMES, Role, grant_role, has_role
from .services import request_ambassador_status

DEMO_PASSWORD = "dela-demo-2026"

LANGUAGE_BY_COUNTRY = {"SE": "sv", "NO": "nb", "DK": "da"}


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    # (country code, official municipality code), or None for programme staff.
    municipality: tuple[str, str] | None
    language: str = ""

    @property
    def display_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def interface_language(self):
        if self.language:
            return self.language
        if self.municipality:
            return LANGUAGE_BY_COUNTRY[self.municipality[0]]
        return "sv"


def _person(data):
    place = data.get("municipality")
    return DemoPerson(
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        municipality=(place["country"], place["code"]) if place else None,
        language=data.get("language", ""),
    )


# The people, one object each, in demo_data/people.json (edit them there).
DATA = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "people.json").read_text("utf-8")
)
# The five logins printed by load_demo, with the roles each one holds (a moderator is
# a trusted ambassador; the administrator role is the superuser flag, set below).
ROLE_LOGINS = [
    (Role(item["role"]), _person(item), {Role(role) for role in item["roles"]})
    for item in DATA["role_logins"]
]
AMBASSADORS = [_person(item) for item in DATA["ambassadors"]]
# Members who asked to become ambassadors: something for an editor to decide.
REQUESTS = [(_person(item), item["motivation"]) for item in DATA["ambassador_requests"]]


def load(stdout, style):
    """Create or refresh the demo people, their verified addresses and roles."""
    # One hash for everyone: hashing is deliberately slow, and the demo password is
    # public anyway.
    password_hash = make_password(DEMO_PASSWORD)

    for role, person, roles in ROLE_LOGINS:
        # Reset on every run so the printed logins always work.
        user = _ensure_user(person, password_hash, reset_password=True)
        is_admin = role == Role.ADMIN
        if (user.is_superuser, user.is_staff) != (is_admin, is_admin):
            user.is_superuser = user.is_staff = is_admin
            user.save(update_fields=["is_superuser", "is_staff"])
        _set_exact_roles(user, roles)

    for person in AMBASSADORS:
        user = _ensure_user(person, password_hash)
        grant_role(user, Role.MEMBER)
        grant_role(user, Role.AMBASSADOR)

    filed = 0
    for person, motivation in REQUESTS:
        user = _ensure_user(person, password_hash)
        grant_role(user, Role.MEMBER)
        # Once an editor has decided (or the member became an ambassador some other
        # way) the demo leaves it at that rather than asking again.
        if has_role(user, Role.AMBASSADOR) or user.ambassador_requests.exists():
            continue
        request_ambassador_status(user, user.municipality, motivation)
        filed += 1

    pending = AmbassadorRequest.objects.pending().filter(
        user__email__in=[person.email for person, _motivation in REQUESTS]
    )
    stdout.write(
        f"  {len(ROLE_LOGINS)} role logins, {len(AMBASSADORS)} ambassadors, "
        f"{len(REQUESTS)} members; {pending.count()} pending ambassador requests "
        f"({filed} new)"
    )


def logins():
    """The logins load_demo prints: (role, e-mail, password), one per role."""
    return [
        (role.value, person.email, DEMO_PASSWORD) for role, person, _ in ROLE_LOGINS
    ]


def _ensure_user(person, password_hash, reset_password=False):
    """The demo person's user, created or brought up to date, with a verified address.

    Found by e-mail address (any case), so a user an earlier demo created is reused.
    The password is only set on creation unless asked, so a changed one survives.
    """
    address = (
        EmailAddress.objects.filter(email__iexact=person.email)
        .select_related("user")
        .order_by("-verified", "pk")  # the verified owner, if there is one
        .first()
    )
    user = (
        (address.user if address else None)
        or User.objects.filter(email__iexact=person.email).first()
        # A user whose username is the demo address is an earlier demo's, even if
        # its e-mail field was changed since.
        or User.objects.filter(username__iexact=person.email).first()
    )
    created = user is None
    if created:
        user = User(username=person.email)
    municipality = None
    if person.municipality:
        country, code = person.municipality
        municipality = Municipality.objects.get(
            country__code=country, official_code=code
        )
    user.email = person.email
    user.first_name = person.first_name
    user.last_name = person.last_name
    user.display_name = person.display_name
    user.municipality = municipality
    user.language = person.interface_language
    user.is_active = True
    if created or reset_password:
        user.password = password_hash
    user.save()
    _ensure_verified_primary_address(user, person.email)
    return user


def _ensure_verified_primary_address(user, email):
    """Login needs a verified address (ACCOUNT_EMAIL_VERIFICATION is mandatory)."""
    EmailAddress.objects.filter(user=user, primary=True).exclude(
        email__iexact=email
    ).update(primary=False)
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    elif (address.email, address.verified, address.primary) != (email, True, True):
        address.email = email
        address.verified = address.primary = True
        address.save()


def _set_exact_roles(user, roles):
    """Give a role login exactly its roles, taking away any an earlier run gave it."""
    unwanted = [name for role, name in GROUP_NAMES.items() if role not in roles]
    user.groups.remove(*Group.objects.filter(name__in=unwanted))
    for role in sorted(roles):
        grant_role(user, role)
