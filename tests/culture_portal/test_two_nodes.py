"""Two web nodes behind one address and two workers: what one node or worker did, the others honour.

A person's cookies go to whichever node answers (the test moves them between the two, as a load balancer would).
The nodes share the database, the Redis cache and MEDIA_ROOT, as the README's "Several web nodes and workers" says;
nothing is kept in one process's memory. Real gunicorn nodes, a real broker and real workers (CI).
"""

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from pypdf import PdfReader

from culture_portal.leadership.models import MonthlyMailing
from culture_portal.leadership.report_services import previous_month
from culture_portal.leadership.tasks import send_monthly_figures
from culture_portal.models import Notification, OutgoingEmail
from feedback.models import Case
from feedback.tasks import send_case_reminders
from inspections import services
from inspections.models import Notice
from regulations.demo import _norms
from tests.conftest import PASSWORD
from tests.day_one_client import Person
from tests.factories import CaseFactory
from tests.inspections.test_notices import ready_for_approval
from tests.real_worker import queue_drained, running_worker, wait_for
from tests.regulations.conftest import make_document
from tests.web_nodes import web_nodes

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the roles made by migrations
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # read by the nodes and the workers when they start
    return tmp_path


@pytest.fixture
def leader(leader_user):
    """The leader's password hashed as the nodes hash (the suite's own hasher is a fast one they do not know)."""
    leader_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    leader_user.save(update_fields=["password"])
    return leader_user


def person(base: str, name: str) -> Person:
    return Person(base, verify=True, name=name)


def signed_in(someone: Person) -> bool:
    """A page for signed-in people only: the sign-in page comes instead when the node does not know the session."""
    page = someone.get("/notifications/")
    return "/accounts/login/" not in page.url


def test_a_session_opened_on_one_node_is_honoured_and_closed_on_the_other(leader, media):
    with web_nodes(2) as (a, b):
        leader = person(a, "leader")
        leader.sign_in("leader", PASSWORD)
        assert signed_in(leader)
        leader.base = b
        assert signed_in(leader), "the other node knows the session"
        leader.sign_out()
        leader.base = a
        assert not signed_in(leader), "signed out on one node is signed out on all"


def test_failed_sign_ins_on_both_nodes_lock_the_account_on_both(leader, media):
    with web_nodes(2, env_extra={"AXES_FAILURE_LIMIT": "3"}) as (a, b):
        guesser = person(a, "guesser")
        for base in (a, b):  # two failures, one on each node
            guesser.base = base
            page = guesser.get("/accounts/login/")
            form = page.form(field="username").set("username", "leader").set("password", "doan-sai")
            guesser.submit(page, form, redirects=False, expect=200)
        guesser.base = a
        page = guesser.get("/accounts/login/")
        form = page.form(field="username").set("username", "leader").set("password", "doan-sai-nua")
        guesser.submit(page, form, redirects=False, expect=429)  # the third failure, counted over both nodes
        for base in (a, b):
            leader = person(base, "leader")
            page = leader.get("/accounts/login/")
            form = page.form(field="username").set("username", "leader").set("password", PASSWORD)
            locked = leader.submit(page, form, redirects=False, expect=429)
            assert "tạm thời bị khóa" in locked.html
            assert not signed_in(leader), f"the right password does not open a locked account on {base}"


def test_the_tracking_form_limit_counts_the_attempts_made_on_every_node(media):
    with web_nodes(2, env_extra={"FEEDBACK_TRACK_RATE": "3/d"}) as (a, b):
        citizen = person(a, "citizen")

        def attempt(base: str, number: int, expect: int):
            citizen.base = base
            page = citizen.get("/feedback/track/")
            form = page.form(field="code").set("code", f"PA-2026-ZZZZ{number:02d}").set("pin", "123456")
            return citizen.submit(page, form.set("captcha_1", "PASSED"), redirects=False, expect=expect)

        for number, base in enumerate((a, b, a)):
            attempt(base, number, 400)  # not found: counted
        refused = attempt(b, 3, 429)
        assert "Quá nhiều lần thử" in refused.html
        attempt(a, 4, 429)


def test_a_notice_a_worker_produced_is_downloaded_alike_from_every_node(tree, inspector_user, leader, media):
    _norms(make_document())
    inspection = ready_for_approval(tree, inspector_user)
    with running_worker():
        services.conclusion_approve(inspection=inspection, user=leader)
        assert wait_for(lambda: Notice.objects.filter(status="done").exists(), timeout=120), list(
            Notice.objects.values_list("status", "error")
        )
    notice = Notice.objects.get()
    with notice.pdf.open("rb") as handle:
        written = handle.read()
    with web_nodes(2) as nodes:
        leader = person(nodes[0], "leader")
        leader.sign_in("leader", PASSWORD)
        for base in nodes:
            leader.base = base
            download = leader.download(f"/inspections/{inspection.public_id}/notice/pdf/")
            assert download.content == written, f"{base} serves the file the worker wrote"
            text = " ".join(PdfReader(io.BytesIO(download.content)).pages[0].extract_text().split())
            assert notice.reference in text


def test_the_monthly_figures_asked_of_two_workers_at_once_are_mailed_once(leader, media):
    month = previous_month(timezone.localdate())
    with running_worker() as queue, running_worker(queue=queue):
        for _ in range(4):  # beat on two machines, and a redelivery or two
            send_monthly_figures.apply_async(queue=queue)
        assert wait_for(lambda: queue_drained(queue, workers=2), timeout=120), "the workers did not finish"
    mailing = MonthlyMailing.objects.get()
    assert mailing.month == month.start and mailing.recipients == 1
    mails = OutgoingEmail.objects.filter(to=leader.email)
    assert mails.count() == 1, list(mails.values_list("subject", flat=True))


def test_the_daily_reminders_run_by_two_workers_at_once_tell_each_case_once(tree, leader, officer_user, media):
    """Two beats (or a redelivery) send the task twice at 07:30: each overdue case is escalated once, not twice."""
    cases = [CaseFactory(unit=tree["desk_a"], assigned=True, officer=officer_user) for _ in range(15)]
    Case.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    with running_worker() as queue, running_worker(queue=queue):
        for _ in range(4):
            send_case_reminders.apply_async(queue=queue)
        assert wait_for(lambda: queue_drained(queue, workers=2), timeout=120), "the workers did not finish"
    told = Counter(
        Notification.objects.filter(recipient=leader, subject_key__in=[str(c.public_id) for c in cases]).values_list(
            "subject_key", flat=True
        )
    )
    assert sorted(told.values()) == [1] * len(cases), told
