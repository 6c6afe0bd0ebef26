from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "correct horse battery staple"  # published in the README: anyone can sign in with it
PRODUCTION_FLAG = "--publish-known-password-in-production"


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo account stated in the README. For local development: with DEBUG off it refuses, "
        f"because its password is public, unless you pass {PRODUCTION_FLAG}."
    )

    def add_arguments(self, parser):
        parser.add_argument(PRODUCTION_FLAG, action="store_true", dest="allow_in_production",
                            help="create it even with DEBUG off (a demo deployment that wants a public account)")

    def handle(self, *args, allow_in_production=False, **options):
        if not settings.DEBUG and not allow_in_production:
            raise CommandError(
                f"Refusing to create {DEMO_EMAIL} with DEBUG off: its password is published in the README. "
                f"Pass {PRODUCTION_FLAG} if this deployment really wants a public demo account."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(email=DEMO_EMAIL, defaults={"display_name": "Demo User"})
        user.email_verified = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.stdout.write(f"Demo user {'created' if created else 'reset'}: {DEMO_EMAIL}")
