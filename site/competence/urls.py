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
    path("competence/paths/", views.my_paths, name="my_paths"),
    path("competence/paths/propose/", views.propose_path, name="propose_path"),
    path("competence/paths/proposals/", views.path_proposals, name="path_proposals"),
    path(
        "competence/paths/proposals/<int:pk>/edit/",
        views.edit_path_proposal,
        name="edit_path_proposal",
    ),
    path("competence/paths/<int:pk>/follow/", views.path_follow, name="path_follow"),
    path(
        "competence/paths/<int:pk>/steps/<int:step>/",
        views.path_step,
        name="path_step",
    ),
    path(
        "municipalities/<slug:slug>/",
        views.municipality_page,
        name="municipality",
    ),
    path("competence/programme/", views.programme, name="programme"),
    path(
        "competence/programme/figures.csv",
        views.programme_csv,
        name="programme_csv",
    ),
]
