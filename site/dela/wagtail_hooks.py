"""Private pages and documents (Wagtail's privacy settings) for someone already
signed in whom the restriction does not admit: a 404, as for what does not exist.
Wagtail would send them to the login page, which sends a signed-in person straight
back: a loop, and a confirmation that the thing exists. Visitors still go to log in;
password restrictions still ask for the password."""

from django.http import Http404
from wagtail import hooks
from wagtail.models import BaseViewRestriction


def _refuse_signed_in(request, restrictions):
    user = request.user
    if not user.is_authenticated:
        return
    for restriction in restrictions:
        if (
            restriction.restriction_type != BaseViewRestriction.PASSWORD
            and not restriction.accept_request(request)
        ):
            raise Http404


@hooks.register("on_serve_page", order=-1)  # outside Wagtail's own check
def signed_in_but_not_admitted_to_a_page(serve):
    def inner(page, request, serve_args, serve_kwargs):
        if request.user.is_authenticated:  # no restriction query for visitors
            _refuse_signed_in(request, page.get_view_restrictions())
        return serve(page, request, serve_args, serve_kwargs)

    return inner


@hooks.register("before_serve_document", order=-1)  # before Wagtail's own check
def signed_in_but_not_admitted_to_a_document(document, request):
    _refuse_signed_in(request, document.collection.get_view_restrictions())
