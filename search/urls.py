from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggest/", views.autocomplete, name="search_autocomplete"),
    path("search/click/", views.follow_result, name="search_click"),
    path("api/search/", views.api_search, name="api_search"),
]
