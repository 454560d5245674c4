from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Citizen feedback")

    def ready(self):
        from culture_portal import navigation
        from culture_portal.demo import register_demo_loader
        from feedback import checks  # noqa: F401 - registers the start-up checks
        from feedback.demo import feedback_demo_load

        navigation.register(
            navigation.NavItem(
                _("Feedback cases"),
                "feedback:cases",
                _("Citizen feedback, complaints and denunciations: triage, deadlines, answers."),
                permission="feedback.view_case",
                order=30,
            ),
            navigation.NavItem(
                _("Suggestion boxes"),
                "feedback:boxes",
                _("Openings of the suggestion boxes and their letters."),
                permission="feedback.view_boxopening",
                order=31,
            ),
            navigation.NavItem(
                _("Desk satisfaction"),
                "feedback:satisfaction",
                _("One-tap ratings at the desks, per unit."),
                permission="feedback.view_deskrating",
                order=32,
            ),
        )
        register_demo_loader(feedback_demo_load)
        from django.db.models.signals import post_delete, post_save

        from feedback.forms import norm_topics_forget
        from regulations.models import Norm, NormGroup

        for model in (Norm, NormGroup):  # the topics of the citizen's form
            post_save.connect(norm_topics_forget, sender=model, dispatch_uid=f"feedback-topics-{model.__name__}")
            post_delete.connect(norm_topics_forget, sender=model, dispatch_uid=f"feedback-topics-del-{model.__name__}")
        from culture_portal.two_factor import register_public_pages

        # The citizens' pages and the open data: no account, so no second factor for anybody.
        register_public_pages(
            url_names=("feedback:new", "feedback:receipt", "feedback:track", "feedback:track_case",
                       "feedback:answered", "feedback:desk_rate"),
            namespaces=("open311",),
        )  # fmt: skip
        from feedback import notification_subjects, waiting

        waiting.register()
        notification_subjects.register()
        from culture_portal.calendar_corrections import register_deadline_planner
        from feedback.deadline_corrections import cases_plan

        register_deadline_planner(cases_plan)
        from culture_portal.reorganisation import register_desk_address, register_open_work
        from feedback.reorganisation import desk_address, open_cases_move

        register_open_work(open_cases_move)
        register_desk_address(desk_address)
        from culture_portal.audit_actions import AuditActionKind, register_audit_actions

        register_audit_actions(
            AuditActionKind("feedback.identity_viewed", _("Views of a complainant's identity"), order=20),
            AuditActionKind("feedback.", _("Feedback cases"), order=50),
            AuditActionKind("person.", _("Personal data requests"), order=60),  # feedback/personal_data.py
        )
        from feedback.norm_records import SOURCE
        from regulations.norm_records import register_record_source

        register_record_source(SOURCE)
        from culture_portal.official_record import register_record_source as register_official_record
        from feedback.official_record import SOURCE as OFFICIAL_RECORD

        register_official_record(OFFICIAL_RECORD)
