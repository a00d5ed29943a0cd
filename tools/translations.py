"""The mail's translation catalogue: ``python -m tools.translations extract`` writes the template
(``chalicelib/translations/messages.pot``) from every ``_()`` and ``{% trans %}`` of the mail templates, and
``update`` merges it into each language's ``messages.po`` (new messages come in empty, to be translated; removed
ones are dropped). ``check`` fails while a message has no translation (tests/unit/test_mail_translations.py runs
the same check). The ``.po`` files are read as they are at run time (chalicelib/services/mail/_templates.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "chalicelib" / "templates" / "email"
TRANSLATIONS = ROOT / "chalicelib" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
LANGUAGES = ("de",)
METHODS = [("**.txt", "jinja2"), ("**.html", "jinja2")]
OPTIONS = {"**.txt": {"trimmed": "true"}, "**.html": {"trimmed": "true"}}


def extracted() -> Catalog:
    catalog = Catalog(project="DocSpot", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        TEMPLATES, METHODS, options_map=OPTIONS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(f"templates/email/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        write_po(target, catalog, width=120, omit_header=False, sort_output=False, include_previous=False)


def missing(language: str) -> list[str]:
    """Messages of the templates that ``language`` does not translate (or only fuzzily)."""
    catalog = read(po_path(language), language)
    out = []
    for message in extracted():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None or not found.string or found.fuzzy:
            out.append(str(message.id))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=("extract", "update", "check"))
    command = parser.parse_args(argv).command
    if command in ("extract", "update"):
        write(TEMPLATE, extracted())
    if command == "update":
        template = read(TEMPLATE, "en")
        for language in LANGUAGES:
            path = po_path(language)
            catalog = read(path, language) if path.exists() else Catalog(locale=language, project="DocSpot")
            catalog.update(template, no_fuzzy_matching=True)
            write(path, catalog)
    if command == "check":
        gaps = {language: missing(language) for language in LANGUAGES}
        for language, ids in gaps.items():
            for message in ids:
                print(f"{language}: not translated: {message}")
        return 1 if any(gaps.values()) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
