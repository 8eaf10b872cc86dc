"""From thread to story: the confirmation page and the draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..forms import (
    StoryFromThreadForm,
)
from ..permissions import network_permissions as perms
from .base import (
    _login,
    _message,
    _render,
    _signed_in,
    _thread_or_404,
    _with_login,
)

# --- From thread to story ------------------------------------------------------------


@never_cache
@_with_login
def thread_to_story(request, pk):
    from ..stories import draft_story_from_thread, story_preview

    thread = _thread_or_404(request, pk)
    if not _signed_in(request):
        return _login(request)
    if not perms.can_turn_into_story(request.user, thread):
        raise PermissionDenied
    form = StoryFromThreadForm(request.POST or None)
    preview = story_preview(thread)
    if request.method == "POST" and form.is_valid():
        try:
            story = draft_story_from_thread(request.user, thread)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request,
                _(
                    "Your draft story “%(title)s” is with the editors. You can follow "
                    "it under your submissions."
                )
                % {"title": story.title},
            )
            # Where the message points, as the "Share an experience" form does: the
            # author's submissions, with the draft and where its review stands.
            index = story.get_parent().specific
            return redirect(index.url + index.reverse_subpage("drafts"))
    return _render(
        request,
        "network/thread_to_story.html",
        {"thread": thread, "form": form, "preview": preview},
        status=400 if form.errors else 200,
    )
