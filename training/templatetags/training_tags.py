from django import template

from training.certificates import certificate_text as _certificate_text

register = template.Library()


@register.simple_tag
def certificate_text(enrolment) -> dict[str, str]:
    """The certificate's words in Chinese (the page and the PDF say the same)."""
    return _certificate_text(enrolment)
