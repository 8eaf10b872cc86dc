"""Editors decide ambassador requests in the Wagtail admin."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AmbassadorRequest
from .services import decide_ambassador_request


class DecisionForm(WagtailAdminModelForm):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (
                AmbassadorRequest.Status.APPROVED,
                _("Approve: make this member an ambassador"),
            ),
            (AmbassadorRequest.Status.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = AmbassadorRequest
        fields = ["status", "decision_note"]


class DecideView(EditView):
    """The edit view saves nothing itself: the decision goes through the service, which
    grants the role and e-mails the member exactly once."""

    def form_valid(self, form):
        try:
            self.object = decide_ambassador_request(
                self.object,
                self.request.user,
                form.cleaned_data["status"],
                form.cleaned_data["decision_note"],
            )
        except ValidationError as exc:
            # Show the decision that stands, not the refused one the form wrote onto
            # the instance while validating.
            self.object.refresh_from_db()
            form.add_error(None, exc)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.form = form
        response = self.save_action()
        replaced = self.object.replaced_municipality
        if replaced is not None:
            messages.warning(
                self.request,
                _(
                    "%(name)s's municipality changed from %(previous)s to"
                    " %(municipality)s, the one named in the request."
                )
                % {
                    "name": self.object.user.public_name,
                    "previous": replaced,
                    "municipality": self.object.municipality,
                },
            )
        return response


class AmbassadorRequestViewSet(ModelViewSet):
    model = AmbassadorRequest
    icon = "user"
    menu_label = _("Ambassador requests")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_view_class = DecideView
    list_display = ["user", "municipality", "status", "created_at"]
    list_filter = ["status", "municipality__country"]
    search_fields = ["user__email", "user__display_name", "motivation"]
    form_fields = ["status", "decision_note"]

    def get_form_class(self, for_update=False):
        return DecisionForm

    def get_edit_handler(self):
        return ObjectList(
            [
                HelpPanel(
                    template="accounts/admin/ambassador_request_summary.html",
                    heading=_("Request"),
                ),
                FieldPanel("status"),
                FieldPanel("decision_note"),
            ]
        ).bind_to_model(AmbassadorRequest)

    def get_queryset(self, request):
        return AmbassadorRequest.objects.select_related("user", "municipality")


@hooks.register("register_admin_viewset")
def register_ambassador_requests():
    return AmbassadorRequestViewSet("ambassador_requests")
