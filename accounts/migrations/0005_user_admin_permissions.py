from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_user_credentials_revoked_at"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={"permissions": [
                ("end_sessions", "Can end a user's sessions"),
                ("unlock_user", "Can clear a user's login lock"),
                ("send_password_reset", "Can send a user a password-reset email"),
                ("change_user_status", "Can deactivate and reactivate users"),
            ]},
        ),
    ]
