"""What a token may read: an API view names the scopes it answers to (`token_scopes`, any one of them will do) and
a token without one of them, or of another portal than the host it calls, gets a Japanese 403. Views that name no
scopes (the helpdesk and reports APIs, documents) are for signed-in staff only and refuse every token."""

from rest_framework.permissions import BasePermission

from portal.scope import request_portal

from .models import APIToken, Scope


class TokenScopes(BasePermission):
    message = "このAPIトークンでは、このAPIを使えません。"

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, APIToken):
            return True
        scopes = getattr(view, "token_scopes", ())
        if not set(scopes) & set(token.scopes):
            labels = "、".join(Scope(scope).label for scope in scopes)
            self.message = f"このAPIトークンには、このAPIの読み取り権限（{labels}）がありません。" if scopes else self.message
            return False
        spec, _home = request_portal(request)
        if spec is not None and spec.key != token.portal:
            self.message = "このAPIトークンは、このポータルでは使えません。"
            return False
        return True
