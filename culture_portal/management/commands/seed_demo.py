from django.core.management.base import BaseCommand, CommandError

from culture_portal.demo import ACCOUNT_ROLES, DEMO_PASSWORD, DemoRefused, demo_load


class Command(BaseCommand):
    help = "Load the Hà Tĩnh city demo organisation and one account per role (DEBUG only; safe to run twice)."

    def handle(self, *args, **options):
        try:
            created = demo_load()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Demo data created: " + ", ".join(f"{count} {what}" for what, count in created.items()))
        self.stdout.write(f"Demo logins: {', '.join(ACCOUNT_ROLES)} (password: {DEMO_PASSWORD})")
