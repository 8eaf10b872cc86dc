"""From thread to story: a solved thread becomes a case-story draft in the editors'
"Catalogue review" workflow, through the stories app's own `submit_story` (the same
path as the "Share an experience" form; nothing is duplicated here).

The draft is prefilled from the question and its solution. Participants are credited
by name only if their profile allows it (`credit_in_stories`); the others appear as
"a colleague". The ambassador and the editors edit the draft before it is published.
"""

import re

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dela.text import html_to_text
from stories.services import MAX_TAGS, StoryInput, story_index, submit_story
from taxonomy.tags import MAX_TAG_LENGTH, clean_tag_names

from .models import Post, Thread
from .permissions import network_permissions as perms

# What Wagtail's rich text editor keeps of a post's HTML (its bold and italic are <b>
# and <i>; tables, code blocks and rules become plain paragraphs).
RICH_TEXT_TAGS = {"p", "br", "b", "i", "a", "ul", "ol", "li", "h3", "h4", "code"}


def rich_text(post_html):
    """A post's rendered Markdown as the story's rich text: its formatting kept, the
    Markdown source never shown."""
    html = re.sub(r"<(/?)strong>", r"<\1b>", post_html or "")
    html = re.sub(r"<(/?)em>", r"<\1i>", html)
    html = re.sub(r"<(/?)(blockquote|pre|h5|h6|table|thead|tbody|tr|th|td)>", "", html)
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href"}},
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
    ).strip()


def _visible(post):
    return post is not None and not post.hidden and not post.is_deleted


def _participants(thread):
    posts = (
        Post.objects.filter(thread=thread, deleted_on__isnull=True, hidden=False)
        .select_related("author__network_profile", "author__municipality")
        .order_by("position")
    )
    people = {}
    for post in posts:
        if post.author_id and post.author_id not in people:
            people[post.author_id] = post.author
    return list(people.values())


def _credits(thread):
    named, anonymous = [], 0
    for person in _participants(thread):
        profile = getattr(person, "network_profile", None)
        if profile is None or profile.credit_in_stories:
            place = f" ({person.municipality.name})" if person.municipality_id else ""
            named.append((person, f"{person.public_name}{place}"))
        else:
            anonymous += 1
    return named, anonymous


def story_preview(thread):
    """What the draft will hold, for the confirmation page."""
    named, anonymous = _credits(thread)
    question = Post.objects.filter(thread=thread, position=1).first()
    if not _visible(question):
        question = None
    solution = thread.solution if _visible(thread.solution) else None
    credits = [label for _person, label in named]
    if anonymous:
        credits.append(
            ngettext(
                "and %(count)d colleague who prefers not to be named",
                "and %(count)d colleagues who prefer not to be named",
                anonymous,
            )
            % {"count": anonymous}
        )
    by_line = ""
    if solution is not None:
        by_line = _("The solution, by %(name)s:") % {
            "name": solution.author.public_name
            if solution.author_id
            and (
                getattr(solution.author, "network_profile", None) is None
                or solution.author.network_profile.credit_in_stories
            )
            else _("a colleague")
        }
    source_line = _(
        "From the Dela network thread “%(title)s”. Taking part: %(names)s."
    ) % {
        "title": thread.title,
        "names": ", ".join(credits),
    }
    body_html = "".join(
        part
        for part in [
            rich_text(question.html) if question else "",
            f"<p>{escape(by_line)}</p>" if by_line else "",
            rich_text(solution.html) if solution else "",
            f"<p>{escape(source_line)}</p>",
        ]
        if part
    )
    body = html_to_text(body_html)
    summary = (
        Truncator(" ".join(html_to_text(question.html).split())).chars(590)
        if question
        else ""
    )
    municipalities = {
        person.municipality for person, _label in named if person.municipality_id
    }
    return {
        "title": thread.title,
        "summary": summary,
        "body": body,
        "body_html": body_html,
        "credits": credits,
        "municipalities": sorted(municipalities, key=lambda m: m.name),
    }


def draft_story_from_thread(ambassador, thread):
    """Create the draft and start its review. Returns the story page."""
    if not perms.can_turn_into_story(ambassador, thread):
        raise ValidationError(_("This thread cannot become a story now."))
    index = story_index()
    if index is None:
        raise ValidationError(_("There is no story section on the site yet."))
    preview = story_preview(thread)
    municipalities = preview["municipalities"] or (
        [ambassador.municipality] if ambassador.municipality_id else []
    )
    if not municipalities:
        raise ValidationError(
            _("Add your municipality to your account first: a story needs one.")
        )
    profile = getattr(ambassador, "network_profile", None)
    story_input = StoryInput(
        title=Truncator(preview["title"]).chars(255),
        summary=preview["summary"] or preview["title"],
        body_html=preview["body_html"],
        municipalities=municipalities[:10],
        sector=profile.sector if profile and profile.sector_id else None,
        tags=clean_tag_names(
            [tag.name for tag in thread.tags.all()], MAX_TAGS, MAX_TAG_LENGTH
        ),
        language=thread.language,
    )
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.story_id:
            raise ValidationError(_("A story has already been made from this thread."))
        story = submit_story(ambassador, index, story_input)
        Thread.objects.filter(pk=thread.pk).update(story=story)
    return story
