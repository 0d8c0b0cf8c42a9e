"""The editor form of a work manual: every published change must say why it was made."""

from wagtail.admin.forms import WagtailAdminPageForm


class ManualPageForm(WagtailAdminPageForm):
    """Starts a new change with an empty 改定理由, so the reason of the last published change is never reused;
    while a change is still a draft (or under approval) its reason stays, so reviewers need not retype it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.live and not self.instance.has_unpublished_changes:
            self.initial["revision_reason"] = ""
