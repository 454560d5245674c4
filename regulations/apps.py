from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Regulations and code of conduct")

    def ready(self):
        from culture_portal import navigation
        from culture_portal.demo import register_demo_loader
        from culture_portal.setup import register_setup_check
        from regulations import home_panel
        from regulations.demo import regulations_demo_load
        from regulations.setup_checks import regulations_setup_items

        navigation.register(
            navigation.NavItem(
                _("Regulations"),
                "regulations:documents",
                _("Codes of conduct and the rules that bind you; search them."),
                permission="regulations.view_legaldocument",
                order=10,
            ),
            navigation.NavItem(
                _("Norms"),
                "regulations:norms",
                _("The catalogue of norms that inspections and complaints cite."),
                permission="regulations.view_norm",
                order=11,
            ),
            navigation.NavItem(
                _("Campaigns"),
                "regulations:campaigns",
                _("Who has read and confirmed which document."),
                permission="regulations.view_campaign",
                order=12,
            ),
            navigation.NavItem(
                _("Trainings"),
                "regulations:trainings",
                _("Trainings and contests on civil-service culture."),
                permission="regulations.view_training",
                order=13,
            ),
        )
        navigation.register_home_panel(home_panel.documents_to_read)
        register_demo_loader(regulations_demo_load)
        register_setup_check(regulations_setup_items)
        from regulations import notification_subjects, waiting

        waiting.register()
        notification_subjects.register()
        from culture_portal.reorganisation import register_open_work
        from regulations.reorganisation import open_campaigns_retarget, unconfirmed_assignments_move

        register_open_work(unconfirmed_assignments_move)
        register_open_work(open_campaigns_retarget)
        from culture_portal.backup import register_seeded_by_migrations

        register_seeded_by_migrations("regulations.normgroup")  # the groups of norms, seeded by a data migration
        from culture_portal.official_record import register_record_source as register_official_record
        from regulations.official_record import SOURCE as OFFICIAL_RECORD

        register_official_record(OFFICIAL_RECORD)
