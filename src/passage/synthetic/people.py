"""Deterministic synthetic people and name variants for tests, benchmarks and the demo world.

People come from twenty naming traditions (`passage.synthetic.traditions`), in proportions set
by the traditions' weights; each name is drawn from a pool with Zipf-like frequencies, so a
million people share a few very common names (MOHAMMED, WANG, NGUYEN, SMITH) and carry a long
tail of rare ones, as real lists and traveller populations do. Russian, Greek and common
Arabic names are written in their script, with the Latin forms of the ICAO tables.

`make_variant` alters a listed person's name the way a real query differs from the list:
another transliteration or spelling, names in another order, a middle name dropped or added,
one or two typing errors, diacritics lost.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from passage.names.transliteration import ARABIC_NAME_FORMS, transliterate, word_variants
from passage.synthetic.traditions import TRADITIONS, Tradition

CODES = tuple(TRADITIONS)
CUMULATIVE_WEIGHTS = tuple(itertools.accumulate(t.weight for t in TRADITIONS.values()))
PATRONYMIC_RATE = 0.6  # Russian, Ukrainian and Belarusian lists carry the patronymic
LETTERS = "ABCDEFGHJKLMNPRTUVWXYZ"  # of document numbers
OTHER_SCRIPT = re.compile("[\u0370-\u06ff]")  # Greek, Cyrillic, Arabic
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
# born 1940-2006, any month, day 1-28
BIRTH_DATES = tuple(
    f"{year:04d}-{month:02d}-{day:02d}"
    for year in range(1940, 2007)
    for month in range(1, 13)
    for day in range(1, 29)
)
RESPELL_RATE = 0.3  # words of a transliterated name spelled another way in a query
# Spellings that vary between transliterations (Mohammed/Muhammad, Yousef/Yusuf,
# Khaled/Khalid, Chérif/Sharif, Jung/Jeong ...), each way round.
RESPELLINGS = (
    ("OU", "U"),
    ("U", "OU"),
    ("OO", "U"),
    ("EE", "I"),
    ("I", "EE"),
    ("E", "I"),
    ("I", "E"),
    ("A", "E"),
    ("E", "A"),
    ("O", "U"),
    ("U", "O"),
    ("Y", "I"),
    ("I", "Y"),
    ("KH", "H"),
    ("SH", "CH"),
    ("Q", "K"),
    ("J", "DJ"),
    ("EO", "U"),
)


@dataclass(slots=True)
class SyntheticPerson:
    """A generated person: the name as listed, its source script form and the known facts."""

    id: str
    culture: str
    given: tuple[str, ...]
    surname: str
    birth_date: str
    nationality: str
    gender: str
    documents: tuple[str, ...] = ()
    listed_in_script: bool = False
    aliases: tuple[str, ...] = field(default=())

    @property
    def source_name(self) -> str:
        """Given names then surname in the source script."""
        return " ".join((*self.given, self.surname))

    @property
    def listed_name(self) -> str:
        """The name as written on the list: source script or its ICAO transliteration."""
        return self.source_name if self.listed_in_script else latin_form(self.source_name)

    @property
    def names(self) -> tuple[str, ...]:
        """Listed name first, then aliases."""
        return (self.listed_name, *self.aliases)


def latin_form(name: str) -> str:
    """The Latin form a list keeps: ICAO for Cyrillic/Greek, the usual spelling for Arabic."""
    words = []
    for word in name.split():
        forms = ARABIC_NAME_FORMS.get(word)
        words.append(forms[0] if forms else transliterate(word))
    return " ".join(words)


def _patronymic(father: str, gender: str) -> str:
    """Russian patronymic from the father's given name (Сергей -> Сергеевич, Сергеевна)."""
    male = gender == "M"
    if father.endswith(("а", "я")):  # Никита -> Никитич, Никитична
        return father[:-1] + ("ич" if male else "ична")
    if father.endswith("ий"):  # Аркадий -> Аркадьевич
        return father[:-2] + ("ьевич" if male else "ьевна")
    if father.endswith("й"):  # Андрей -> Андреевич, Николай -> Николаевич
        return father[:-1] + ("евич" if male else "евна")
    return father + ("ович" if male else "овна")


def draw_tradition(rng: random.Random) -> Tradition:
    """A tradition, as often as its weight says."""
    at = bisect.bisect(CUMULATIVE_WEIGHTS, rng.random() * CUMULATIVE_WEIGHTS[-1])
    return TRADITIONS[CODES[min(at, len(CODES) - 1)]]


def _given_names(rng: random.Random, tradition: Tradition, gender: str) -> list[str]:
    """Given names, with the middle name, patronymic or father's name the tradition uses."""
    pool = tradition.given_pool(gender)
    given = [pool.draw(rng)]
    if tradition.middle is not None:
        given.insert(0, tradition.middle[gender == "F"].draw(rng))
    if tradition.script == "cyrillic":
        if rng.random() < PATRONYMIC_RATE:
            given.append(_patronymic(tradition.male.draw(rng), gender))
    elif rng.random() < tradition.fathers_name:
        given.append(tradition.male.draw(rng))
    elif rng.random() < tradition.second_given:
        given.append(pool.draw(rng))
    return given


def _surname(rng: random.Random, tradition: Tradition, gender: str) -> str:
    """The surname (two for Spanish and Portuguese names), in its feminine form for women."""
    surname = tradition.surnames.draw(rng)
    if tradition.second_surname and rng.random() < tradition.second_surname:
        surname = f"{surname} {tradition.surnames.draw(rng)}"
    if gender == "F" and tradition.feminine is not None:
        surname = " ".join(tradition.feminine(part) for part in surname.split())
    return surname


def in_other_script(word: str) -> bool:
    """Whether a word is written in Greek, Cyrillic or Arabic letters."""
    return OTHER_SCRIPT.search(word) is not None


def make_person(rng: random.Random, number: int, culture: str | None = None) -> SyntheticPerson:
    """One person of a random (or the given) naming tradition."""
    tradition = TRADITIONS[culture] if culture else draw_tradition(rng)
    gender = "MF"[rng.random() < 0.5]
    given = _given_names(rng, tradition, gender)
    surname = _surname(rng, tradition, gender)
    birth = BIRTH_DATES[int(rng.random() * len(BIRTH_DATES))]
    documents: tuple[str, ...] = ()
    if rng.random() < 0.3:
        first, second = (LETTERS[int(rng.random() * len(LETTERS))] for _ in range(2))
        documents = (f"{first}{second}{int(rng.random() * 10_000_000):07d}",)
    # half of the people whose names are all in Cyrillic, Greek or Arabic are listed so
    in_script = tradition.script != "latin" and rng.random() < 0.5
    nationalities = tradition.nationalities
    return SyntheticPerson(
        f"E{number:07d}",
        tradition.code,
        tuple(given),
        surname,
        birth,
        nationalities[int(rng.random() * len(nationalities))],
        gender,
        documents,
        in_script and LATIN_LETTER.search(" ".join((*given, surname))) is None,
    )


def generate_people(count: int, seed: int = 9303) -> Iterator[SyntheticPerson]:
    """`count` people, the same for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        yield make_person(rng, number)


def strip_diacritics(name: str) -> str:
    """Drop accents the way a keyboard without them does (Ü becomes U, not UE)."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _typo(rng: random.Random, word: str) -> str:
    """One typing error in a Latin word: swap, drop, double or replace a letter."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + rng.choice("ABCDEFGHIJKLMNOPRSTUVWYZ") + word[at + 1 :]


def respell(rng: random.Random, word: str) -> str:
    """The word (upper case) with one spelling changed the way transliterations differ."""
    choices = [(old, new) for old, new in RESPELLINGS if old in word[1:]]
    if not choices:
        return word
    old, new = rng.choice(choices)
    at = word.find(old, 1)
    return word[:at] + new + word[at + len(old) :]


def _rendering(rng: random.Random, person: SyntheticPerson) -> list[str]:
    """Words of the person's name in some plausible Latin rendering (or its source script)."""
    tradition = TRADITIONS[person.culture]
    if tradition.script == "latin":
        name = person.source_name
        words = (strip_diacritics(name) if rng.random() < 0.5 else name).split()
    elif person.listed_in_script is False and rng.random() < 0.3:
        return person.source_name.split()
    else:
        words = [_script_rendering(rng, word) for word in person.source_name.split()]
    if not tradition.transliterated:
        return words
    return [
        respell(rng, strip_diacritics(word).upper())
        if not in_other_script(word) and rng.random() < RESPELL_RATE
        else word
        for word in words
    ]


def _script_rendering(rng: random.Random, word: str) -> str:
    """One Latin rendering of a word: a usual spelling of an Arabic name or an ICAO variant."""
    if not in_other_script(word):
        return word
    options = list(ARABIC_NAME_FORMS.get(word, ())) or word_variants(word)[:6]
    return rng.choice(options) if options else word


def make_variant(rng: random.Random, person: SyntheticPerson) -> tuple[str, list[str]]:
    """A query name for a listed person, with the kinds of change applied."""
    words = _rendering(rng, person)
    kinds = ["rendering"]
    if len(words) > 2 and rng.random() < 0.3:
        del words[1]
        kinds.append("dropped_middle")
    elif rng.random() < 0.15:
        extra = TRADITIONS[person.culture].given_pool(person.gender).draw(rng)
        words.insert(1, latin_form(extra))
        kinds.append("extra_middle")
    if rng.random() < 0.4:
        words = [words[-1], *words[:-1]]
        kinds.append("order_swap")
    latin_positions = [i for i, w in enumerate(words) if w.isascii() and len(w) >= 4]
    for _ in range(rng.choice((0, 1, 1, 2))):
        if latin_positions:
            at = rng.choice(latin_positions)
            words[at] = _typo(rng, words[at].upper())
            kinds.append("typo")
    return " ".join(words), kinds
