"""Everything Dela holds about a person, gathered from every app for the data export.

Each app keeps a ``personal_data.py`` (found when the accounts app is ready, as Wagtail
finds ``wagtail_hooks``) that registers the export's sections for its own models, and
says for every other foreign key to a user why it is not exported. The export is the
sections in registration order. tests/test_personal_data.py checks that every foreign
key to the user model, in every installed app, is accounted for, so a new model cannot
be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

_sections = {}
_not_exported = {}
_discovered = []


@dataclass
class Section:
    name: str
    function: object  # function(user) -> JSON-ready data
    fields: list = field(default_factory=list)  # ["app_label.Model.field", ...]


def section(name, fields):
    """Register ``function(user)`` as the export section ``name``, holding the rows
    that point at the person through ``fields`` ("app_label.Model.field")."""

    def register(function):
        if name in _sections:
            raise ValueError(f"Personal data section {name!r} registered twice.")
        _sections[name] = Section(name, function, list(fields))
        return function

    return register


def not_exported(field_label, reason):
    """Say why the foreign key ``field_label`` ("app_label.Model.field") to a user is
    not in the export: it is about other people, or holds nothing of the person."""
    _not_exported[field_label] = reason


def accounted_fields():
    """{"app_label.Model.field": section name or the reason it is not exported}."""
    autodiscover()
    accounted = dict(_not_exported)
    for entry in _sections.values():
        for label in entry.fields:
            accounted[label] = entry.name
    return accounted


def iso(value):
    return value.isoformat() if value else None


def export(user):
    """The whole export: every app's sections about ``user``."""
    autodiscover()
    data = {"exported_on": iso(timezone.now())}
    for entry in _sections.values():
        data[entry.name] = entry.function(user)
    return data


def autodiscover():
    """Import every app's personal_data module, once."""
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered.append(True)


# --- The account itself ---------------------------------------------------------------


@section(
    "account",
    [
        "accounts.User_groups.user",
        "accounts.User_user_permissions.user",
    ],
)
def _account(user):
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "municipality": str(user.municipality) if user.municipality_id else None,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "administrator": user.is_superuser,
    }


@section("email_addresses", ["account.EmailAddress.user"])
def _email_addresses(user):
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("pk")
    ]


@section("single_sign_on", ["socialaccount.SocialAccount.user"])
def _single_sign_on(user):
    from allauth.socialaccount.models import SocialAccount

    return [
        {
            "provider": a.provider,
            "uid": a.uid,
            "last_login": iso(a.last_login),
            "date_joined": iso(a.date_joined),
        }
        for a in SocialAccount.objects.filter(user=user).order_by("pk")
    ]


@section("ambassador_requests", ["accounts.AmbassadorRequest.user"])
def _ambassador_requests(user):
    from .models import AmbassadorRequest

    return [
        {
            "municipality": str(r.municipality),
            "motivation": r.motivation,
            "status": r.status,
            "created_on": iso(getattr(r, "created_on", None)),
        }
        for r in AmbassadorRequest.objects.filter(user=user).select_related(
            "municipality"
        )
    ]


not_exported(
    "accounts.AmbassadorRequest.decided_by",
    "an editor's decision on someone else's request",
)


# --- Wagtail, allauth and Django's own models -----------------------------------------


@section(
    "pages",
    [
        "wagtailcore.Page.owner",
        "wagtailcore.Revision.user",
        "wagtailcore.WorkflowState.requested_by",
    ],
)
def _pages(user):
    """Pages the person created (their stories and films among them), the versions
    they saved and the reviews they asked for."""
    from wagtail.models import Page, Revision, WorkflowState

    return {
        "owned": [
            {
                "title": p.title,
                "type": str(p.specific_class._meta.verbose_name)
                if p.specific_class
                else "",
                "url": p.url_path,
                "live": p.live,
                "first_published": iso(p.first_published_at),
            }
            for p in Page.objects.filter(owner=user).order_by("pk")
        ],
        "versions_saved": [
            {"object": r.object_str, "created_at": iso(r.created_at)}
            for r in Revision.objects.filter(user=user).order_by("pk")
        ],
        "reviews_requested": [
            {"page": str(w.content_object), "status": w.status}
            for w in WorkflowState.objects.filter(requested_by=user).order_by("pk")
        ],
    }


@section(
    "files_uploaded",
    ["wagtailimages.Image.uploaded_by_user", "wagtaildocs.Document.uploaded_by_user"],
)
def _files(user):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return {
        "images": [
            {"title": i.title, "file": i.file.name, "created_at": iso(i.created_at)}
            for i in get_image_model().objects.filter(uploaded_by_user=user)
        ],
        "documents": [
            {"title": d.title, "file": d.file.name, "created_at": iso(d.created_at)}
            for d in get_document_model().objects.filter(uploaded_by_user=user)
        ],
    }


@section(
    "admin",
    [
        "wagtailusers.UserProfile.user",
        "wagtailcore.Comment.user",
        "wagtailcore.CommentReply.user",
        "wagtailcore.PageSubscription.user",
        "wagtailcore.PageLogEntry.user",
        "wagtailcore.ModelLogEntry.user",
        "admin.LogEntry.user",
    ],
)
def _admin(user):
    """What an editor leaves in the admin: preferences, comments, the action log."""
    from django.contrib.admin.models import LogEntry
    from wagtail.models import (
        Comment,
        CommentReply,
        ModelLogEntry,
        PageLogEntry,
        PageSubscription,
    )
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=user).first()
    return {
        "preferences": {
            "language": profile.preferred_language,
            "time_zone": profile.current_time_zone,
        }
        if profile
        else None,
        "comments": [
            {"text": c.text, "created_at": iso(c.created_at)}
            for c in Comment.objects.filter(user=user).order_by("pk")
        ]
        + [
            {"text": r.text, "created_at": iso(r.created_at)}
            for r in CommentReply.objects.filter(user=user).order_by("pk")
        ],
        "page_subscriptions": [
            {"page": str(s.page), "comment_notifications": s.comment_notifications}
            for s in PageSubscription.objects.filter(user=user).order_by("pk")
        ],
        "actions": [
            {"action": e.action, "label": e.label, "timestamp": iso(e.timestamp)}
            for model in (PageLogEntry, ModelLogEntry)
            for e in model.objects.filter(user=user).order_by("pk")
        ]
        + [
            {
                "action": e.get_change_message(),
                "label": e.object_repr,
                "timestamp": iso(e.action_time),
            }
            for e in LogEntry.objects.filter(user=user).order_by("pk")
        ],
    }


not_exported("wagtailcore.Page.locked_by", "an editor's lock while editing a page")
not_exported(
    "wagtailcore.TaskState.finished_by", "an editor's review decision on others' pages"
)
not_exported(
    "wagtailcore.Comment.resolved_by", "an editor closing someone else's comment"
)
not_exported(
    "wagtailadmin.EditingSession.user",
    "the admin's note that an editor has a page open, kept for minutes",
)
not_exported(
    "wagtailadmin.FormState.user", "the admin's unsaved form state, kept for minutes"
)
not_exported("wagtailcore.APIToken.user", "a credential: never exported")
not_exported(
    "wagtailcore.UploadedFile.uploaded_by_user",
    "a file between its upload and its becoming an image or document",
)
not_exported(
    "wagtailmedia.Media.uploaded_by_user",
    "wagtailmedia's own model, unused: Dela's videos are dela_media.Video",
)
