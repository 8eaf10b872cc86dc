"""Editors see who has registered for each event in the Wagtail admin (read-only;
members register and cancel themselves from the event page)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.roles import Role, role_group
from dela.spreadsheets import SafeExportIndexView

from .models import EventPage, Registration
from .permissions import permissions


class RegistrationPermissionPolicy(BasePermissionPolicy):
    """Registrations are viewed (and exported) by those permissions.py allows; nobody
    adds, edits or deletes them in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can_see_all_registrations(user)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if "view" not in actions:
            return User.objects.none()
        return (
            User.objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups=role_group(Role.EDITOR)))
            .distinct()
        )


# Registered before the viewset below, so Wagtail uses it rather than a default one.
register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))


class RegistrationViewSet(ModelViewSet):
    model = Registration
    index_view_class = SafeExportIndexView
    icon = "group"
    menu_label = _("Event registrations")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "event",
        Column("member", label=_("Member"), accessor="user.public_name"),
        Column("email", label=_("E-mail"), accessor="user.email"),
        "status",
        "position",
        "created_at",
    ]
    list_filter = ["event", "status"]
    # Readable values: the status as the admin shows it, not its stored code.
    list_export = [
        "event",
        "user.public_name",
        "user.email",
        "get_status_display",
        "position",
        "created_at",
    ]
    export_headings = {
        "event": _("Event"),
        "user.public_name": _("Member"),
        "user.email": _("E-mail"),
        "get_status_display": _("Status"),
        "position": _("Order of arrival"),
        "created_at": _("Registered on"),
    }
    export_filename = "registrations"
    search_fields = ["user__email", "user__display_name", "event__title"]
    search_backend_name = None
    form_fields = ["status"]

    def get_queryset(self, request):
        return Registration.objects.select_related("event", "user").order_by(
            "event__starts_at", "position"
        )


registration_viewset = RegistrationViewSet("event_registrations")


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return registration_viewset


@hooks.register("register_page_listing_more_buttons")
def registrations_button(page, user, next_url=None):
    if issubclass(page.specific_class or type(page), EventPage) and (
        permissions.can_see_all_registrations(user)
    ):
        yield ListingButton(
            _("Registrations"),
            reverse(registration_viewset.get_url_name("index")) + f"?event={page.pk}",
            priority=60,
        )
