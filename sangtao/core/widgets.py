"""Form widgets that stay fast with thousands of choices.

Django renders every <option> of a <select> through its own template: about a quarter of a millisecond
each, a second for the 3,678 units of a city. `Select` writes the same HTML in Python (the same
attributes, optgroups and escaping), so a page with a unit picker costs the same at city scale as for
one ward.
"""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString


def _options(options) -> str:
    # html.escape is what django.utils.html.escape calls, without the lazy-string wrapper around each call.
    parts = []
    for o in options:
        attrs = o["attrs"]
        extra = (
            (" selected" if attrs == {"selected": True} else "")
            if len(attrs) <= 1 and (not attrs or attrs == {"selected": True})
            else flatatt({k: v for k, v in attrs.items() if v is not False and v is not None})
        )
        parts.append(
            f'<option value="{html.escape(str(o["value"]))}"{extra}>{html.escape(str(o["label"]))}</option>'
        )
    return "".join(parts)


def _attrs(attrs: dict) -> SafeString:
    return flatatt({k: v for k, v in attrs.items() if v is not False and v is not None})


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        body = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name is None:
                body.append(_options(options))
            else:
                body.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>', group_name, SafeString(_options(options))
                    )
                )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            SafeString("".join(body)),
        )


def options_html(choices, selected="") -> SafeString:
    """<option>s for (value, label) pairs, `selected` (compared as text) marked: for a plain <select> in
    a template, where a {% for %} over thousands of choices would be slow."""
    selected = str(selected or "")
    return SafeString(
        _options(
            {"value": v, "label": label, "attrs": {"selected": True} if str(v) == selected else {}}
            for v, label in choices
        )
    )
