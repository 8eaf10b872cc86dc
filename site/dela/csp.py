"""The Content-Security-Policy, with one documented exception for the Wagtail admin.

The public site allows scripts from the site itself only (settings:
CONTENT_SECURITY_POLICY). Wagtail's admin still starts its choosers, inline panels and
date pickers from inline scripts, so under /admin/ (and only there) inline scripts are
allowed too: the admin is used by signed-in staff, every page of it needs a login, and
it takes no content from visitors into its scripts. Everything else in the policy
(frame-ancestors, form-action, object-src...) is the same.
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_SCRIPT_SRC = ["'self'", "'unsafe-inline'"]


class DelaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**(parts.replace or {}), "script-src": ADMIN_SCRIPT_SRC}
        return parts
