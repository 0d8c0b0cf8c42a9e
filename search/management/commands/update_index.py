"""manage.py update_index rebuilds both legs of the search: first the vectors of every passage that changed (see
embed_passages), then Wagtail's keyword indexes of every backend, whose Elasticsearch documents carry those vectors."""

from django.core.management import call_command
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search import embedding


class Command(WagtailUpdateIndex):
    def handle(self, **options):
        if embedding.embedder() is not None and not options.get("schema_only"):
            call_command("embed_passages", verbosity=options.get("verbosity", 1))
        return super().handle(**options)
