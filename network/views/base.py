"""What every view of the network shares: rendering, privacy headers, the sign-in
check, pagination and safe back-links."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from dela.files import accel_redirect, with_file_headers
from dela.permissions import BoundPermissions

from ..models import (
    Subscription,
    Thread,
)
from ..permissions import network_permissions as perms


def _render(request, template, context=None, status=200):
    context = {
        "net_perms": BoundPermissions(perms, request.user),
        **(context or {}),
    }
    return TemplateResponse(request, template, context, status=status)


def _signed_in(request):
    return request.user.is_authenticated and request.user.is_active


def _login(request):
    return redirect_to_login(request.get_full_path())


def _page(request, queryset, per_page):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _back(request, fallback):
    """Back to the page a form came from (`next`), if it is on this site: Django's
    rule, which also refuses "//host" and "/\\host" (browsers read both as another
    site)."""
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _watching(user, kind, target):
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(user=user, kind=kind, **{kind: target}).exists()


class _LoginRequired(Exception):
    pass


def _checked_file(field, content_type):
    """A private file the caller has allowed the reader (dela/files.py), never in a
    shared cache."""
    response = accel_redirect(field.name, content_type)
    if response is None:
        try:
            handle = field.open("rb")
        except OSError as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return with_file_headers(response)


def _message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do this.")


# A number no row has: reversed once, then replaced by each row's key.
_KEY_PLACEHOLDER = 2_147_000_123


def _addresses(*names):
    """Each URL name of the network (taking one `pk`) as a function of the key:
    one `reverse` a name per page rather than one per row (a thread page shows
    nine addresses for each of its 20 posts)."""
    makers = {}
    for name in names:
        url = reverse(f"network:{name}", args=[_KEY_PLACEHOLDER])
        prefix, key, suffix = url.partition(str(_KEY_PLACEHOLDER))
        makers[name] = lambda pk, prefix=prefix, suffix=suffix: f"{prefix}{pk}{suffix}"
    return makers


def _post_url(post):
    url = post.thread.get_absolute_url()
    if post.page_number > 1:
        url += f"?page={post.page_number}"
    return f"{url}#post-{post.pk}"


def _thread_or_404(request, pk):
    thread = get_object_or_404(
        Thread.objects.select_related(
            "category", "group", "author", "solution", "merged_into"
        ),
        pk=pk,
    )
    if thread.merged_into_id:
        # Merged away: its address leads on only for those who may read the target.
        target = _thread_or_404(request, thread.merged_into_id)
        thread.merged_into = target
        return thread
    if not perms.can_read_thread(request.user, thread):
        if perms.login_may_help(request.user, thread):
            raise _LoginRequired
        raise Http404
    return thread


def _with_login(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return _login(request)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped
