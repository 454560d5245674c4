"""Feedback fixtures: a small catalogue of norms and helpers that act as a citizen would."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from feedback import services
from tests.factories import NormFactory

CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}  # CAPTCHA_TEST_MODE=1 in the tests (pyproject)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits live in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def norm(db):
    return NormFactory(
        code="GT-01", group__code="communication", title="Thái độ thiếu tôn trọng người dân",
        citizen_title="Cán bộ nói trống không, thiếu tôn trọng", default_severity="minor",
    )  # fmt: skip


def form_data(unit, norm, **overrides):
    data = {
        "unit": unit.pk,
        "topic": f"norm:{norm.pk}",
        "description": "Cán bộ quầy một cửa nói trống không, không hướng dẫn thủ tục.",
        "official_hint": "Quầy số 2",
        **CAPTCHA,
    }
    data.update(overrides)
    return data


def jpeg_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def submitted(unit, norm=None, **kwargs):
    """A case as the web form would save it (service level), with contact details unless told otherwise."""
    fields = {
        "channel": "web",
        "nature": "criticism",
        "description": "Cán bộ nói trống không với người dân.",
        "unit": unit,
        "norm": norm,
        "full_name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "an.nguyen@example.com",
        "consent": True,
    }
    fields.update(kwargs)
    return services.case_submit(**fields)


def step_url(case, step: str) -> str:
    """The address a case page's form posts to: a step (triage, assign, ...), identity or correct_contact."""
    return reverse(f"feedback:case_{step}", args=[case.public_id])
