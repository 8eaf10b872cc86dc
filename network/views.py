"""The network's pages: /network/ (categories, groups, threads, notifications,
moderation, one's own data) and /ambassadors/ (the directory and profiles).

Views ask `network_permissions` (permissions.py) and call services; they never test a
role inline. Visitors asked to do something that needs an account are sent to log in;
a thread a user may not read is a 404 (its existence is not told).
"""

import json
import mimetypes
from datetime import timedelta
from urllib.parse import urlencode

from allauth.account import app_settings as allauth_settings
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import ProtectedError, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST, require_safe
from taggit.models import Tag

from dela.files import accel_redirect, with_file_headers
from search.query import typed_text

from . import limits, moderation, privacy, services, tracking
from .forms import (
    EditPostForm,
    EraseForm,
    FlagForm,
    ImagesForm,
    ModerationReasonForm,
    PreferenceForm,
    ProfileForm,
    ReplyForm,
    StoryFromThreadForm,
    SuspendForm,
    ThreadForm,
    photo_files,
)
from .limits import RateLimited, client_ip
from .models import (
    POSTS_PER_PAGE,
    THREADS_PER_PAGE,
    Bookmark,
    Category,
    Flag,
    Group,
    GroupMembership,
    JoinRequest,
    Notification,
    Post,
    PostImage,
    PostRevision,
    Profile,
    Reaction,
    Subscription,
    Suspension,
    Thread,
)
from .notifications import describe, preference_for_token, preference_of
from .permissions import UserNetworkPermissions
from .permissions import network_permissions as perms
from .rendering import render

User = get_user_model()


def _render(request, template, context=None, status=200):
    context = {"net_perms": UserNetworkPermissions(request.user), **(context or {})}
    return TemplateResponse(request, template, context, status=status)


def _private(response):
    add_never_cache_headers(response)
    return response


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


# --- Index, categories, groups, tags -----------------------------------------------


@require_GET
def index(request):
    user = request.user
    categories = list(Category.objects.visible_to(user))
    groups = list(Group.objects.visible_to(user))
    latest = tracking.annotate_unread(
        Thread.objects.visible_to(user).for_list().prefetch_related("tags")[:10], user
    )
    return _render(
        request,
        "network/index.html",
        {"categories": categories, "groups": groups, "threads": latest},
    )


def _thread_list(request, place_filter, template, context):
    user = request.user
    threads = (
        Thread.objects.visible_to(user)
        .filter(place_filter)
        .for_list()
        .prefetch_related("tags")
    )
    page_obj = _page(request, threads, THREADS_PER_PAGE)
    tracking.annotate_unread(page_obj.object_list, user)
    context = {**context, "page_obj": page_obj, "threads": page_obj.object_list}
    return _render(request, template, context)


@require_GET
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not perms.can_view_category(request.user, category):
        return _login(request)
    return _thread_list(
        request,
        Q(category=category),
        "network/place.html",
        {
            "place": category,
            "kind": "category",
            "can_read": True,
            "watching": _watching(request.user, "category", category),
            "can_start": perms.can_start_thread_in(request.user, category),
            "new_thread_url": reverse("network:new_thread_category", args=[slug]),
        },
    )


def _watching(user, kind, target):
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(user=user, kind=kind, **{kind: target}).exists()


@require_GET
def group_by_pk(request, pk):
    """The short link of a group: a redirect only for those who may see the group
    (a redirect would reveal its name)."""
    group = get_object_or_404(Group, pk=pk)
    if not perms.can_view_group(request.user, group):
        raise Http404
    return redirect(group)


@require_GET
def group(request, slug):
    group = get_object_or_404(Group, slug=slug)
    user = request.user
    if not perms.can_view_group(user, group):
        return _login(request)
    context = {
        "place": group,
        "kind": "group",
        "is_member": perms.is_group_member(user, group),
        "is_admin": perms.is_group_admin(user, group),
        "can_manage": perms.can_manage_group(user, group),
        "can_join": perms.can_join_group(user, group),
        "can_read": perms.can_read_group(user, group),
        "pending_request": _signed_in(request)
        and JoinRequest.objects.pending()
        .filter(group=group, user=user, kind=JoinRequest.Kind.REQUEST)
        .exists(),
        "invited": _signed_in(request)
        and JoinRequest.objects.pending()
        .filter(group=group, user=user, kind=JoinRequest.Kind.INVITE)
        .exists(),
        "watching": _watching(user, "group", group),
        "can_start": perms.can_start_thread_in(user, group),
        "new_thread_url": reverse("network:new_thread_group", args=[slug]),
        "admins": group.memberships.filter(role=GroupMembership.Role.ADMIN)
        .select_related("user")
        .order_by("joined_on")[:10],
    }
    if not context["can_read"]:
        return _render(request, "network/place.html", {**context, "threads": []})
    return _thread_list(request, Q(group=group), "network/place.html", context)


@require_POST
def join_group(request, slug):
    group = get_object_or_404(Group, slug=slug)
    if not _signed_in(request):
        return _login(request)
    try:
        outcome = services.join_group(
            request.user, group, request.POST.get("message", "")
        )
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You cannot join this group."))
        return redirect(group)
    if outcome == "joined":
        messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
    else:
        messages.success(
            request, _("Your request is sent; a group admin will answer it.")
        )
    return redirect(group)


@require_POST
def leave_group(request, slug):
    group = get_object_or_404(Group, slug=slug)
    if not _signed_in(request):
        return _login(request)
    try:
        left = services.leave_group(request.user, group)
    except ValidationError as refusal:
        messages.error(request, _message(refusal))
        return redirect(group)
    if left:
        messages.success(request, _("You have left %(group)s.") % {"group": group.name})
    return redirect(group)


def group_requests(request, slug):
    """Group admins: pending requests, decisions and invitations."""
    group = get_object_or_404(Group, slug=slug)
    if not _signed_in(request):
        return _login(request)
    if not perms.can_manage_group(request.user, group):
        raise PermissionDenied
    if request.method == "POST":
        if "invite" in request.POST:
            handle = request.POST.get("invite", "").strip().lstrip("@").lower()
            profile = (
                Profile.objects.filter(handle=handle, user__is_active=True)
                .select_related("user")
                .first()
            )
            if profile is None:
                messages.error(
                    request, _("Nobody has the name @%(h)s.") % {"h": handle}
                )
            elif services.invite(request.user, group, profile.user):
                messages.success(
                    request,
                    _("%(name)s is invited.") % {"name": profile.user.public_name},
                )
            else:
                messages.info(request, _("Already a member or invited."))
        elif "membership" in request.POST:
            _set_group_role(request, group)
        else:
            join_request = get_object_or_404(
                JoinRequest, pk=request.POST.get("request"), group=group
            )
            accept = request.POST.get("decision") == "accept"
            if not services.decide_join_request(request.user, join_request, accept):
                messages.info(request, _("This request was already answered."))
            else:
                messages.success(
                    request,
                    _("Request accepted.") if accept else _("Request declined."),
                )
        return redirect("network:group_requests", slug=slug)
    pending = JoinRequest.objects.pending().filter(group=group).select_related("user")
    members = group.memberships.select_related("user").order_by("-role", "joined_on")
    return _private(
        _render(
            request,
            "network/group_requests.html",
            {
                "group": group,
                "pending": pending,
                "members_page": _page(request, members, 50),
            },
        )
    )


def _set_group_role(request, group):
    membership = get_object_or_404(
        GroupMembership.objects.select_related("user", "group"),
        pk=request.POST.get("membership"),
        group=group,
    )
    role = request.POST.get("role")
    if role not in GroupMembership.Role.values:
        raise Http404
    name = membership.user.public_name
    try:
        changed = services.set_group_role(request.user, membership, role)
    except ValidationError as refused:
        messages.error(request, _message(refused))
        return
    if not changed:
        messages.info(request, _("Nothing changed."))
    elif role == GroupMembership.Role.ADMIN:
        messages.success(request, _("%(name)s is now a group admin.") % {"name": name})
    else:
        messages.success(
            request, _("%(name)s is no longer a group admin.") % {"name": name}
        )


@require_GET
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _thread_list(
        request,
        Q(tags=tag),
        "network/place.html",
        {
            "place": tag,
            "kind": "tag",
            "can_read": True,
            "watching": _watching(request.user, "tag", tag),
        },
    )


@require_POST
def watch(request, kind, pk):
    """Watch or stop watching a category, group or tag (POST watching=1|0)."""
    if not _signed_in(request):
        return _login(request)
    models = {"category": Category, "group": Group, "tag": Tag}
    if kind not in models:
        raise Http404
    target = get_object_or_404(models[kind], pk=pk)
    if kind == "category" and not perms.can_view_category(request.user, target):
        raise Http404
    if kind == "group" and not perms.can_read_group(request.user, target):
        raise PermissionDenied
    watching = request.POST.get("watching") == "1"
    services.set_watch(request.user, kind, target, watching)
    messages.success(
        request,
        _("You will be notified of new posts here.")
        if watching
        else _("You no longer follow this."),
    )
    fallback = (
        reverse("network:tag", args=[target.slug])
        if kind == "tag"
        else target.get_absolute_url()
    )
    return _back(request, fallback)


# --- New threads ---------------------------------------------------------------------


def _new_thread(request, place):
    user = request.user
    if not _signed_in(request):
        return _login(request)
    if not perms.can_start_thread_in(user, place):
        if not perms.can_read_place(user, place):
            raise Http404
        raise PermissionDenied(
            perms.write_refusal(user) or _("You cannot start a thread here.")
        )
    # "Ask the network" (search without results) arrives with the question as ?title=.
    initial = {
        "language": user.language,
        "title": typed_text(request.GET.get("title"), 200),
    }
    form = ThreadForm(request.POST or None, initial=initial)
    images_form = ImagesForm(request.POST or None, request.FILES or None)
    limited = False
    ready = False
    if request.method == "POST":
        # Images are decoded only once the text passed and the limits allow a post
        # (otherwise the form comes back without them: files must be chosen again).
        refusal = form.is_valid() and _limit_refusal(request, form.cleaned_data["body"])
        if refusal:
            form.add_error(None, refusal)
            limited = True
        if form.errors:
            images_form = ImagesForm()
        else:
            ready = images_form.is_valid()
    if ready:
        data = form.cleaned_data
        try:
            thread = services.start_thread(
                user,
                place,
                data["title"],
                data["body"],
                tags=data["tags"],
                language=data["language"],
                submission_key=data["submission_key"],
                ip=client_ip(request),
                images=images_form.prepared(),
            )
        except RateLimited as limit:
            form.add_error(None, limit.message)
            limited = True
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            return redirect(thread)
    errors = form.errors or images_form.errors
    status = 429 if limited else 400 if errors else 200
    return _private(
        _render(
            request,
            "network/thread_form.html",
            {"form": form, "images_form": images_form, "place": place},
            status=status,
        )
    )


def _message(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do this.")


@require_GET
def new_thread(request):
    """Where to ask: the categories and groups the member may start a thread in, each
    carrying the question (?title=) on to its form."""
    if not _signed_in(request):
        return _login(request)
    user = request.user
    places = [
        place
        for place in [
            *Category.objects.visible_to(user),
            *Group.objects.visible_to(user),
        ]
        if perms.can_start_thread_in(user, place)
    ]
    title = typed_text(request.GET.get("title"), 200)
    return _private(
        _render(
            request,
            "network/new_thread.html",
            {
                "places": places,
                "title_query": urlencode({"title": title}) if title else "",
                "refusal": None if places else perms.write_refusal(user),
            },
        )
    )


def new_thread_category(request, slug):
    return _new_thread(request, get_object_or_404(Category, slug=slug))


def new_thread_group(request, slug):
    return _new_thread(request, get_object_or_404(Group, slug=slug))


# --- Threads -------------------------------------------------------------------------


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


class _LoginRequired(Exception):
    pass


def _with_login(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return _login(request)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@_with_login
def thread_short(request, pk):
    """The short link of a thread: a redirect (which names its title) only for those
    who may read it."""
    thread = _thread_or_404(request, pk)
    return redirect(thread.merged_into or thread)


@_with_login
def thread(request, pk, slug=None):
    """A thread's posts, 20 a page, with the solution shown first."""
    thread = _thread_or_404(request, pk)
    if thread.merged_into_id:
        return redirect(thread.merged_into)
    if request.method == "POST":
        return _reply(request, thread)
    return _thread_page(request, thread, ReplyForm())


def _has_profile(person):
    try:
        return person.network_profile is not None
    except Profile.DoesNotExist:
        return False


def _thread_page(request, thread, form, status=200, images_form=None):
    user = request.user
    moderator = perms.can_moderate_network(user)
    posts = Post.objects.filter(thread=thread).for_thread_page()
    if not moderator:
        posts = posts.filter(hidden=False)
    page_obj = _page(request, posts, POSTS_PER_PAGE)
    page_posts = list(page_obj.object_list)
    ids = [post.pk for post in page_posts]
    mine = set()
    bookmarked = set()
    if _signed_in(request) and ids:
        mine = set(
            Reaction.objects.filter(user=user, post_id__in=ids).values_list(
                "post_id", "kind"
            )
        )
        bookmarked = set(
            Bookmark.objects.filter(user=user, post_id__in=ids).values_list(
                "post_id", flat=True
            )
        )
    if _signed_in(request):
        perms.know_directory(user, {post.author_id for post in page_posts} - {None})
    for post in page_posts:
        post.thread = thread
        post.author_url = (
            post.author.network_profile.get_absolute_url()
            if post.author_id
            and _has_profile(post.author)
            and perms.can_view_profile(user, post.author.network_profile)
            else ""
        )
        post.my_reactions = {kind for post_id, kind in mine if post_id == post.pk}
        post.bookmarked = post.pk in bookmarked
        post.can_edit = perms.can_edit_post(user, post)
        post.can_delete = perms.can_delete_post(user, post)
        post.can_react = perms.can_react(user, post)
        post.can_flag = perms.can_flag(user, post)
    solution = None
    if thread.solution_id and page_obj.number == 1:
        solution = thread.solution
        if solution.hidden or solution.is_deleted:
            solution = None
        else:
            solution.author_name = (
                solution.author.public_name if solution.author_id else None
            )
    known = tracking.read_position(user, thread)
    last_on_page = page_posts[-1].position if page_posts else 0
    tracking.mark_read(user, thread, last_on_page, known)
    context = {
        "thread": thread,
        "place": thread.place,
        "page_obj": page_obj,
        "posts": page_posts,
        "solution": solution,
        "tags": list(thread.tags.all()),
        "form": form,
        "images_form": images_form or ImagesForm(),
        "reply_refusal": perms.reply_refusal(user, thread),
        "can_mark_solution": perms.can_mark_solution(user, thread),
        "can_moderate": moderator,
        "can_turn_into_story": perms.can_turn_into_story(user, thread),
        "watching": _watching(user, "thread", thread),
        "first_unread": (known or 0) + 1 if known is not None else None,
        "reactions": Reaction.Kind.choices,
    }
    return _private(_render(request, "network/thread.html", context, status=status))


def _reply(request, thread):
    user = request.user
    if not _signed_in(request):
        return _login(request)
    form = ReplyForm(request.POST)
    images_form = ImagesForm(request.POST, request.FILES)

    def page(status):
        return _thread_page(request, thread, form, status, images_form=images_form)

    # Images are decoded only after the checks that need no decoding: is the text
    # right, may this member reply here, now (the limits)? The service asks again
    # when it saves. Otherwise the form comes back without them.
    if not form.is_valid():
        images_form = ImagesForm()
        return page(400)
    for refusal, status in (
        (perms.reply_refusal(user, thread), 403),
        (_limit_refusal(request, form.cleaned_data["body"]), 429),
    ):
        if refusal:
            form.add_error(None, refusal)
            images_form = ImagesForm()
            return page(status)
    if images_form.is_valid():
        try:
            post, created = services.reply(
                user,
                thread,
                form.cleaned_data["body"],
                submission_key=form.cleaned_data["submission_key"],
                ip=client_ip(request),
                images=images_form.prepared(),
            )
        except RateLimited as limit:
            form.add_error(None, limit.message)
            return page(429)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
            return page(403 if isinstance(error, PermissionDenied) else 400)
        if not created:
            messages.info(request, _("Your reply was already posted."))
        return redirect(_post_url(post))
    return page(400)


def _limit_refusal(request, body):
    """The rate limit's message when this post would go over it, else None."""
    try:
        limits.check_post(request.user, client_ip(request), body)
    except RateLimited as limit:
        return limit.message
    return None


def _post_url(post):
    url = post.thread.get_absolute_url()
    if post.page_number > 1:
        url += f"?page={post.page_number}"
    return f"{url}#post-{post.pk}"


@_with_login
def reply(request, pk):
    thread = _thread_or_404(request, pk)
    if request.method != "POST":
        return redirect(thread)
    if thread.merged_into_id:
        return redirect(thread.merged_into)
    return _reply(request, thread)


@require_GET
def post_permalink(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    try:
        _thread_or_404(request, post.thread_id)
    except _LoginRequired:
        return _login(request)
    if post.hidden and not perms.can_moderate_network(request.user):
        raise Http404
    return redirect(_post_url(post))


@require_safe
def post_image(request, pk, image_pk):
    """An image of a post, for whoever may read the post (images of private groups'
    threads are not reachable any other way)."""
    attachment = get_object_or_404(
        PostImage.objects.select_related(
            "post__thread__category", "post__thread__group"
        ),
        pk=image_pk,
        post_id=pk,
    )
    if not perms.can_see_post_images(request.user, attachment.post):
        # As for the thread: logging in may help with a members-only place; of a
        # private group's image a visitor learns nothing, not even that it exists.
        if perms.login_may_help(request.user, attachment.post.thread):
            return _login(request)
        raise Http404
    return _checked_file(attachment.image, _image_type(attachment.image.name))


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


def _image_type(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@require_POST
def preview(request):
    """The post as it will look (htmx or fetch from network.js)."""
    if not _signed_in(request):
        return HttpResponse(status=403)
    body = request.POST.get("body", "")[: services.MAX_POST_LENGTH + 1]
    try:
        body = services.clean_body(body)
    except ValidationError as error:
        return HttpResponse(
            format_html(
                '<p class="message message--error">{}</p>', " ".join(error.messages)
            )
        )
    return HttpResponse(services.render_body(body))


@require_GET
def mention_suggestions(request):
    """@mention autocomplete: up to 8 people whose name or handle starts with q,
    among those whose profile the member may open."""
    if not _signed_in(request):
        return JsonResponse({"error": _("Log in first.")}, status=403)
    q = typed_text(request.GET.get("q"), 41).lstrip("@")[:40]
    if len(q) < 2:
        return JsonResponse({"results": []})
    profiles = (
        Profile.objects.filter(perms.viewable_profiles_q(request.user))
        .filter(
            Q(handle__istartswith=q)
            | Q(user__display_name__istartswith=q)
            | Q(user__first_name__istartswith=q)
            | Q(user__last_name__istartswith=q)
        )
        .select_related("user__municipality")
        .order_by("handle")[:8]
    )
    return JsonResponse(
        {
            "results": [
                {
                    "handle": p.handle,
                    "name": p.user.public_name,
                    "municipality": str(p.user.municipality or ""),
                }
                for p in profiles
            ]
        }
    )


# --- Post actions --------------------------------------------------------------------


def _post_for_action(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("thread__category", "thread__group", "author"),
        pk=pk,
    )
    if not perms.can_read_thread(request.user, post.thread):
        raise Http404
    return post


@require_POST
def post_react(request, pk):
    if not _signed_in(request):
        return _login(request)
    post = _post_for_action(request, pk)
    try:
        services.toggle_reaction(request.user, post, request.POST.get("kind", ""))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
    return redirect(_post_url(post))


@require_POST
def post_bookmark(request, pk):
    if not _signed_in(request):
        return _login(request)
    post = _post_for_action(request, pk)
    added = services.toggle_bookmark(request.user, post)
    messages.success(request, _("Bookmarked.") if added else _("Bookmark removed."))
    return _back(request, _post_url(post))


@require_POST
def post_solution(request, pk):
    if not _signed_in(request):
        return _login(request)
    post = _post_for_action(request, pk)
    try:
        services.mark_solution(request.user, post)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
        if isinstance(error, PermissionDenied):
            raise
    else:
        messages.success(request, _("Marked as the solution."))
    return redirect(post.thread)


@require_POST
def thread_unsolve(request, pk):
    if not _signed_in(request):
        return _login(request)
    thread = get_object_or_404(Thread, pk=pk)
    if not perms.can_read_thread(request.user, thread):
        raise Http404
    services.unmark_solution(request.user, thread)
    messages.success(request, _("The thread is no longer marked as solved."))
    return redirect(thread)


@require_POST
def thread_watch(request, pk):
    if not _signed_in(request):
        return _login(request)
    thread = get_object_or_404(Thread, pk=pk)
    if not perms.can_read_thread(request.user, thread):
        raise Http404
    watching = request.POST.get("watching") == "1"
    services.set_watch(request.user, "thread", thread, watching)
    messages.success(
        request,
        _("You will be notified of new replies.")
        if watching
        else _("You no longer follow this thread."),
    )
    return redirect(thread)


def post_edit(request, pk):
    if not _signed_in(request):
        return _login(request)
    post = _post_for_action(request, pk)
    if not perms.can_edit_post(request.user, post):
        raise PermissionDenied
    first = post.position == 1
    form = EditPostForm(
        request.POST or None,
        initial={"body": post.body, "title": post.thread.title if first else ""},
    )
    if not first:
        del form.fields["title"]
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                request.user,
                post,
                form.cleaned_data["body"],
                title=form.cleaned_data.get("title") or None,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_post_url(post))
    return _private(
        _render(
            request,
            "network/post_edit.html",
            {"form": form, "post": post, "thread": post.thread},
            status=400 if form.errors else 200,
        )
    )


@require_POST
def post_delete(request, pk):
    if not _signed_in(request):
        return _login(request)
    post = _post_for_action(request, pk)
    if not perms.can_delete_post(request.user, post):
        raise PermissionDenied
    services.delete_post(request.user, post)
    if post.position == 1:
        messages.success(request, _("Your thread is deleted."))
        return redirect(post.thread.place)
    messages.success(request, _("The post is deleted."))
    return redirect(_post_url(post))


@require_GET
def post_history(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    try:
        _thread_or_404(request, post.thread_id)
    except _LoginRequired:
        return _login(request)
    if not perms.can_see_history(request.user, post):
        raise Http404
    revisions = list(post.revisions.select_related("edited_by"))
    for revision in revisions:
        revision.html = render(revision.body)
    return _render(
        request,
        "network/post_history.html",
        {
            "post": post,
            "thread": post.thread,
            "revisions": revisions,
            "can_remove": bool(revisions)
            and perms.can_remove_revision(request.user, revisions[0]),
        },
    )


@require_POST
def post_revision_remove(request, pk, revision_pk):
    """The author takes one earlier version of their post out of its history."""
    revision = get_object_or_404(
        PostRevision.objects.select_related("post__thread"),
        pk=revision_pk,
        post_id=pk,
    )
    if not perms.can_remove_revision(request.user, revision):
        raise Http404
    services.remove_revision(request.user, revision)
    messages.success(request, _("That version is removed from the post's history."))
    return redirect("network:post_history", pk=pk)


def post_flag(request, pk):
    if not _signed_in(request):
        return _login(request)
    post = _post_for_action(request, pk)
    if not perms.can_flag(request.user, post):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = moderation.flag(
            request.user, post, form.cleaned_data["reason"], form.cleaned_data["note"]
        )
        messages.success(
            request,
            _("Thank you: a moderator will look at this post.")
            if created
            else _("You have already flagged this post."),
        )
        return redirect(_post_url(post))
    return _private(
        _render(
            request,
            "network/flag.html",
            {"form": form, "post": post, "thread": post.thread},
            status=400 if form.errors else 200,
        )
    )


# --- Moderation ----------------------------------------------------------------------


def _moderator(request):
    if not _signed_in(request):
        raise _LoginRequired
    if not perms.can_moderate_network(request.user):
        raise PermissionDenied


@_with_login
@require_POST
def post_moderate(request, pk):
    _moderator(request)
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    hidden = request.POST.get("action") == "hide"
    try:
        moderation.set_post_hidden(
            request.user, post, hidden, request.POST.get("reason", "")[:1000]
        )
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(
            request, _("The post is hidden.") if hidden else _("The post is visible.")
        )
    return _back(request, _post_url(post))


@_with_login
@require_POST
def thread_moderate(request, pk):
    _moderator(request)
    thread = get_object_or_404(Thread, pk=pk)
    action = request.POST.get("action", "")
    if action not in {"hide", "unhide", "lock", "unlock", "pin", "unpin"}:
        raise Http404
    try:
        moderation.set_thread_state(
            request.user, thread, action, request.POST.get("reason", "")[:1000]
        )
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("Done."))
    return _back(request, thread.get_absolute_url())


def _place_choices():
    return [(f"category:{c.pk}", c.name) for c in Category.objects.all()] + [
        (f"group:{g.pk}", g.name) for g in Group.objects.all()
    ]


@_with_login
def thread_move(request, pk):
    _moderator(request)
    thread = get_object_or_404(Thread, pk=pk)
    choices = _place_choices()
    error = None
    if request.method == "POST":
        kind, _sep, place_pk = request.POST.get("place", "").partition(":")
        model = {"category": Category, "group": Group}.get(kind)
        place = (
            model.objects.filter(pk=place_pk).first()
            if model and place_pk.isdigit()
            else None
        )
        if place is None:
            error = _("Choose where to move the thread.")
        else:
            try:
                moderation.move_thread(
                    request.user, thread, place, request.POST.get("reason", "")
                )
            except moderation.AlreadyDone as done:
                messages.info(request, done.message)
            else:
                messages.success(request, _("The thread is moved."))
            return redirect(thread)
    return _private(
        _render(
            request,
            "network/thread_move.html",
            {"thread": thread, "choices": choices, "error": error},
            status=400 if error else 200,
        )
    )


@_with_login
def thread_merge(request, pk):
    _moderator(request)
    thread = get_object_or_404(Thread, pk=pk)
    error = None
    if request.method == "POST":
        target_pk = (
            request.POST.get("target", "").strip().rstrip("/").rpartition("/")[2]
        )
        target_pk = target_pk or request.POST.get("target", "")
        target = (
            Thread.objects.filter(pk=target_pk).first() if target_pk.isdigit() else None
        )
        if target is None:
            error = _("Give the number of the thread to merge into.")
        else:
            try:
                moderation.merge_threads(
                    request.user, thread, target, request.POST.get("reason", "")
                )
            except moderation.AlreadyDone as done:
                messages.info(request, done.message)
                return redirect("network:thread_short", pk=thread.pk)
            except ValidationError as invalid:
                error = _message(invalid)
            else:
                messages.success(request, _("The threads are merged."))
                return redirect(target)
    return _private(
        _render(
            request,
            "network/thread_merge.html",
            {"thread": thread, "error": error},
            status=400 if error else 200,
        )
    )


@_with_login
def moderation_queue(request):
    _moderator(request)
    flags = moderation.queue()
    page_obj = _page(request, flags, 30)
    return _private(
        _render(
            request,
            "network/moderation_queue.html",
            {
                "page_obj": page_obj,
                "flags": page_obj.object_list,
                "suspensions": Suspension.objects.active().select_related(
                    "user", "created_by"
                )[:50],
                "reason_form": ModerationReasonForm(),
            },
        )
    )


@_with_login
@require_POST
def flag_dismiss(request, pk):
    _moderator(request)
    flag = get_object_or_404(Flag.objects.select_related("post__thread"), pk=pk)
    try:
        moderation.dismiss_flag(request.user, flag)
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("The flag is dismissed."))
    return redirect("network:moderation")


@_with_login
def moderation_log(request):
    _moderator(request)
    page_obj = _page(request, moderation.audit_log(), 50)
    return _private(
        _render(
            request,
            "network/moderation_log.html",
            {"page_obj": page_obj, "actions": page_obj.object_list},
        )
    )


@_with_login
def suspend(request, user_pk):
    _moderator(request)
    member = get_object_or_404(User, pk=user_pk, is_active=True)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ends = timezone.make_aware(
            timezone.datetime.combine(
                form.cleaned_data["ends_on"], timezone.datetime.min.time()
            )
        )
        try:
            moderation.suspend(request.user, member, form.cleaned_data["reason"], ends)
        except ValidationError as invalid:
            form.add_error(None, _message(invalid))
        else:
            messages.success(
                request, _("%(name)s is suspended.") % {"name": member.public_name}
            )
            return redirect("network:moderation")
    return _private(
        _render(
            request,
            "network/suspend.html",
            {"form": form, "member": member},
            status=400 if form.errors else 200,
        )
    )


@_with_login
@require_POST
def lift_suspension(request, pk):
    _moderator(request)
    suspension = get_object_or_404(Suspension.objects.select_related("user"), pk=pk)
    try:
        moderation.lift_suspension(request.user, suspension)
    except moderation.AlreadyDone as done:
        messages.info(request, done.message)
    else:
        messages.success(request, _("The suspension is lifted."))
    return redirect("network:moderation")


# --- From thread to story ------------------------------------------------------------


@_with_login
def thread_to_story(request, pk):
    from .stories import draft_story_from_thread, story_preview

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
    return _private(
        _render(
            request,
            "network/thread_to_story.html",
            {"thread": thread, "form": form, "preview": preview},
            status=400 if form.errors else 200,
        )
    )


# --- Notifications -------------------------------------------------------------------


def notifications(request):
    if not _signed_in(request):
        return _login(request)
    qs = (
        Notification.objects.filter(recipient=request.user)
        .current()
        .for_list()
        .select_related("group")
    )
    if request.method == "POST":
        Notification.objects.filter(
            recipient=request.user, read_on__isnull=True
        ).update(read_on=timezone.now())
        messages.success(request, _("All notifications are marked as read."))
        return redirect("network:notifications")
    page_obj = _page(request, qs, 30)
    for notification in page_obj.object_list:
        notification.text = describe(notification)
    return _private(
        _render(
            request,
            "network/notifications.html",
            {"page_obj": page_obj, "notifications": page_obj.object_list},
        )
    )


@require_GET
def notification_open(request, pk):
    if not _signed_in(request):
        return _login(request)
    notification = get_object_or_404(
        Notification.objects.current(), pk=pk, recipient=request.user
    )
    if notification.read_on is None:
        Notification.objects.filter(pk=pk, read_on__isnull=True).update(
            read_on=timezone.now()
        )
    return redirect(notification.get_absolute_url())


@require_GET
def notification_count(request):
    """The badge: how many unread notifications (JSON for network.js)."""
    if not _signed_in(request):
        return JsonResponse({"unread": 0})
    count = (
        Notification.objects.filter(recipient=request.user, read_on__isnull=True)
        .current()
        .count()
    )
    label = ngettext(
        "%(count)d new notification", "%(count)d new notifications", count
    ) % {"count": count}
    response = JsonResponse({"unread": count, "label": label})
    add_never_cache_headers(response)
    return response


def preferences(request):
    if not _signed_in(request):
        return _login(request)
    preference = preference_of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("network:preferences")
    return _private(
        _render(
            request,
            "network/preferences.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )


def unsubscribe(request, token):
    """Stop all network e-mails from a link in one of them, without logging in
    (GET shows a button, so mail scanners following links change nothing)."""
    preference = preference_for_token(token)
    if preference is None:
        return _render(request, "network/unsubscribe.html", {"invalid": True}, 404)
    done = False
    if request.method == "POST":
        preference.email_mode = preference.EmailMode.NEVER
        preference.record_consent(False, via="unsubscribe")
        preference.save(update_fields=["email_mode", "consent_on", "consent_text"])
        done = True
    return _private(
        _render(request, "network/unsubscribe.html", {"done": done, "invalid": False})
    )


@require_GET
def bookmarks(request):
    if not _signed_in(request):
        return _login(request)
    qs = (
        Bookmark.objects.filter(user=request.user)
        .filter(post__in=Post.objects.visible_to(request.user))
        .select_related("post__thread", "post__author")
    )
    page_obj = _page(request, qs, 30)
    return _private(
        _render(
            request,
            "network/bookmarks.html",
            {"page_obj": page_obj, "bookmarks": page_obj.object_list},
        )
    )


# --- Profiles and the directory ------------------------------------------------------


def _profile_stats(profile):
    from stories.services import published_story_count

    return {"stories": published_story_count(profile.user_id)}


@require_GET
def directory(request):
    from .directory import directory_listing

    listing = directory_listing(request)
    return _render(request, "network/directory.html", listing)


@require_GET
def profile(request, user_pk):
    profile = (
        Profile.objects.for_listing()
        .filter(user_id=user_pk, user__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    if not perms.can_view_profile(request.user, profile):
        raise Http404  # whether the person is a member is not the reader's business
    threads = (
        Thread.objects.visible_to(request.user)
        .filter(author_id=user_pk)
        .for_list()[:10]
    )
    return _render(
        request,
        "network/profile.html",
        {
            "profile": profile,
            "member": profile.user,
            "threads": threads,
            "stats": _profile_stats(profile),
            "can_see_email": perms.can_see_email(request.user, profile),
        },
    )


@require_safe
def profile_photo(request, user_pk, kind):
    """A profile's photo or thumbnail, for those who may see the profile (the file
    lives under MEDIA_ROOT/private/, which /media/ never serves)."""
    if kind not in ("photo", "thumb"):
        raise Http404
    profile = (
        Profile.objects.select_related("user")
        .filter(user_id=user_pk, user__is_active=True)
        .first()
    )
    if profile is None or not perms.can_view_profile(request.user, profile):
        raise Http404
    field = profile.photo if kind == "photo" else profile.photo_thumbnail
    if not field:
        raise Http404
    return _checked_file(field, "image/jpeg")


def profile_edit(request):
    if not _signed_in(request):
        return _login(request)
    profile = services.profile_of(request.user)
    old_files = [profile.photo.name, profile.photo_thumbnail.name]
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        _save_profile(form, profile, old_files)
        messages.success(request, _("Your profile is saved."))
        return redirect(profile)
    return _private(
        _render(
            request,
            "network/profile_edit.html",
            {"form": form, "profile": profile},
            status=400 if form.errors else 200,
        )
    )


def _save_profile(form, profile, old_files):
    from django.core.files.storage import default_storage
    from django.db import transaction

    upload = form.cleaned_data.get("photo")
    new_upload = bool(upload) and "photo" in form.changed_data
    profile = form.save(commit=False)
    stored = []
    try:
        with transaction.atomic():
            if form.cleaned_data.get("remove_photo") and not new_upload:
                profile.photo = ""
                profile.photo_thumbnail = ""
            elif new_upload:
                photo, thumbnail = photo_files(upload, f"member-{profile.user_id}")
                profile.photo.save(photo.name, photo, save=False)
                stored.append(profile.photo.name)
                profile.photo_thumbnail.save(thumbnail.name, thumbnail, save=False)
                stored.append(profile.photo_thumbnail.name)
            profile.save()
            form.save_m2m()
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    current = {profile.photo.name, profile.photo_thumbnail.name}
    for name in old_files:
        if name and name not in current:
            transaction.on_commit(lambda name=name: default_storage.delete(name))


# --- One's own data ------------------------------------------------------------------


@require_GET
def my_data(request):
    if not _signed_in(request):
        return _login(request)
    data = privacy.export_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="dela-my-data.json"'
    add_never_cache_headers(response)
    return response


def erase(request):
    """Erase the account, after the person proves it is them: their password again
    (allauth's reauthentication, valid for a few minutes), or for an account that
    signs in through its municipality only, a login of the last few minutes."""
    if not _signed_in(request):
        return _login(request)
    if request.user.has_usable_password():
        return _erase_after_password(request)
    timeout = timedelta(seconds=allauth_settings.REAUTHENTICATION_TIMEOUT)
    last_login = request.user.last_login
    if last_login is None or timezone.now() - last_login > timeout:
        logout(request)
        messages.info(
            request,
            _("Log in again to confirm that it is you, then erase your account."),
        )
        return _login(request)
    return _erase(request)


def _erase(request):
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            privacy.erase_account(
                user, remove_posts=form.cleaned_data["posts"] == "remove"
            )
        except ProtectedError:
            # Something elsewhere on Dela still needs this account; nothing changed.
            form.add_error(
                None,
                _(
                    "Your account is still needed by other content on Dela. Please "
                    "write to the site's administrators, who will erase it for you."
                ),
            )
        else:
            logout(request)
            messages.success(request, _("Your account and personal data are erased."))
            return redirect("/")
    return _private(
        _render(
            request,
            "network/erase.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )


# The password again before anything is erased: allauth's reauthentication page, which
# brings the person back here.
_erase_after_password = reauthentication_required(_erase)
