from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from culture_portal import navigation

        navigation.register(
            navigation.NavItem(
                _("Inspections"),
                "inspections:list",
                _("Periodic and surprise inspections, checklists and findings."),
                permission="inspections.view_inspection",
                order=20,
            ),
        )
