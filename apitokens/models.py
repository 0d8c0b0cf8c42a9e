"""API tokens for machine clients (a chatbot, kintone, a Teams bot): one portal, read scopes, an expiry, revocation.

Only a SHA-256 hash of the secret is stored (the secret is 256 random bits, so a plain hash cannot be guessed
back); the secret itself is shown once, when the token is created. Each use is one APITokenUse row: which token,
when, which address — never the query string, where a question may name a person.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.models import PORTAL_CHOICES

PREFIX_CHARS = 8


class Scope(models.TextChoices):
    FAQ = "faq", "FAQ（ページAPI）"
    PROCEDURES = "procedures", "手続き案内（ページAPI）"
    FORMS = "forms", "様式API"
    SEARCH = "search", "検索API"
    ANSWER = "answer", "回答API（チャットボット）"


def hashed(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class APIToken(models.Model):
    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES)
    name = models.CharField("名前", max_length=100, help_text="使う仕組みの名前（例：庁内チャットボット）")
    scopes = models.JSONField("読み取りを許すAPI", default=list)
    prefix = models.CharField("トークンの先頭", max_length=PREFIX_CHARS, editable=False)
    key_hash = models.CharField("トークンのハッシュ", max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("有効期限")
    revoked_at = models.DateTimeField("失効日時", null=True, blank=True)
    last_used_at = models.DateTimeField("最終利用日時", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作成者", null=True, on_delete=models.SET_NULL, editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "APIトークン"
        verbose_name_plural = "APIトークン"

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    def set_secret(self):
        """Give the token a new secret and return it: the only time anyone sees it."""
        secret = secrets.token_urlsafe(32)
        self.prefix, self.key_hash = secret[:PREFIX_CHARS], hashed(secret)
        return secret

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class APITokenUse(models.Model):
    token = models.ForeignKey(APIToken, verbose_name="APIトークン", on_delete=models.CASCADE, related_name="uses")
    path = models.CharField("アドレス", max_length=200)
    used_at = models.DateTimeField("利用日時", default=timezone.now, db_index=True)
    portal_lookup = "token__portal"

    class Meta:
        ordering = ["-used_at"]
        verbose_name = "APIトークンの利用記録"
        verbose_name_plural = "APIトークンの利用記録"
