from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_story_log_actions(actions):
    # CatalogueReviewTaskState.close(): an editor rejected a submission outright.
    actions.register_action(
        "stories.workflow.close", _("Reject submission"), _("Submission rejected")
    )
