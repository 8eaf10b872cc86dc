"""/network/ (the forum) and /ambassadors/ (the directory), before Wagtail's pages."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("network/", views.index, name="index"),
    path("network/new/", views.new_thread, name="new_thread"),
    path("network/c/<slug:slug>/", views.category, name="category"),
    path(
        "network/c/<slug:slug>/new/",
        views.new_thread_category,
        name="new_thread_category",
    ),
    path("network/g/<int:pk>/", views.group_by_pk, name="group_by_pk"),
    path("network/groups/<slug:slug>/", views.group, name="group"),
    path(
        "network/groups/<slug:slug>/new/",
        views.new_thread_group,
        name="new_thread_group",
    ),
    path("network/groups/<slug:slug>/join/", views.join_group, name="join_group"),
    path("network/groups/<slug:slug>/leave/", views.leave_group, name="leave_group"),
    path(
        "network/groups/<slug:slug>/members/",
        views.group_requests,
        name="group_requests",
    ),
    path("network/tags/<str:slug>/", views.tag, name="tag"),
    path("network/watch/<str:kind>/<int:pk>/", views.watch, name="watch"),
    path("network/t/<int:pk>/", views.thread_short, name="thread_short"),
    path("network/t/<int:pk>/<slug:slug>/", views.thread, name="thread"),
    path("network/t/<int:pk>/-/reply/", views.reply, name="reply"),
    path("network/t/<int:pk>/-/watch/", views.thread_watch, name="thread_watch"),
    path("network/t/<int:pk>/-/unsolve/", views.thread_unsolve, name="thread_unsolve"),
    path(
        "network/t/<int:pk>/-/moderate/",
        views.thread_moderate,
        name="thread_moderate",
    ),
    path("network/t/<int:pk>/-/move/", views.thread_move, name="thread_move"),
    path("network/t/<int:pk>/-/merge/", views.thread_merge, name="thread_merge"),
    path("network/t/<int:pk>/-/story/", views.thread_to_story, name="thread_story"),
    path("network/p/<int:pk>/", views.post_permalink, name="post"),
    path(
        "network/p/<int:pk>/images/<int:image_pk>/",
        views.post_image,
        name="post_image",
    ),
    path("network/p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("network/p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("network/p/<int:pk>/history/", views.post_history, name="post_history"),
    path(
        "network/p/<int:pk>/history/<int:revision_pk>/remove/",
        views.post_revision_remove,
        name="post_revision_remove",
    ),
    path("network/p/<int:pk>/solution/", views.post_solution, name="post_solution"),
    path("network/p/<int:pk>/react/", views.post_react, name="post_react"),
    path("network/p/<int:pk>/bookmark/", views.post_bookmark, name="post_bookmark"),
    path("network/p/<int:pk>/flag/", views.post_flag, name="post_flag"),
    path("network/p/<int:pk>/moderate/", views.post_moderate, name="post_moderate"),
    path("network/preview/", views.preview, name="preview"),
    path("network/mentions/", views.mention_suggestions, name="mentions"),
    path("network/notifications/", views.notifications, name="notifications"),
    path(
        "network/notifications/count/",
        views.notification_count,
        name="notification_count",
    ),
    path(
        "network/notifications/<int:pk>/",
        views.notification_open,
        name="notification_open",
    ),
    path("network/preferences/", views.preferences, name="preferences"),
    path("network/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("network/bookmarks/", views.bookmarks, name="bookmarks"),
    path("network/moderation/", views.moderation_queue, name="moderation"),
    path("network/moderation/log/", views.moderation_log, name="moderation_log"),
    path(
        "network/moderation/flags/<int:pk>/dismiss/",
        views.flag_dismiss,
        name="flag_dismiss",
    ),
    path("network/moderation/suspend/<int:user_pk>/", views.suspend, name="suspend"),
    path(
        "network/moderation/suspensions/<int:pk>/lift/",
        views.lift_suspension,
        name="lift_suspension",
    ),
    path("network/me/profile/", views.profile_edit, name="profile_edit"),
    path("network/me/data.json", views.my_data, name="my_data"),
    path("network/me/erase/", views.erase, name="erase"),
    path("ambassadors/", views.directory, name="directory"),
    path("ambassadors/<int:user_pk>/", views.profile, name="profile"),
    path(
        "ambassadors/<int:user_pk>/<str:kind>.jpg",
        views.profile_photo,
        name="profile_photo",
    ),
]
