import hashlib

from auditlog.models import LogEntry
from django import template
from django.db.models import Model
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import generations
from core.access import allowed
from core.clock import window as find
from core.lists import bracketed as language_brackets
from core.lists import colon as language_colon
from core.lists import phone_pieces, render_pieces, separator
from core.registry import object_panels as registered_panels
from core.selectors import worker_state as state

register = template.Library()


@register.filter
def audit_action(entry) -> str:
    """The audit entry's action in the user's language."""
    labels = {
        LogEntry.Action.CREATE: _("Created"),
        LogEntry.Action.UPDATE: _("Changed"),
        LogEntry.Action.DELETE: _("Deleted"),
        LogEntry.Action.ACCESS: _("Viewed"),
    }
    return labels.get(entry.action, str(entry.action))


@register.filter
def absolute(value: int) -> int:
    return abs(int(value))


@register.simple_tag(takes_context=True)
def can(context, rule_name: str, obj=None) -> bool:
    """``{% can "activities.edit_activity" activity as may_edit %}``: the page asks the same
    rule (an app's ``permissions.can_*``) that the service checks, never a copy of it."""

    return allowed(rule_name, context["user"], obj)


@register.filter
def moment(value) -> str:
    """A date or a date and time, each in the active language's own format."""
    import datetime

    from django.utils import formats, timezone

    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return ""


@register.filter
def machine_time(value) -> str:
    """The value of a ``<time datetime>``: ISO 8601 in local time, to the second (HTML allows at
    most three digits of a fraction; Django's ``date:'c'`` writes six)."""
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def filter_state(filterset) -> str:
    """A cache key part for a filter form (a FilterSet's or a plain form): its values, the page
    number aside. What its choice fields list is read while it renders (core.generations)."""
    form = getattr(filterset, "form", filterset)
    data = form.data
    values = sorted(
        (k, tuple(data.getlist(k)) if hasattr(data, "getlist") else data[k])
        for k in data
        if k != "page"
    )
    return repr(values)


@register.filter
def row_state(obj) -> str:
    """A cache key part naming a row as the page read it: its model, key and every column, for
    a ``{% kept %}`` block that shows a row fetched before the block."""
    fields = obj._meta.concrete_fields
    return repr((obj._meta.label_lower, [f.value_from_object(obj) for f in fields]))


@register.filter
def form_html(form) -> str:
    """A form through crispy (``|crispy``), kept rendered when the view marked the unbound form
    with ``form.kept_as = key``: the same HTML for every viewer with that key, until a table its
    rendering read is written (four crispy forms were half of the minutes page's time)."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
    from django.utils import translation
    from django.utils.safestring import SafeString

    key = getattr(form, "kept_as", None)
    if key is None or form.is_bound:
        return as_crispy_form(form)
    # What the form was built from before it renders is part of the key: its initial values
    # and the rows it holds (an activity whose minutes it shows), each as the page read them.
    built_from = [
        repr(sorted(form.initial.items(), key=lambda kv: kv[0])),
        *(row_state(v) for _k, v in sorted(vars(form).items()) if isinstance(v, Model)),
    ]
    digest = hashlib.blake2b(repr(built_from).encode(), digest_size=16).hexdigest()
    html = generations.kept(
        f"form:{key}:{translation.get_language()}:{digest}",
        lambda: str(as_crispy_form(form)),
        600,
        local=True,
    )
    return SafeString(html)


@register.filter
def listing(items) -> str:
    """Items joined by the language's separator (、 in Chinese, a comma in English)."""

    return separator().join(str(item) for item in items)


class _MemoNode(template.Node):
    """See :func:`memo`."""

    LIMIT = 200

    def __init__(self, nodelist, vary) -> None:
        self.nodelist, self.vary = nodelist, vary
        self.rendered: dict[tuple, str] = {}

    def render(self, context) -> str:
        key = tuple(str(v.resolve(context)) for v in self.vary)
        html = self.rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.rendered) >= self.LIMIT:
                self.rendered.clear()
            self.rendered[key] = html
        return html


@register.tag
def memo(parser, token):
    """``{% memo a b %}…{% endmemo %}``: the block rendered once per process for each value of
    ``a b``, for HTML that depends on nothing else (no data, no request): the menu for a set of
    entries and a language. Unlike ``{% cache %}``, no cache round trip, and a new release
    renders it anew."""
    vary = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return _MemoNode(nodelist, vary)


class _KeptNode(template.Node):
    """See :func:`kept`."""

    def __init__(self, nodelist, name, vary) -> None:
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context) -> str:
        from django.utils import translation

        values = [str(v.resolve(context)) for v in self.vary]
        digest = hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()
        key = f"fragment:{self.name}:{translation.get_language()}:{digest}"
        return generations.kept(key, lambda: self.nodelist.render(context), 600, local=True)


@register.tag
def kept(parser, token):
    """``{% kept "name" a b %}…{% endkept %}``: the block kept rendered per ``a b`` and
    language until a table its rendering read is written (core.generations). The values named
    must be every input the block does not read from the database itself (the viewer, when it
    shows something per viewer)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    name = bits[1].strip("'\"")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return _KeptNode(nodelist, name, vary)


@register.inclusion_tag("partials/pagination.html", takes_context=True)
def pagination(context, page_obj) -> dict:
    """A list's page links keeping its filters, drawn by partials/pagination.html: each page's
    address is made here once (a dozen ``{% querystring %}`` links cost more than the rest of a
    list page's template); nothing is drawn for a single page."""
    paginator = page_obj.paginator
    if paginator.num_pages <= 1:
        return {"links": None}
    query = context["request"].GET.copy()

    def link(number: int | None, label: str, *, current: bool = False) -> dict:
        href = ""
        if number is not None and not current:
            query["page"] = str(number)
            href = "?" + query.urlencode()
        return {"label": label, "href": href, "current": current}

    links = [
        link(page_obj.previous_page_number() if page_obj.has_previous() else None, _("Previous"))
    ]
    for number in paginator.get_elided_page_range(page_obj.number):
        if number == paginator.ELLIPSIS:
            links.append(link(None, "…"))
        else:
            links.append(link(number, str(number), current=number == page_obj.number))
    links.append(link(page_obj.next_page_number() if page_obj.has_next() else None, _("Next")))
    return {"links": links, "total": paginator.count}


@register.simple_tag
def colon() -> str:
    """The language's colon after a label: ： in Chinese, ": " in English."""

    return language_colon()


@register.filter
def bracketed(value) -> str:
    """``value`` in the language's brackets with what precedes it: （主办） / " (host)"."""

    return language_brackets(value)


@register.simple_tag
def list_separator() -> str:
    """Between items in running text: 、 in Chinese, ", " in English."""

    return separator()


@register.filter
def phone_links(text) -> str:
    """Telephone numbers in ``text`` as tap-to-call links (drawn by partials/pieces.html)."""
    return render_pieces(phone_pieces(text))


@register.simple_tag
def worker_state():
    """Whether reminders are going out (core.selectors.worker_state), for the admin's index."""

    return state()


@register.simple_tag
def window(name: str, obj):
    """Why the action ``name`` (core.clock) cannot happen on ``obj`` now; "" when it can."""

    return find(name, obj).refusal()


@register.simple_tag(takes_context=True)
def object_panels(context, obj) -> SafeString:
    """``{% object_panels activity %}``: the sections other apps add to this object's page
    (``core.registry.register_object_panel``), each already rendered for the viewer."""
    return mark_safe("".join(registered_panels(context["request"], obj)))  # noqa: S308 - rendered templates
