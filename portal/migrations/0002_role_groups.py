"""Create the role groups of both portals with their model permissions (see portal.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from portal.portals import PORTALS
from portal.roles import sync_role_groups


def create_role_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps, PORTALS)
    # Wagtail's starter groups and their workflow are replaced by the roles above and per-portal workflows.
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

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
