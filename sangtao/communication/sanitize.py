"""The one place article HTML is cleaned (nh3, an ammonia binding): what is stored is safe to show as is."""

import re

import nh3

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h2",
    "h3",
    "blockquote",
}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}
IMAGE_SRC = re.compile(r"^/news/images/\d+/$")


def _filter(element, attribute, value):
    if element == "img" and attribute == "src":
        return value if IMAGE_SRC.match(value) else None
    return value


def clean_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_filter,
        strip_comments=True,
    )
