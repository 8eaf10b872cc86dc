"""The stories app's part of a person's data export (accounts/personal_data.py)."""

from accounts.personal_data import section


@section(
    "stories_as_contact",
    ["stories.CaseStoryPage_contacts.user", "stories.CaseStoryPage.contacts"],
)
def stories_as_contact(user):
    """Published stories that name the person as a contact."""
    from .models import CaseStoryPage

    return [
        {"title": story.title, "url": story.url_path, "live": story.live}
        for story in CaseStoryPage.objects.filter(contacts=user).order_by("pk")
    ]
