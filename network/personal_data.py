"""The network's part of a person's data export (accounts/personal_data.py): profile,
threads and posts with their earlier versions and images, reactions, bookmarks, follows,
read marks, notifications, groups and join requests, flags filed, moderators' decisions
about them, suspensions, e-mail preferences and the history of consent."""

from accounts.personal_data import iso, not_exported, section

from .models import (
    Bookmark,
    ConsentRecord,
    Flag,
    JoinRequest,
    ModerationAction,
    Notification,
    Post,
    Profile,
    Reaction,
    ReadMark,
    Subscription,
    Suspension,
    Thread,
)


@section("profile", ["network.Profile.user"])
def profile(user):
    found = Profile.objects.filter(user=user).first()
    if found is None:
        return None
    return {
        "handle": found.handle,
        "title": found.title,
        "sector": str(found.sector) if found.sector_id else None,
        "languages": found.language_codes,
        "expertise": sorted(found.expertise.names()),
        "competences": [c.code for c in found.competences.all()],
        "bio": found.bio,
        "can_help_with": found.can_help_with,
        "contact_preference": found.contact_preference,
        "visibility": found.visibility,
        "credit_in_stories": found.credit_in_stories,
        "photo": found.photo.name or None,
    }


@section("threads", ["network.Thread.author"])
def threads(user):
    return [
        {"id": t.pk, "title": t.title, "created_on": iso(t.created_on)}
        for t in Thread.objects.filter(author=user).order_by("pk")
    ]


@section("posts", ["network.Post.author"])
def posts(user):
    return [
        {
            "id": p.pk,
            "thread": p.thread_id,
            "thread_title": p.thread.title,
            "body": p.body,
            "created_on": iso(p.created_on),
            "edited_on": iso(p.edited_on),
            "deleted": p.deleted_on is not None,
            "earlier_versions": [
                {"body": r.body, "replaced_on": iso(r.created_on)}
                for r in p.revisions.all()
            ],
            "images": [
                {
                    "file": i.image.name,
                    "url": i.get_absolute_url(),
                    "alt_text": i.alt_text,
                    "width": i.width,
                    "height": i.height,
                }
                for i in p.images.all()
            ],
        }
        for p in Post.objects.filter(author=user)
        .select_related("thread")
        .prefetch_related("revisions", "images")
        .order_by("pk")
    ]


@section("mentions", ["network.Post_mentioned.user", "network.Post.mentioned"])
def mentions(user):
    return [
        {"post": p.pk, "thread_title": p.thread.title}
        for p in Post.objects.filter(mentioned=user).select_related("thread")
    ]


@section("reactions", ["network.Reaction.user"])
def reactions(user):
    return [
        {"post": r.post_id, "kind": r.kind, "created_on": iso(r.created_on)}
        for r in Reaction.objects.filter(user=user).order_by("pk")
    ]


@section("bookmarks", ["network.Bookmark.user"])
def bookmarks(user):
    return [
        {"post": b.post_id, "created_on": iso(b.created_on)}
        for b in Bookmark.objects.filter(user=user).order_by("pk")
    ]


@section("follows", ["network.Subscription.user"])
def follows(user):
    return [
        {
            "kind": s.kind,
            "target": s.thread_id or s.category_id or s.group_id or s.tag_id,
        }
        for s in Subscription.objects.filter(user=user).order_by("pk")
    ]


@section("read_marks", ["network.ReadMark.user"])
def read_marks(user):
    return [
        {"thread": m.thread_id, "read_position": m.read_position, "on": iso(m.read_on)}
        for m in ReadMark.objects.filter(user=user).order_by("pk")
    ]


@section("notifications", ["network.Notification.recipient"])
def notifications(user):
    return [
        {
            "kind": n.kind,
            "thread": n.thread_id,
            "post": n.post_id,
            "message": n.message,
            "created_on": iso(n.created_on),
            "read_on": iso(n.read_on),
        }
        for n in Notification.objects.filter(recipient=user).order_by("pk")
    ]


@section("groups", ["network.GroupMembership.user", "network.Group.members"])
def groups(user):
    return [
        {"group": m.group.name, "role": m.role, "joined_on": iso(m.joined_on)}
        for m in user.network_memberships.select_related("group").order_by("pk")
    ]


@section("group_requests", ["network.JoinRequest.user"])
def group_requests(user):
    return [
        {
            "group": r.group.name,
            "kind": r.kind,
            "status": r.status,
            "message": r.message,
            "created_on": iso(r.created_on),
            "decided_on": iso(r.decided_on),
        }
        for r in JoinRequest.objects.filter(user=user).select_related("group")
    ]


@section("flags_filed", ["network.Flag.reporter"])
def flags_filed(user):
    return [
        {
            "post": f.post_id,
            "reason": f.reason,
            "note": f.note,
            "status": f.status,
            "created_on": iso(f.created_on),
        }
        for f in Flag.objects.filter(reporter=user).order_by("pk")
    ]


@section(
    "moderation",
    ["network.ModerationAction.target_user", "network.Suspension.user"],
)
def moderation(user):
    """Moderators' decisions about the person, and suspensions."""
    return {
        "decisions": [
            {
                "action": a.action,
                "about": a.summary,
                "reason": a.reason,
                "on": iso(a.created_on),
            }
            for a in ModerationAction.objects.filter(target_user=user)
        ],
        "suspensions": [
            {
                "reason": s.reason,
                "starts_on": iso(s.starts_on),
                "ends_on": iso(s.ends_on),
                "lifted_on": iso(s.lifted_on),
            }
            for s in Suspension.objects.filter(user=user).order_by("pk")
        ],
    }


@section(
    "email_preferences",
    ["network.NotificationPreference.user", "network.ConsentRecord.user"],
)
def email_preferences(user):
    preference = getattr(user, "network_notification_preference", None)
    return {
        "email_mode": preference.email_mode if preference else None,
        "consent_on": iso(preference.consent_on) if preference else None,
        "consent_text": preference.consent_text if preference else "",
        "consent_history": [
            {"given": c.given, "text": c.text, "via": c.via, "on": iso(c.on)}
            for c in ConsentRecord.objects.filter(user=user)
        ],
    }


for _label, _reason in {
    "network.JoinRequest.invited_by": "a group admin's invitation of someone else",
    "network.JoinRequest.decided_by": "a group admin's decision on someone else",
    "network.Thread.last_poster": "a thread's counter, derived from the posts",
    "network.Thread.solution_marked_by": "a mark on someone's thread (in its posts)",
    "network.PostRevision.edited_by": "who edited a post: its versions are exported "
    "with the author's posts",
    "network.Notification.actor": "a notification to someone else about what the "
    "person did (their posts, reactions)",
    "network.Flag.resolved_by": "a moderator's work on others' flags",
    "network.ModerationAction.moderator": "a moderator's work on others' posts",
    "network.Suspension.created_by": "a moderator's work on others",
}.items():
    not_exported(_label, _reason)
