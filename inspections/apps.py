from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from culture_portal import navigation
        from culture_portal.demo import register_demo_loader
        from inspections.demo import inspections_demo_load

        navigation.register(
            navigation.NavItem(
                _("Inspections"),
                "inspections:list",
                _("Periodic and surprise inspections, checklists and findings."),
                permission="inspections.view_inspection",
                order=20,
            ),
            navigation.NavItem(
                _("Corrective actions"),
                "inspections:actions",
                _("What units must fix after an inspection, and by when."),
                permission="inspections.view_inspection",
                order=23,
            ),
            navigation.NavItem(
                _("Discipline"),
                "inspections:discipline",
                _("Outcomes of disciplinary handling (restricted)."),
                permission="inspections.view_disciplinaryoutcome",
                order=24,
            ),
            navigation.NavItem(
                _("Inspection plans"),
                "inspections:plans",
                _("Annual plans of periodic inspections."),
                permission="inspections.view_inspectionplan",
                order=21,
            ),
            navigation.NavItem(
                _("Inspection results about me"),
                "inspections:my_findings",
                _("Approved inspection results that concern you."),
                permission=None,
                order=22,
            ),
        )
        register_demo_loader(inspections_demo_load)
        from inspections import notification_subjects, waiting

        waiting.register()
        notification_subjects.register()
        from culture_portal.calendar_corrections import register_deadline_planner
        from inspections.deadline_corrections import actions_plan

        register_deadline_planner(actions_plan)
        from culture_portal.reorganisation import register_open_work
        from inspections.reorganisation import open_actions_move

        register_open_work(open_actions_move)
        from culture_portal.backup import register_seeded_by_migrations

        # The repeated-breach rule a province starts with: a restore replaces it with the backup's rules.
        register_seeded_by_migrations("inspections.repeatedbreachrule")
        from feedback.case_links import register_answer_basis, register_case_panel
        from inspections.case_grounds import answer_bases, case_panel

        register_case_panel(case_panel)
        register_answer_basis(answer_bases)
        from inspections.norm_records import SOURCE
        from regulations.norm_records import register_record_source

        register_record_source(SOURCE)
        from culture_portal.audit_actions import AuditActionKind, register_audit_actions

        register_audit_actions(
            AuditActionKind("discipline.", _("Views of disciplinary records"), order=30),
            AuditActionKind("inspection.", _("Inspections"), order=40),
        )
        from culture_portal.official_record import register_record_source as register_official_record
        from inspections.official_record import SOURCE as OFFICIAL_RECORD

        register_official_record(OFFICIAL_RECORD)
