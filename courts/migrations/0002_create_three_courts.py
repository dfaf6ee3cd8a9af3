from django.db import migrations

COURTS = [
    {
        "slug": "jinshan",
        "name_zh": "上海市金山区人民法院",
        "name_en": "Shanghai Jinshan District People's Court",
        "short_name_zh": "金山",
        "short_name_en": "Jinshan",
        "province": "上海",
        "sort_order": 1,
    },
    {
        "slug": "pinghu",
        "name_zh": "浙江省平湖市人民法院",
        "name_en": "Zhejiang Pinghu City People's Court",
        "short_name_zh": "平湖",
        "short_name_en": "Pinghu",
        "province": "浙江",
        "sort_order": 2,
    },
    {
        "slug": "jiashan",
        "name_zh": "浙江省嘉善县人民法院",
        "name_en": "Zhejiang Jiashan County People's Court",
        "short_name_zh": "嘉善",
        "short_name_en": "Jiashan",
        "province": "浙江",
        "sort_order": 3,
    },
]


def create_courts(apps, schema_editor):
    Court = apps.get_model("courts", "Court")
    for data in COURTS:
        Court.objects.update_or_create(slug=data["slug"], defaults=data)


def remove_courts(apps, schema_editor):
    Court = apps.get_model("courts", "Court")
    Court.objects.filter(slug__in=[c["slug"] for c in COURTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("courts", "0001_initial")]

    operations = [migrations.RunPython(create_courts, remove_courts)]
