from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Case stories")

    def ready(self):
        from . import signals  # the reviewers' notice for the review task
        from .services import (
            ensure_review_workflow_after_migrate,
            reviewed_index_models,
        )

        signals.connect_wagtail_notifications()
        post_migrate.connect(
            ensure_review_workflow_after_migrate,
            sender=self,
            dispatch_uid="dela-stories-review-workflow",
        )
        for model in reviewed_index_models():
            post_save.connect(
                _index_created,
                sender=model,
                dispatch_uid=f"dela-review-workflow-{model._meta.label_lower}",
            )


def _index_created(sender, instance, created, raw=False, **kwargs):
    """A new index that takes submissions (from the admin or the demo) gets the
    review workflow."""
    if created and not raw:
        from .services import ensure_review_workflow

        ensure_review_workflow()
