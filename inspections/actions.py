"""Kept only for the tests that import corrective actions under this name: the code is in corrective_actions.py
(an "actions" module reads as the app's writes, while that one also holds the corrective actions' reads)."""

from inspections.corrective_actions import action_report, action_review, actions_send_reminders

__all__ = ["action_report", "action_review", "actions_send_reminders"]
