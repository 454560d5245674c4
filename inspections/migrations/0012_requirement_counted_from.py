"""A requirement keeps the day its working days are counted from (the day of approval), so that a correction of the
working-day calendar can count its deadline again (issue 15 §2). Approved requirements get the day their conclusion
was approved, in Vietnam time."""

import zoneinfo

from django.db import migrations, models

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def fill(apps, schema_editor):
    Requirement = apps.get_model("inspections", "Requirement")
    rows = Requirement.objects.filter(counted_from__isnull=True, conclusion__approved_at__isnull=False)
    batch = []
    for requirement in rows.select_related("conclusion").only("pk", "conclusion__approved_at").iterator(
        chunk_size=2000
    ):
        requirement.counted_from = requirement.conclusion.approved_at.astimezone(VIETNAM).date()
        batch.append(requirement)
        if len(batch) == 2000:
            Requirement.objects.bulk_update(batch, ["counted_from"])
            batch = []
    Requirement.objects.bulk_update(batch, ["counted_from"])


class Migration(migrations.Migration):
    dependencies = [("inspections", "0011_home_waiting_indexes")]

    operations = [
        migrations.AddField(
            model_name="requirement",
            name="counted_from",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="counted from"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
