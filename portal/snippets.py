"""Admin of the portal app's snippets where one centre's 管理者 must not reach into the other centre.

閉所日 (ClosureDay): a 管理者 sees and edits only their own centre's closure days (another's is a 404) and must
name the centre; days of both centres (ポータル blank) are a superuser's, as they change both centres' deadlines.
業務所管課 (Section) is shared by both portals, but its 承認者 field offers only the editor's own portal's
業務所管課 members (Wagtail would list every user of both portals), and keeps the other portal's reviewers on save.
"""

from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import OwnCentreViewSet
from .models import ClosureDay, Section
from .portals import PORTALS_BY_KEY
from .roles import SECTION_REVIEWER, group_name
from .scope import administered_portals


class ClosureDayForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and not self.for_user.is_superuser:
            portals = administered_portals(self.for_user)
            field = self.fields["portal"]
            field.choices = [choice for choice in field.choices if choice[0] in portals]
            field.required = True


class ClosureDayViewSet(OwnCentreViewSet):
    model = ClosureDay
    icon = "date"
    edit_handler = ObjectList(ClosureDay.panels, base_form_class=ClosureDayForm)
    list_display = ["__str__", "portal"]
    list_filter = ["portal"]

    def get_queryset(self, request):
        days = ClosureDay.objects.all()
        return days if request.user.is_superuser else days.filter(portal__in=administered_portals(request.user))


def eligible_reviewers(user):
    """Users `user` may name as a section's 承認者: members of the 業務所管課 group of the portals they administer."""
    users = get_user_model().objects.filter(is_active=True)
    if user.is_superuser:
        return users
    names = [group_name(SECTION_REVIEWER, PORTALS_BY_KEY[key]) for key in administered_portals(user)]
    return users.filter(groups__name__in=names).distinct()


class SectionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["reviewers"].queryset = eligible_reviewers(self.for_user).order_by("username")

    def _save_m2m(self):
        """Saving sets the 承認者 to what was chosen among the visible users; the other portal's stay."""
        hidden = list(self.instance.reviewers.exclude(pk__in=self.fields["reviewers"].queryset.values("pk")))
        super()._save_m2m()
        self.instance.reviewers.add(*hidden)


class SectionViewSet(SnippetViewSet):
    model = Section
    edit_handler = ObjectList(Section.panels, base_form_class=SectionForm)
