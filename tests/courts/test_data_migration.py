from courts.models import Court


def test_the_three_courts_of_the_agreement_exist(db):
    courts = list(
        Court.objects.order_by("sort_order").values_list(
            "slug", "name_zh", "short_name_zh", "name_en"
        )
    )
    assert courts == [
        ("jinshan", "上海市金山区人民法院", "金山", "Shanghai Jinshan District People's Court"),
        ("pinghu", "浙江省平湖市人民法院", "平湖", "Zhejiang Pinghu City People's Court"),
        ("jiashan", "浙江省嘉善县人民法院", "嘉善", "Zhejiang Jiashan County People's Court"),
    ]


def test_court_name_follows_the_active_language(db):
    from django.utils import translation

    court = Court.objects.get(slug="pinghu")
    with translation.override("en"):
        assert court.short_name == "Pinghu"
    with translation.override("zh-hans"):
        assert court.short_name == "平湖"
