from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, UpdateView

from .forms import AmbassadorRequestForm, ProfileForm
from .models import AmbassadorRequest
from .permissions import permissions
from .roles import Role, roles_of
from .services import request_ambassador_status


class ProfileView(LoginRequiredMixin, UpdateView):
    """A member's own profile: name, municipality, e-mail language, roles."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ambassador_requests"] = AmbassadorRequest.objects.filter(
            user=self.request.user
        ).select_related("municipality")[:5]
        held = roles_of(self.request.user)
        context["roles_display"] = [role.label for role in Role if role in held]
        return context

    def form_valid(self, form):
        messages.success(self.request, _("Your profile has been saved."))
        return super().form_valid(form)


class AmbassadorRequestView(LoginRequiredMixin, FormView):
    """How a member becomes an ambassador: a request that an editor decides."""

    form_class = AmbassadorRequestForm
    template_name = "accounts/ambassador_request.html"
    success_url = reverse_lazy("accounts:profile")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # An ambassador, or a member whose request is waiting (the form sent twice,
            # or opened again), is told why on the profile rather than shown a 403.
            refusal = permissions.ambassador_request_refusal(request.user)
            if refusal is not None:
                messages.info(request, refusal)
                return redirect("accounts:profile")
            if not permissions.can_request_ambassador_status(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"municipality": self.request.user.municipality}

    def form_valid(self, form):
        try:
            request_ambassador_status(
                self.request.user,
                form.cleaned_data["municipality"],
                form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Thank you! An editor will look at your request and answer by e-mail."),
        )
        return super().form_valid(form)


def admin_login(request):
    """Where the Wagtail admin sends someone it will not let in: visitors to the one
    login (allauth's, back to the admin afterwards); someone signed in without the
    admin gets "not allowed" (the login would only send them back: a loop)."""
    if request.user.is_authenticated:
        raise PermissionDenied
    target = request.GET.get("next") or "/admin/"
    return redirect_to_login(target, "/accounts/login/")
