"""E-mail bodies from Jinja2 templates (``chalicelib/templates/email``) in the reader's language: a plain-text and
an HTML version of each.

Each kind of mail is a pair ``<name>.txt`` / ``<name>.html`` extending ``base.txt`` / ``base.html``; the subject is
the ``subject`` block of the text template, so it is written once. Every sentence is a message of the translation
catalogue (Jinja2's i18n extension: ``{% trans %}`` and ``_()``), English in the templates and German in
``chalicelib/translations/de/LC_MESSAGES/messages.po``, read with Babel. Dates and times are written the reader's
way (Babel's ``format_datetime``) on the reader's clock. HTML is autoescaped (a patient's name is data, never
markup); undefined variables raise, so a misspelt name fails a test instead of sending a blank.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from chalicelib.caches import register
from chalicelib.vocabulary import DEFAULT_LOCALE, Locale

if TYPE_CHECKING:
    from gettext import NullTranslations

    from jinja2 import Environment

PACKAGE = Path(__file__).resolve().parents[2]
TEMPLATES = PACKAGE / "templates" / "email"
TRANSLATIONS = PACKAGE / "translations"
DOMAIN = "messages"
# How each language writes an appointment's moment (CLDR patterns for Babel); the zone follows in brackets, so that
# nobody has to guess which clock is meant.
MOMENT_PATTERNS = {
    Locale.EN: "EEEE, d MMMM y 'at' HH:mm",
    Locale.DE: "EEEE, d. MMMM y 'um' HH:mm 'Uhr'",
}
TEXT_WIDTH = 76


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _locale(locale: str | None) -> Locale:
    try:
        return Locale(locale or DEFAULT_LOCALE)
    except ValueError:
        return DEFAULT_LOCALE


def local_time(moment: datetime, zone: str, locale: str | None = None) -> str:
    """``Wednesday, 2 December 2026 at 11:00 (Europe/Berlin)``, ``Mittwoch, 2. Dezember 2026 um 11:00 Uhr
    (Europe/Berlin)``: the recipient's wall clock in the recipient's language, with the zone named."""
    from babel.dates import format_datetime

    language = _locale(locale)
    local = moment.astimezone(ZoneInfo(zone))
    return f"{format_datetime(local, MOMENT_PATTERNS[language], locale=language.value)} ({zone})"


def weekday(moment: datetime, zone: str, locale: str | None = None) -> str:
    """The day of the week of ``moment`` on the recipient's clock, in their language (``Mittwoch``)."""
    from babel.dates import format_datetime

    return str(format_datetime(moment.astimezone(ZoneInfo(zone)), "EEEE", locale=_locale(locale).value))


def wrap(text: str) -> str:
    """Plain-text paragraphs wrapped at 76 characters (a translated sentence is one long line); indented lines,
    addresses and links are left whole."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= TEXT_WIDTH or line.startswith(" "):
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, TEXT_WIDTH, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def translations(locale: str) -> NullTranslations:
    """The catalogue of ``locale``: the ``.po`` file read with Babel and compiled in memory (no compiled ``.mo`` is
    kept in the repository); English is the templates' own text."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    language = _locale(locale)
    if language == Locale.EN:
        return NullTranslations()
    with (TRANSLATIONS / language.value / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        catalog = read_po(source, locale=language.value, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


_environments: dict[str, Environment] = {}


@register
def forget() -> None:
    _environments.clear()


def environment(locale: str | None = None) -> Environment:
    """The template environment of one language, made on first use and kept per process."""
    language = _locale(locale)
    found = _environments.get(language)
    if found is None:
        found = _environments[language] = _make_environment(language)
    return found


def _make_environment(language: Locale) -> Environment:
    # Imported here: Jinja2 and Babel are needed only when a mail is written, not at every cold start.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    class Loader(FileSystemLoader):
        """Partials of shared sentences (``_*.txt``) are written once and read by the HTML templates as ``_*.html``:
        the same source compiled under an ``.html`` name escapes every value (a macro compiled without escaping
        would hand an HTML template its values raw)."""

        def get_source(self, environment: Environment, template: str) -> Any:
            if template.startswith("_") and template.endswith(".html") and not (TEMPLATES / template).exists():
                source, _, uptodate = super().get_source(environment, template[: -len(".html")] + ".txt")
                return source, str(TEMPLATES / template), uptodate
            return super().get_source(environment, template)

    env = Environment(
        loader=Loader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["local_time"] = lambda moment, zone: local_time(moment, zone, language)
    env.filters["weekday"] = lambda moment, zone: weekday(moment, zone, language)
    env.filters["wrap"] = wrap
    env.globals["locale"] = language.value
    return env


def render(template: str, *, locale: str | None = None, **context: Any) -> Rendered:
    env = environment(locale)
    text_template = env.get_template(f"{template}.txt")
    subject_block = text_template.blocks["subject"]
    subject = " ".join("".join(subject_block(text_template.new_context(context))).split())
    return Rendered(
        subject=subject,
        text=text_template.render(context),
        html=env.get_template(f"{template}.html").render(context),
    )


def render_line(template: str, *, locale: str | None = None, **context: Any) -> str:
    """A one-line text in the reader's language (an invite's summary): ``<template>.txt`` alone, whitespace
    collapsed."""
    return " ".join(environment(locale).get_template(f"{template}.txt").render(context).split())
