"""Network meetings, workshops and courses, and members' registrations for them.

An event is a page under the one events index (/events/). Its times are stored in UTC
and shown in the event's own time zone, which the editor picks: a meeting in Oslo is
at 13:00 Oslo time for everyone, whatever the visitor's zone. Events use the shared
taxonomy (organiser municipality, audience, DigComp competences through
CompetenceClassified, so competence recommendations can offer them) but are not
catalogue items, so they are plain pages rather than ClassifiedPages.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from dela.pictures import PicturedPage, picture_prefetch
from home.blocks import ContentBlocks
from taxonomy.models import (
    CompetenceClassified,
    Municipality,
    TargetGroup,
    TermField,
    TermListField,
)

from .forms import EventPageForm
from .permissions import EventPermissions
from .times import DEFAULT_TIME_ZONE, TIME_ZONES

# Child slugs the index's own routes use: an event there could never be reached.
RESERVED_SLUGS = {"past", "feed"}


class EventKind(models.TextChoices):
    NETWORK_MEETING = "network-meeting", _("Network meeting")
    WORKSHOP = "workshop", _("Workshop")
    COURSE = "course", _("Course")


class EventIndexPage(RoutablePageMixin, Page):
    """/events/: upcoming events first, past events on their own pages, the iCal feed.

    The listing is a route of this page rather than a view of its own, so the address
    follows the page and editors can write its introduction.
    """

    # The main menu's label, in the reader's language (not the page's title).
    menu_label = _("Events")

    intro = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    upcoming_per_page = 20
    past_per_page = 10
    past_preview_count = 5
    feed_limit = 200

    class Meta:
        verbose_name = _("events index")

    def events(self):
        """The published, public events under this index."""
        return EventPage.objects.child_of(self).live().public()

    @path("")
    def upcoming(self, request):
        from .views import event_index

        return event_index(request, self)

    @path("past/")
    def past(self, request):
        from .views import past_events

        return past_events(request, self)

    # Served at <index>/feed.ics too (events/urls.py): Wagtail's page URLs cannot end in
    # a file name.
    @path("feed/", name="feed")
    def feed(self, request):
        from .views import upcoming_feed

        return upcoming_feed(request, self)


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first (ongoing ones count too)."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by(
            "starts_at", "pk"
        )

    def past(self, now=None):
        """Events that have ended, the most recent first."""
        return self.filter(ends_at__lte=now or timezone.now()).order_by(
            "-starts_at", "-pk"
        )

    def for_listing(self):
        """What a list of events shows, in three queries whatever the number of
        events: the organiser with its country and the number of places taken, then
        the pictures and their renditions."""
        return (
            self.select_related("organiser__country")
            .annotate(
                registered_total=Count(
                    "registrations",
                    filter=Q(registrations__status=Registration.Status.REGISTERED),
                )
            )
            .prefetch_related(picture_prefetch())
        )


class EventPage(RoutablePageMixin, CompetenceClassified, PicturedPage, Page):
    """A network meeting, workshop or course that members can register for."""

    kind = models.CharField(
        _("kind of event"),
        max_length=20,
        choices=EventKind.choices,
        default=EventKind.NETWORK_MEETING,
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.DELA_CONTENT_LANGUAGES,
        default="sv",
        help_text=_("The language the event is held in."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences for lists and calendar entries."),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default=DEFAULT_TIME_ZONE,
        help_text=_("Start and end are entered and shown in this time zone."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.TextField(
        _("place"),
        max_length=500,
        blank=True,
        help_text=_("Address and room. Leave empty for an online-only event."),
    )
    online_url = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(
                schemes=["https"],
                message=_("Enter a secure link that starts with https://."),
                # Not "invalid": the field would replace the message with its own.
                code="not_https",
            )
        ],
        help_text=_("Leave empty for an event on site only."),
    )
    organiser = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser municipality"),
    )
    organiser_name = models.CharField(
        _("organised by"),
        max_length=200,
        blank=True,
        help_text=_("A network or organisation, e.g. Digga Halland, KS or KL."),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
        help_text=_("The member who runs the event; sees who has registered."),
    )
    audience = ParentalManyToManyField(
        TargetGroup, blank=True, related_name="+", verbose_name=_("audience")
    )
    description = StreamField(
        ContentBlocks(), verbose_name=_("description"), blank=True
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Leave empty for no limit. When all places are taken, new registrations "
            "go on the waiting list."
        ),
    )
    registration_open = models.BooleanField(
        _("registration open"),
        default=True,
        help_text=_("Members can register from the event page."),
    )
    registration_deadline = models.DateTimeField(
        _("last day to register"),
        null=True,
        blank=True,
        help_text=_("In the event's time zone. Empty: until the event starts."),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_(
            "Publishing a cancelled event closes registration and e-mails everyone "
            "who registered."
        ),
    )
    cancellation_reason = models.TextField(
        _("reason for cancelling"), max_length=1000, blank=True
    )

    objects = PageManager.from_queryset(EventPageQuerySet)()

    base_form_class = EventPageForm

    # In Wagtail's API v2 (/api/v2/pages/?type=events.EventPage&fields=*): what a
    # calendar or another municipality's site needs; who registered stays private.
    api_fields = [
        APIField("kind"),
        APIField("language"),
        APIField("summary"),
        APIField("timezone"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("place"),
        APIField("online_url"),
        APIField(
            "organiser",
            serializer=TermField(lambda m: {"slug": m.slug, "name": m.name}),
        ),
        APIField("organiser_name"),
        APIField(
            "audience",
            serializer=TermListField(lambda t: {"slug": t.slug, "name": t.name}),
        ),
        CompetenceClassified.competence_api_field,
        APIField("capacity"),
        APIField("cancelled"),
        APIField("cancellation_reason"),
    ]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
        FieldPanel("summary"),
        *PicturedPage.picture_panels,
        MultiFieldPanel(
            [
                FieldPanel("timezone"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            ],
            heading=_("Date and time"),
            help_text=_(
                "Enter the times as the clocks show them where the event takes "
                "place (in its time zone)."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("online_url")],
            heading=_("Where"),
            help_text=_("Give a place, an online link or both."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("organiser_name"),
                FieldPanel("contact"),
            ],
            heading=_("Organiser"),
        ),
        FieldPanel("audience", widget=forms.CheckboxSelectMultiple),
        CompetenceClassified.competence_panel,
        FieldPanel("description"),
        InlinePanel(
            "materials",
            heading=_("Preparation material"),
            label=_("Material"),
            help_text=_("Stories, videos or catalogue entries to look at beforehand."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("registration_open"),
                FieldPanel("registration_deadline"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("cancelled"), FieldPanel("cancellation_reason")],
            heading=_("Cancellation"),
        ),
        InlinePanel(
            "results",
            heading=_("Stories from the event"),
            label=_("Story"),
            help_text=_("What the event produced, shown once it is over."),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("kind"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # --- Validation ----------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _(
                "This address is used by the events list; choose another."
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if not (self.place or "").strip() and not self.online_url:
            errors["place"] = _("Give a place, an online meeting link or both.")
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _(
                "The last day to register must be before the event starts."
            )
        if self.cancelled and not (self.cancellation_reason or "").strip():
            errors["cancellation_reason"] = _(
                "Tell the participants why the event is cancelled."
            )
        if errors:
            raise ValidationError(errors)

    # --- Time ----------------------------------------------------------------------

    @property
    def zone(self):
        return ZoneInfo(self.timezone or DEFAULT_TIME_ZONE)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def when(self):
        """ "14 maj 2026 13:00–15:30 (svensk tid)" in the active language."""
        start, end = self.local_start, self.local_end
        start_date = formats.date_format(start, "DATE_FORMAT")
        if start.date() == end.date():
            span = f"{start_date} {start:%H:%M}–{end:%H:%M}"
        else:
            end_date = formats.date_format(end, "DATE_FORMAT")
            span = f"{start_date} {start:%H:%M} – {end_date} {end:%H:%M}"
        return f"{span} ({self.get_timezone_display()})"

    def local_deadline(self):
        if self.registration_deadline is None:
            return None
        return self.registration_deadline.astimezone(self.zone)

    def has_started(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def is_past(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    # --- Registration --------------------------------------------------------------

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def is_on_site(self):
        return bool((self.place or "").strip())

    def registration_closed_reason(self, now=None):
        """Why members cannot register now, or None when they can."""
        now = now or timezone.now()
        if self.cancelled:
            return _("The event is cancelled.")
        if self.is_past(now):
            return _("The event is over.")
        if self.has_started(now):
            return _("The event has already started.")
        if not self.registration_open:
            return _("Registration is not open for this event.")
        if self.registration_deadline and now > self.registration_deadline:
            return _("Registration closed on %(date)s.") % {
                "date": formats.date_format(self.local_deadline(), "DATETIME_FORMAT")
            }
        return None

    def accepts_registrations(self, now=None):
        return self.registration_closed_reason(now) is None

    def places_left(self, registered_total):
        """Free places given the number registered, or None when there is no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - registered_total, 0)

    # --- Routes --------------------------------------------------------------------

    @path("register/")
    def register(self, request):
        from .views import register

        return register(request, self)

    @path("cancel-registration/")
    def cancel_registration(self, request):
        from .views import cancel_registration

        return cancel_registration(request, self)

    # Served at <event>/event.ics too (events/urls.py).
    @path("ics/", name="ics")
    def ics(self, request):
        from .views import event_ics

        return event_ics(request, self)

    def get_context(self, request, *args, **kwargs):
        """What the page shows beyond its fields: places, the visitor's own
        registration, the material, and (for the contact and editors) who comes.
        A constant number of queries, whatever the number of registrations."""
        context = super().get_context(request, *args, **kwargs)
        counts = Registration.objects.filter(event_id=self.pk).aggregate(
            registered=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        user = request.user
        mine = None
        if user.is_authenticated and self.pk:
            mine = (
                Registration.objects.active()
                .filter(event_id=self.pk, user=user)
                .first()
            )
            if mine is not None:
                mine.event = self
        event_perms = EventPermissions(user, self, mine)
        attendees = None
        if event_perms.can_see_attendees:
            attendees = list(
                Registration.objects.active()
                .filter(event_id=self.pk)
                .select_related("user")
                .order_by("position")
            )
        is_past = self.is_past()
        context.update(
            {
                "event_perms": event_perms,
                "registered_count": counts["registered"],
                "waitlisted_count": counts["waitlisted"],
                "places_left": self.places_left(counts["registered"]),
                "my_registration": mine,
                "waitlist_number": mine.waitlist_number() if mine else None,
                "attendees": attendees,
                "registration_closed_reason": self.registration_closed_reason(),
                "is_past": is_past,
                "materials": _live_links(self.materials),
                "results": _live_links(self.results) if is_past else [],
            }
        )
        return context


def _live_links(links):
    """The linked pages that are published (works on previews' unsaved links too)."""
    return [
        link
        for link in links.all().select_related("linked_page")
        if link.linked_page is not None and link.linked_page.live
    ]


class PageLink(Orderable):
    """A link from an event to another page of Dela, with a note on why."""

    # SET_NULL, not CASCADE: older revisions still name a deleted page, and a link
    # without its page is simply not shown.
    linked_page = models.ForeignKey(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("page"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    panels = [PageChooserPanel("linked_page"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        abstract = True


class EventMaterial(PageLink):
    """Preparation material: a story, video or catalogue entry to read beforehand."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")

    class Meta(PageLink.Meta):
        verbose_name = _("preparation material")
        verbose_name_plural = _("preparation material")


class EventResult(PageLink):
    """A story (or video, or catalogue entry) that came out of the event."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="results")

    class Meta(PageLink.Meta):
        verbose_name = _("story from the event")
        verbose_name_plural = _("stories from the event")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registered or on the waiting list (not cancelled)."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def registered(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by(
            "position", "pk"
        )


class Registration(models.Model):
    """A member's place at an event, or their place in its waiting list.

    `position` is the order of arrival within the event: the waiting list is served in
    that order. Writes go through services.py, which locks the event row so that the
    number of registered people never exceeds the event's places.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    position = models.PositiveIntegerField(_("order of arrival"))
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "position"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_member",
            ),
            models.UniqueConstraint(
                fields=["event", "position"], name="unique_registration_position"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.event} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    def waitlist_number(self):
        """The member's place in the waiting list (1 = next to get a place), or None
        when they are not waiting."""
        if self.status != self.Status.WAITLISTED:
            return None
        return Registration.objects.filter(
            event_id=self.event_id,
            status=self.Status.WAITLISTED,
            position__lte=self.position,
        ).count()


class CancellationNotice(models.Model):
    """That the people registered for a cancelled event have been told, so publishing
    the cancelled page again does not e-mail them twice."""

    event = models.OneToOneField(
        EventPage, on_delete=models.CASCADE, related_name="cancellation_notice"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cancellation notice")

    def __str__(self):
        return f"{self.event} ({self.sent_at:%Y-%m-%d})"
