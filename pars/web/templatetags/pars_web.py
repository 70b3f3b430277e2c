"""Template filters for showing coded values and confidences the same way on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join

register = template.Library()

_CODE_KEYS = ("icd10", "opcs4", "code")


@register.filter
def coded_value(value: Any) -> str:
    """A §1 field value as safe HTML: diagnosis/procedure lists one per line, code first.

    Always escaped here, whatever the template does: values come from letters
    written outside PARS and may hold markup.
    """
    if value is None or value == "" or value == []:
        return format_html('<span class="nhsuk-u-secondary-text-colour">{}</span>', "none")
    if isinstance(value, list):
        return format_html_join(
            "", '<span class="pars-coded-item">{}</span>', ((_item(v),) for v in value)
        )
    if isinstance(value, bool):
        return "yes" if value else "no"
    return conditional_escape(str(value))


def _item(value: Any) -> str:
    if isinstance(value, dict):
        code = next((value[k] for k in _CODE_KEYS if value.get(k)), "")
        text = value.get("text") or ""
        return f"{code} {text}".strip() if code else text or str(value)
    return str(value)


@register.filter
def percent(value: float | None) -> str:
    """A confidence (0-1) as a whole percentage; blank when the engine gave none."""
    if value is None:
        return ""
    return f"{round(float(value) * 100)}%"


@register.filter
def label(value: str) -> str:
    """A field or state key as words: ``specialty_tfc`` -> ``specialty tfc``."""
    return str(value).replace("_", " ")


_FINDING_TAG_COLOURS = {
    "open": "blue",
    "challenged": "yellow",
    "accepted": "green",
    "rejected": "red",
}


@register.filter
def finding_status_tag(status: str) -> str:
    """A finding's status as an NHS.UK tag, coloured the same on the list and the detail page."""
    colour = _FINDING_TAG_COLOURS.get(status, "grey")
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, status)
