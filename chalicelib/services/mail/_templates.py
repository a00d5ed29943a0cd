"""E-mail bodies from Jinja2 templates (``chalicelib/templates/email``): a plain-text and an HTML version of each.

Each kind of mail is a pair ``<name>.txt`` / ``<name>.html`` extending ``base.txt`` / ``base.html``; the subject is
the ``subject`` block of the text template, so it is written once. HTML is autoescaped (a patient's name is data,
never markup); undefined variables raise, so a misspelt name fails a test instead of sending a blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from chalicelib.caches import process_cache

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def local_time(moment: datetime, zone: str) -> str:
    """``Wednesday, 2 December 2026 at 11:00 (Europe/Berlin)``: the recipient's wall clock, with the zone named so
    that nobody has to guess which one is meant."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%A}, {local.day} {local:%B %Y} at {local:%H:%M} ({zone})"


@process_cache
def environment() -> Environment:
    # Imported here: Jinja2 is needed only when a mail is written, not at every cold start.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["local_time"] = local_time
    return env


def render(template: str, **context: Any) -> Rendered:
    env = environment()
    text_template = env.get_template(f"{template}.txt")
    subject_block = text_template.blocks["subject"]
    subject = " ".join("".join(subject_block(text_template.new_context(context))).split())
    return Rendered(
        subject=subject,
        text=text_template.render(context),
        html=env.get_template(f"{template}.html").render(context),
    )
