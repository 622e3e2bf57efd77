"""Deterministic synthetic people and name variants for tests, benchmarks and the demo world.

Names come from several cultures, some written in Cyrillic, Greek or Arabic script with their
Latin renderings. `make_variant` alters a listed person's name the way a real query differs
from the list: another transliteration, names in another order, a middle name dropped or
added, one or two typing errors, diacritics lost.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from passage.border.transliteration import ARABIC_NAME_FORMS, transliterate, word_variants


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# culture: (nationality, male given names, female given names, surnames)
CULTURES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        "GBR",
        _split(
            "John Michael David James Robert William Thomas Richard Daniel Matthew Andrew "
            "Christopher Joseph Mark Paul Steven Kevin Brian George Edward Peter Simon"
        ),
        _split(
            "Mary Sarah Emma Olivia Jessica Elizabeth Emily Hannah Laura Rachel Rebecca "
            "Charlotte Sophie Lucy Grace Alice Victoria Catherine Helen Margaret"
        ),
        _split(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas "
            "Jackson White Harris Martin Thompson Robinson Clark Lewis Walker Hall Allen "
            "Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell "
            "Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris"
        ),
    ),
    "de": (
        "DEU",
        _split(
            "Jürgen Günter Klaus Stefan Andreas Matthias Björn Uwe Jörg Dieter Wolfgang "
            "Hans Lukas Maximilian Florian Tobias Sebastian Markus Bernd Horst"
        ),
        _split(
            "Anna Jana Ursula Käthe Brigitte Sabine Petra Monika Jürgina Susanne Birgit "
            "Claudia Katrin Lena Marie Sophie Lea Hannelore Gudrun Dörte"
        ),
        _split(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann "
            "Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann "
            "Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann "
            "Köhler Maier Böhm Vogel Jäger Groß Weiß Bäcker Fuchs Günther"
        ),
    ),
    "es": (
        "ESP",
        _split(
            "José Antonio Manuel Francisco Juan David Javier Jesús Carlos Miguel Alejandro "
            "Rafael Pedro Ángel Fernando Pablo Sergio Jorge Luis Alberto Álvaro Raúl"
        ),
        _split(
            "María Carmen Ana Isabel Dolores Pilar Teresa Rosa Cristina Lucía Marta Elena "
            "Sofía Paula Laura Raquel Beatriz Inés Mónica Núria"
        ),
        _split(
            "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
            "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez "
            "Navarro Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina "
            "Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Peña"
        ),
    ),
    "fr": (
        "FRA",
        _split(
            "Jean Pierre Michel André Philippe René Louis Alain Jacques Bernard François "
            "Éric Frédéric Stéphane Sébastien Hervé Jérôme Benoît Gaël Noël"
        ),
        _split(
            "Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Monique "
            "Hélène Céline Chloé Léa Manon Camille Élodie Aurélie Mélanie Anaïs Zoé"
        ),
        _split(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon "
            "Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel "
            "Girard André Lefèbvre Mercier Dupont Lambert Bonnet François Martinez "
            "Légaré Fontaine Chevalier Rousseau Blanchard Gauthier Perrin Brun Béranger"
        ),
    ),
    "tr": (
        "TUR",
        _split(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer "
            "Ramazan Halil Süleyman Abdullah Mahmut Salih Kemal Şükrü Çağlar Gökhan"
        ),
        _split(
            "Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hanife Merve "
            "Havva Zeliha Esra Özlem Gülşen Büşra Çiğdem Dilek"
        ),
        _split(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan "
            "Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz "
            "Çakır Erdoğan Yavuz Can Acar Şen Aktaş Güler Yalçın Güneş Bozkurt Bulut"
        ),
    ),
    "ru": (
        "RUS",
        _split(
            "Сергей Александр Дмитрий Андрей Алексей Максим Евгений Иван Михаил Николай "
            "Владимир Юрий Олег Павел Виктор Игорь Фёдор Григорий Василий Пётр Аркадий"
        ),
        _split(
            "Елена Ольга Наталья Татьяна Ирина Светлана Юлия Анна Мария Екатерина Людмила "
            "Галина Ксения Дарья Алёна Вера Надежда Любовь Софья Анастасия"
        ),
        _split(
            "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров "
            "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов "
            "Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов "
            "Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Щербаков "
            "Журавлёв Хрущёв Чернышевский Достоевский Жуков Цветков"
        ),
    ),
    "el": (
        "GRC",
        _split(
            "Γιώργος Δημήτρης Κωνσταντίνος Γιάννης Νίκος Παναγιώτης Βασίλης Χρήστος "
            "Αθανάσιος Μιχάλης Ευάγγελος Σπύρος Αντώνης Θεόδωρος Ηλίας Σταύρος"
        ),
        _split(
            "Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Γεωργία Δέσποινα Ευαγγελία "
            "Ιωάννα Χριστίνα Παρασκευή Θεοδώρα Αναστασία Ειρήνη Φωτεινή"
        ),
        _split(
            "Παπαδόπουλος Παπαδάκης Γεωργίου Οικονόμου Νικολάου Παπανικολάου Βασιλείου "
            "Κωνσταντίνου Ιωάννου Δημητρίου Αντωνίου Μακρής Αλεξίου Χριστοδούλου "
            "Καραγιάννης Μαυρίδης Παπαγεωργίου Αθανασίου Πετρόπουλος Κυριακίδης "
            "Σταυρόπουλος Μπακογιάννης Ντόκος Τσακαλώτος Ζαχαρίου Λαμπράκης"
        ),
    ),
    "ar": (
        "SYR",
        _split(
            "محمد أحمد محمود علي عمر حسن حسين خالد يوسف إبراهيم مصطفى عبدالله عبدالرحمن "
            "سعيد طارق كريم جمال سمير ناصر رشيد فيصل حمزة بلال زياد عادل وليد ياسر منصور "
            "صالح عثمان عباس يونس سليمان قاسم عيسى موسى شريف"
        ),
        _split("فاطمة عائشة مريم زينب خديجة نور ليلى سارة أمينة هدى ياسمين رانيا سلمى"),
        _split(
            "الهاشمي العلي الحسن الشامي المصري التميمي الزهراني القحطاني العتيبي الدوسري "
            "حداد خوري منصوري بكر عباس يونس سليمان نجار قاسم الجزائري الخطيب"
        ),
    ),
}

LATIN_CULTURES = ("en", "de", "es", "fr", "tr")
SCRIPT_CULTURES = ("ru", "el", "ar")


@dataclass(frozen=True, slots=True)
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


def _female_surname(culture: str, surname: str) -> str:
    """Feminine surname forms of Russian and Greek."""
    if culture == "ru":
        if surname.endswith("ий"):
            return surname[:-2] + "ая"
        return surname + "а" if surname[-2:] in ("ов", "ев", "ин", "ёв") else surname
    if culture == "el":
        for male, female in (("ος", "ου"), ("ης", "η"), ("ας", "α")):
            if surname.endswith(male):
                return surname[: -len(male)] + female
    return surname


def _patronymic(father: str, gender: str) -> str:
    """Russian patronymic from the father's given name."""
    stem = father[:-1] + "е" if father.endswith("й") else father
    suffix = ("евич" if stem.endswith("е") else "ович") if gender == "M" else None
    if suffix is None:
        suffix = "вна" if stem.endswith("е") else "овна"
    return stem + suffix


def make_person(rng: random.Random, number: int, culture: str | None = None) -> SyntheticPerson:
    """One person of a random (or given) culture."""
    culture = culture or rng.choice(tuple(CULTURES))
    nationality, male, female, surnames = CULTURES[culture]
    gender = rng.choice("MF")
    given = [rng.choice(male if gender == "M" else female)]
    surname = (
        _female_surname(culture, rng.choice(surnames)) if gender == "F" else rng.choice(surnames)
    )
    if culture == "ru" and rng.random() < 0.6:
        given.append(_patronymic(rng.choice(male), gender))
    elif culture == "ar" and rng.random() < 0.6:
        given.append(rng.choice(male))
    elif rng.random() < 0.3:
        given.append(rng.choice(male if gender == "M" else female))
    birth = f"{rng.randint(1940, 2006):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    documents: tuple[str, ...] = ()
    if rng.random() < 0.3:
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRTUVWXYZ") for _ in range(2))
        documents = (f"{letters}{rng.randint(0, 9_999_999):07d}",)
    in_script = culture in SCRIPT_CULTURES and rng.random() < 0.5
    return SyntheticPerson(
        f"E{number:07d}",
        culture,
        tuple(given),
        surname,
        birth,
        nationality,
        gender,
        documents,
        in_script,
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


def _rendering(rng: random.Random, person: SyntheticPerson) -> list[str]:
    """Words of the person's name in some plausible Latin rendering (or its source script)."""
    if person.culture in LATIN_CULTURES:
        name = person.source_name
        return (strip_diacritics(name) if rng.random() < 0.5 else name).split()
    if person.listed_in_script is False and rng.random() < 0.3:
        return person.source_name.split()
    words = []
    for word in person.source_name.split():
        options = list(ARABIC_NAME_FORMS.get(word, ())) or word_variants(word)[:6]
        words.append(rng.choice(options) if options else word)
    return words


def make_variant(rng: random.Random, person: SyntheticPerson) -> tuple[str, list[str]]:
    """A query name for a listed person, with the kinds of change applied."""
    words = _rendering(rng, person)
    kinds = ["rendering"]
    if len(words) > 2 and rng.random() < 0.3:
        del words[1]
        kinds.append("dropped_middle")
    elif rng.random() < 0.15:
        extra = CULTURES[person.culture][1 if person.gender == "M" else 2]
        words.insert(1, latin_form(rng.choice(extra)))
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
