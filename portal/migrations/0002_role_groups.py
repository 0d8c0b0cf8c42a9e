"""Remove Wagtail's starter groups (Editors, Moderators) and their workflow, which the per-portal roles replace.

Historical note: this migration used to create the role groups too, but it runs before the apps whose permissions
the roles hold. The role groups, their permissions and both portal sites are now kept in step after every
`manage.py migrate` by portal.apps (post_migrate) and by `manage.py setup_portals`.
"""

from django.db import migrations


def remove_wagtail_starter_groups(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name="Moderators approval").delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name="Moderators approval").delete()
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtaildocs", "0001_initial"),
        ("wagtailimages", "0001_initial"),
    ]

    operations = [migrations.RunPython(remove_wagtail_starter_groups, migrations.RunPython.noop)]
