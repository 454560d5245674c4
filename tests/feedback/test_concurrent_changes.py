"""Two changes to different fields of one case, from two database connections, are both kept: a service writes
only the fields it changed (save(update_fields=...)), from the row it re-read under its lock. Before, a service
wrote every column from the object the page had loaded, silently undoing what another officer had just saved."""

import ast
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from feedback import services
from feedback.models import Case
from tests.factories import CaseFactory

# keeps the roles and deadline rules made by migrations; a second connection sees only committed rows
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def accepted_case(tree, officer_user):
    return CaseFactory(unit=tree["desk_a"], norm=None, accepted=True, track="denunciation", officer=officer_user)


def in_another_connection(work, *, before_commit=None):
    """Run `work` in a thread, which Django gives its own database connection; `before_commit` runs inside the
    same transaction after `work`, before its commit."""
    errors = []

    def run():
        try:
            with transaction.atomic():
                work()
                if before_commit:
                    before_commit()
        except Exception as error:  # noqa: BLE001 - handed to the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_a_change_saved_by_another_officer_meanwhile_is_not_undone(accepted_case, tree, officer_user):
    # The page to extend the deadline was opened: it holds the case as it was then.
    stale = Case.objects.get(pk=accepted_case.pk)
    # Meanwhile another officer, on another connection, sends the case to a unit.
    thread, errors = in_another_connection(
        lambda: services.case_assign(
            case=Case.objects.get(pk=accepted_case.pk),
            user=officer_user,
            handling_unit=tree["office_a"],
            assignee=officer_user,
            dossier_text="Nội dung tố cáo đã lược bỏ thông tin người tố cáo.",
        )
    )
    thread.join(timeout=30)
    assert not errors
    services.case_extend(case=stale, user=officer_user, complexity="complex", reason="Cần xác minh thêm.")
    case = Case.objects.get(pk=accepted_case.pk)
    assert (case.handling_unit, case.assignee, case.status) == (tree["office_a"], officer_user, "in_progress")
    assert (case.complexity, case.extensions) == ("complex", 1)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="row locks that make one transaction wait for another: PostgreSQL (SQLite locks the whole file)",
)
def test_a_service_waiting_for_the_row_lock_keeps_what_the_holder_committed(accepted_case, tree, officer_user):
    assert connection.vendor == "postgresql"
    stale = Case.objects.get(pk=accepted_case.pk)
    locked = threading.Event()
    # The other officer's transaction holds the row lock until the extension below is waiting for it.
    thread, errors = in_another_connection(
        lambda: services.case_assign(
            case=Case.objects.get(pk=accepted_case.pk),
            user=officer_user,
            handling_unit=tree["office_a"],
            assignee=officer_user,
            dossier_text="Nội dung tố cáo đã lược bỏ thông tin người tố cáo.",
        ),
        before_commit=lambda: (locked.set(), threading.Event().wait(0.5)),
    )
    assert locked.wait(timeout=30)
    services.case_extend(case=stale, user=officer_user, complexity="complex", reason="Cần xác minh thêm.")
    thread.join(timeout=30)
    assert not errors
    case = Case.objects.get(pk=accepted_case.pk)
    assert (case.handling_unit, case.assignee, case.status) == (tree["office_a"], officer_user, "in_progress")
    assert (case.complexity, case.extensions) == ("complex", 1)


def test_two_extensions_at_once_count_twice(accepted_case, officer_user):
    """The extension count is read under the lock too: two officers extending at once make two extensions."""
    first, second = Case.objects.get(pk=accepted_case.pk), Case.objects.get(pk=accepted_case.pk)
    services.case_extend(case=first, user=officer_user, complexity="especially_complex", reason="Lần một.")
    services.case_extend(case=second, user=officer_user, complexity="especially_complex", reason="Lần hai.")
    case = Case.objects.get(pk=accepted_case.pk)
    assert case.extensions == 2 and case.extension_records.count() == 2


FEEDBACK = Path(settings.BASE_DIR) / "feedback"


def bare_saves(path: Path) -> list[str]:
    """`.save(...)` calls that name neither the fields they write nor that they insert a new row."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "save"):
            continue
        keywords = {keyword.arg for keyword in node.keywords}
        if keywords & {"update_fields", "force_insert"}:
            continue
        # FieldFile.save(name, content, save=False) writes a file; form.save(commit=False) writes nothing.
        if any(k.arg in ("save", "commit") and getattr(k.value, "value", None) is False for k in node.keywords):
            continue
        found.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {ast.unparse(node)}")
    return found


@pytest.mark.django_db(transaction=False)
def test_every_save_in_feedback_names_its_fields_or_inserts():
    sources = [path for path in FEEDBACK.rglob("*.py") if "migrations" not in path.parts]
    assert sources
    assert [call for path in sources for call in bare_saves(path)] == []
