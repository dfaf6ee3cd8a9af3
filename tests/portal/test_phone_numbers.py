"""Telephone numbers are tap-to-call links wherever the portal shows them."""

from django.urls import reverse

from core.lists import phone_pieces, render_pieces


def phone_html(text):
    return render_pieces(phone_pieces(text))


def test_numbers_in_text_become_tel_links_and_the_rest_is_escaped():
    assert phone_html("021-57920002") == '<a href="tel:02157920002">021-57920002</a>'
    assert phone_html("宣教部 0573-82000000") == (
        '宣教部 <a href="tel:057382000000">0573-82000000</a>'
    )
    assert phone_html("手机 13812345678") == '手机 <a href="tel:13812345678">13812345678</a>'
    assert phone_html("<b>0573-82000000</b>").startswith("&lt;b&gt;")
    assert phone_html("（2020）沪0116民初1234号") == "（2020）沪0116民初1234号"  # no number
    assert phone_html("") == "—"


def test_the_directory_and_a_red_base_offer_tap_to_call(secretary_client, jinshan_secretary):
    from activities.models import RedEducationBase

    person = jinshan_secretary.person
    person.phone = "021-57920002"
    person.save()
    page = secretary_client.get(reverse("courts:person-list")).content.decode()
    assert '<a href="tel:02157920002">021-57920002</a>' in page
    base = RedEducationBase.objects.create(
        name="金山卫抗战遗址纪念园", place="金山卫镇", contact="宣教部 0573-82000000"
    )
    page = secretary_client.get(base.get_absolute_url()).content.decode()
    assert '<a href="tel:057382000000">0573-82000000</a>' in page
