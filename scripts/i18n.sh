#!/usr/bin/env bash
# Re-extract translatable strings into messages.pot and merge them into every catalogue.
# Afterwards, translate each new entry in the messages.po files (no empty or fuzzy msgstr):
# tests/web/test_i18n.py fails until every catalogue covers every string.
# Partial catalogues (Somali) cover the public feedback pages only (PARTIAL_SCOPE, checked by
# tests/web/test_i18n_partial.py); their other strings stay empty and fall back to English.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
LOCALE_DIR=src/passage/locale
POT="$LOCALE_DIR/messages.pot"
LANGUAGES=(fr es ar)
PARTIAL=(so)
# Where the strings a partial catalogue must translate come from (kept in step with
# PARTIAL_SCOPE in tests/web/test_i18n_partial.py).
PARTIAL_SCOPE="templates/feedback/_public.html templates/feedback/submit.html templates/feedback/sent.html templates/feedback/follow.html feedback/public_web.py feedback/vocabulary.py feedback/photos.py feedback/throttle.py feedback/service.py feedback/schemas.py kit/readable.py"

mkdir -p "$LOCALE_DIR"
"$BIN/pybabel" -q extract -F babel.cfg -k _ -k gettext_ -k ngettext_:1,2 \
  -k PassageError -k Invalid -k NotAuthenticated -k Forbidden -k NotFound -k OutOfScope \
  -k Conflict -k TooManyRequests -k Busy -k Refusal -k MRZUnreadable -k QRUnreadable -k Locked \
  --project=Passage --copyright-holder="Passage contributors" \
  -o "$POT" src/passage

for lang in "${LANGUAGES[@]}" "${PARTIAL[@]}"; do
  "$BIN/pybabel" -q update --init-missing --no-fuzzy-matching --ignore-obsolete \
    --ignore-pot-creation-date -i "$POT" -d "$LOCALE_DIR" -l "$lang"
done

# Report what still needs a translator.
PARTIAL_LIST="${PARTIAL[*]}" PARTIAL_SCOPE="$PARTIAL_SCOPE" \
"$BIN/python" - "$LOCALE_DIR" "${LANGUAGES[@]}" "${PARTIAL[@]}" <<'PY'
import os
import sys
from pathlib import Path

from babel.messages.pofile import read_po

root, languages = Path(sys.argv[1]), sys.argv[2:]
partial = set(os.environ["PARTIAL_LIST"].split())
scope = tuple("src/passage/" + path for path in os.environ["PARTIAL_SCOPE"].split())
for lang in languages:
    with (root / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    wanted = [
        m for m in catalog
        if m.id and (lang not in partial or any(f.endswith(scope) for f, _ in m.locations))
    ]
    todo = [m.id for m in wanted if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])]
    kind = "public feedback pages only" if lang in partial else "every string"
    print(f"{lang} ({kind}): {len(wanted)} messages, {len(todo)} to translate")
    for msgid in todo:
        print(f"  - {msgid!r}")
PY
