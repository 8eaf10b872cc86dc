from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggest/", views.autocomplete, name="search_autocomplete"),
    path("api/search/", views.api_search, name="api_search"),
]
