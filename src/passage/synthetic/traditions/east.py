"""Naming traditions of central and eastern Europe, Turkey and Greece.

Russian, Ukrainian and Belarusian names are written in Cyrillic and Greek names in Greek, as
the list of the issuing country keeps them; their Latin forms come from the ICAO tables.
"""

from __future__ import annotations

from passage.synthetic.traditions.pools import Composer, NamePool, pattern
from passage.synthetic.traditions.tradition import Tradition, lower, words


def slavic_feminine(surname: str) -> str:
    """Russian -ov/-ev/-in take -a, -skiy/-tskiy become -skaya; others do not change."""
    if surname.endswith("ий"):
        return surname[:-2] + "ая"
    return surname + "а" if surname[-2:] in ("ов", "ев", "ин", "ёв") else surname


def greek_feminine(surname: str) -> str:
    """Greek women's surnames are the genitive: -os -> -ou, -is -> -i, -as -> -a."""
    for male, female in (("ος", "ου"), ("ης", "η"), ("ας", "α")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname


def polish_feminine(surname: str) -> str:
    """Polish -ski/-cki become -ska/-cka."""
    return surname[:-1] + "a" if surname.endswith(("ski", "cki")) else surname


RU_ROOTS = (
    "Бел Черн Кузн Мороз Волк Гром Берез Сокол Медвед Орл Лебед Ворон Голуб Журавл Карп Лис "
    "Зайц Бобр Кот Бык Коз Барс Сом Щук Рыб Зуб Нос Бород Рыж Сед Лыс Толст Крас Добр Мал "
    "Стар Нов Молод Тих Горд Быстр Прост Кисел Блин Квас Сахар Пирог Калач Гончар Ковал "
    "Мельник Пастух Плотник Рыбак Ткач Швец Бондар Колес Столяр Дьяк Поп Дьякон Бояр Казак "
    "Стрельц Булат Топор Молот Гвозд Лопат Плуг Овс Пшен Греч Горох Лук Морков Капуст Яблок "
    "Груш Вишн Малин Дуб Клён Лип Осин Сосн Кедр Гор Брод Мост Луг Полян Остр Дон Волг Ок "
    "Днепр Лад Мир Свет Яр Рад Люб Влад Борис Глеб Гаврил Дем Ерём Корн Лукьян Мак Сав Фом "
    "Тарас Яков Прох Кирил Мирон Назар Остап Панкрат Родион Тимоф Устин Филат Харит"
)
RU_SUFFIXES = "ов ов ов ев ин ский цкий енко ук чук ых ович ко"
RU = Tradition(
    "ru",
    7,
    words("RUS RUS RUS UKR UKR BLR KAZ KGZ MDA"),
    NamePool(
        words(
            "Сергей Александр Дмитрий Андрей Алексей Максим Евгений Иван Михаил Николай "
            "Владимир Юрий Олег Павел Виктор Игорь Фёдор Григорий Василий Пётр Аркадий Артём "
            "Роман Денис Антон Илья Кирилл Никита Егор Тимур Вадим Виталий Константин Леонид "
            "Анатолий Борис Геннадий Валерий Степан Тарас Богдан Ярослав Остап Семён Матвей"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Елена Ольга Наталья Татьяна Ирина Светлана Юлия Анна Мария Екатерина Людмила "
            "Галина Ксения Дарья Алёна Вера Надежда Любовь Софья Анастасия Марина Оксана "
            "Валентина Виктория Полина Алина Евгения Кристина Лариса Зоя Нина Тамара Раиса "
            "Жанна Инна Вероника Олеся Богдана Ярослава Лилия Диана Карина Маргарита Ульяна"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров "
            "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев "
            "Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев "
            "Романов Воробьёв Сергеев Кузьмин Фролов Щербаков Журавлёв Хрущёв Чернышевский "
            "Жуков Цветков Шевченко Коваленко Бондаренко Ткаченко Кравченко Олейник Мельник"
        ),
        Composer(
            (
                pattern(RU_ROOTS, RU_SUFFIXES),
                pattern(RU_ROOTS, "ан ен ик ул ач ушк ищ ак ят ич ин", RU_SUFFIXES),
                pattern(
                    "Бело Черно Добро Ново Старо Мало Велико Красно Сере Зелено Тихо Быстро "
                    "Золото Светло Ясно Толсто Долго Коротко Криво Прямо Широко Высоко",
                    "гор брод вод пол лес дол бор град мир слав дар зор ух нос ус зуб ног "
                    "рук глаз бров лоб кос сил ум душ кам мост",
                    RU_SUFFIXES,
                ),
            )
        ),
        exponent=0.95,
    ),
    script="cyrillic",
    second_given=0.0,
    feminine=slavic_feminine,
)

EL_STEMS = (
    "Γεωργ Δημητρ Κωνσταντιν Νικολ Αθανασ Χριστ Βασιλ Ιωανν Αντων Μιχαλ Σταυρ Μαυρ Πετρ "
    "Σπυρ Θεοδωρ Αλεξ Λαμπρ Ζαχαρ Κυριακ Τσακ Μπακ Φωτ Καλ Μαρκ Ξεν Ρουσ Σαρ Τζαν Βλαχ "
    "Γιαννακ Ηλι Κοντ Λιαπ Μανωλ Ορφαν Παυλ Ραπτ Σιδερ Τριαντ Φραγκ Χαραλαμπ Αποστολ Βαρδ "
    "Γκικ Δρακ Ευαγγελ Θεοχαρ Καρακ Λαζαρ Μπαλ Ντουμ Παντελ Ρηγ Σωτηρ Τσολ Φιλιππ Χρυσ"
)
EL_SUFFIXES = "όπουλος ίδης άκης ίου άτος έλης ιάδης άς ίτης αίος ούλης άκος ινός"
EL = Tradition(
    "el",
    2,
    words("GRC GRC CYP"),
    NamePool(
        words(
            "Γιώργος Δημήτρης Κωνσταντίνος Γιάννης Νίκος Παναγιώτης Βασίλης Χρήστος "
            "Αθανάσιος Μιχάλης Ευάγγελος Σπύρος Αντώνης Θεόδωρος Ηλίας Σταύρος Αλέξανδρος "
            "Στέλιος Μανώλης Παύλος Πέτρος Άγγελος Θανάσης Λευτέρης Αριστοτέλης Φώτης"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Γεωργία Δέσποινα Ευαγγελία "
            "Ιωάννα Χριστίνα Παρασκευή Θεοδώρα Αναστασία Ειρήνη Φωτεινή Δήμητρα Κωνσταντίνα "
            "Αθηνά Σταυρούλα Αλεξάνδρα Ευτυχία Κυριακή Νικολέτα Χρυσούλα Πηνελόπη"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Παπαδόπουλος Παπαδάκης Γεωργίου Οικονόμου Νικολάου Παπανικολάου Βασιλείου "
            "Κωνσταντίνου Ιωάννου Δημητρίου Αντωνίου Μακρής Αλεξίου Χριστοδούλου Καραγιάννης "
            "Μαυρίδης Παπαγεωργίου Αθανασίου Πετρόπουλος Κυριακίδης Σταυρόπουλος Μπακογιάννης "
            "Ντόκος Τσακαλώτος Ζαχαρίου Λαμπράκης"
        ),
        Composer(
            (
                pattern(EL_STEMS, EL_SUFFIXES),
                pattern("Παπα Χατζη Καρα Μαυρο Κοντο", lower(EL_STEMS), EL_SUFFIXES),
            )
        ),
        exponent=0.95,
    ),
    script="greek",
    second_given=0.1,
    feminine=greek_feminine,
)

PL = Tradition(
    "pl",
    3,
    words("POL POL CZE SVK HRV SRB SVN"),
    NamePool(
        words(
            "Piotr Krzysztof Andrzej Tomasz Paweł Jan Michał Marcin Jakub Adam Łukasz Marek "
            "Grzegorz Wojciech Mateusz Dariusz Kamil Maciej Rafał Zbigniew Jerzy Stanisław "
            "Tadeusz Jacek Ryszard Mirosław Jiří Petr Josef Milan Ivan Dragan Zoran Goran"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Magdalena Elżbieta "
            "Joanna Aleksandra Monika Zofia Teresa Danuta Natalia Julia Karolina Marta Beata "
            "Dorota Halina Jana Eva Hana Lucie Jelena Milica Ivana Snežana Dragana Vesna"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
            "Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk "
            "Piotrowski Grabowski Nowakowski Pawłowski Novák Svoboda Novotný Dvořák Horvat "
            "Kovačević Jovanović Petrović Nikolić Marković"
        ),
        Composer(
            (
                pattern(
                    "Bar Bia Bog Bor Brz Cho Dob Dud Gor Gra Jab Jas Kac Kal Kos Kow Krol Kub "
                    "Kur Lis Mal Mic Mil Nie Ostr Pal Pie Rut Sad Sik Sob Sok Sta Szcz Tom "
                    "Wal Wil Wit Zaj Zar Zaw Żuk",
                    "- ow ew in an el ar ęb isz uch",
                    "ski cki wicz czyk ak ek ik ka iński owski",
                ),
                pattern(
                    "Jov Pet Nik Mark Stef Mil Đor Ilij Pav Vuk Rad Bog Dragan Zor Lazar",
                    "- ov ič ić",
                    "ić ević ović",
                ),
            )
        ),
        exponent=1.0,
    ),
    feminine=polish_feminine,
)

TR_FIRST = (
    "Ak Kara Demir Yıl Öz Gül Taş Kaya Er Bay Can Şen Uç Tun Al Ay Gök Tek Yücel Ata Bal Çakır "
    "Dur Ek Gür Kılıç Koç Kor Kurt Oğuz Sarı Sever Şahin Toprak Turan Uysal Yaz Yıldız Yurt Alp "
    "Arı Bulut Deniz Doğan Ergin Güven Işık Keskin"
)
TR = Tradition(
    "tr",
    3,
    words("TUR TUR TUR AZE CYP"),
    NamePool(
        words(
            "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer "
            "Ramazan Halil Süleyman Abdullah Mahmut Salih Kemal Şükrü Çağlar Gökhan Emre Burak "
            "Serkan Onur Volkan Tolga Barış Kaan Cem Eren Berk Arda Kerem Efe Yiğit Oğuzhan"
        ),
        Composer(
            (
                pattern(
                    "Ay Gül Nur Su Can Er Yıl Sev Öz Tur Bur Alp Ata Ok Tan",
                    "han can er kan tekin gün alp ay demir",
                ),
            )
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hanife Merve Havva "
            "Zeliha Esra Özlem Gülşen Büşra Çiğdem Dilek Ebru Derya Seda Pınar Tuğba Gizem "
            "Selin Ece Defne Ecrin Nehir Duygu Sibel Yasemin Aslı Burcu Songül Nurcan"
        ),
        Composer(
            (
                pattern(
                    "Ay Gül Nur Su Yıl Sev Öz Ser Dil Hü Bel Fi",
                    "şen sen nur ten can ay gül dem han nil su tül",
                ),
            )
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan "
            "Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz Çakır Erdoğan "
            "Yavuz Can Acar Şen Aktaş Güler Yalçın Güneş Bozkurt Bulut"
        ),
        Composer(
            (
                pattern(
                    TR_FIRST,
                    "soy oğlu kan taş türk er han dağ el alp kaya can göz baş ok lı ci men "
                    "demir yurt gül ay tekin kul su",
                ),
            )
        ),
        exponent=0.95,
    ),
)
