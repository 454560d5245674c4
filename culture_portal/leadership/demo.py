"""Demo targets for the dashboard (levels a province might set, drawn as lines on the charts), and its tallies."""

import datetime

from culture_portal.leadership import tallies
from culture_portal.leadership.models import Target

BASIS = "Kế hoạch thực hiện văn hóa công vụ năm 2026 (mẫu)"
TARGETS = [
    # measure, target (%)
    (Target.Measure.SATISFACTION, 90),
    (Target.Measure.ANSWERED_ON_TIME, 95),
    (Target.Measure.ACTIONS_ON_TIME, 90),
    (Target.Measure.ACKNOWLEDGED, 100),
    (Target.Measure.ATTENDANCE, 95),
]


def demo_load() -> dict[str, int]:
    """Create the sample targets that are missing (one per measure); never change existing ones."""
    existing = set(Target.objects.values_list("measure", flat=True))
    new = [
        Target(measure=measure, value=value, valid_from=datetime.date(2026, 1, 1), basis=BASIS)
        for measure, value in TARGETS
        if measure not in existing
    ]
    Target.objects.bulk_create(new)
    # The other apps' demo data came before (loaders run in app order), partly by bulk_create, which the tallies'
    # deltas do not see: count it all once.
    tallies.rebuild()
    return {"targets": len(new)}
