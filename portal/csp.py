"""Content-Security-Policy (django-csp): the strict policy of settings.CONTENT_SECURITY_POLICY on the portals,
loosened for Wagtail's admin only.

The portals' own templates run no inline script or style, so a page that gets markup injected into it still cannot
run it. Wagtail's admin writes inline scripts (date pickers, inline panels, search promotions) and inline styles, so
under ADMIN_URL_PREFIX it also allows those; everything else (other hosts, plugins, framing by other sites) stays
refused there too.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_URL_PREFIX = "/admin/"

ADMIN_ADDITIONS = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],
}


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, adding ADMIN_ADDITIONS to the policy of the admin's responses."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_URL_PREFIX) and parts.update is None:
            parts.update = ADMIN_ADDITIONS
        return parts
