"""Whether reminders are going out: exit 0 while the worker and beat record their heartbeat,
1 when they have stopped (for a container healthcheck, a systemd watchdog or monitoring)."""

from django.core.management.base import BaseCommand

from core.selectors import worker_state


class Command(BaseCommand):
    help = "Exit 1 when the background worker or its scheduler has stopped (stale heartbeat)."

    def handle(self, *args, **options) -> None:
        state = worker_state()
        when = state.last_run.isoformat() if state.last_run else "never"
        self.stdout.write(f"reminders {state.words} (last heartbeat: {when})")
        if state.stopped:
            raise SystemExit(1)
