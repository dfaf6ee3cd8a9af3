from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import seed_all
from portal.demo.courts import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo courts' branches, people and accounts (development only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts have a published password."
            )
        counts = seed_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['people']} people, {counts['accounts']} demo accounts "
                f"(password {DEMO_PASSWORD}), {counts['items']} cooperation items, "
                f"{counts['activities']} joint activities, {counts['groups']} case-study groups, "
                f"{counts['training sessions']} training sessions, "
                f"{counts['publicity items']} publicity items."
            )
        )
