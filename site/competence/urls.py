from django.urls import path

from . import views

app_name = "competence"

urlpatterns = [
    path("competence/", views.digcomp, name="digcomp"),
    path("competence/assessment/", views.assessment_start, name="assessment"),
    path(
        "competence/assessment/area/<str:code>/",
        views.assessment_area,
        name="assessment_area",
    ),
    path(
        "competence/assessment/finish/",
        views.assessment_finish,
        name="assessment_finish",
    ),
    path(
        "competence/assessment/<int:pk>/",
        views.assessment_result,
        name="assessment_result",
    ),
]
