"""Network test data, made through the services the site uses."""

from network import services
from network.models import Category, Group, GroupMembership, Visibility


def make_category(name="Välfärdsteknik", visibility=Visibility.PUBLIC, **kwargs):
    slug = kwargs.pop("slug", None) or name.lower().replace("ä", "a").replace(" ", "-")
    return Category.objects.create(
        name=name, slug=slug, visibility=visibility, **kwargs
    )


def make_group(name="Digga Halland", visibility=Visibility.PUBLIC, admin=None, **kw):
    slug = kw.pop("slug", None) or name.lower().replace(" ", "-")
    group = Group.objects.create(name=name, slug=slug, visibility=visibility, **kw)
    if admin is not None:
        services._add_member(group, admin, GroupMembership.Role.ADMIN)
    return group


def make_thread(
    author,
    place,
    title="Hur kom ni igång med digitala nycklar?",
    body=None,
    replies=(),
    tags=(),
):
    """A thread by `author` with replies: a list of (user, text)."""
    thread = services.start_thread(
        author,
        place,
        title,
        body or "Vi vill börja med digitala nycklar i hemtjänsten. Tips?",
        tags=tags,
    )
    for user, text in replies:
        services.reply(user, thread, text)
    thread.refresh_from_db()
    return thread
