"""Reader views of 様式: the current file, any older file, and the version history, all within the request's portal.

These views are the only way to a version's bytes: the files have no public URL (see version_upload_to and the
media route in portal/urls.py), so the portal check below is what guards them.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from portal.scope import request_portal

from .models import FormTemplate, FormVersion, history_context


def _template_for(request, pk):
    """A published template of this request's portal (whose users alone get this far: PortalMembershipMiddleware);
    anything else does not exist here."""
    spec, _ = request_portal(request)
    if spec is None:
        raise Http404
    return get_object_or_404(FormTemplate.objects.live().in_portal(spec.key), pk=pk)


def _send(version):
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.download_name)


def current_file(request, pk):
    """The stable link: whatever version is in effect today."""
    version = _template_for(request, pk).current_version()
    if version is None:
        raise Http404("この様式はまだ施行されていません。")
    return _send(version)


def version_file(request, pk, version_pk):
    template = _template_for(request, pk)
    return _send(get_object_or_404(FormVersion, template=template, pk=version_pk))


def history(request, pk):
    return render(request, "forms/form_history.html", history_context(_template_for(request, pk)))
