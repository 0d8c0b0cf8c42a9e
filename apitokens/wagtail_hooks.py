"""Admin → 設定 → APIトークン: a portal's 管理者 creates, reads and revokes the tokens of their own portal only
(another centre's token is a 404 everywhere, as with every OwnCentreViewSet). The secret is shown once, in the
message after creation; afterwards only its first characters are."""

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView

from portal.admin_views import OwnCentreViewSet, OwnPortalChoicesForm
from portal.scope import administered_portals

from .models import APIToken, Scope


class APITokenForm(OwnPortalChoicesForm):
    own_portals = staticmethod(administered_portals)
    scopes = forms.MultipleChoiceField(label="読み取りを許すAPI", choices=Scope.choices, widget=forms.CheckboxSelectMultiple)
    revoke = forms.BooleanField(label="このトークンを失効させる", required=False, help_text="失効したトークンは元に戻せません。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or self.instance.revoked_at is not None:
            del self.fields["revoke"]

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at is not None and expires_at <= timezone.now() and self.instance.pk is None:
            raise forms.ValidationError("有効期限には未来の日時を指定してください。")
        return expires_at

    def save(self, commit=True):
        token = super().save(commit=False)
        if token.pk is None:
            self.secret = token.set_secret()
            token.created_by = self.for_user
        if self.cleaned_data.get("revoke"):
            token.revoked_at = timezone.now()
        if commit:
            token.save()
        return token


class APITokenCreateView(CreateView):
    def get_success_message(self, instance):
        return format_html(
            "APIトークン「{}」を作成しました。トークンは今だけ表示します。控えて安全に渡してください：<code>{}</code>",
            instance.name,
            self.form.secret,
        )


class APITokenViewSet(OwnCentreViewSet):
    model = APIToken
    icon = "key"
    menu_label = "APIトークン"
    add_to_settings_menu = True
    add_view_class = APITokenCreateView
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("portal"), FieldPanel("scopes"), FieldPanel("expires_at"), FieldPanel("revoke")],
        base_form_class=APITokenForm,
    )
    list_display = [
        "name",
        Column("prefix", label="トークンの先頭"),
        Column("portal", label="ポータル", accessor="get_portal_display"),
        Column("scopes", label="読み取りを許すAPI", accessor=lambda token: "、".join(token.scopes)),
        DateColumn("expires_at", label="有効期限"),
        DateColumn("revoked_at", label="失効日時"),
        DateColumn("last_used_at", label="最終利用日時"),
    ]

    def get_queryset(self, request):
        return APIToken.objects.filter(portal__in=administered_portals(request.user))


register_snippet(APITokenViewSet)
