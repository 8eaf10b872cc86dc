from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path(
        "ambassador/", views.AmbassadorRequestView.as_view(), name="ambassador_request"
    ),
]
