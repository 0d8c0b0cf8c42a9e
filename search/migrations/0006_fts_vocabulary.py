"""The term statistics of the database backend's SQLite FTS5 index (an fts5vocab table), which the BM25 leg reads to
leave out of the bigram recall net the bigrams that nearly every document holds (search.keyword_leg)."""

from django.db import migrations

FTS = "modelsearch_indexentry_fts"


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
        ("search", "0005_passage_vectors"),
        ("modelsearch", "0004_rename_modelsear_autocom_476c89_gin_modelsearch_autocom_ea8581_gin_and_more"),
    ]

    operations = [migrations.RunPython(create, drop)]
