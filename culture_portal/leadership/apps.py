from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "culture_portal.leadership"
    label = "leadership"
    verbose_name = _("Leadership overview")

    def ready(self):
        from culture_portal import navigation

        navigation.register(
            navigation.NavItem(
                _("Dashboard"),
                "leadership:dashboard",
                _("Per unit and per norm: findings, complaints, deadlines kept, satisfaction, trends."),
                permission="leadership.view_dashboard",
                order=5,
            ),
        )
