from django import template

from ..files import kind_label

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
