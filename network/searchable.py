"""The network in Dela's search: threads (with their visible posts) and profiles.

Who may find a thread follows where it lives: public categories and groups are
PUBLIC, members-only ones MEMBERS, a private group's threads only its members (the
group's token, which the audience provider below gives them). Hidden, deleted and
merged threads, hidden posts, and profiles of people not in the directory return None.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Value
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.questions import register_ask_page
from search.registry import (
    MEMBERS,
    PUBLIC,
    SearchableType,
    SearchDocument,
    group_token,
    register,
    register_audience,
)

from .models import Category, Group, GroupMembership, Post, Profile, Thread, Visibility

MAX_TEXT = 50_000


def _text(html):
    return " ".join(strip_tags((html or "").replace("<", " <")).split())


def _readable_posts():
    """A thread's posts its document holds, in reading order."""
    return Post.objects.filter(hidden=False, deleted_on__isnull=True).order_by(
        "position"
    )


def thread_audience(thread):
    place = thread.category or thread.group
    if place.visibility == Visibility.PUBLIC:
        return [PUBLIC]
    if place.visibility == Visibility.MEMBERS:
        return [MEMBERS]
    return [group_token(thread.group_id)]


class ThreadSearch(SearchableType):
    name = "thread"
    label = _("Forum thread")
    model = Thread
    # A new, edited or hidden post changes its thread's document; a category's or
    # group's visibility its threads' audience.
    watch = (
        (Post, lambda post: [post.thread] if post.thread_id else []),
        (Category, lambda category: category.threads.all()),
        (Group, lambda group: group.threads.all()),
    )

    def get_queryset(self):
        return (
            Thread.objects.filter(
                hidden=False, deleted_on__isnull=True, merged_into__isnull=True
            )
            .select_related("category", "group", "author__municipality")
            .prefetch_related(
                "tags",
                # Every thread's readable posts in one query per batch, not one each.
                Prefetch("posts", queryset=_readable_posts(), to_attr="search_posts"),
            )
        )

    def to_document(self, thread):
        if thread.hidden or thread.deleted_on or thread.merged_into_id:
            return None
        posts = getattr(thread, "search_posts", None)
        if posts is None:  # a thread from elsewhere, without the prefetch
            posts = list(_readable_posts().filter(thread=thread))
        if not posts or posts[0].position != 1:
            return None
        text = " ".join(_text(post.html) for post in posts)[:MAX_TEXT]
        municipality = thread.author.municipality if thread.author_id else None
        return SearchDocument(
            type=self.name,
            key=str(thread.pk),
            title=thread.title,
            url=thread.get_absolute_url(),
            language=thread.language,
            text=text,
            summary=_text(posts[0].html)[:300],
            tags=[tag.name for tag in thread.tags.all()],
            municipalities=[municipality.name] if municipality else [],
            facets={"municipality": [municipality.slug]} if municipality else {},
            audience=thread_audience(thread),
            boost=1.3 if thread.solution_id else 1.0,
            date=thread.last_post_on or thread.created_on,
        )


def _profile_of(user):
    profile = Profile.objects.filter(user_id=user.pk).first()
    return [profile] if profile else []


class ProfileSearch(SearchableType):
    name = "profile"
    label = _("Ambassador")
    model = Profile
    # Whether someone is findable follows their account: its role (groups), its
    # activity (suspension, erasure), its name and municipality.
    watch = ((get_user_model(), _profile_of),)

    def get_queryset(self):
        # Only those listed as ambassadors (accounts.roles.in_directory_q): indexing
        # removes the document of anyone it leaves out. `listed` spares to_document
        # a query per profile.
        return Profile.objects.ambassadors().for_listing().annotate(listed=Value(True))

    def to_document(self, profile):
        listed = getattr(profile, "listed", None)
        if listed is None:  # a profile from elsewhere
            listed = Profile.objects.ambassadors().filter(pk=profile.pk).exists()
        if not listed:
            return None
        user = profile.user
        municipality = user.municipality
        facets = {}
        if municipality:
            facets["municipality"] = [municipality.slug]
            facets["country"] = [municipality.country.code]
            if municipality.region_id:
                facets["region"] = [municipality.region.slug]
        if profile.sector_id:
            facets["sector"] = [profile.sector.slug]
        competences = [c.code for c in profile.competences.all()]
        if competences:
            facets["competence"] = competences
        return SearchDocument(
            type=self.name,
            key=str(profile.pk),
            title=user.public_name,
            url=profile.get_absolute_url(),
            language="",
            text=" ".join([profile.title, profile.bio, profile.can_help_with]),
            summary=profile.title,
            tags=list(profile.expertise.names()),
            municipalities=[municipality.name] if municipality else [],
            facets=facets,
            audience=[PUBLIC]
            if profile.visibility == Profile.ProfileVisibility.PUBLIC
            else [MEMBERS],
            suggest=[user.public_name, profile.handle],
        )


register(ThreadSearch())
register(ProfileSearch())
# A search that found nothing offers to ask the network: a new thread, titled with
# the query (network.views.threads.new_thread reads ?title=).
register_ask_page("network:new_thread", text_parameter="title")


@register_audience
def network_groups(user):
    """The tokens of the private groups `user` belongs to."""
    return [
        group_token(pk)
        for pk in GroupMembership.objects.filter(user=user).values_list(
            "group_id", flat=True
        )
    ]
