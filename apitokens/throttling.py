"""Each token's own rate limit (API_TOKEN_RATE, e.g. 60/min), so one busy or broken client cannot slow the portal
for the others; the 429 says in Japanese when to try again. Signed-in users are not limited here."""

from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from .models import APIToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, APIToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}

    def allow_request(self, request, view):
        if super().allow_request(request, view):
            return True
        wait = self.wait()
        seconds = max(1, round(wait)) if wait is not None else 60
        raise Throttled(wait, detail=f"APIトークンの利用回数の上限を超えました。{seconds}秒後にもう一度お試しください。")
