"""Test data made the way the site makes it (factory_boy, as in django-machina)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory
from wagtail.images import get_image_model
from wagtail.models import Collection

from taxonomy.models import Country, Municipality, MunicipalityEmailDomain, Region

PASSWORD = "a-long-test-password-7319"


class CountryFactory(DjangoModelFactory):
    """Countries come with the reference data (taxonomy migration 0002): reuse them."""

    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "SE"
    name_sv = factory.LazyAttribute(lambda country: country.code)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("country", "name")

    name = factory.Sequence(lambda n: f"Region {n}")
    country = factory.SubFactory(CountryFactory)


class MunicipalityFactory(DjangoModelFactory):
    """A municipality; `domain="halmstad.se"` also registers its e-mail domain."""

    class Meta:
        model = Municipality
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kommun {n}")
    official_code = factory.Sequence(lambda n: f"{9000 + n}")
    country = factory.SubFactory(CountryFactory)
    region = factory.SubFactory(
        RegionFactory, country=factory.SelfAttribute("..country")
    )

    @factory.post_generation
    def domain(municipality, create, extracted, **kwargs):
        if create and extracted:
            MunicipalityEmailDomainFactory(municipality=municipality, domain=extracted)


class MunicipalityEmailDomainFactory(DjangoModelFactory):
    class Meta:
        model = MunicipalityEmailDomain

    municipality = factory.SubFactory(MunicipalityFactory)
    domain = factory.Sequence(lambda n: f"kommun{n}.se")


class UserFactory(DjangoModelFactory):
    """A signed-up member with a verified primary address and the password PASSWORD.

    The role (group membership) is not given here: use `accounts.roles.grant_role`.
    """

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda user: user.email)
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and user.email:
            EmailAddress.objects.update_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )


class ImageFactory(DjangoModelFactory):
    """A real picture in Wagtail's image library (renditions are encoded for real),
    in the root collection. Size and format: ``ImageFactory(file__width=1600,
    file__height=900, file__format="JPEG")``."""

    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Bild {n}")
    file = factory.django.ImageField(
        filename="bild.png", width=60, height=40, color="steelblue", format="PNG"
    )
    collection = factory.LazyFunction(Collection.get_first_root_node)
