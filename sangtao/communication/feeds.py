"""RSS and Atom feeds of published articles, all and per category."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import ArticleCategory
from .selectors import public_articles


class ArticleRss(Feed):
    def get_object(self, request, category=None):
        if category and category not in ArticleCategory.values:
            raise Http404
        return category

    def title(self, obj):
        label = ArticleCategory(obj).label if obj else _("Tất cả")
        return _("Tin bài Sáng Tạo — %(c)s") % {"c": label}

    def link(self, obj):
        return reverse("communication:category", args=[obj]) if obj else reverse("communication:home")

    def description(self, obj):
        return _("Tin khoa học, công nghệ và đổi mới sáng tạo của ngành giáo dục.")

    def items(self, obj):
        return public_articles(category=obj)[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("communication:article", args=[item.slug])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.unit.name

    def item_categories(self, item):
        return [item.get_category_display()]

    def item_guid(self, item):
        return f"{settings.SANGTAO_SITE_URL}{self.item_link(item)}"


class ArticleAtom(ArticleRss):
    feed_type = Atom1Feed
    subtitle = ArticleRss.description
