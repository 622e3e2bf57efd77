#!/usr/bin/env bash
# Re-extract translatable strings into messages.pot and merge them into every catalogue.
# Afterwards, translate each new entry in the messages.po files (no empty or fuzzy msgstr):
# tests/web/test_i18n.py fails until every catalogue covers every string.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
LOCALE_DIR=src/passage/locale
POT="$LOCALE_DIR/messages.pot"
LANGUAGES=(fr es ar)

mkdir -p "$LOCALE_DIR"
"$BIN/pybabel" -q extract -F babel.cfg -k _ -k gettext_ -k ngettext_:1,2 \
  --project=Passage --copyright-holder="Passage contributors" \
  -o "$POT" src/passage

for lang in "${LANGUAGES[@]}"; do
  "$BIN/pybabel" -q update --init-missing --no-fuzzy-matching --ignore-obsolete \
    --ignore-pot-creation-date -i "$POT" -d "$LOCALE_DIR" -l "$lang"
done

# Report what still needs a translator.
"$BIN/python" - "$LOCALE_DIR" "${LANGUAGES[@]}" <<'PY'
import sys
from pathlib import Path

from babel.messages.pofile import read_po

root, languages = Path(sys.argv[1]), sys.argv[2:]
for lang in languages:
    with (root / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    todo = [m.id for m in catalog if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))]
    print(f"{lang}: {len(catalog)} messages, {len(todo)} to translate")
    for msgid in todo:
        print(f"  - {msgid!r}")
PY
