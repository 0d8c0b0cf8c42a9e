"""The editor's view of the 様式 numbers a page names: which lead readers to a published 様式 and which do not, shown
while editing, so a renumbered or withdrawn form is seen before `check_links` reports it."""

from wagtail.admin.panels import Panel

from .references import Catalogue, page_texts


class FormReferencesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "forms/panels/form_references.html"

        def get_context_data(self, parent_context=None):
            from pages.models import home_of

            context = super().get_context_data(parent_context)
            page = self.instance
            home = home_of(page) if page.pk else None
            rows = []
            if home is not None:
                catalogue = Catalogue.for_request(self.request, home.portal_key)
                for field, text in page_texts(page):
                    rows += [(field, reference) for reference in catalogue.find(text)]
            context.update(saved=home is not None, rows=rows)
            return context
