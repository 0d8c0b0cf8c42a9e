from wagtail.snippets.models import register_snippet

from .admin_views import FormsViewSetGroup

register_snippet(FormsViewSetGroup)
