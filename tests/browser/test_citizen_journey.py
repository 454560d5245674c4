import pytest
from .conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_dump(demo, phone):
    page = phone
    page.goto(demo.url + "/feedback/new/?unit=PH-BACHA-MC")
    open("/tmp/new.html", "w").write(page.content())
    page.goto(demo.url + "/feedback/track/")
    open("/tmp/track.html", "w").write(page.content())
