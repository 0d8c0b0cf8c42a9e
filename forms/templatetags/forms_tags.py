from django import template
from django.utils.safestring import mark_safe

from ..files import kind_label
from ..references import Catalogue

register = template.Library()


@register.inclusion_tag("forms/tags/form_link.html")
def form_link(form_template, today=None):
    """{% form_link template %}: a download link to the version in effect today, with number, title, type and size.

    A template that is not published is named without links: its download and history would refuse the reader.
    """
    version = form_template.current_version(today) if form_template and form_template.live else None
    return {
        "form_template": form_template,
        "version": version,
        "kind": kind_label(version.file_kind) if version else "",
    }


@register.tag
def form_refs(parser, token):
    """{% form_refs %}…{% endform_refs %}: the enclosed HTML with each 様式 number it names (様式第3号, 教様式第5号 …)
    linked to that 様式 of the portal being read, i.e. to its current version; existing links are left alone."""
    nodelist = parser.parse(("endform_refs",))
    parser.delete_first_token()
    return FormReferencesNode(nodelist)


class FormReferencesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered by the template engine, escaped there
        portal = context.get("portal")
        if portal is None:
            return html
        return Catalogue.for_request(context.get("request"), portal.key).link(html)
