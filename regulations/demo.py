"""Demo data of the regulations app: the national and provincial documents (the code of conduct is the province's,
issued after the 2025 reorganisation), the norms, a campaign, trainings."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from culture_portal.models import Unit
from culture_portal.organisation import governing_unit
from culture_portal.workdays import add_working_days
from regulations import services
from regulations.demo_content import CODE_OF_CONDUCT_TEXT, NORMS, PROVINCIAL_REGULATION_TEXT
from regulations.models import Campaign, Issuer, LegalDocument, Norm, NormCitation, NormGroup, Training
from regulations.parsing import parse_legal_text

D = datetime.date
K = LegalDocument.Kind
DOCUMENTS = [
    # key, kind, reference, title, issuer, signer, issued, effective, text
    ("national", K.DECISION, "1847/QĐ-TTg", "Phê duyệt Đề án Văn hóa công vụ", "Thủ tướng Chính phủ",
     "Nguyễn Xuân Phúc", D(2018, 12, 27), D(2018, 12, 27), None),
    ("provincial", K.REGULATION, "20/2019/QĐ-UBND",
     "Ban hành Quy chế văn hóa công vụ tại các cơ quan, đơn vị trên địa bàn tỉnh Hà Tĩnh", "UBND tỉnh Hà Tĩnh",
     "Đặng Quốc Khánh", D(2019, 4, 19), D(2019, 5, 1), PROVINCIAL_REGULATION_TEXT),
    ("conclusion", K.CONCLUSION, "29-KL/TU",
     "Tiếp tục siết chặt kỷ luật, kỷ cương hành chính, nâng cao đạo đức công vụ", "Ban Thường vụ Tỉnh ủy Hà Tĩnh",
     "", D(2021, 7, 22), D(2021, 7, 22), None),
    ("code", K.CODE_OF_CONDUCT, "2150/QĐ-UBND",
     "Quy tắc ứng xử của cán bộ, công chức, viên chức và người lao động trong các cơ quan, đơn vị thuộc UBND "
     "tỉnh Hà Tĩnh và các xã, phường", "UBND tỉnh Hà Tĩnh", "Võ Hồng Hải", D(2025, 9, 15), D(2025, 10, 1),
     CODE_OF_CONDUCT_TEXT),
]  # fmt: skip
RELATIONS = [("provincial", "national", "implements"), ("code", "provincial", "implements")]


def regulations_demo_load() -> dict[str, int]:
    created = {"documents": 0, "norms": 0, "campaigns": 0, "trainings": 0}
    documents = {}
    for key, kind, reference, title, issuer_name, signer, issued, effective, text in DOCUMENTS:
        issuer, _ = Issuer.objects.get_or_create(name=issuer_name)
        document = LegalDocument.objects.filter(issuer=issuer, reference=reference).first()
        if document is None:
            document = services.document_save(
                document=LegalDocument(
                    kind=kind, reference=reference, title=title, issuer=issuer, signer=signer,
                    issue_date=issued, effective_date=effective,
                )
            )  # fmt: skip
            if text:
                services.version_publish(document=document, parsed=parse_legal_text(text), note="", user=None)
            created["documents"] += 1
        documents[key] = document
    for source, target, kind in RELATIONS:
        services.document_relate(source=documents[source], target=documents[target], kind=kind)
    created["norms"] = _norms(documents["code"])
    created["campaigns"] = _campaign(documents["code"])
    created["trainings"] = _trainings()
    return created


def _norms(code_of_conduct) -> int:
    groups = {group.code: group for group in NormGroup.objects.all()}
    existing = set(Norm.objects.values_list("code", flat=True))
    count = 0
    for code, group, title, citizen_title, description, severity, article, clause in NORMS:
        if code in existing:
            continue
        norm = Norm.objects.create(
            code=code, group=groups[group], title=title, citizen_title=citizen_title,
            description=description, default_severity=severity,
        )  # fmt: skip
        anchor = f"dieu-{article}" + (f"-khoan-{clause}" if clause else "")
        NormCitation.objects.create(norm=norm, document=code_of_conduct, anchor=anchor)
        count += 1
    return count


def _campaign(code_of_conduct) -> int:
    if Campaign.objects.filter(document=code_of_conduct).exists():
        return 0
    version = code_of_conduct.versions.get(is_current=True)
    campaign = Campaign(
        title="Quán triệt Quy tắc ứng xử năm 2026",
        document=code_of_conduct,
        version=version,
        due_date=add_working_days(timezone.localdate(), 10),
    )
    top = governing_unit()
    units = Unit.objects.filter(pk=top.pk) if top else Unit.objects.none()
    services.campaign_launch(campaign=campaign, units=units, roles=Group.objects.none(), officials=[])
    return 1


def _trainings() -> int:
    count = 0
    for kind, title, start, end, organiser, head_count in [
        (Training.Kind.TRAINING, "Tập huấn kỹ năng giao tiếp, đạo đức công vụ và văn hóa công sở",
         D(2023, 9, 12), D(2023, 9, 14), "Phòng Nội vụ thành phố", 512),
        (Training.Kind.CONTEST, "Hội thi “Thanh niên Hà Tĩnh với văn hóa công sở”",
         D(2022, 3, 25), D(2022, 3, 26), "Thành đoàn Hà Tĩnh", 120),
        (Training.Kind.TRAINING, "Bồi dưỡng kỹ năng giao tiếp, ứng xử cho công chức Trung tâm Phục vụ hành chính công "
         "cấp xã", D(2025, 10, 20), D(2025, 10, 21), "Sở Nội vụ tỉnh Hà Tĩnh", 240),
    ]:  # fmt: skip
        _training, was_created = Training.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "start_date": start,
                "end_date": end,
                "organiser": organiser,
                "head_count": head_count,
            },
        )
        count += was_created
    return count
