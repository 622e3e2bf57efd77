"""Distinct words of an alert list with their renderings, blocking keys and postings."""

from __future__ import annotations

from array import array
from collections import defaultdict

from passage.border.matching.text import blocking_keys, deletion_keys, phonetic_codes

MAX_FORMS = 12  # renderings kept per word, from every script it was listed in


class Vocabulary:
    """Distinct listed words, their renderings, blocking keys and postings (name numbers)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.forms: list[tuple[str, ...]] = []
        self.codes: list[tuple[str, ...]] = []
        self.postings: list[array] = []
        self.keys: dict[str, array] = defaultdict(lambda: array("i"))
        self.rendered_by: dict[int, list[int]] = defaultdict(list)

    def intern(self, forms: tuple[str, ...]) -> int:
        """Number of the word whose primary rendering is forms[0], filing it when new.

        A word already filed gains the renderings it lacks: ВАСИЛИС listed in Greek after a
        VASILIS listed in Latin brings BASILIS and VASILHS, which a traveller's document may
        carry (before, the first filing's renderings were kept and the others lost)."""
        word_id = self.ids.get(forms[0])
        if word_id is None:
            word_id = len(self.words)
            self.ids[forms[0]] = word_id
            self.words.append(forms[0])
            self.forms.append(())
            self.codes.append(())
            self.postings.append(array("i"))
        known = self.forms[word_id]
        new = tuple(form for form in forms if form not in known)[: MAX_FORMS - len(known)]
        if new:
            self.forms[word_id] = known + new
            self.codes[word_id] += tuple(code for form in new for code in phonetic_codes(form))
            for form in new:
                for key in blocking_keys(form):
                    self.keys[key].append(word_id)
        return word_id

    def lookup(self, form: str, *, deep: bool = False) -> set[int]:
        """Listed words sharing a blocking key with a query rendering.

        `deep` also tries the query's two-deletion neighbourhood, which with the listed
        words' one-deletion keys finds words two or three typing errors away.
        """
        found: set[int] = set()
        keys = blocking_keys(form)
        if deep:
            keys |= deletion_keys(form, 2)
        for key in keys:
            ids = self.keys.get(key)
            if ids is not None:
                found.update(ids)
        return found
