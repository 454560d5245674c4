from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "culture_portal.leadership"
    label = "leadership"
    verbose_name = _("Leadership overview")

    def ready(self):
        from culture_portal import navigation
        from culture_portal.leadership import tallies

        tallies.connect()
        from culture_portal.setup import register_setup_check

        navigation.register(
            navigation.NavItem(
                _("Dashboard"),
                "leadership:dashboard",
                _("Per unit and per norm: findings, complaints, deadlines kept, satisfaction, trends."),
                permission="leadership.view_dashboard",
                order=5,
            ),
            navigation.NavItem(
                _("Periodic reports"),
                "leadership:reports",
                _("The summary report to the superior body: figures filled in, narrative, issued as a numbered BC."),
                permission="leadership.view_report",
                order=6,
            ),
        )
        from culture_portal.leadership.report_services import setup_items  # the kind "report" (BC) on the set-up page

        register_setup_check(setup_items)
        from culture_portal.demo import register_demo_loader
        from culture_portal.leadership import demo as dashboard_demo  # sample targets drawn on the dashboard

        register_demo_loader(dashboard_demo.demo_load)
        from culture_portal.backup import register_seeded_by_migrations

        register_seeded_by_migrations("leadership.tallystate")  # the tallies' state row, seeded by a data migration
