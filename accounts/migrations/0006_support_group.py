"""The "support" role: view users, end their sessions, unlock, send a reset email, deactivate and reactivate.

Permissions are normally created after all migrations ran (post_migrate); this migration creates the ones it needs
itself, with the same names, so the group is complete on a fresh database too.
"""

from django.db import migrations

SUPPORT = "support"
PERMISSIONS = {
    "view_user": "Can view user",
    "end_sessions": "Can end a user's sessions",
    "unlock_user": "Can clear a user's login lock",
    "send_password_reset": "Can send a user a password-reset email",
    "change_user_status": "Can deactivate and reactivate users",
}


def create_support_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    user_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permissions = [
        Permission.objects.get_or_create(content_type=user_type, codename=codename, defaults={"name": name})[0]
        for codename, name in PERMISSIONS.items()
    ]
    group, _ = Group.objects.get_or_create(name=SUPPORT)
    group.permissions.add(*permissions)


def remove_support_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SUPPORT).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_user_admin_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_support_group, remove_support_group)]
