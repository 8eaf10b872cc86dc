"""The network's data: people's profiles, where conversations happen (categories and
groups), the conversations themselves (threads and posts), what members do with them
(reactions, bookmarks, follows, read marks), what reaches them (notifications) and the
care of the community (flags, moderation log, suspensions).

Counters a list page needs are kept on the row (django-machina keeps `posts_count` and
`last_post_on` on its topic): lists never aggregate per row.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from accounts.roles import in_directory_q
from dela.text import nordic_slug
from search.signals import IndexedQuerySet

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone may read")
    MEMBERS = "members", _("Members only")
    PRIVATE = "private", _("Private: group members only")


class CountedQuerySet(IndexedQuerySet):
    """An indexed queryset whose rows keep counters (and last-activity stamps) for
    list pages. A bulk ``update()`` re-indexes the changed rows and every document
    that watches them (a category's or group's threads, a post's thread): right for
    visibility, far too much for a counter that no search document shows. Counters
    go through ``update_counters``, which writes them without re-indexing."""

    # The fields update_counters may write; anything else goes through update().
    counters = frozenset()

    def _only_counters(self, fields):
        searched = set(fields) - self.counters
        if searched:
            raise ValueError(f"not counters of {self.model.__name__}: {searched}")

    def update_counters(self, **values):
        """Write counters only (no search document reads them); the fields are
        checked against ``counters`` so that no searched field slips through."""
        self._only_counters(values)
        return models.QuerySet.update(self, **values)

    update_counters.alters_data = True

    def bulk_update_counters(self, objects, fields, batch_size=None):
        """``bulk_update`` of counters only, checked as update_counters is."""
        self._only_counters(fields)
        return models.QuerySet.bulk_update(self, objects, fields, batch_size)

    bulk_update_counters.alters_data = True


# --- People -------------------------------------------------------------------------


class TaggedExpertise(TaggedItemBase):
    content_object = models.ForeignKey(
        "Profile", on_delete=models.CASCADE, related_name="tagged_expertise"
    )


class ProfileQuerySet(CountedQuerySet):
    counters = frozenset({"threads_count", "posts_count", "solutions_count"})

    def visible_to(self, user):
        """Profiles in the directory that `user` may see: public ones for visitors,
        members-only ones too for signed-in members. Erased or inactive people never."""
        qs = self.filter(user__is_active=True)
        if getattr(user, "is_authenticated", False) and user.is_active:
            return qs
        return qs.filter(visibility=Profile.ProfileVisibility.PUBLIC)

    def ambassadors(self):
        """Members whose role lets them appear in the directory (accounts.roles)."""
        return self.filter(in_directory_q("user"))

    def for_listing(self):
        return self.select_related(
            "user__municipality__region", "user__municipality__country", "sector"
        ).prefetch_related("expertise", "competences")


def _photo_path(instance, filename):
    return f"{settings.DELA_PRIVATE_MEDIA_PREFIX}network/photos/{uuid.uuid4().hex}.jpg"


def _thumbnail_path(instance, filename):
    name = f"network/photos/thumbs/{uuid.uuid4().hex}.jpg"
    return f"{settings.DELA_PRIVATE_MEDIA_PREFIX}{name}"


class Profile(models.Model):
    """What a member tells the network about themselves (the directory's card)."""

    class ProfileVisibility(models.TextChoices):
        MEMBERS = "members", _("Members only")
        PUBLIC = "public", _("Public")

    class Contact(models.TextChoices):
        FORUM = "forum", _("Mention me in the network")
        EMAIL = "email", _("Show my e-mail address to members")
        NONE = "none", _("Please do not contact me")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_profile",
        verbose_name=_("member"),
    )
    # The name used in @mentions: lower-case letters, digits, dots and dashes.
    handle = models.SlugField(_("handle"), max_length=40, unique=True)
    # Under the private prefix: served only by the profile_photo view, which asks
    # whether the reader may see the profile (a members-only profile's photo is not
    # for visitors, whatever its address).
    photo = models.ImageField(
        _("photo"), upload_to=_photo_path, blank=True, max_length=255
    )
    photo_thumbnail = models.ImageField(
        _("thumbnail"), upload_to=_thumbnail_path, blank=True, max_length=255
    )
    title = models.CharField(_("role or title"), max_length=120, blank=True)
    sector = models.ForeignKey(
        "taxonomy.Sector",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    # Language codes between commas (",sv,nb,"), so "speaks Danish" is one portable
    # `contains` filter on SQLite and PostgreSQL alike.
    languages = models.CharField(_("languages spoken"), max_length=60, blank=True)
    expertise = TaggableManager(
        through=TaggedExpertise,
        blank=True,
        verbose_name=_("expertise"),
        help_text=_("What you know well, e.g. welfare technology, e-services."),
    )
    competences = models.ManyToManyField(
        "taxonomy.Competence",
        blank=True,
        related_name="+",
        verbose_name=_("digital competences"),
    )
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    can_help_with = models.TextField(_("I can help with"), max_length=1000, blank=True)
    contact_preference = models.CharField(
        _("how to reach me"),
        max_length=10,
        choices=Contact.choices,
        default=Contact.FORUM,
    )
    visibility = models.CharField(
        _("who may see my profile"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
    )
    credit_in_stories = models.BooleanField(
        _("credit me by name in stories made from threads I took part in"),
        default=True,
    )
    # Counters for the profile card and the directory (kept on the row).
    threads_count = models.PositiveIntegerField(default=0, editable=False)
    posts_count = models.PositiveIntegerField(default=0, editable=False)
    solutions_count = models.PositiveIntegerField(default=0, editable=False)
    updated_on = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("network:profile", args=[self.user_id])

    def photo_url(self, kind="photo"):
        """The permission-checked address of the photo or its thumbnail ("" when
        there is none); the file's name in it changes when the photo does."""
        field = self.photo if kind == "photo" else self.photo_thumbnail
        if not field:
            return ""
        version = field.name.rsplit("/", 1)[-1].split(".")[0][:8]
        return reverse("network:profile_photo", args=[self.user_id, kind]) + (
            f"?v={version}"
        )

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    def set_languages(self, codes):
        self.languages = "," + ",".join(codes) + "," if codes else ""


# --- Where conversations happen -----------------------------------------------------


class CategoryQuerySet(CountedQuerySet):
    counters = frozenset({"threads_count", "posts_count", "last_post_on"})

    def visible_to(self, user):
        if getattr(user, "is_authenticated", False) and user.is_active:
            return self
        return self.filter(visibility=Visibility.PUBLIC)


class Category(models.Model):
    """A thematic room (welfare technology, digital inclusion…), public or for
    members. Ambassadors start threads; members reply (unless opened to all)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=[c for c in Visibility.choices if c[0] != Visibility.PRIVATE],
        default=Visibility.PUBLIC,
    )
    members_can_start_threads = models.BooleanField(
        _("members may start threads"), default=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    threads_count = models.PositiveIntegerField(default=0, editable=False)
    posts_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_on = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:category", args=[self.slug])


class GroupQuerySet(CountedQuerySet):
    counters = frozenset(
        {"members_count", "threads_count", "posts_count", "last_post_on"}
    )

    def visible_to(self, user):
        """Groups whose page `user` may open: private groups show their page (to ask
        to join) to members, but not their threads."""
        if getattr(user, "is_authenticated", False) and user.is_active:
            return self
        return self.filter(visibility=Visibility.PUBLIC)


class Group(models.Model):
    """A regional or project network (Digga Halland): public, members-only or private,
    run by its group admins who accept requests and invite people."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    region = models.ForeignKey(
        "taxonomy.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupMembership",
        related_name="network_groups",
        blank=True,
    )
    created_on = models.DateTimeField(default=timezone.now, editable=False)
    members_count = models.PositiveIntegerField(default=0, editable=False)
    threads_count = models.PositiveIntegerField(default=0, editable=False)
    posts_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_on = models.DateTimeField(null=True, blank=True, editable=False)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:group", args=[self.slug])


class GroupMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Group admin")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.MEMBER
    )
    joined_on = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], name="network_one_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.group}"


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)


class JoinRequest(models.Model):
    """A member asking to join a group, or a group admin inviting a member."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Request to join")
        INVITE = "invite", _("Invitation")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_join_requests",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REQUEST)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_on = models.DateTimeField(default=timezone.now)
    decided_on = models.DateTimeField(null=True, blank=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="network_one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.group} ({self.status})"


# --- Conversations ------------------------------------------------------------------


class TaggedThread(TaggedItemBase):
    content_object = models.ForeignKey(
        "Thread", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ThreadQuerySet(CountedQuerySet):
    # A thread's document shows its last activity (its date), which changes only
    # with a post: the post's own save re-indexes the thread after the commit.
    counters = frozenset({"posts_count", "last_post_on", "last_poster"})

    def for_list(self):
        """What a thread list shows, in one query: pinned first, then last activity."""
        return self.select_related(
            "author", "last_poster", "category", "group"
        ).order_by("-pinned", "-last_post_on", "-pk")


class Thread(models.Model):
    """A question or conversation in one category or one group."""

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=90, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("category"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("group"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_threads",
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.DELA_CONTENT_LANGUAGES,
        default="sv",
    )
    tags = TaggableManager(through=TaggedThread, blank=True, verbose_name=_("tags"))
    created_on = models.DateTimeField(default=timezone.now, db_index=True)
    # Counters and the last activity, kept on the row for list pages.
    posts_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_on = models.DateTimeField(null=True, blank=True, db_index=True)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    solution = models.OneToOneField(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solution_of",
    )
    solution_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    deleted_on = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    story = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The case-story draft made from this thread.",
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-last_post_on", "-pk"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(category__isnull=False, group__isnull=True)
                    | Q(category__isnull=True, group__isnull=False)
                ),
                name="network_thread_in_category_or_group",
            )
        ]
        indexes = [models.Index(fields=["category", "-pinned", "-last_post_on"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = nordic_slug(self.title, fallback="thread")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network:thread", args=[self.pk, self.slug or "thread"])

    @property
    def place(self):
        return self.category or self.group

    @property
    def solved(self):
        return self.solution_id is not None

    @property
    def replies_count(self):
        return max(self.posts_count - 1, 0)


class PostQuerySet(CountedQuerySet):
    counters = frozenset({"likes_count", "thanks_count", "helpful_count"})

    def for_thread_page(self):
        """Everything a thread page shows per post, in a fixed number of queries."""
        return (
            self.select_related(
                "author__network_profile",
                "author__municipality",
            )
            .prefetch_related("images")
            .order_by("position", "pk")
        )


class Post(models.Model):
    """One message: Markdown as written, and the sanitised HTML shown."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_posts",
    )
    position = models.PositiveIntegerField(default=0)
    body = models.TextField(_("message"))
    html = models.TextField(editable=False)
    created_on = models.DateTimeField(default=timezone.now, db_index=True)
    edited_on = models.DateTimeField(null=True, blank=True)
    edits_count = models.PositiveIntegerField(default=0, editable=False)
    deleted_on = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    # A form's one-time key: the same form sent twice makes one post.
    submission_key = models.CharField(max_length=40, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    likes_count = models.PositiveIntegerField(default=0, editable=False)
    thanks_count = models.PositiveIntegerField(default=0, editable=False)
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=~Q(submission_key=""),
                name="network_post_submitted_once",
            )
        ]
        indexes = [models.Index(fields=["thread", "position"])]

    def __str__(self):
        return f"{self.thread} #{self.position}"

    def get_absolute_url(self):
        return reverse("network:post", args=[self.pk])

    @property
    def is_deleted(self):
        return self.deleted_on is not None

    @property
    def page_number(self):
        return max(self.position - 1, 0) // POSTS_PER_PAGE + 1


def _post_image_path(instance, filename):
    # Under the private prefix: never served from MEDIA_URL, only by the post_image
    # view, which asks whether the reader may see the post.
    ext = filename.rpartition(".")[2]
    now = timezone.now()
    return (
        f"{settings.DELA_PRIVATE_MEDIA_PREFIX}network/posts/{now:%Y/%m}/"
        f"{uuid.uuid4().hex}.{ext.lower() or 'jpg'}"
    )


class PostImage(models.Model):
    """An image attached to a post: resized, without metadata, with its alt text."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=_post_image_path, max_length=255)
    alt_text = models.CharField(_("description (alt text)"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("post image")
        verbose_name_plural = _("post images")

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse("network:post_image", args=[self.post_id, self.pk])


class PostRevision(models.Model):
    """An earlier text of an edited post: the visible edit history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_on", "-pk"]

    def __str__(self):
        return f"{self.post} ({self.created_on:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        THANKS = "thanks", _("Thanks")
        HELPFUL = "helpful", _("Helpful")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_reactions",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="network_one_reaction_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.post}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_bookmarks",
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"], name="network_bookmark_once"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.post}"


class Subscription(models.Model):
    """Watching a thread, category, group or tag: new posts there notify the member."""

    class Kind(models.TextChoices):
        THREAD = "thread", _("Thread")
        CATEGORY = "category", _("Category")
        GROUP = "group", _("Group")
        TAG = "tag", _("Tag")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_subscriptions",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        "taggit.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(kind="thread"),
                name="network_watch_thread_once",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(kind="category"),
                name="network_watch_category_once",
            ),
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(kind="group"),
                name="network_watch_group_once",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"],
                condition=Q(kind="tag"),
                name="network_watch_tag_once",
            ),
        ]

    def __str__(self):
        return f"{self.user} watches {self.kind}"

    @property
    def target(self):
        return getattr(self, self.kind)


class ReadMark(models.Model):
    """How far a member has read a thread (unread = posts after `read_position`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_read_marks",
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="read_marks"
    )
    read_position = models.PositiveIntegerField(default=0)
    read_on = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"], name="network_read_mark_once"
            )
        ]

    def __str__(self):
        return f"{self.user} read {self.thread} to #{self.read_position}"


# --- What reaches members -----------------------------------------------------------


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_on__isnull=True)

    def current(self):
        """Notifications still standing: those about a post or thread since hidden,
        deleted or merged away are withdrawn (from the list, the badge, e-mails and
        digests; showing the post again brings them back). A moderator's decision
        about your own post stands, as it is about just that."""
        gone = (
            Q(post__hidden=True)
            | Q(post__deleted_on__isnull=False)
            | Q(thread__hidden=True)
            | Q(thread__deleted_on__isnull=False)
            | Q(thread__merged_into__isnull=False)
        )
        return self.exclude(gone & ~Q(kind=Notification.Kind.MODERATION))

    def for_list(self):
        return self.select_related("actor", "thread", "post").order_by(
            "-created_on", "-pk"
        )


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Replies to your threads and watched places")
        MENTION = "mention", _("Mentions of you")
        QUOTE = "quote", _("Quotes of your posts")
        SOLUTION = "solution", _("Your answer marked as the solution")
        REACTION = "reaction", _("Reactions to your posts")
        MODERATION = "moderation", _("Moderators' decisions about your posts")
        GROUP = "group", _("Group invitations and requests")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_notifications",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.CharField(max_length=500, blank=True)
    created_on = models.DateTimeField(default=timezone.now, db_index=True)
    read_on = models.DateTimeField(null=True, blank=True)
    emailed_on = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_on", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_on"])]

    def __str__(self):
        return f"{self.kind} for {self.recipient}"

    def get_absolute_url(self):
        if self.post_id:
            return reverse("network:post", args=[self.post_id])
        if self.thread_id:
            return reverse("network:thread_short", args=[self.thread_id])
        if self.group_id:
            return reverse("network:group_by_pk", args=[self.group_id])
        return reverse("network:notifications")


def _new_token():
    return secrets.token_urlsafe(24)


class NotificationPreference(models.Model):
    """How a member wants to hear about notifications by e-mail. Nothing is sent
    until they opt in (`consent_on` records when and `consent_text` what)."""

    class EmailMode(models.TextChoices):
        NEVER = "never", _("No e-mails")
        EACH = "each", _("An e-mail for each notification")
        DAILY = "daily", _("A daily digest")
        WEEKLY = "weekly", _("A weekly digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_notification_preference",
    )
    email_mode = models.CharField(
        _("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.NEVER
    )
    # Kinds left out of e-mails, between commas (",reaction,").
    muted_kinds = models.CharField(max_length=200, blank=True)
    consent_on = models.DateTimeField(null=True, blank=True)
    consent_text = models.CharField(max_length=300, blank=True)
    unsubscribe_token = models.CharField(max_length=64, default=_new_token)
    last_digest_on = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user}: {self.email_mode}"

    def wants(self, kind):
        return f",{kind}," not in self.muted_kinds

    def record_consent(self, given, text="", via=""):
        """Give or withdraw consent to e-mails: the preference says what holds now,
        and a ConsentRecord keeps each change (the history is never overwritten).
        The caller saves the preference."""
        if given and self.consent_on is not None:
            return
        if not given and self.consent_on is None and not self.consent_text:
            return
        now = timezone.now()
        self.consent_on = now if given else None
        self.consent_text = text[:300] if given else ""
        ConsentRecord.objects.create(
            user_id=self.user_id, given=given, text=text[:300], via=via, on=now
        )


class ConsentRecord(models.Model):
    """One consent to e-mails given or withdrawn, kept as the history of it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_consent_records",
    )
    given = models.BooleanField()
    text = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=30, blank=True)  # "preferences", "unsubscribe"
    on = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.user_id}: {'given' if self.given else 'withdrawn'} {self.on}"


# --- Care of the community ----------------------------------------------------------


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Flag.Status.OPEN)


class Flag(models.Model):
    """A member telling the moderators a post needs their attention."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Rude or offensive")
        OFF_TOPIC = "off_topic", _("Off topic")
        PERSONAL_DATA = "personal_data", _("Shares someone's personal data")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        UPHELD = "upheld", _("Upheld: post hidden")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="network_flags",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note to the moderators"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default="open")
    created_on = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_on = models.DateTimeField(null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="network_one_open_flag_per_reporter",
            )
        ]

    def __str__(self):
        return f"{self.reason} on {self.post}"


class ModerationAction(models.Model):
    """The audit log: every moderator action, who, when, on what and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid")
        UNHIDE = "unhide", _("Showed again")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        MOVE = "move", _("Moved")
        MERGE = "merge", _("Merged")
        SUSPEND = "suspend", _("Suspended")
        UNSUSPEND = "unsuspend", _("Lifted the suspension of")
        DISMISS_FLAG = "dismiss", _("Dismissed a flag on")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    thread = models.ForeignKey(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the action was about, readable even after the thing is gone.
    summary = models.CharField(max_length=300, blank=True)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    created_on = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_on", "-pk"]

    def __str__(self):
        return f"{self.action} {self.summary}"


class SuspensionQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_on__isnull=True, ends_on__gt=now)


class Suspension(models.Model):
    """A member may read but not write until `ends_on` (or until lifted)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_suspensions",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    starts_on = models.DateTimeField(default=timezone.now)
    ends_on = models.DateTimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    lifted_on = models.DateTimeField(null=True, blank=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.user} until {self.ends_on:%Y-%m-%d}"
