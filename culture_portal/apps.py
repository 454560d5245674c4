from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CulturePortalConfig(AppConfig):
    name = "culture_portal"
    verbose_name = _("Organisation and calendar")

    def ready(self):
        from culture_portal import (  # noqa: F401 - audit_signals connects receivers
            audit_signals,
            navigation,
            two_factor,  # registers the check culture_portal.W002
        )

        two_factor.hide_devices_from_back_office()
        from culture_portal.audit_actions import AuditActionKind, register_audit_actions

        register_audit_actions(
            AuditActionKind("auth.", _("Sign-ins and roles"), order=10),
            AuditActionKind("setup.", _("Set-up data (back office)"), order=80),
        )

        navigation.register(
            navigation.NavItem(
                _("Units"),
                "organisation:units",
                _("The organisation tree: offices, wards, desks."),
                permission="culture_portal.view_unit",
                order=80,
            ),
            navigation.NavItem(
                _("Officials"),
                "organisation:officials",
                _("Cadres, civil servants and public employees."),
                permission="culture_portal.view_official",
                order=81,
            ),
            navigation.NavItem(
                _("Import"),
                "organisation:import",
                _("Load units and officials from an HR spreadsheet."),
                permission="culture_portal.import_organisation",
                order=82,
            ),
            navigation.NavItem(
                _("Reorganisations"),
                "organisation:reorganisations",
                _("Units merged, split, renamed or dissolved: record, preview and apply."),
                permission="culture_portal.view_reorganisation",
                order=83,
            ),
            navigation.NavItem(
                _("Working-day calendar"),
                "calendar",
                _("Public holidays, days off and working Saturdays."),
                permission="public",
                order=90,
            ),
            navigation.NavItem(
                _("Audit log"),
                "audit_log",
                _("Who signed in, changed roles, or viewed protected records."),
                permission="culture_portal.view_auditentry",
                order=95,
            ),
            navigation.NavItem(
                _("Set-up"),
                "setup",
                _("What the portal still needs before real use."),
                permission="culture_portal.view_calendarconfirmation",
                order=98,
            ),
            navigation.NavItem(
                _("Administration"),
                "admin:index",
                _("Units, issuing bodies, rules, accounts and roles."),
                permission="culture_portal.change_unit",
                order=99,
            ),
        )
