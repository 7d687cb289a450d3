"""Type-to-search pickers for long lists (programmes, organisations, events, people).

A picker is a plain ``<select>`` that offers a few options (the person's own first) with a
search box beside it. Without JavaScript the box's "Search" button sends the form back, and
the page comes again with the matching options and nothing saved; with htmx, typing asks the
search endpoint (``core:pick``) for the matching options and swaps them into the select. No
select ever holds hundreds of options, and no script is inline.

Apps register a ``Source`` by name: what a person may pick (a queryset for them), how to
search it, how to label an option, and which options are the person's own. A form declares
``PickerField("source name")`` and calls ``bind_pickers(form, user)``. A form sent by the
Search button is not valid (the picker says to choose), so no view saves it; a view may check
``searching(request)`` first and draw ``quiet(form)``, without the errors of the other fields.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .widgets import attributes

SEARCH_BUTTON = "_picker"
LIMIT = 20


@dataclass(frozen=True)
class Source:
    """What a picker offers: ``queryset(user)`` is what that person may pick."""

    queryset: Callable[[Any], Any]
    search: Callable[[Any, str], Any]
    label: Callable[[Any], str] = str
    # The person's own options (their programmes), offered first; None: no such options.
    preferred: Callable[[Any, Any], Any] | None = None
    # Whether options are offered before anything is typed (besides the person's own).
    browse: bool = True
    mine_label: Any = _("Yours")
    others_label: Any = _("Others")
    search_label: Any = _("Find")
    empty_label: Any = _("Type in the search box to find one")
    # Fields other than the primary key a form may take as the value (``to_field_name``).
    value_fields: tuple = ()


_SOURCES = {}


def register(name, source):
    _SOURCES[name] = source


def source(name):
    return _SOURCES[name]


def searching(request):
    """The form was sent by a picker's "Search" button: show it again, save nothing."""
    return request.method == "POST" and SEARCH_BUTTON in request.POST


def quiet(form):
    """The bound form drawn again without checking it (after a picker's search)."""
    form._errors = ErrorDict()
    return form


def bind_pickers(form, user):
    """Give every picker of ``form`` the person it offers options to."""
    for field in form.fields.values():
        if isinstance(field, PickerField):
            field.for_user(user)


def _value(obj, to_field_name):
    return str(getattr(obj, to_field_name) if to_field_name else obj.pk)


def option_groups(source, queryset, user, *, query="", selected="", to_field_name=None):
    """``[(group label or None, [(value, label, is_selected)])]``: the selected option, then
    the person's own, then matches (or the first few when nothing is typed)."""
    query = (query or "").strip()[:100]
    seen = set()

    def rows(objects, chosen=False):
        kept = []
        for obj in objects:
            value = _value(obj, to_field_name)
            if value not in seen and len(kept) < LIMIT:
                seen.add(value)
                kept.append((value, source.label(obj), chosen))
        return kept

    groups = []
    chosen = _chosen(queryset, selected, to_field_name)
    if chosen is not None:
        groups.append((None, rows([chosen], chosen=True)))
    matching = source.search(queryset, query) if query else queryset
    mine = []
    if source.preferred is not None and user is not None and user.is_authenticated:
        mine = rows(source.preferred(user, matching)[: LIMIT + 1])
        if mine:
            groups.append((source.mine_label, mine))
    if query or source.browse:
        others = rows(matching[: LIMIT + len(seen)])
        if others:
            groups.append((source.others_label if groups else None, others))
    return groups


def _chosen(queryset, selected, to_field_name):
    if selected in (None, ""):
        return None
    try:
        return queryset.filter(**{to_field_name or "pk": selected}).first()
    except (ValueError, TypeError, forms.ValidationError):
        return None


def render_options(groups, empty_label):
    parts = []
    if empty_label is not None:
        parts.append(format_html('<option value="">{}</option>', empty_label))
    for label, options in groups:
        selected = mark_safe(" selected")
        rows = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, selected if chosen else "", text) for value, text, chosen in options),
        )
        if label:
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', label, rows))
        else:
            parts.append(rows)
    return mark_safe("".join(parts))


def count_message(groups, query):
    count = sum(len(options) for _label, options in groups)
    if not query:
        return ""
    if not count:
        return str(_("Nothing matches “%(query)s”.") % {"query": query})
    return ngettext(
        "%(count)d option matches “%(query)s”.",
        "%(count)d options match “%(query)s”; type more to narrow them.",
        count,
    ) % {"count": count, "query": query}


class PickerWidget(forms.Select):
    """The select, its search box, the no-JavaScript "Search" button and a status line."""

    field = None
    query = ""
    searched = False

    def value_from_datadict(self, data, files, name):
        self.query = (data.get(f"{name}__q") or "").strip()[:100]
        self.searched = data.get(SEARCH_BUTTON) == name
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        field = self.field
        if field.queryset is None:
            field.for_user(field.user)
        attrs = self.build_attrs(self.attrs, attrs)
        select_id = attrs.get("id") or f"id_{name}"
        selected = value[0] if isinstance(value, list | tuple) and value else value
        groups = option_groups(
            field.source,
            field.queryset,
            field.user,
            query=self.query,
            selected="" if selected is None else str(selected),
            to_field_name=field.to_field_name,
        )
        empty = field.empty_label
        if empty is not None and not groups and not self.query and not field.source.browse:
            empty = field.source.empty_label
        select_attrs = {k: v for k, v in attrs.items() if k != "id"}
        return format_html(
            '<div class="picker">'
            '<select name="{name}" id="{id}"{attrs}>{options}</select>'
            '<div class="picker-search">'
            '<label for="{id}__q">{search_label}</label> '
            '<input type="search" name="{name}__q" id="{id}__q" value="{query}" maxlength="100" '
            'autocomplete="off" aria-describedby="{id}__status" hx-get="{url}" '
            'hx-trigger="input changed delay:300ms, search" hx-target="#{id}" '
            'hx-include="#{id}" hx-sync="this:replace"> '
            '<button type="submit" class="secondary" name="{button}" value="{name}" '
            'formnovalidate>{search}<span class="visually-hidden"> {label}</span></button>'
            "</div>"
            '<p class="picker-status meta" id="{id}__status" role="status">{status}</p>'
            "</div>",
            name=name,
            id=select_id,
            attrs=mark_safe(attributes(select_attrs)),
            options=render_options(groups, empty),
            search_label=field.search_label or field.source.search_label,
            query=self.query,
            url=field.search_url(name, select_id),
            button=SEARCH_BUTTON,
            search=_("Search"),
            label=field.label or "",
            status=count_message(groups, self.query),
        )


class PickerField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` over a registered source, drawn as a picker. The queryset is the
    source's for the person (``for_user``), unless the form sets a narrower one."""

    widget = PickerWidget

    def __init__(self, source_name, *, search_label=None, **kwargs):
        self.source_name = source_name
        self.search_label = search_label
        self.user = None
        kwargs.setdefault("queryset", None)
        super().__init__(**kwargs)
        self.widget.field = self

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.field = result
        return result

    @property
    def source(self):
        return source(self.source_name)

    def for_user(self, user):
        self.user = user
        if self.queryset is None:
            self.queryset = self.source.queryset(user)
        return self

    def label_from_instance(self, obj):
        return self.source.label(obj)

    def search_url(self, name, select_id):
        query = {"field": name, "select": select_id}
        if self.to_field_name:
            query["to"] = self.to_field_name
        if self.empty_label is not None:
            query["blank"] = "1"
        return f"{reverse('core:pick', args=[self.source_name])}?{urlencode(query)}"

    def clean(self, value):
        if self.queryset is None:
            self.for_user(None)
        if self.widget.searched:
            # The form came back through the Search button: nothing is saved, whatever view
            # it goes to; the options found are offered on the form drawn again.
            raise forms.ValidationError(
                _("Choose one of the options found, then send the form again."), code="searching"
            )
        return super().clean(value)
