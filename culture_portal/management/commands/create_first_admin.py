"""Create the first administrator of a new installation without a prompt, from the environment.

    PORTAL_ADMIN_USERNAME=... PORTAL_ADMIN_EMAIL=... PORTAL_ADMIN_PASSWORD=... python manage.py create_first_admin

Run again with the same user name it changes nothing (deploy scripts may repeat it). Every further administrator is
created by this one in the back office, where the same password rules apply: the command refuses to make a second.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from culture_portal.audit import audit_record
from culture_portal.roles import Role

VARIABLES = ("PORTAL_ADMIN_USERNAME", "PORTAL_ADMIN_EMAIL", "PORTAL_ADMIN_PASSWORD")


class Command(BaseCommand):
    help = "Create the first administrator (a superuser with the administrator role) from environment variables."

    def handle(self, *args, **options):
        missing = [name for name in VARIABLES if not os.environ.get(name, "").strip()]
        if missing:
            raise CommandError(_("Set %(names)s in the environment.") % {"names": ", ".join(missing)})
        username = os.environ["PORTAL_ADMIN_USERNAME"].strip()
        email = os.environ["PORTAL_ADMIN_EMAIL"].strip()
        password = os.environ["PORTAL_ADMIN_PASSWORD"]
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(_("The account %(name)s already exists: nothing changed.") % {"name": username})
            return
        administrators = User.objects.filter(Q(is_superuser=True) | Q(groups__name=Role.ADMINISTRATOR))
        if administrators.exists():
            raise CommandError(
                _("An administrator already exists: further administrators are created in the back office (Users).")
            )
        candidate = User(username=username, email=email)
        try:
            User._meta.get_field("username").run_validators(username)
            User._meta.get_field("email").run_validators(email)
            validate_password(password, user=candidate)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user = User.objects.create_superuser(username=username, email=email, password=password)
            user.groups.add(*Group.objects.filter(name__in=[Role.STAFF, Role.ADMINISTRATOR]))
            audit_record(
                action="setup.first_admin_created", user=user, object_type="auth.user", object_ref=str(user.pk)
            )
        self.stdout.write(
            _("Administrator %(name)s created. Sign in, set up two-factor sign-in, then open /setup/.")
            % {"name": username}
        )
