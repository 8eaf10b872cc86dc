"""Load the reference vocabulary (countries, DigComp 2.2, sectors, target groups).

Reference data every installation needs, not demo content; re-running updates names.
"""

from django.db import migrations

from taxonomy import reference_data as data


def load(apps, schema_editor):
    Country = apps.get_model("taxonomy", "Country")
    CompetenceArea = apps.get_model("taxonomy", "CompetenceArea")
    Competence = apps.get_model("taxonomy", "Competence")
    Sector = apps.get_model("taxonomy", "Sector")
    TargetGroup = apps.get_model("taxonomy", "TargetGroup")

    for code, values in data.COUNTRIES.items():
        Country.objects.update_or_create(code=code, defaults=data.names(values))
    areas = {}
    for code, values in data.COMPETENCE_AREAS.items():
        areas[code], _ = CompetenceArea.objects.update_or_create(
            code=code, defaults=data.names(values)
        )
    for code, values in data.COMPETENCES.items():
        Competence.objects.update_or_create(
            code=code, defaults={"area": areas[code.split(".")[0]], **data.names(values)}
        )
    for slug, values in data.SECTORS.items():
        Sector.objects.update_or_create(slug=slug, defaults=data.names(values))
    for slug, values in data.TARGET_GROUPS.items():
        TargetGroup.objects.update_or_create(slug=slug, defaults=data.names(values))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
