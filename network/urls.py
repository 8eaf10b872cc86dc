"""/network/ (the forum) and /ambassadors/ (the directory), before Wagtail's pages."""

from django.urls import path

from .views import inbox, moderation, people, places, posts, story, threads

app_name = "network"

urlpatterns = [
    path("network/", places.index, name="index"),
    path("network/new/", threads.new_thread, name="new_thread"),
    path("network/c/<slug:slug>/", places.category, name="category"),
    path(
        "network/c/<slug:slug>/new/",
        threads.new_thread_category,
        name="new_thread_category",
    ),
    path("network/g/<int:pk>/", places.group_by_pk, name="group_by_pk"),
    path("network/groups/<slug:slug>/", places.group, name="group"),
    path(
        "network/groups/<slug:slug>/new/",
        threads.new_thread_group,
        name="new_thread_group",
    ),
    path("network/groups/<slug:slug>/join/", places.join_group, name="join_group"),
    path("network/groups/<slug:slug>/leave/", places.leave_group, name="leave_group"),
    path(
        "network/groups/<slug:slug>/members/",
        places.group_requests,
        name="group_requests",
    ),
    path("network/tags/<str:slug>/", places.tag, name="tag"),
    path("network/watch/<str:kind>/<int:pk>/", places.watch, name="watch"),
    path("network/t/<int:pk>/", threads.thread_short, name="thread_short"),
    path("network/t/<int:pk>/<slug:slug>/", threads.thread, name="thread"),
    path("network/t/<int:pk>/-/reply/", threads.reply, name="reply"),
    path("network/t/<int:pk>/-/watch/", posts.thread_watch, name="thread_watch"),
    path("network/t/<int:pk>/-/unsolve/", posts.thread_unsolve, name="thread_unsolve"),
    path(
        "network/t/<int:pk>/-/moderate/",
        moderation.thread_moderate,
        name="thread_moderate",
    ),
    path("network/t/<int:pk>/-/move/", moderation.thread_move, name="thread_move"),
    path("network/t/<int:pk>/-/merge/", moderation.thread_merge, name="thread_merge"),
    path("network/t/<int:pk>/-/story/", story.thread_to_story, name="thread_story"),
    path("network/p/<int:pk>/", threads.post_permalink, name="post"),
    path(
        "network/p/<int:pk>/images/<int:image_pk>/",
        threads.post_image,
        name="post_image",
    ),
    path("network/p/<int:pk>/edit/", posts.post_edit, name="post_edit"),
    path("network/p/<int:pk>/delete/", posts.post_delete, name="post_delete"),
    path("network/p/<int:pk>/history/", posts.post_history, name="post_history"),
    path(
        "network/p/<int:pk>/history/<int:revision_pk>/remove/",
        posts.post_revision_remove,
        name="post_revision_remove",
    ),
    path("network/p/<int:pk>/solution/", posts.post_solution, name="post_solution"),
    path("network/p/<int:pk>/react/", posts.post_react, name="post_react"),
    path("network/p/<int:pk>/bookmark/", posts.post_bookmark, name="post_bookmark"),
    path("network/p/<int:pk>/flag/", posts.post_flag, name="post_flag"),
    path(
        "network/p/<int:pk>/moderate/", moderation.post_moderate, name="post_moderate"
    ),
    path("network/preview/", threads.preview, name="preview"),
    path("network/mentions/", threads.mention_suggestions, name="mentions"),
    path("network/notifications/", inbox.notifications, name="notifications"),
    path(
        "network/notifications/count/",
        inbox.notification_count,
        name="notification_count",
    ),
    path(
        "network/notifications/<int:pk>/",
        inbox.notification_open,
        name="notification_open",
    ),
    path("network/preferences/", inbox.preferences, name="preferences"),
    path("network/unsubscribe/<str:token>/", inbox.unsubscribe, name="unsubscribe"),
    path("network/bookmarks/", inbox.bookmarks, name="bookmarks"),
    path("network/moderation/", moderation.moderation_queue, name="moderation"),
    path("network/moderation/log/", moderation.moderation_log, name="moderation_log"),
    path(
        "network/moderation/flags/<int:pk>/dismiss/",
        moderation.flag_dismiss,
        name="flag_dismiss",
    ),
    path(
        "network/moderation/suspend/<int:user_pk>/", moderation.suspend, name="suspend"
    ),
    path(
        "network/moderation/suspensions/<int:pk>/lift/",
        moderation.lift_suspension,
        name="lift_suspension",
    ),
    path("network/me/profile/", people.profile_edit, name="profile_edit"),
    path("network/me/data.json", people.my_data, name="my_data"),
    path("network/me/erase/", people.erase, name="erase"),
    path("ambassadors/", people.directory, name="directory"),
    path("ambassadors/<int:user_pk>/", people.profile, name="profile"),
    path(
        "ambassadors/<int:user_pk>/<str:kind>.jpg",
        people.profile_photo,
        name="profile_photo",
    ),
]
