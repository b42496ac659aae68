"""`{% path 'practices:practice-list' %}`: what `{% url %}` gives for an
address without arguments, reversed once per language (practices.paths)."""

from django import template

from practices.paths import page_path

register = template.Library()


@register.simple_tag
def path(url_name):
    return page_path(url_name)
