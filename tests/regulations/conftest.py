import datetime

import pytest

from regulations import services
from regulations.demo_content import CODE_OF_CONDUCT_TEXT
from regulations.models import Issuer, LegalDocument
from regulations.parsing import parse_legal_text


def make_document(reference="1520/QĐ-UBND", text=CODE_OF_CONDUCT_TEXT, *, issuer="UBND thành phố Hà Tĩnh", **fields):
    document = services.document_save(
        document=LegalDocument(
            kind=fields.pop("kind", LegalDocument.Kind.CODE_OF_CONDUCT),
            reference=reference,
            title=fields.pop("title", "Quy tắc ứng xử của cán bộ, công chức, viên chức thành phố Hà Tĩnh"),
            issuer=Issuer.objects.get_or_create(name=issuer)[0],
            issue_date=fields.pop("issue_date", datetime.date(2024, 6, 15)),
            effective_date=fields.pop("effective_date", datetime.date(2024, 7, 1)),
            **fields,
        )
    )
    if text:
        services.version_publish(document=document, parsed=parse_legal_text(text), note="", user=None)
    return document


@pytest.fixture
def code_of_conduct(db):
    return make_document()
