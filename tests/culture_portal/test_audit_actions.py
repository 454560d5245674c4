"""The audit-log filter's kinds of action come from the apps that record them (AppConfig.ready())."""

from culture_portal.audit_actions import AuditActionKind, _kinds, audit_action_choices, register_audit_actions
from culture_portal.forms import AuditFilterForm


def test_the_filter_offers_every_apps_kinds_in_their_order():
    choices = [value for value, _label in AuditFilterForm().fields["action"].choices]
    assert choices == [
        "",
        "auth.",
        "feedback.identity_viewed",  # before "feedback.": the one action inside the wider kind
        "discipline.",
        "inspection.",
        "feedback.",
        "person.",
        "setup.",
    ]


def test_a_kind_registered_twice_is_offered_once(monkeypatch):
    monkeypatch.setattr("culture_portal.audit_actions._kinds", list(_kinds))
    kind = AuditActionKind("test.", "Tests", order=99)
    register_audit_actions(kind)
    register_audit_actions(kind)
    assert [value for value, _label in audit_action_choices()].count("test.") == 1
