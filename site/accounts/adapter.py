"""allauth adapters: new members get the interface language they signed up in, and
the links allauth e-mails point at the site's one public address (BASE_URL), not at
whatever host a request came in on."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, ngettext


def _interface_language():
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _on_base_url(url):
    """The path (and query) of ``url`` on BASE_URL."""
    from home.site_address import absolute

    parts = urlsplit(url)
    return absolute(parts.path + (f"?{parts.query}" if parts.query else ""))


class AccountAdapter(DefaultAccountAdapter):
    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            minutes = settings.DELA_LOGIN_LOCK_MINUTES
            return ValidationError(
                ngettext(
                    "Too many failed login attempts. Wait %(minutes)d minute, "
                    "then try again.",
                    "Too many failed login attempts. Wait %(minutes)d minutes, "
                    "then try again.",
                    minutes,
                )
                % {"minutes": minutes},
                code=code,
            )
        return super().validation_error(code, *args)

    def save_user(self, request, user, form, commit=True):
        user.language = _interface_language()
        return super().save_user(request, user, form, commit=commit)

    def get_reset_password_from_key_url(self, key):
        return _on_base_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_base_url(
            super().get_email_confirmation_url(request, emailconfirmation)
        )


def vouched_domains(app_settings):
    """The e-mail domains a single sign-on provider may vouch for: those configured
    for it and those registered for its municipality (OIDC_PROVIDERS)."""
    from taxonomy.models import Municipality

    domains = {domain.lower() for domain in app_settings.get("dela_domains", [])}
    slug = app_settings.get("dela_municipality")
    if slug:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is not None:
            domains |= {row.domain.lower() for row in municipality.email_domains.all()}
    return domains


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        sociallogin.user.language = _interface_language()
        return super().save_user(request, sociallogin, form=form)

    def pre_social_login(self, request, sociallogin):
        """A provider vouches only for addresses on its own domains: any other
        address it calls verified is confirmed by e-mail like a sign-up's, so a
        municipality's login cannot make anyone an ambassador of another one."""
        super().pre_social_login(request, sociallogin)
        provider = sociallogin.account.get_provider(request)
        domains = vouched_domains(provider.app.settings or {})
        for address in sociallogin.email_addresses:
            domain = address.email.rpartition("@")[2].strip().lower()
            if address.verified and domain not in domains:
                address.verified = False


def user_display(user):
    """How allauth names a member on its pages ("You are logged in as …")."""
    return user.public_name
