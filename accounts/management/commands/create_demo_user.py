from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "correct horse battery staple"


class Command(BaseCommand):
    help = "Create (or reset) the demo account stated in the README. For local development only."

    def handle(self, *args, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(email=DEMO_EMAIL, defaults={"display_name": "Demo User"})
        user.email_verified = True
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.stdout.write(f"Demo user {'created' if created else 'reset'}: {DEMO_EMAIL}")
