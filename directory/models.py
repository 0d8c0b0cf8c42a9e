"""What the portal keeps from the directory: which directory group gives which role in which portal (edited by each
portal's 管理者), and each directory user's 所属 and 職員区分 as read at their last sign-in."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel

from portal.models import PORTAL_CHOICES, Audience
from portal.portals import PORTALS_BY_KEY
from portal.roles import ROLES, group_name

ROLE_CHOICES = [(role.key, role.label) for role in ROLES]


class DirectoryGroupMapping(models.Model):
    """Members of a directory group hold a portal role: the portal's role group is given at sign-in and taken back at
    the next sign-in after they leave the directory group."""

    portal = models.CharField("ポータル", max_length=20, choices=PORTAL_CHOICES)
    directory_group = models.CharField(
        "ディレクトリのグループ",
        max_length=255,
        help_text="グループの DN（例: cn=soumu-helpdesk,ou=groups,dc=city,dc=example）または cn（例: soumu-helpdesk）。大文字・小文字は区別しません。",
    )
    role = models.CharField("役割", max_length=30, choices=ROLE_CHOICES)

    panels = [FieldPanel("portal"), FieldPanel("directory_group"), FieldPanel("role")]

    class Meta:
        verbose_name = "ディレクトリグループの対応"
        verbose_name_plural = "ディレクトリグループの対応"
        ordering = ["portal", "directory_group", "role"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "directory_group", "role"], name="directory_group_mapping_unique")
        ]

    def __str__(self):
        return f"{self.directory_group} → {self.group_name}"

    @property
    def group_name(self):
        """The portal role group this mapping gives, e.g. 「ヘルプデスク（総務）」."""
        return group_name(self.role, PORTALS_BY_KEY[self.portal])


class DirectoryProfile(models.Model):
    """A directory user's 所属 and 職員区分, refreshed at each sign-in; what the helpdesk's requester fields mean."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_profile", verbose_name="ユーザー"
    )
    affiliation = models.CharField("所属（課・学校）", max_length=100, blank=True)
    employee_type = models.CharField("職員区分（ディレクトリの値）", max_length=100, blank=True)
    audience = models.ForeignKey(
        Audience, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="職員区分"
    )
    synced_at = models.DateTimeField("最終同期日時", auto_now=True)

    class Meta:
        verbose_name = "ディレクトリの利用者情報"
        verbose_name_plural = "ディレクトリの利用者情報"

    def __str__(self):
        return self.affiliation or str(self.user)
