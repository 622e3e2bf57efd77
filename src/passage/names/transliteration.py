"""ICAO Doc 9303 Part 3 transliteration of names to the Latin letters A-Z.

`transliterate` gives the one form the ICAO tables recommend for the machine readable zone.
`variants` gives every plausible Latin rendering an officer may meet: the ICAO alternatives
(Ä as AE or A ...), the national practice that differs from ICAO (Greek ELOT 743: ΟΥ as OU),
common English-style spellings of Cyrillic (Й as Y, Ю as YU ...) and vocalised forms of Arabic
names, whose short vowels are not written.
"""

from __future__ import annotations

import itertools
import unicodedata

Alternatives = tuple[str, ...]

# Doc 9303 Part 3, transliteration of multinational Latin-based characters. The first form is
# the one used in the MRZ; a second form is the alternative ICAO allows.
LATIN: dict[str, Alternatives] = {
    "Ä": ("AE", "A"),
    "Å": ("AA", "A"),
    "Æ": ("AE",),
    "Ö": ("OE", "O"),
    "Ø": ("OE", "O"),
    "Œ": ("OE",),
    "Ü": ("UE", "U"),
    "Ñ": ("N", "NY"),
    "ß": ("SS",),
    "ẞ": ("SS",),
    "Þ": ("TH",),
    "Ð": ("D",),
    "Đ": ("D",),
    "Ħ": ("H",),
    "Ĳ": ("IJ",),
    "İ": ("I",),
    "ı": ("I",),
    "Ŀ": ("L",),
    "Ł": ("L",),
    "Ŋ": ("N",),
    "Ŧ": ("T",),
}

# Doc 9303 Part 3, Cyrillic. First form: ICAO; then Ukrainian/Belarusian practice and the
# spellings found on older documents and in the press.
CYRILLIC: dict[str, Alternatives] = {
    "А": ("A",),
    "Б": ("B",),
    "В": ("V", "W"),
    "Г": ("G", "H"),
    "Ґ": ("G",),
    "Д": ("D",),
    "Ђ": ("D", "DJ"),
    "Ѓ": ("G", "GJ"),
    "Е": ("E", "YE"),
    "Ё": ("E", "YO", "YE"),
    "Є": ("IE", "YE"),
    "Ж": ("ZH", "J"),
    "З": ("Z",),
    "Ѕ": ("DZ",),
    "И": ("I", "Y"),
    "І": ("I",),
    "Ї": ("I", "YI"),
    "Й": ("I", "Y", "J"),
    "Ј": ("J",),
    "К": ("K",),
    "Л": ("L",),
    "Љ": ("LJ",),
    "М": ("M",),
    "Н": ("N",),
    "Њ": ("NJ",),
    "О": ("O",),
    "П": ("P",),
    "Р": ("R",),
    "С": ("S",),
    "Т": ("T",),
    "Ћ": ("C",),
    "Ќ": ("K", "KJ"),
    "У": ("U", "OU"),
    "Ў": ("U",),
    "Ф": ("F",),
    "Х": ("KH", "H", "CH"),
    "Ц": ("TS", "TZ", "C"),
    "Ч": ("CH", "TCH"),
    "Џ": ("DZ", "DZH"),
    "Ш": ("SH", "SCH"),
    "Щ": ("SHCH", "SCH"),
    "Ъ": ("IE", ""),
    "Ы": ("Y", "I"),
    "Ь": ("",),
    "Э": ("E",),
    "Ю": ("IU", "YU", "JU"),
    "Я": ("IA", "YA", "JA"),
}

# Cyrillic sequences whose usual Latin spelling differs from letter-by-letter.
CYRILLIC_SEQUENCES: dict[str, Alternatives] = {
    "ИЙ": ("II", "IY", "Y", "I"),
    "ЫЙ": ("YI", "Y", "IY"),
    "КС": ("KS", "X"),
}

# Doc 9303 Part 3, Greek (letter by letter), with accented forms folded before lookup.
GREEK: dict[str, Alternatives] = {
    "Α": ("A",),
    "Β": ("V", "B"),
    "Γ": ("G", "Y"),
    "Δ": ("D", "DH"),
    "Ε": ("E",),
    "Ζ": ("Z",),
    "Η": ("I", "E", "H"),
    "Θ": ("TH",),
    "Ι": ("I",),
    "Κ": ("K",),
    "Λ": ("L",),
    "Μ": ("M",),
    "Ν": ("N",),
    "Ξ": ("X", "KS"),
    "Ο": ("O",),
    "Π": ("P",),
    "Ρ": ("R",),
    "Σ": ("S",),
    "Τ": ("T",),
    "Υ": ("Y", "I"),
    "Φ": ("F", "PH"),
    "Χ": ("CH", "H", "KH"),
    "Ψ": ("PS",),
    "Ω": ("O",),
}

# Greek digraphs: the ICAO letter-by-letter form first, then ELOT 743 (Greek passports).
GREEK_SEQUENCES: dict[str, Alternatives] = {
    "ΟΥ": ("OY", "OU", "U"),
    "ΑΥ": ("AY", "AV", "AF"),
    "ΕΥ": ("EY", "EV", "EF"),
    "ΑΙ": ("AI", "E"),
    "ΕΙ": ("EI", "I"),
    "ΟΙ": ("OI", "I"),
    "ΜΠ": ("MP", "B", "MB"),
    "ΝΤ": ("NT", "D", "ND"),
    "ΓΚ": ("GK", "G", "NG"),
    "ΓΓ": ("GG", "NG"),
}

# Doc 9303 Part 3, Arabic. The first form is the reversible ICAO form (X marks a letter whose
# plain Latin letter is taken); the others are the usual phonetic spellings.
ARABIC: dict[str, Alternatives] = {
    "ء": ("XE", ""),
    "آ": ("XAA", "A", "AA"),
    "أ": ("XAE", "A"),
    "ؤ": ("U", ""),
    "إ": ("I", "E"),
    "ئ": ("XI", "", "I"),
    "ا": ("A",),
    "ب": ("B",),
    "ة": ("XTA", "A", "AH"),
    "ت": ("T",),
    "ث": ("XTH", "TH", "S"),
    "ج": ("J", "G"),
    "ح": ("XH", "H"),
    "خ": ("XKH", "KH"),
    "د": ("D",),
    "ذ": ("XDH", "DH", "Z"),
    "ر": ("R",),
    "ز": ("Z",),
    "س": ("S",),
    "ش": ("XSH", "SH"),
    "ص": ("XSS", "S"),
    "ض": ("XDZ", "D", "DH"),
    "ط": ("XTT", "T"),
    "ظ": ("XZZ", "Z", "DH"),
    "ع": ("E", "", "A"),
    "غ": ("G", "GH"),
    "ف": ("F",),
    "ق": ("Q", "K", "G"),
    "ك": ("K",),
    "ل": ("L",),
    "م": ("M",),
    "ن": ("N",),
    "ه": ("H",),
    "و": ("W", "U", "O", "OU"),
    "ى": ("XAY", "A", "Y"),
    "ي": ("Y", "I", "E"),
    "پ": ("XP", "P"),
    "چ": ("XC", "CH"),
    "ژ": ("XJ", "ZH"),
    "گ": ("XGG", "G"),
    "ک": ("XKK", "K"),
    "ی": ("XYA", "Y", "I"),
    # Vowel signs (harakat): fatha, damma, kasra; sukun and superscript alif write nothing.
    "\u064e": ("A",),
    "\u064f": ("U", "O"),
    "\u0650": ("I", "E"),
    "\u0652": ("",),
    "\u0670": ("",),
    "\u064b": ("AN",),
    "\u064c": ("UN",),
    "\u064d": ("IN",),
}
SHADDA = "\u0651"
ARABIC_VOWEL_SIGNS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0652\u0670")
TATWEEL = "\u0640"

# Frequent Arabic names: script form (without vowel signs) and the spellings seen on documents.
ARABIC_NAME_FORMS: dict[str, Alternatives] = {
    "محمد": ("MOHAMMED", "MUHAMMAD", "MOHAMMAD", "MOHAMED", "MUHAMMED"),
    "أحمد": ("AHMED", "AHMAD"),
    "محمود": ("MAHMOUD", "MAHMUD", "MAHMOOD"),
    "علي": ("ALI", "ALY"),
    "عمر": ("OMAR", "UMAR", "OMER"),
    "حسن": ("HASSAN", "HASAN"),
    "حسين": ("HUSSEIN", "HUSSAIN", "HUSAIN", "HOSSEIN"),
    "خالد": ("KHALED", "KHALID"),
    "يوسف": ("YOUSSEF", "YUSUF", "YOUSEF", "YOUSSOUF"),
    "إبراهيم": ("IBRAHIM", "EBRAHIM", "IBRAHEEM"),
    "مصطفى": ("MUSTAFA", "MOSTAFA", "MUSTAPHA"),
    "عبدالله": ("ABDULLAH", "ABDALLAH", "ABDULLA"),
    "عبدالرحمن": ("ABDULRAHMAN", "ABDELRAHMAN", "ABDURRAHMAN"),
    "سعيد": ("SAID", "SAEED", "SAYED"),
    "طارق": ("TARIQ", "TAREK", "TARIK"),
    "كريم": ("KARIM", "KAREEM"),
    "جمال": ("JAMAL", "GAMAL", "DJAMEL"),
    "سمير": ("SAMIR", "SAMEER"),
    "ناصر": ("NASSER", "NASIR", "NASER"),
    "رشيد": ("RASHID", "RACHID", "RASHEED"),
    "فيصل": ("FAISAL", "FAYSAL", "FEISAL"),
    "حمزة": ("HAMZA", "HAMZAH"),
    "بلال": ("BILAL", "BELAL"),
    "زياد": ("ZIAD", "ZIYAD"),
    "عادل": ("ADEL", "ADIL"),
    "وليد": ("WALID", "WALEED"),
    "ياسر": ("YASSER", "YASIR", "YASER"),
    "منصور": ("MANSOUR", "MANSUR", "MANSOOR"),
    "صالح": ("SALEH", "SALIH"),
    "عثمان": ("OTHMAN", "OSMAN", "UTHMAN"),
    "فاطمة": ("FATIMA", "FATMA", "FATEMA", "FATIMAH"),
    "عائشة": ("AISHA", "AICHA", "AYESHA"),
    "مريم": ("MARYAM", "MARIAM", "MERIEM"),
    "زينب": ("ZAINAB", "ZEINAB", "ZAYNAB"),
    "خديجة": ("KHADIJA", "KHADIJAH", "KHADIDJA"),
    "نور": ("NOUR", "NUR", "NOOR"),
    "ليلى": ("LAYLA", "LEILA", "LAILA"),
    "سارة": ("SARA", "SARAH"),
    "أمينة": ("AMINA", "AMINAH"),
    "هدى": ("HUDA", "HODA"),
    "ياسمين": ("YASMIN", "YASMINE", "JASMINE"),
    "رانيا": ("RANIA", "RANYA"),
    "سلمى": ("SALMA", "SELMA"),
    "حسنية": ("HASSANIA", "HASANIYA"),
    "الهاشمي": ("AL HASHIMI", "EL HACHIMI", "HASHEMI"),
    "العلي": ("AL ALI", "EL ALY"),
    "الحسن": ("AL HASSAN", "EL HASSAN", "HASAN"),
    "الشامي": ("AL SHAMI", "ASH SHAMI", "CHAMI"),
    "المصري": ("AL MASRI", "EL MASRY", "MASRI"),
    "التميمي": ("AL TAMIMI", "AT TAMIMI", "TAMIMI"),
    "الزهراني": ("AL ZAHRANI", "AZ ZAHRANI", "ZAHRANI"),
    "القحطاني": ("AL QAHTANI", "AL KAHTANI", "QAHTANI"),
    "العتيبي": ("AL OTAIBI", "AL UTAYBI", "OTAIBI"),
    "الدوسري": ("AL DOSARI", "AL DAWSARI", "DOSARI"),
    "حداد": ("HADDAD", "HADAD"),
    "خوري": ("KHOURY", "KHOURI", "KHURI"),
    "منصوري": ("MANSOURI", "MANSURI"),
    "بكر": ("BAKR", "BAKER", "BAKIR"),
    "عباس": ("ABBAS", "ABAS"),
    "يونس": ("YOUNES", "YUNUS", "YOUNIS"),
    "سليمان": ("SULEIMAN", "SOLIMAN", "SULAYMAN"),
    "نجار": ("NAJJAR", "NAJAR", "NAGGAR"),
    "قاسم": ("QASIM", "KASSEM", "QASEM"),
    "عيسى": ("ISSA", "EISA", "ISA"),
    "موسى": ("MOUSSA", "MUSA", "MOUSA"),
    "شريف": ("SHARIF", "CHERIF", "SHERIF"),
    "بن علي": ("BEN ALI", "BIN ALI"),
    "الجزائري": ("AL JAZAIRI", "EL DJAZAIRI", "JAZAIRI"),
    "الخطيب": ("AL KHATIB", "EL KHATEEB", "KHATIB"),
}

ARTICLE = "ال"
MAX_VARIANTS = 24
_SCRIPT_TABLES = (CYRILLIC_SEQUENCES, GREEK_SEQUENCES, CYRILLIC, GREEK, ARABIC, LATIN)


def _fold(name: str) -> str:
    """Upper-case, drop Arabic tatweel and Greek accents (tonos, dialytika) before lookup."""
    upper = name.replace(TATWEEL, "").upper()
    folded = []
    for char in upper:
        if "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff":
            base = unicodedata.normalize("NFD", char)[0]
            folded.append("Σ" if base == "ς" else base.upper())
        else:
            folded.append(char)
    return "".join(folded)


def _latin_fallback(char: str) -> Alternatives:
    """Strip diacritics from a Latin letter not in the table; other symbols become a space."""
    if "A" <= char <= "Z":
        return (char,)
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    base = base.upper()
    if base and all("A" <= c <= "Z" for c in base):
        return (base,)
    if char.isalpha() and char.upper() in LATIN:
        return LATIN[char.upper()]
    return (" ",)


def _segments(word: str) -> list[Alternatives]:
    """Split one folded word into units, each with its Latin alternatives."""
    units: list[Alternatives] = []
    consonant: int | None = None
    position = 0
    while position < len(word):
        pair = word[position : position + 2]
        if pair in CYRILLIC_SEQUENCES or pair in GREEK_SEQUENCES:
            units.append(CYRILLIC_SEQUENCES.get(pair) or GREEK_SEQUENCES[pair])
            position += 2
            continue
        char = word[position]
        if char == SHADDA and consonant is not None:
            units.insert(consonant + 1, units[consonant])
        else:
            if char not in ARABIC_VOWEL_SIGNS:
                consonant = len(units)
            units.append(_unit(char))
        position += 1
    return units


def _unit(char: str) -> Alternatives:
    """Alternatives for a single character from the script tables."""
    for table in (CYRILLIC, GREEK, ARABIC, LATIN):
        if char in table:
            return table[char]
    return _latin_fallback(char)


def _clean(text: str) -> str:
    """Collapse runs of spaces and keep only A-Z and single spaces."""
    return " ".join("".join(c if "A" <= c <= "Z" else " " for c in text).split())


def _words(name: str) -> list[str]:
    """Split a folded name into words on spaces, hyphens, commas and the MRZ filler."""
    for separator in "-,<'’.;/":
        name = name.replace(separator, " ")
    return name.split()


def _arabic_word_forms(word: str) -> list[str]:
    """Known spellings of a frequent Arabic name, including the article split off."""
    bare = "".join(c for c in word if c not in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
    forms = list(ARABIC_NAME_FORMS.get(bare, ()))
    with_article = ARABIC_NAME_FORMS.get(ARTICLE + bare, ())
    forms += [form.split()[-1] for form in with_article]
    if bare.startswith(ARTICLE) and len(bare) > 3:
        rest = ARABIC_NAME_FORMS.get(bare[2:])
        forms += [f"AL {form}" for form in rest or ()]
    return forms


def transliterate(name: str) -> str:
    """Transliterate a name to upper-case Latin A-Z and spaces with the ICAO Doc 9303 tables."""
    words = []
    for word in _words(_fold(name)):
        words.append("".join(unit[0] for unit in _segments(word)))
    return _clean(" ".join(words))


def _plain(unit: Alternatives) -> str:
    """The first alternative that is not an ICAO X-marked reversible form."""
    return next((alt for alt in unit if not alt.startswith("X")), unit[0])


def word_variants(word: str, limit: int = MAX_VARIANTS) -> list[str]:
    """Latin renderings of one word, the ICAO form first, at most `limit` of them."""
    units = _segments(_fold(word))
    primary = [unit[0] for unit in units]
    forms = ["".join(primary), "".join(_plain(unit) for unit in units)]
    forms += _arabic_word_forms(_fold(word))
    choices = [(index, alt) for index, unit in enumerate(units) for alt in unit[1:]]
    for count in (1, 2):
        for picked in itertools.combinations(choices, count):
            if len({index for index, _ in picked}) < count:
                continue
            chosen = list(primary)
            for index, alt in picked:
                chosen[index] = alt
            forms.append("".join(chosen))
            if len(forms) >= limit * 3:
                break
    unique = list(dict.fromkeys(_clean(form) for form in forms))
    return [form for form in unique if form][:limit]


def variants(name: str, limit: int = MAX_VARIANTS) -> set[str]:
    """All plausible Latin renderings of a name (ICAO forms, national and common spellings)."""
    per_word = [word_variants(word, limit) for word in _words(name)]
    per_word = [forms for forms in per_word if forms]
    if not per_word:
        return set()
    result: list[str] = [" ".join(forms[0] for forms in per_word)]
    if len(per_word) > 1:
        result += _arabic_word_forms(_fold("".join(_words(name))))
    for position, forms in enumerate(per_word):
        for form in forms[1:]:
            words = [other[0] for other in per_word]
            words[position] = form
            result.append(" ".join(words))
    for combination in itertools.product(*per_word):
        if len(result) >= limit * 2:
            break
        result.append(" ".join(combination))
    return set(list(dict.fromkeys(result))[: max(limit, len(per_word) * limit)])
