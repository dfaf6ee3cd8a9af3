from django.core.management.base import BaseCommand

from core.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Run one reminder sweep now (for operators after an outage). Safe while the beat "
        "sweep runs: rows are claimed with SELECT … FOR UPDATE SKIP LOCKED."
    )

    def handle(self, *args, **options):
        result = send_due_reminders()
        self.stdout.write(
            f"sent {result.sent}, missed {result.missed}, withdrawn {result.withdrawn}"
        )
