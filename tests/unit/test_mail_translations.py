"""The mail's translation catalogue (chalicelib/translations): every sentence of the templates has its German, and
the catalogue says what the templates say (tools/translations.py extracts them the way the tests check)."""

from __future__ import annotations

from tools.translations import TEMPLATE, extracted, missing, po_path, read


def test_every_sentence_of_every_mail_has_its_german() -> None:
    assert missing("de") == []


def test_the_template_catalogue_is_up_to_date() -> None:
    """A sentence added to a template without ``python -m tools.translations update`` fails here."""
    written = {message.id for message in read(TEMPLATE, "en") if message.id}
    assert written == {message.id for message in extracted() if message.id}


def test_translations_keep_their_placeholders() -> None:
    import re

    for message in read(po_path("de"), "de"):
        if message.id and message.string:
            names = re.findall(r"%\((\w+)\)s", str(message.id))
            assert sorted(names) == sorted(re.findall(r"%\((\w+)\)s", str(message.string))), message.id
