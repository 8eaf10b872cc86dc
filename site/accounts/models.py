"""People on Dela and how they become ambassadors."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from search.signals import IndexedQuerySet


class AccountManager(UserManager.from_queryset(IndexedQuerySet)):
    """Django's user manager whose bulk updates (deactivating, renaming) reach search
    like saves do: the directory's profiles follow their account."""


class User(AbstractUser):
    """A signed-up municipal employee. Roles are group memberships (see roles.py)."""

    objects = AccountManager()

    display_name = models.CharField(
        _("display name"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name other members see. Your full name is used when left empty."
        ),
    )
    municipality = models.ForeignKey(
        "taxonomy.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("municipality"),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("The language of the e-mails Dela sends you."),
    )

    # Counts changes of the roles (groups, the superuser and staff flags, being
    # active): a session started before the last change gets a new key on its next
    # request (accounts.middleware), as a login gives one.
    roles_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [
            ("submit_content", _("Can submit case stories and videos")),
            ("start_threads", _("Can start threads in ambassador groups")),
            ("appear_in_directory", _("Appears in the ambassador directory")),
            ("moderate_network", _("Can moderate the network")),
        ]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        return self.display_name or self.get_full_name() or self.email.partition("@")[0]

    NAME_FIELDS = ("display_name", "first_name", "last_name")

    @classmethod
    def name_q(cls, text, lookup="icontains", through=""):
        """The people whose name (display, first or last name) matches ``text``: one
        rule for the directory's search, @mention suggestions and the admin's person
        chooser. ``through`` reaches the user from another model ("user__")."""
        condition = Q()
        for field in cls.NAME_FIELDS:
            condition |= Q(**{f"{through}{field}__{lookup}": text})
        return condition


class AmbassadorRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AmbassadorRequest.Status.PENDING)


class AmbassadorRequest(models.Model):
    """A member's request to become an ambassador, decided by an editor in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an editor")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ambassador_requests",
        verbose_name=_("member"),
    )
    municipality = models.ForeignKey(
        "taxonomy.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    motivation = models.TextField(
        _("motivation"),
        max_length=2000,
        help_text=_("What you work with and what you would like to share."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision_note = models.TextField(
        _("note to the member"),
        max_length=2000,
        blank=True,
        help_text=_("Sent to the member with the decision."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = AmbassadorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ambassador request")
        verbose_name_plural = _("ambassador requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_ambassador_request_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_status_display()})"
