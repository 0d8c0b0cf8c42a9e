"""The term statistics of the database backend's SQLite FTS5 index (an fts5vocab table), which the BM25 leg reads to
leave out of the bigram recall net the bigrams that nearly every document holds (search.keyword_leg)."""

from django.db import migrations

FTS = "wagtailsearch_indexentry_fts"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite" or FTS not in connection.introspection.table_names():
        return
    schema_editor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS}_vocab USING fts5vocab({FTS}, 'row')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}_vocab")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_passage_vectors"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
