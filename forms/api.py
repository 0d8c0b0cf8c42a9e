"""Read-only headless access to 様式: the published templates of the portals the user reads, with today's version.

The download URL is the portal-checked view on the template's own portal host (that view serves a template only on
its portal's host), so a client can follow it as is.
"""

from rest_framework.fields import Field
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.views import BaseAPIViewSet

from pages.models import portal_homes
from portal.scope import member_portals

from .models import FormTemplate


class CurrentVersionField(Field):
    """The version in effect today (label, 施行日, download URL), or null before the first 施行日."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, template):
        version = template.current_version()
        if version is None:
            return None
        return {
            "label": version.label,
            "effective_date": version.effective_date.isoformat(),
            "download_url": self.context["portal_roots"][template.portal] + template.get_absolute_url(),
        }


class FormTemplateSerializer(BaseSerializer):
    current_version = CurrentVersionField(read_only=True)


class FormTemplatesAPIViewSet(BaseAPIViewSet):
    base_serializer_class = FormTemplateSerializer
    filter_backends = [FieldsFilter, OrderingFilter]
    body_fields = BaseAPIViewSet.body_fields + ["number", "title", "portal", "current_version"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["number", "title", "portal", "current_version"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["number", "title"]
    name = "forms"
    model = FormTemplate

    def get_queryset(self):
        return FormTemplate.objects.live().in_portal_list(member_portals(self.request.user)).order_by("portal", "number")

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "portal_roots": {home.portal_key: home.get_site().root_url for home in portal_homes()},
        }
