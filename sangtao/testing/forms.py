"""Read a form off a rendered page and post it back, as a browser would (the hidden fields included).

Tests of optimistic locking must submit exactly what the page carried: a version field that the template
forgot to render would otherwise go unnoticed.
"""

from html.parser import HTMLParser

STALE = "vừa được người khác sửa"  # the start of core.locking.stale_message


class _FormReader(HTMLParser):
    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.data: dict[str, list[str]] | None = None
        self._in_form = False
        self._done = False
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: tuple[str, bool] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def _wanted(self, attrs) -> bool:
        if (attrs.get("method") or "get").lower() != "post":
            return False
        action = attrs.get("action") or ""
        return action == self.action if self.action else action == ""

    def _add(self, name, value):
        if name and self.data is not None:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and not self._done and self._wanted(attrs):
            self._in_form, self.data = True, {}
            return
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "textarea":
            self._textarea, self._text = name, ""
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = (name, "multiple" in attrs), None, False
        elif tag == "option" and self._select:
            self._option, self._option_text = (attrs.get("value"), "selected" in attrs), ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data
        elif self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if not self._in_form:
            return
        if tag == "form":
            self._in_form, self._done = False, True
        elif tag == "textarea" and self._textarea is not None:
            self._add(self._textarea, self._text.removeprefix("\n"))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected = self._option
            value = self._option_text.strip() if value is None else value
            if self._select_first is None:
                self._select_first = value
            if selected:
                self._add(self._select[0], value)
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not self._select_chosen and not multiple and self._select_first is not None:
                self._add(name, self._select_first)  # a browser sends the first option of a single select
            self._select = None


def form_data(response, action: str | None = None) -> dict[str, list[str]]:
    """What a browser would post from the page's form with `action` (default: the one posting to itself)."""
    reader = _FormReader(action)
    reader.feed(response.content.decode())
    assert reader.data is not None, f"no post form with action={action!r} on the page"
    return reader.data


def edit_twice(first, second, url: str, *, first_changes: dict, second_changes: dict, action: str | None = None):
    """Two people open the same edit page, then each saves their own changes, the first one first.

    Returns the second person's answer: the page that refuses the save.
    """
    pages = first.get(url), second.get(url)
    assert [p.status_code for p in pages] == [200, 200]
    data_first, data_second = (form_data(p, action) for p in pages)
    assert "version" in data_first, "the edit form does not carry the version it was opened at"
    saved = first.post(action or url, {**data_first, **first_changes})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    return second.post(action or url, {**data_second, **second_changes})
