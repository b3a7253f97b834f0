"""The English catalogue is complete and compiled."""

from __future__ import annotations

import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "src" / "chiso" / "web" / "locale" / "en" / "LC_MESSAGES"


def test_every_message_has_an_english_translation():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, flags=re.M)
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr in entries if msgid and not msgstr]
    assert untranslated == []
    plurals = re.findall(r'^msgid_plural "(.*)"\nmsgstr\[0\] "(.*)"\nmsgstr\[1\] "(.*)"$', text, flags=re.M)
    assert plurals and all(one and many for _, one, many in plurals)
    assert "#, fuzzy" not in text


def test_the_compiled_catalogue_is_not_older_than_the_source():
    mo, po = LOCALE / "django.mo", LOCALE / "django.po"
    assert mo.exists()
    # a catalogue compiled from this .po contains every English string
    data = mo.read_bytes()
    for english in ("Overview", "Access denied", "Could not import; nothing was written."):
        assert english.encode() in data
    assert po.stat().st_size > 0
