"""The admin screen that imports 処理案件 from a CSV or Excel file (see quality.imports)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import FormView

from portal.models import PORTAL_CHOICES

from . import imports
from .access import keeping_portals
from .models import WorkItem


class WorkItemImportForm(forms.Form):
    portal = forms.ChoiceField(label="センター")
    file = forms.FileField(label="ファイル", help_text=f"CSV（UTF-8 または Shift_JIS）か Excel（.xlsx）。1行目は見出し：{'、'.join(imports.HEADINGS)}")

    def __init__(self, *args, portals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["portal"].choices = [choice for choice in PORTAL_CHOICES if choice[0] in portals]


class WorkItemImportView(FormView):
    template_name = "quality/work_item_import.html"
    form_class = WorkItemImportForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("quality.add_workitem") or not keeping_portals(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "portals": keeping_portals(self.request.user)}

    def get_context_data(self, **kwargs):
        viewset = WorkItem.snippet_viewset
        return super().get_context_data(
            index_url=viewset.get_url_name("list"),
            headings=imports.HEADINGS,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            items, _ = imports.check(form.cleaned_data["file"], form.cleaned_data["portal"])
        except imports.ImportFileError as error:
            form.add_error("file", "ファイルに誤りがあるため、何も取り込んでいません。直してからもう一度取り込んでください。")
            return self.render_to_response(self.get_context_data(form=form, problems=error.problems))
        created, updated = imports.save(items)
        messages.success(self.request, f"処理案件を取り込みました（新規 {created}件、更新 {updated}件）。")
        return redirect(WorkItem.snippet_viewset.get_url_name("list"))
