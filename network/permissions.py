"""Who may do what in the network: the one place that decides.

Views, services and other apps ask `network_permissions` (also for the querysets of
what someone may read: `readable_threads`, `readable_posts`); templates get the handler
bound to the request's user as `net_perms` (`{% if net_perms.can_reply thread %}`).
Whether someone is an ambassador or a moderator is the accounts app's question
(`can_start_threads`, `can_moderate_network`); this module adds what only the network
knows: places, group membership, locks and suspensions.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import permissions as account_permissions

from .models import (
    GroupMembership,
    Post,
    Profile,
    Suspension,
    Thread,
    Visibility,
)


def _signed_in(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def readable_places_q(user, prefix=""):
    """Q selecting threads (or, with prefix "thread__", posts) in places `user` may
    read. Visitors: public categories and groups. Members: every category, public and
    members-only groups, and the private groups they belong to. Moderators: all."""
    p = prefix
    public = Q(**{f"{p}category__visibility": Visibility.PUBLIC}) | Q(
        **{f"{p}group__visibility": Visibility.PUBLIC}
    )
    if not _signed_in(user):
        return public
    if network_permissions.can_moderate_network(user):
        return Q()
    mine = GroupMembership.objects.filter(user=user).values("group_id")
    return (
        Q(**{f"{p}category__isnull": False})
        | Q(**{f"{p}group__visibility__in": [Visibility.PUBLIC, Visibility.MEMBERS]})
        | Q(**{f"{p}group_id__in": mine})
    )


class NetworkPermissionHandler:
    """`can_<verb>(user, obj=None)`: True when the user may do it."""

    # --- Roles (asked of accounts) ---------------------------------------------------

    def _role(self, user, name):
        """accounts' answer for a role, asked once per user object (a request's
        user: a thread page asks whether its reader moderates for every post).
        Like Django's own permission cache on the user, a role given or taken
        shows from the next request (a fresh user object) on; `forget(user,
        "_network_roles")` drops it sooner."""
        if not _signed_in(user):
            return False
        roles = getattr(user, "_network_roles", None)
        if roles is None:
            roles = user._network_roles = {}
        if name not in roles:
            roles[name] = getattr(account_permissions, name)(user)
        return roles[name]

    def can_moderate_network(self, user):
        return self._role(user, "can_moderate_network")

    def can_start_threads(self, user):
        """Ambassadors start threads (in categories); see can_start_thread_in."""
        return self._role(user, "can_start_threads")

    # --- Being able to write at all --------------------------------------------------

    def suspension_of(self, user):
        """The member's running suspension, or None (looked up once per request)."""
        if not _signed_in(user):
            return None
        if not hasattr(user, "_network_suspension"):
            user._network_suspension = (
                Suspension.objects.active()
                .filter(user=user)
                .order_by("-ends_on")
                .first()
            )
        return user._network_suspension

    def can_write(self, user):
        return _signed_in(user) and self.suspension_of(user) is None

    def write_refusal(self, user):
        suspension = self.suspension_of(user)
        if suspension is not None:
            return _(
                "You are suspended from writing in the network until %(date)s: "
                "%(reason)s"
            ) % {
                "date": timezone.localtime(suspension.ends_on).strftime("%Y-%m-%d"),
                "reason": suspension.reason,
            }
        return None

    # --- Places ----------------------------------------------------------------------

    def is_group_member(self, user, group):
        if not _signed_in(user):
            return False
        cache = getattr(user, "_network_groups", None)
        if cache is None:
            cache = dict(
                GroupMembership.objects.filter(user=user).values_list(
                    "group_id", "role"
                )
            )
            user._network_groups = cache
        return group.pk in cache

    def is_group_admin(self, user, group):
        return (
            self.is_group_member(user, group)
            and user._network_groups[group.pk] == GroupMembership.Role.ADMIN
        )

    def can_view_category(self, user, category):
        return category.visibility == Visibility.PUBLIC or _signed_in(user)

    def can_view_group(self, user, group):
        """The group's page: public to all, the others to members (a private group
        shows only its description and a "request to join" button)."""
        return group.visibility == Visibility.PUBLIC or _signed_in(user)

    def can_read_group(self, user, group):
        """The group's threads."""
        if group.visibility == Visibility.PUBLIC:
            return True
        if not _signed_in(user):
            return False
        if group.visibility == Visibility.MEMBERS:
            return True
        return self.is_group_member(user, group) or self.can_moderate_network(user)

    def can_join_group(self, user, group):
        """Join directly (public and members-only groups) or ask (private ones)."""
        return self.can_write(user) and not self.is_group_member(user, group)

    def can_manage_group(self, user, group):
        """Accept requests, invite, make admins: group admins and moderators."""
        return _signed_in(user) and (
            self.is_group_admin(user, group) or self.can_moderate_network(user)
        )

    def can_read_place(self, user, place):
        if hasattr(place, "members_can_start_threads"):
            return self.can_view_category(user, place)
        return self.can_read_group(user, place)

    def can_start_thread_in(self, user, place):
        if not self.can_write(user) or not self.can_read_place(user, place):
            return False
        if self.can_moderate_network(user):
            return True
        if hasattr(place, "members_can_start_threads"):
            return place.members_can_start_threads or self.can_start_threads(user)
        return self.is_group_member(user, place)

    # --- Threads and posts -----------------------------------------------------------

    def readable_threads(self, user, threads=None):
        """The threads (of ``threads``, else all) `user` may read: in a place they may
        read, neither hidden nor deleted nor merged away (moderators also see hidden
        ones, to undo)."""
        qs = Thread.objects.all() if threads is None else threads
        qs = qs.filter(readable_places_q(user), merged_into__isnull=True)
        if self.can_moderate_network(user):
            return qs.filter(deleted_on__isnull=True)
        return qs.filter(hidden=False, deleted_on__isnull=True)

    def readable_posts(self, user, posts=None):
        """The posts (of ``posts``, else all) `user` may read; soft-deleted ones show
        as a placeholder on the thread page, hidden ones to moderators only."""
        qs = Post.objects.all() if posts is None else posts
        qs = qs.filter(
            readable_places_q(user, "thread__"), thread__deleted_on__isnull=True
        )
        if self.can_moderate_network(user):
            return qs
        return qs.filter(hidden=False, thread__hidden=False)

    def can_read_thread(self, user, thread):
        if thread.deleted_on is not None:
            return False
        if thread.hidden and not self.can_moderate_network(user):
            return False
        return self.can_read_place(user, thread.place)

    def can_see_post_images(self, user, post):
        """A post's images go with its text: readable thread, post neither deleted
        nor hidden (not even for moderators, who see a hidden post's text to judge
        it)."""
        return (
            post.deleted_on is None
            and not post.hidden
            and self.can_read_thread(user, post.thread)
        )

    def reply_refusal(self, user, thread):
        """Why `user` may not reply to `thread` (a sentence), or None."""
        if not _signed_in(user):
            return _("Log in to reply.")
        refusal = self.write_refusal(user)
        if refusal:
            return refusal
        if thread.deleted_on is not None or thread.merged_into_id:
            return _("This thread has been deleted; replies are closed.")
        if not self.can_read_thread(user, thread):
            return _("You cannot read this thread.")
        if self.can_moderate_network(user):
            return None
        if thread.locked:
            return _("This thread is locked: no new replies.")
        if thread.hidden:
            return _("This thread is hidden by a moderator.")
        if thread.group_id and not self.is_group_member(user, thread.group):
            return _("Join the group to reply.")
        return None

    def can_reply(self, user, thread):
        return self.reply_refusal(user, thread) is None

    def can_attach_images(self, user, target):
        """Whoever may post may attach images: `target` is the thread replied to, or
        the category or group a new thread starts in."""
        if isinstance(target, Thread):
            return self.can_reply(user, target)
        return self.can_start_thread_in(user, target)

    def can_edit_post(self, user, post):
        if not self.can_write(user) or post.is_deleted:
            return False
        if self.can_moderate_network(user):
            return True
        return post.author_id == user.pk and not post.hidden and not post.thread.locked

    def can_delete_post(self, user, post):
        if not _signed_in(user) or post.is_deleted:
            return False
        return post.author_id == user.pk or self.can_moderate_network(user)

    def can_see_history(self, user, post):
        """A post's earlier versions go with the post: none once it is deleted, none
        while it is hidden (but for moderators, who judge it)."""
        if post.is_deleted or not self.can_read_thread(user, post.thread):
            return False
        return not post.hidden or self.can_moderate_network(user)

    def can_remove_revision(self, user, revision):
        """Authors may remove their own earlier versions of a post."""
        post = revision.post
        return (
            _signed_in(user)
            and post.author_id == user.pk
            and self.can_see_history(user, post)
        )

    def login_may_help(self, user, thread):
        """Whether a visitor refused `thread` may be sent to log in: only when any
        member could read it. For anything else (a private group's thread, a hidden
        or deleted one) the answer is the same 404 as for a thread that never was."""
        if _signed_in(user) or thread.hidden or thread.deleted_on is not None:
            return False
        return thread.place.visibility == Visibility.MEMBERS

    def can_mark_solution(self, user, thread):
        """The thread's author or a moderator marks a reply as the solution."""
        if not self.can_write(user) or not self.can_read_thread(user, thread):
            return False
        return thread.author_id == user.pk or self.can_moderate_network(user)

    def can_react(self, user, post):
        return (
            self.can_write(user)
            and post.author_id != user.pk
            and not post.is_deleted
            and self.can_read_thread(user, post.thread)
        )

    def can_bookmark(self, user, obj=None):
        return _signed_in(user)

    def can_watch(self, user, obj=None):
        return _signed_in(user)

    def can_flag(self, user, post):
        return (
            _signed_in(user)
            and post.author_id != user.pk
            and not post.is_deleted
            and self.can_read_thread(user, post.thread)
        )

    def can_turn_into_story(self, user, thread):
        """An ambassador who took part (asked the question or gave the solution), or a
        moderator, turns a solved thread into a case-story draft, once."""
        if not account_permissions.can_submit_content(user) or not self.can_write(user):
            return False
        if (
            not thread.solved
            or thread.story_id
            or thread.hidden
            or not self.can_read_thread(user, thread)
        ):
            return False
        # Only what anyone may read goes to the editors: a members-only or private
        # group's talk does not leave it without its authors.
        if thread.place.visibility != Visibility.PUBLIC:
            return False
        solution = thread.solution
        if solution.hidden or solution.is_deleted:
            return False
        return (
            thread.author_id == user.pk
            or thread.solution.author_id == user.pk
            or self.can_moderate_network(user)
        )

    # --- People ----------------------------------------------------------------------

    def _acquaintances(self, user):
        """Ids of the people `user` shares a group or a thread with (once per
        request)."""
        if not hasattr(user, "_network_acquaintances"):
            from .models import Post

            groups = GroupMembership.objects.filter(user=user).values("group_id")
            threads = Post.objects.filter(author=user).values("thread_id")
            user._network_acquaintances = set(
                GroupMembership.objects.filter(group_id__in=groups).values_list(
                    "user_id", flat=True
                )
            ) | set(
                Post.objects.filter(thread_id__in=threads, author__isnull=False)
                .order_by()  # else the post ordering's columns make every row distinct
                .values_list("author_id", flat=True)
                .distinct()
            )
        return user._network_acquaintances

    def know_directory(self, user, person_ids):
        """Look up at once which of `person_ids` are in the directory (a page of
        posts asks for each author)."""
        known = getattr(user, "_network_in_directory", None)
        if known is None:
            known = user._network_in_directory = {}
        wanted = set(person_ids) - set(known)
        if wanted:
            found = set(
                Profile.objects.ambassadors()
                .filter(user_id__in=wanted)
                .values_list("user_id", flat=True)
            )
            known.update({pk: pk in found for pk in wanted})
        return known

    def viewable_profiles_q(self, user):
        """can_view_profile as a filter on Profile (mention suggestions); a test
        holds the two to the same answers."""
        from .models import Post

        active = Q(user__is_active=True)
        public = Q(visibility=Profile.ProfileVisibility.PUBLIC)
        if not _signed_in(user):
            return active & public
        if self.can_moderate_network(user):
            return active
        groups = GroupMembership.objects.filter(user=user).values("group_id")
        threads = Post.objects.filter(author=user).values("thread_id")
        directory = Profile.objects.ambassadors().values("pk")
        return active & (
            public
            | Q(user_id=user.pk)
            | Q(
                user_id__in=GroupMembership.objects.filter(group_id__in=groups).values(
                    "user_id"
                )
            )
            | Q(
                user_id__in=Post.objects.filter(thread_id__in=threads).values(
                    "author_id"
                )
            )
            | Q(pk__in=directory)
        )

    def can_view_profile(self, user, profile):
        """Public profiles: anyone. Members-only ones: signed-in members, when the
        person is in the directory (an ambassador) or shares a group or a thread
        with them; moderators and the person themselves always. Inactive or erased
        people: nobody."""
        if not profile.user.is_active:
            return False
        if profile.visibility == Profile.ProfileVisibility.PUBLIC:
            return True
        if not _signed_in(user):
            return False
        person = profile.user_id
        if person == user.pk or self.can_moderate_network(user):
            return True
        if person in self._acquaintances(user):
            return True
        return self.know_directory(user, [person])[person]

    def can_see_email(self, user, profile):
        return _signed_in(user) and profile.contact_preference == Profile.Contact.EMAIL

    def can_manage_own_data(self, user):
        """Notifications, preferences, export and erasure of one's own account."""
        return _signed_in(user)


network_permissions = NetworkPermissionHandler()


def forget(user, *names):
    """Drop per-request caches on a user (request.user is a lazy proxy: its own
    __dict__ is not the user's)."""
    for name in names:
        try:
            delattr(user, name)
        except AttributeError:
            pass
