"""People: the directory, profiles and their photos, one's own profile, data and
erasure."""

import json
from datetime import timedelta

from allauth.account import app_settings as allauth_settings
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from .. import privacy, services
from ..forms import (
    EraseForm,
    ProfileForm,
    photo_files,
)
from ..models import (
    Profile,
)
from ..permissions import network_permissions as perms
from .base import (
    _checked_file,
    _login,
    _render,
)

# --- Profiles and the directory ------------------------------------------------------


def _profile_stats(profile):
    from stories.services import published_story_count

    return {"stories": published_story_count(profile.user_id)}


@require_GET
def directory(request):
    from ..directory import directory_listing

    listing = directory_listing(request)
    return _render(request, "network/directory.html", listing)


@require_GET
def profile(request, user_pk):
    profile = (
        Profile.objects.for_listing()
        .filter(user_id=user_pk, user__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    if not perms.can_view_profile(request.user, profile):
        raise Http404  # whether the person is a member is not the reader's business
    threads = (
        perms.readable_threads(request.user).filter(author_id=user_pk).for_list()[:10]
    )
    return _render(
        request,
        "network/profile.html",
        {
            "profile": profile,
            "member": profile.user,
            "threads": threads,
            "stats": _profile_stats(profile),
            "can_see_email": perms.can_see_email(request.user, profile),
        },
    )


@require_safe
def profile_photo(request, user_pk, kind):
    """A profile's photo or thumbnail, for those who may see the profile (the file
    lives under MEDIA_ROOT/private/, which /media/ never serves)."""
    if kind not in ("photo", "thumb"):
        raise Http404
    profile = (
        Profile.objects.select_related("user")
        .filter(user_id=user_pk, user__is_active=True)
        .first()
    )
    if profile is None or not perms.can_view_profile(request.user, profile):
        raise Http404
    field = profile.photo if kind == "photo" else profile.photo_thumbnail
    if not field:
        raise Http404
    return _checked_file(field, "image/jpeg")


@never_cache
@login_required
def profile_edit(request):
    profile = services.profile_of(request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("photo")
        new_photo = bool(upload) and "photo" in form.changed_data
        stem = f"member-{profile.user_id}"
        services.save_profile(
            form.save(commit=False),
            photo=photo_files(upload, stem) if new_photo else None,
            remove_photo=form.cleaned_data.get("remove_photo", False),
            save_related=form.save_m2m,
        )
        messages.success(request, _("Your profile is saved."))
        return redirect(profile)
    return _render(
        request,
        "network/profile_edit.html",
        {"form": form, "profile": profile},
        status=400 if form.errors else 200,
    )


# --- One's own data ------------------------------------------------------------------


@require_GET
@login_required
def my_data(request):
    data = privacy.export_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="dela-my-data.json"'
    add_never_cache_headers(response)
    return response


@login_required
def erase(request):
    """Erase the account, after the person proves it is them: their password again
    (allauth's reauthentication, valid for a few minutes), or for an account that
    signs in through its municipality only, a login of the last few minutes."""
    if request.user.has_usable_password():
        return _erase_after_password(request)
    timeout = timedelta(seconds=allauth_settings.REAUTHENTICATION_TIMEOUT)
    last_login = request.user.last_login
    if last_login is None or timezone.now() - last_login > timeout:
        logout(request)
        messages.info(
            request,
            _("Log in again to confirm that it is you, then erase your account."),
        )
        return _login(request)
    return _erase(request)


@never_cache
def _erase(request):
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            privacy.erase_account(
                user, remove_posts=form.cleaned_data["posts"] == "remove"
            )
        except ProtectedError:
            # Something elsewhere on Dela still needs this account; nothing changed.
            form.add_error(
                None,
                _(
                    "Your account is still needed by other content on Dela. Please "
                    "write to the site's administrators, who will erase it for you."
                ),
            )
        else:
            logout(request)
            messages.success(request, _("Your account and personal data are erased."))
            return redirect("/")
    return _render(
        request,
        "network/erase.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# The password again before anything is erased: allauth's reauthentication page, which
# brings the person back here.
_erase_after_password = reauthentication_required(_erase)
