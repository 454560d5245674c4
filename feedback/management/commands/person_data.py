import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from feedback.personal_data import PersonNotGiven, person_erase, person_export


class Command(BaseCommand):
    help = (
        "One person's request about their data (Decree 13/2023/NĐ-CP; answer within 72 hours). "
        "`export` writes every case they submitted with their contact details as JSON; `erase` blanks their "
        "identity on every case (the cases stay). The person is found by phone or e-mail through the keyed "
        "digests. Check who is asking before running either. See docs/data-protection.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("--phone", default="", help="Written any way: +84 912 345 678, 0912.345.678, ...")
        parser.add_argument("--email", default="")
        parser.add_argument("--output", type=Path, help="export: write the JSON to this file (else it is printed).")
        parser.add_argument(
            "--requested-by",
            default="",
            help="The portal user name of the official handling the request (required for erase).",
        )
        parser.add_argument("--reason", default="", help="erase: the request, e.g. 'letter of 02/12/2026, ref 15'.")

    def handle(self, *args, action, phone, email, output, requested_by, reason, **options):
        user = self._user(requested_by, required=action == "erase")
        try:
            if action == "export":
                self._export(phone=phone, email=email, user=user, output=output)
            else:
                if not reason.strip():
                    raise CommandError("erase needs --reason: the request it answers (how and when it was made).")
                erasure = person_erase(phone=phone, email=email, user=user, reason=reason)
                self.stdout.write(f"Erased the identity on {erasure.erased} cases (person {erasure.ref}).")
                if erasure.still_open:
                    self.stdout.write(
                        "Still open, now handled without contact details (no answer can be sent): "
                        + ", ".join(erasure.still_open)
                    )
        except PersonNotGiven as exc:
            raise CommandError(str(exc)) from exc

    def _user(self, username: str, *, required: bool):
        if not username:
            if required:
                raise CommandError("Give --requested-by: the user name of the official handling the request.")
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        return user

    def _export(self, *, phone, email, user, output):
        data = person_export(phone=phone, email=email, user=user)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        # Personal data: readable by its owner only.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        self.stderr.write(f"Wrote {len(data['cases'])} cases to {output}.")
