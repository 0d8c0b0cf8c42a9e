import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search.answer_api import AnswerAPIView
from search.api import SearchAPIView

from . import admin_urls
from .api import api_router
from .openapi import SchemaView
from .views import PortalLoginView, public_media

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"

urlpatterns = [
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", include(admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/v2/search/", SearchAPIView.as_view(), name="search_api"),
    path("api/v2/answer/", AnswerAPIView.as_view(), name="answer_api"),
    path("api/v2/reports/", include("reports.urls")),
    path("api/v2/", api_router.urls),
    path("", include("forms.urls")),
    path("", include("search.urls")),
    path("", include("helpdesk.urls")),
]

if settings.DEBUG:
    # Development serves image files itself (portal.views.public_media); documents and 様式 files are only ever sent
    # by Wagtail's document view and forms.views, which check that the user reads the collection's or template's portal.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", public_media)]

# Pages in Japanese at /…, their English translations at /en/… (wagtail-localize); everything else is unprefixed.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
