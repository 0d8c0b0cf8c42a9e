"""The home's two fixed sections (よく使う入口, 対象者別の入口) become one ordered StreamField, so each portal can lead
with its own entry points. Pages and their revisions are converted, so the edit form shows what was there."""

import json
import uuid

import wagtail.fields
from django.db import migrations

OLD_FIELDS = ("featured_links", "audience_entries")


def _raw(value):
    """Stream data as a list of dicts, from a page field (StreamValue) or from revision content (a JSON string)."""
    if not value:
        return []
    if isinstance(value, str):
        return json.loads(value)
    return list(value.raw_data)


def _items(stream):
    return [{"type": "item", "value": child["value"], "id": child.get("id") or str(uuid.uuid4())} for child in stream]


def _merge(featured_links, audience_entries):
    entry_points = []
    if featured_links:
        value = {"heading": "よく使う入口", "links": _items(featured_links)}
        entry_points.append({"type": "featured_links", "value": value, "id": str(uuid.uuid4())})
    if audience_entries:
        value = {"heading": "対象者別のご案内", "entries": _items(audience_entries)}
        entry_points.append({"type": "audience_entries", "value": value, "id": str(uuid.uuid4())})
    return entry_points


def _split(entry_points):
    streams = {"featured_links": ("link", "links"), "audience_entries": ("entry", "entries")}
    split = {name: [] for name in streams}
    for block in entry_points:
        child_type, items = streams[block["type"]]
        split[block["type"]] += [
            {"type": child_type, "value": item["value"], "id": item.get("id") or str(uuid.uuid4())}
            for item in block["value"][items]
        ]
    return split


def _homes_and_revisions(apps):
    HomePage = apps.get_model("pages", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    revisions = Revision.objects.filter(content_type__app_label="pages", content_type__model="homepage")
    return HomePage.objects.all(), revisions


def merge_entry_points(apps, schema_editor):
    homes, revisions = _homes_and_revisions(apps)
    for home in homes:
        home.entry_points = json.dumps(_merge(_raw(home.featured_links), _raw(home.audience_entries)))
        home.save(update_fields=["entry_points"])
    for revision in revisions:
        content = revision.content
        old = [_raw(content.pop(name, None)) for name in OLD_FIELDS]
        content["entry_points"] = json.dumps(_merge(*old))
        revision.save(update_fields=["content"])


def split_entry_points(apps, schema_editor):
    homes, revisions = _homes_and_revisions(apps)
    for home in homes:
        for name, stream in _split(_raw(home.entry_points)).items():
            setattr(home, name, json.dumps(stream))
        home.save(update_fields=list(OLD_FIELDS))
    for revision in revisions:
        content = revision.content
        for name, stream in _split(_raw(content.pop("entry_points", None))).items():
            content[name] = json.dumps(stream)
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0002_procedureindexpage_linkcheckresult_procedurepage'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='homepage',
            name='entry_points',
            field=wagtail.fields.StreamField([('featured_links', 7), ('audience_entries', 14)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'default': 'よく使う入口', 'label': '見出し'}), 1: ('wagtail.blocks.CharBlock', (), {'label': '表示名'}), 2: ('wagtail.blocks.PageChooserBlock', (), {'label': 'ページ', 'required': False}), 3: ('wagtail.blocks.URLBlock', (), {'label': '外部URL', 'required': False}), 4: ('wagtail.blocks.CharBlock', (), {'label': '説明', 'required': False}), 5: ('wagtail.blocks.StructBlock', [[('title', 1), ('page', 2), ('url', 3), ('description', 4)]], {}), 6: ('wagtail.blocks.ListBlock', (5,), {'label': 'リンク'}), 7: ('wagtail.blocks.StructBlock', [[('heading', 0), ('links', 6)]], {}), 8: ('wagtail.blocks.CharBlock', (), {'default': '対象者別のご案内', 'label': '見出し'}), 9: ('wagtail.snippets.blocks.SnippetChooserBlock', ('portal.Audience',), {'label': '対象者'}), 10: ('wagtail.blocks.CharBlock', (), {'label': '見出し'}), 11: ('wagtail.blocks.TextBlock', (), {'label': '説明', 'required': False}), 12: ('wagtail.blocks.StructBlock', [[('audience', 9), ('title', 10), ('description', 11), ('links', 6)]], {}), 13: ('wagtail.blocks.ListBlock', (12,), {'label': '対象者別の入口'}), 14: ('wagtail.blocks.StructBlock', [[('heading', 8), ('entries', 13)]], {})}, help_text='上に置いた入口ほどトップの先頭に表示されます（手続き一覧・FAQなどへのリンク、対象者別のご案内）', verbose_name='入口'),
        ),
        migrations.RunPython(merge_entry_points, split_entry_points),
        migrations.RemoveField(
            model_name='homepage',
            name='audience_entries',
        ),
        migrations.RemoveField(
            model_name='homepage',
            name='featured_links',
        ),
    ]
