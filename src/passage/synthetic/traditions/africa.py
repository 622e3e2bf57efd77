"""Naming traditions of East, West and Horn of Africa, in the Latin spelling of passports.

Christian and Muslim given names are as frequent as names of the local languages; surnames are
often a father's or grandfather's given name, so they are composed from the same morphemes
(Luo O-/A- names, Kalenjin Kip-/Chep- names, Kikuyu, Kinyarwanda and Luganda compounds, Yoruba
and Igbo compounds, Ethiopian compounds with -mariam, -selassie ...).
"""

from __future__ import annotations

from passage.synthetic.traditions.pools import Composer, NamePool, pattern
from passage.synthetic.traditions.tradition import Tradition, lower, words

SYL = (
    "ba be bi bo bu cha che chi cho chu da de di do du dhi ga ge gi go gu ja je ji jo ju ka ke "
    "ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu nga nge ngi ngo ngu nya nye nyi nyo "
    "pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu wa we wi ya yo za zi"
)
SYL_UP = "Ba Be Bi Bo Ka Ke Ki Ko Ku Ma Mu Mwa Na Ne Nja Nje Ngu Nya Wa Wai Wa Ga Gi Mbu Ndi Ru"

EA_MALE_NAMES = (
    "Otieno Odhiambo Ochieng Onyango Omondi Kamau Mwangi Njoroge Kariuki Kiprotich Kipchoge "
    "Mutua Musyoka Wanjala Wafula Barasa Juma Hamisi Bakari Rashidi Omari Salim Baraka Okello "
    "Mugisha Tumusiime Kato Mukasa Habimana Niyonzima Hakizimana Ndayisaba Mollel Laizer "
    "Massawe Lyimo Shirima Kimaro Mushi Swai Temba Urassa"
)
EA_COMPOSED = Composer(
    (
        pattern("O", SYL, SYL, "o e a i"),
        pattern(SYL_UP, SYL, "u i e a"),
        pattern("Kip Ki Ru Ko Che", SYL, SYL, "ei oi ir ot at ich ong"),
        pattern("Ma Ki Shi Lyi Mu Ura Ndu Mwa Sa Mo", SYL, SYL, "a o e i"),
        pattern(
            "Niyo Haki Uwi Habi Nshimi Ndayi Muka Tuyi Nsengi Bizi Hagengi Twagira Ngabo",
            "mana yimana zimana saba nzima mungu ramana yumva kiza rema gira",
        ),
        pattern(
            "Tumu Byaru Ssebu Muga Kiwa Nama Besi Tugu Ayebe Kaye Ssempa Muwa Kiiza",
            SYL,
            "ire ka nga ya la ngo sha nda",
        ),
    )
)
EA = Tradition(
    "ea",
    10,
    words("KEN KEN KEN TZA TZA TZA UGA UGA RWA BDI SSD"),
    NamePool(
        words(
            "John Joseph Peter James David Daniel Samuel Paul Stephen Emmanuel Francis Patrick "
            "Michael George Charles Moses Isaac Brian Kevin Dennis Collins Evans Geoffrey Hassan "
            "Mohamed Ali Juma Omari Hamisi Bakari Rashidi Salim Abdallah Baraka"
        ),
        EA_COMPOSED,
        size=100_000,
        exponent=1.05,
    ),
    NamePool(
        words(
            "Mary Grace Faith Mercy Esther Joyce Jane Lucy Ann Elizabeth Sarah Rose Margaret "
            "Catherine Beatrice Agnes Caroline Irene Winnie Zawadi Amina Fatuma Halima "
            "Mwanaisha Rehema Neema Upendo Akinyi Atieno Adhiambo Achieng Wanjiku Wambui "
            "Wairimu Njeri Chepkoech Jepchirchir Nakato Uwase Ingabire Mutoni"
        ),
        Composer(
            (
                pattern("A", SYL, SYL, "o i"),
                pattern("Wa Nje Wai Nya Mwa", SYL, "u i a"),
                pattern("Chep Jep Che", SYL, SYL, "ir oech ech ono"),
                pattern("Na Uwi Muka Ing Nya Aki Tuma", SYL, "to se ni ra bire ta"),
            )
        ),
        exponent=1.05,
    ),
    NamePool(words(EA_MALE_NAMES), EA_COMPOSED, exponent=0.9),
    second_given=0.2,
)

YO_FIRST = "Ade Olu Oluwa Ola Ayo Fola Ife Oye Ogun Ode Ako Aji Iyi Omo Oba Ire Ala Aki Ebi Ipe"
YO_LAST = (
    "bayo wale kunle tunde seun dele yemi femi tayo bisi sola mide toyin lade kanmi tola dayo "
    "sina gbenga jide niyi biyi leye wole yinka mola nike bunmi ranti tunji kola remi"
)
IG_FIRST = "Chi Nna Nne Oke Eze Obi Uche Nwa Ike Ngo Ama Ebu Ugo Chuk Onye Ozo Ire Odi"
IG_LAST = (
    "nedu oma ke nna buike ka ebuka kwe gozie maka dinma wuba kwu jioke nwa zie bueze lue "
    "mezie kadibia ekwe ora"
)
WA = Tradition(
    "wa",
    7,
    words("NGA NGA NGA GHA GHA SEN CIV MLI CMR GIN BFA NER"),
    NamePool(
        words(
            "Ibrahim Musa Abubakar Aminu Usman Sani Mamadou Moussa Ousmane Abdoulaye Amadou "
            "Cheikh Modou Ibrahima Seydou Kofi Kwame Kwaku Yaw Kwabena Kwesi Kojo Chinedu Emeka "
            "Chukwuemeka Obinna Ikenna Tunde Femi Segun Kunle Oluwaseun Adebayo Babatunde "
            "Emmanuel Samuel Daniel John Joseph Godwin Michael"
        ),
        Composer((pattern(YO_FIRST, YO_LAST), pattern(IG_FIRST, IG_LAST))),
        exponent=1.05,
    ),
    NamePool(
        words(
            "Fatou Aminata Mariama Awa Aissatou Fatoumata Kadiatou Ama Akua Abena Esi Efua Afua "
            "Adjoa Ngozi Chioma Adaeze Nkechi Amaka Funmilayo Folake Yetunde Bisi Titilayo "
            "Blessing Comfort Patience Grace Mercy Aisha Hauwa Zainab Hadiza Halima Mary"
        ),
        Composer(
            (
                pattern(YO_FIRST, "ke kemi nike bunmi yinka lola tola sade tayo funke"),
                pattern(IG_FIRST, "oma nma maka dinma amaka nwa zuba chi"),
            )
        ),
        exponent=1.05,
    ),
    NamePool(
        words(
            "Diallo Barry Ba Sow Bah Ndiaye Diop Fall Sarr Gueye Faye Ndour Sy Mbaye Niang Seck "
            "Cisse Toure Traore Keita Coulibaly Kone Camara Sylla Sangare Diarra Konate Mensah "
            "Owusu Boateng Asante Osei Agyeman Appiah Darko Okafor Okonkwo Eze Nwosu Adeyemi "
            "Ogunleye Adeleke Bello Abubakar Garba Danjuma Yusuf Ibrahim Mohammed"
        ),
        Composer(
            (
                pattern(YO_FIRST, YO_LAST),
                pattern(YO_FIRST, "ni yi wu ko ba mo se le ri to", YO_LAST),
                pattern(IG_FIRST, IG_LAST),
                pattern(IG_FIRST, "ni yi wu ko ba mo se le ri to", IG_LAST),
                pattern(
                    "Ow As Ag Ad Bo Op Ob An Am Ny Fr Da Ak Ap",
                    "u a e o i",
                    "su sa te teng man mang ku ko pong fo do ne kye dua",
                ),
                pattern("Dan Mai", lower(YO_FIRST), "ladi kano juma tala gari"),
            )
        ),
        exponent=0.95,
    ),
    second_given=0.25,
)

ET_MALE_NAMES = (
    "Abebe Getachew Tadesse Alemu Bekele Girma Kebede Mulugeta Tesfaye Yonas Dawit Solomon "
    "Biniam Henok Yared Samson Ermias Fitsum Natnael Mekonnen Tilahun Desalegn Asfaw Worku "
    "Lemma Negash Kassa Tefera Berhanu Abdi Abdullahi Mohamed Ahmed Hassan Hussein Ali Omar "
    "Farah Ismail Yusuf Abdirahman Mohamud Jama Warsame Hirsi Aden Osman Nur Dahir Bashir"
)
ET_COMPOSED = Composer(
    (
        pattern(
            "Gebre Wolde Haile Tesfa Kidane Habte Zere Fisseha Tekle Berhane Ghebre Kifle "
            "Tewolde Hagos Ande Amanuel Mehari Teklu",
            "mariam selassie michael giorgis medhin egziabher yesus kidan tsion hiwot ab ye "
            "mesqel gabriel amlak yohannes sadik lul",
        ),
        pattern(
            "Abdi Abdul Abdi",
            "rahman karim wali aziz kadir nasir fatah qani rashid hakim salam majid lahi "
            "rizak shakur latif",
        ),
    )
)
ET = Tradition(
    "et",
    3,
    words("ETH ETH ERI SOM SOM DJI"),
    NamePool(words(ET_MALE_NAMES), ET_COMPOSED, exponent=1.0),
    NamePool(
        words(
            "Almaz Tigist Hiwot Selam Meron Bethlehem Tsion Rahel Mekdes Senait Helen Saba "
            "Yordanos Eden Hanna Liya Marta Aster Genet Mulu Tsehay Azeb Kidist Tirhas Ruth "
            "Feven Winta Luwam Selamawit Fadumo Hodan Amina Asha Sahra Hawa Ifrah Sagal Nimco "
            "Hibo Ubah Maryan Deeqa Ayan Khadija Halimo"
        ),
        Composer(
            (
                pattern(
                    "Tsege Alem Mulu Tsehay Amete Wub Fre Kidest Zenebe Emebet Haymanot Abeba",
                    "work wit nesh hiwot tu zer alem mariam selam",
                ),
            )
        ),
        exponent=1.0,
    ),
    # the surname is the father's (or grandfather's) given name
    NamePool(words(ET_MALE_NAMES), ET_COMPOSED, exponent=0.95),
    transliterated=True,
    second_given=0.0,
    fathers_name=0.5,
)
