"""Text helpers for alert-list matching: name words, Metaphone and blocking keys."""

from __future__ import annotations

from functools import lru_cache

from passage.names.transliteration import word_variants

# Words that are particles in some traditions (Dutch VAN, French LE, Arabic AL, BIN ...) and
# written, joined or dropped inconsistently there, but real name words in others (Vietnamese
# Văn and Lê, Chinese Bin and De, Korean Da). They are kept as words: matched, they weigh
# their rarity on the list like any word; left without a counterpart they cost nothing,
# unless a word of the other side stands in their place (`evidence.name`).
PARTICLES = frozenset(
    {"AL", "EL", "BIN", "BEN", "IBN", "BINT", "VON", "VAN", "DER", "DEN", "DE", "DA", "DI"}
    | {"DOS", "DAS", "DEL", "LA", "LE", "Y", "E"}
)
VOWELS = frozenset("AEIOU")
FRONT_VOWELS = frozenset("EIY")
ENTRY_FORMS = 6
ARABIC_ARTICLE = "ال"
QUERY_FORMS = 24


def split_words(name: str) -> list[str]:
    """Split a raw name into words on spaces, hyphens, commas and the MRZ filler."""
    for separator in "-,<'’.;/":
        name = name.replace(separator, " ")
    return name.split()


@lru_cache(maxsize=262_144)
def word_forms(word: str, limit: int = ENTRY_FORMS) -> tuple[str, ...]:
    """Latin renderings of a word, primary first; an A-Z word is its own only form."""
    upper = word.upper()
    if upper.isascii() and upper.isalpha():
        return (upper,)
    forms: list[str] = []
    for form in word_variants(word, limit):
        parts = form.split()
        # a rendering in several parts (an Arabic word with its article) loses its particles
        forms.extend(part for part in parts if len(parts) == 1 or part not in PARTICLES)
    return tuple(dict.fromkeys(forms))[:limit] or ("",)


def name_positions(
    name: str, limit: int = ENTRY_FORMS, *, particles: bool = False
) -> list[tuple[str, ...]]:
    """The words of a name as alternatives per position; particles dropped unless asked."""
    positions = []
    for word in split_words(name):
        if word.startswith(ARABIC_ARTICLE) and len(word) > 3:
            word = word[len(ARABIC_ARTICLE) :]
        forms = word_forms(word, limit)
        if forms[0] and (particles or forms[0] not in PARTICLES):
            positions.append(forms)
    return positions


def is_particle(word: str) -> bool:
    """Whether a (primary Latin) word may be a particle, whose absence costs nothing."""
    return word in PARTICLES


@lru_cache(maxsize=262_144)
def metaphone(word: str) -> str:
    """Lawrence Philips' original Metaphone code of an upper-case A-Z word."""
    word = "".join(c for c in word.upper() if "A" <= c <= "Z")
    if not word:
        return ""
    if word[:2] in ("AE", "GN", "KN", "PN", "WR"):
        word = word[1:]
    if word[0] == "X":
        word = "S" + word[1:]
    elif word[:2] == "WH":
        word = "W" + word[2:]
    code: list[str] = []
    for index, char in enumerate(word):
        if index and char == word[index - 1] and char != "C":
            continue
        letter = _metaphone_char(word, index)
        if letter and (not code or code[-1] != letter):
            code.append(letter)
    return "".join(code)


def _metaphone_char(word: str, i: int) -> str:
    """Code for the letter at position i (empty when silent)."""
    char = word[i]
    prev = word[i - 1] if i else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    after = word[i + 2] if i + 2 < len(word) else ""
    if char in VOWELS:
        return char if i == 0 else ""
    if char in "FJLMNR":
        return char
    handler = _HANDLERS.get(char)
    return handler(word, i, prev, nxt, after) if handler else ""


def _b(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    return "" if prev == "M" and i == len(word) - 1 else "B"


def _c(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    if nxt == "I" and after == "A":
        return "X"
    if nxt == "H":
        return "K" if prev == "S" else "X"
    if nxt in FRONT_VOWELS:
        return "" if prev == "S" else "S"
    return "K"


def _d(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    return "J" if nxt == "G" and after in FRONT_VOWELS else "T"


def _g(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    if nxt == "H" and after and after not in VOWELS:
        return ""
    if nxt == "N" and (i + 2 == len(word) or word[i + 1 :] == "NED"):
        return ""
    if prev == "D" and nxt in FRONT_VOWELS:
        return ""
    return "J" if nxt in FRONT_VOWELS and prev != "G" else "K"


def _h(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    if prev in "CGPST" and prev:
        return ""
    if prev in VOWELS and prev and nxt not in VOWELS:
        return ""
    return "H"


def _k(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    return "" if prev == "C" else "K"


def _p(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    return "F" if nxt == "H" else "P"


def _s(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    if nxt == "H" or (nxt == "I" and after in ("O", "A")):
        return "X"
    return "S"


def _t(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    if nxt == "I" and after in ("O", "A"):
        return "X"
    if nxt == "H":
        return "0"
    return "" if nxt == "C" and after == "H" else "T"


def _wy(word: str, i: int, prev: str, nxt: str, after: str) -> str:
    return word[i] if nxt in VOWELS else ""


_HANDLERS = {
    "B": _b,
    "C": _c,
    "D": _d,
    "G": _g,
    "H": _h,
    "K": _k,
    "P": _p,
    "Q": lambda *_: "K",
    "S": _s,
    "T": _t,
    "V": lambda *_: "F",
    "W": _wy,
    "X": lambda *_: "KS",
    "Y": _wy,
    "Z": lambda *_: "S",
}


# Spellings that differ only by transliteration convention fold to one skeleton.
SKELETON_RULES = (
    ("SHCH", "SH"),
    ("SCH", "SH"),
    ("TCH", "CH"),
    ("KH", "H"),
    ("CH", "H"),
    ("GH", "G"),
    ("PH", "F"),
    ("TH", "T"),
    ("DH", "D"),
    ("ZH", "J"),
    ("OU", "U"),
    ("OY", "U"),
    ("OO", "U"),
    ("EE", "I"),
    ("YE", "E"),
    ("TZ", "TS"),
    ("CK", "K"),
    ("Q", "K"),
    ("W", "V"),
    ("Y", "I"),
)


@lru_cache(maxsize=262_144)
def skeleton(word: str) -> str:
    """Fold transliteration conventions (KH/H, OU/U, Y/I, W/V ...) and doubled letters."""
    for spelled, folded in SKELETON_RULES:
        word = word.replace(spelled, folded)
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])


@lru_cache(maxsize=262_144)
def vowel_skeleton(word: str) -> str:
    """The transliteration skeleton with each run of vowels as one `*`: spellings that differ
    only in their vowels (KIM/KEEM, KO/KU, YONAS/YUNAS, GETACHEW/GETECHEW, as romanisations
    of Korean, Amharic or Arabic do) share it. Empty for a word with no consonant."""
    folded = skeleton(word)
    if all(char in VOWELS for char in folded):
        return ""
    kept: list[str] = []
    for char in folded:
        mark = "*" if char in VOWELS else char
        if not kept or mark != "*" or kept[-1] != "*":
            kept.append(mark)
    return "".join(kept)


def phonetic_codes(word: str) -> tuple[str, ...]:
    """The Metaphone code, the transliteration skeleton and the vowel skeleton of a word."""
    vowels = vowel_skeleton(word)
    return metaphone(word), "s:" + skeleton(word), *(("v:" + vowels,) if vowels else ())


def spelling_variant_codes(codes: tuple[str, ...] | set[str]) -> set[str]:
    """The vowel-skeleton codes among a word's codes (`phonetic_codes`)."""
    return {code for code in codes if code.startswith("v:")}


def deletion_keys(token: str, depth: int) -> set[str]:
    """Keys of the words obtained by deleting up to `depth` letters (for words of 5+)."""
    level = {token}
    keys = set()
    for _ in range(depth):
        level = {w[:i] + w[i + 1 :] for w in level if len(w) >= 4 for i in range(len(w))}
        keys |= level
    return {"d:" + key for key in keys}


def blocking_keys(token: str) -> set[str]:
    """Keys under which a word is filed: itself, its deletion neighbourhood, its Metaphone."""
    keys = {"d:" + token}
    if len(token) >= 4:
        keys.update("d:" + token[:i] + token[i + 1 :] for i in range(len(token)))
    code = metaphone(token)
    if len(code) >= 2:
        keys.add("m:" + code)
    keys.update(phonetic_codes(token)[1:])
    return keys
