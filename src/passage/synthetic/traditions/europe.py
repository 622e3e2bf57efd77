"""Naming traditions of western Europe and the Americas: common names first, then morphemes.

The common names are the frequent ones of each tradition (most frequent first); the rest are
composed from stems and endings that the tradition uses, so rare names look like real ones.
"""

from __future__ import annotations

from passage.synthetic.traditions.pools import Composer, NamePool, pattern
from passage.synthetic.traditions.tradition import Tradition, words

EN_STARTS = (
    "Ash Brad Black Brook Whit Hart Wood Stan Fair Hol Ren Ald Ather Bar Bel Ben Bing Brom Bur "
    "Cald Cart Chad Chat Chis Cot Crom Dal Dar Dun Ed Elling Els Fen Fern Fox Gar Glad Good Gos "
    "Grant Hal Ham Hap Har Hat Haw Hay Heath Hen Her Hig Hux Kel Ken Kings Kirk Lang Law Lind "
    "Lock Long Mar Mid Mill Mor New Nor Oak Pem Pen Pres Rad Ram Red Rich Rid Rock Row Rush "
    "Sal Sand Shel Sher Stam Stock Strat Sut Tal Thorn Til Wad Wake Wal War Wat Wel West Wil "
    "Win Wolf Wor Yar Bright Cran Dray Ever Frost Gold Hunt Knight Pick Sum Thack Tow Wins"
)
EN_ENDS = (
    "ton ley ford field wood by ham well worth son man er ridge more wick stone dale brook "
    "hurst cliffe land combe wright ing ard ett ell ington stead bury ney low ock shaw "
    "thwaite hill house ey"
)
EN = Tradition(
    "en",
    7,
    words("GBR USA USA CAN AUS IRL NZL ZAF"),
    NamePool(
        words(
            "John Michael David James Robert William Thomas Richard Daniel Matthew Andrew "
            "Christopher Joseph Mark Paul Steven Kevin Brian George Edward Peter Simon Anthony "
            "Charles Jonathan Benjamin Samuel Patrick Stephen Timothy Gary Jason Ryan Jacob "
            "Nicholas Eric Adam Nathan Henry Jack Oliver Harry Liam Noah Ethan Lucas Owen"
        ),
        Composer(
            (
                pattern(
                    "Bray Jay Kay Ash Bro Cam Dex Ry Ty Ad Ev Hay Ja Kai Lan",
                    "den son ton ler ston dyn ce ley rick",
                ),
            )
        ),
        size=300,
        exponent=1.1,
    ),
    NamePool(
        words(
            "Mary Sarah Emma Olivia Jessica Elizabeth Emily Hannah Laura Rachel Rebecca "
            "Charlotte Sophie Lucy Grace Alice Victoria Catherine Helen Margaret Jennifer Linda "
            "Patricia Susan Karen Nancy Lisa Betty Sandra Ashley Amanda Melissa Deborah "
            "Stephanie Michelle Amy Anna Megan Chloe Ella Isabella Ava Mia Abigail Madison"
        ),
        Composer(
            (
                pattern(
                    "Bri Jay Kay Ash Ma Ka La Ry Sky Ad Ev Hay Ja Ken Bro",
                    "lee lyn la na elle ley anna lynn dy nne ra lie",
                ),
            )
        ),
        size=300,
        exponent=1.1,
    ),
    NamePool(
        words(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Taylor Anderson Thomas "
            "Jackson White Harris Martin Thompson Robinson Clark Lewis Walker Hall Allen Young "
            "King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter "
            "Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers "
            "Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood "
            "Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster Jenkins"
        ),
        Composer(
            (
                pattern(EN_STARTS, EN_ENDS),
                pattern(EN_STARTS, EN_ENDS, "s -"),
                pattern(
                    "Mac Mc",
                    "Al Ar Cor Don Dou Fer Gil Gre Ken Kin Lach Lau Mil Mor Nei Pher Quar "
                    "Ran Tav In Kay Fad Cal Cul Gow Len Leod Naught Bride Cart Gee",
                    "- lan ald gall zie son ish ney ry ter tosh kie ley",
                ),
                pattern(
                    "O'",
                    "Brien Connor Neill Sullivan Reilly Donnell Shea Leary Malley Dwyer Hara "
                    "Keefe Rourke Callaghan Doherty Mahony Byrne Brady Grady Toole Dea Hagan "
                    "Flaherty Gorman Halloran Kane Loughlin Meara Regan Riordan Shaughnessy",
                ),
            )
        ),
        exponent=1.0,
    ),
)

DE = Tradition(
    "de",
    3,
    words("DEU DEU AUT CHE"),
    NamePool(
        words(
            "Jürgen Günter Klaus Stefan Andreas Matthias Björn Uwe Jörg Dieter Wolfgang Hans "
            "Lukas Maximilian Florian Tobias Sebastian Markus Bernd Horst Michael Thomas Peter "
            "Frank Christian Alexander Martin Ralf Dirk Karl Heinz Werner Manfred Helmut Felix "
            "Jonas Leon Paul Niklas Moritz Fabian Tim Jan Philipp Simon Johannes Benedikt"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Anna Jana Ursula Käthe Brigitte Sabine Petra Monika Susanne Birgit Claudia Katrin "
            "Lena Marie Sophie Lea Hannelore Gudrun Dörte Andrea Stefanie Nicole Julia Katharina "
            "Christina Sandra Martina Renate Karin Heike Angelika Ingrid Gisela Helga Elke Anja "
            "Laura Johanna Hannah Emilia Mia Leonie Lina Greta Frieda Ida Mathilda Charlotte"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer "
            "Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger "
            "Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Köhler Maier Böhm Vogel "
            "Jäger Groß Weiß Bäcker Fuchs Günther"
        ),
        Composer(
            (
                pattern(
                    "Schwarz Weiß Grün Roth Berg Stein Ross Wald Hof Brunn Feld Eich Lind "
                    "Kirch Hoch Neu Alt Lang Klein Groß Rosen Blumen Eisen Gold Silber Kupfer "
                    "Holz Stahl Sonnen Mond Stern Linden Birken Tannen Buchen Kessel Ober "
                    "Unter Nieder Dorn Haber Kalt Frei Edel Wein Bach Thal Zimmer Hart Herz "
                    "Kohl Stroh Hage Wies Moos Brand Lauter Rein Fried Eng Ham Has Kra",
                    "mann er berg hoff feld bach meier hauser ler inger ner stein bauer "
                    "müller schmidt wald burger baum horn thaler rich hardt ecker linger "
                    "huber mayr lein ke te",
                ),
            )
        ),
        exponent=1.0,
    ),
)

FR = Tradition(
    "fr",
    3,
    words("FRA FRA BEL CHE CAN HTI"),
    NamePool(
        words(
            "Jean Pierre Michel André Philippe René Louis Alain Jacques Bernard François Éric "
            "Frédéric Stéphane Sébastien Hervé Jérôme Benoît Gaël Noël Nicolas Julien Olivier "
            "Christophe Thierry Laurent Patrick Vincent Guillaume Antoine Maxime Romain Hugo "
            "Théo Mathis Clément Thibault Arnaud Yves Gérard Marcel Lucien Émile Raphaël"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Monique Hélène "
            "Céline Chloé Léa Manon Camille Élodie Aurélie Mélanie Anaïs Zoé Sandrine Véronique "
            "Sophie Julie Émilie Laetitia Virginie Caroline Pauline Margaux Inès Jade Louise "
            "Lucie Juliette Clémence Océane Mathilde Brigitte Danielle Josiane Geneviève"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
            "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André "
            "Lefèbvre Mercier Dupont Lambert Bonnet François Martinez Légaré Fontaine Chevalier "
            "Rousseau Blanchard Gauthier Perrin Brun Béranger"
        ),
        Composer(
            (
                pattern(
                    "Bon Beau Petit Grand Mont Roch Bel Chev Cham Char Font Lab Lam Lav Mar "
                    "Mer Ren Rich Sauv Vall Vill Gir Gaut Guill Lef Bois Bouch Brun Cart "
                    "Charp Coll Dum Fauch Gauv Hug Jol Lecl Lem Mich Pell Poir Roul Thib Tess "
                    "Vid Chap Mass Marc Pag Pic Rav Seg Tour Vern Barb Cous Desch Ferr",
                    "et ot in ier eau ard on ault ais and elle ette iot eux oux ant ereau "
                    "onnet elier ière aud y",
                ),
                pattern(
                    "Le Du Des De",
                    "bon beau mont roch bois champ chêne val pré four moulin mas pont",
                    "- t s et eau ier in",
                ),
            )
        ),
        exponent=1.0,
    ),
)

ES_STARTS = (
    "Al Bal Cab Cal Cam Can Car Cas Cor Es Gal Her Lar Mal Mar Mat Mir Mon Nav Pal Par Quin "
    "Riv Sal San Sol Tor Val Vel Ver Vil Zam Zar Ar Bar Ben Bus Cel Lin Lor Mor Oc Or Pin Pon "
    "Ram Rin Ros Bel Fig Leg Med Quir Tej"
)
ES_ENDS = (
    "era ero edo ado illa illo ales ares ón ano ana ante iel ino ueta osa oso ega ejo uelo "
    "ería ada anca eda iente"
)
ES = Tradition(
    "es",
    8,
    words("ESP MEX COL ARG PER VEN CHL ECU GTM CUB BOL DOM HND"),
    NamePool(
        words(
            "José Antonio Manuel Francisco Juan David Javier Jesús Carlos Miguel Alejandro Rafael "
            "Pedro Ángel Fernando Pablo Sergio Jorge Luis Alberto Álvaro Raúl Diego Andrés "
            "Ricardo Eduardo Roberto Enrique Mario Óscar Rubén Héctor Gustavo Julio Ramón Víctor "
            "Santiago Mateo Sebastián Emiliano Gonzalo Ignacio Joaquín Tomás Esteban Hugo"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "María Carmen Ana Isabel Dolores Pilar Teresa Rosa Cristina Lucía Marta Elena Sofía "
            "Paula Laura Raquel Beatriz Inés Mónica Núria Guadalupe Patricia Verónica Gabriela "
            "Adriana Alejandra Daniela Valentina Camila Ximena Fernanda Mariana Andrea Natalia "
            "Claudia Silvia Rocío Esperanza Consuelo Mercedes Leticia Yolanda Josefina Catalina"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
            "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro "
            "Torres Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez "
            "Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Peña Flores Rivera Reyes Cruz "
            "Mendoza Aguilar Vargas Castillo Chávez Herrera Medina Guerrero Rojas Contreras"
        ),
        Composer(
            (
                pattern(ES_STARTS, ES_ENDS),
                pattern(
                    "Echev Etx Goi Ur Zu Agu Arri Bide Mendi Ola Larra Igle Eliz Gar Iri Lasa",
                    "erría ebarria koetxea rrutia aga eta ola zabal bide aran goiti zar alde",
                ),
                pattern(
                    "Bel Ben Bern Dom Est Fab Gal Garc Lop Mend Nun Ord Rodr Sanch Vel Yan",
                    "ández éndez ínez úñez ázquez ániz",
                ),
            )
        ),
        exponent=1.0,
    ),
    second_surname=0.8,
)

PT = Tradition(
    "pt",
    4,
    words("BRA BRA BRA PRT AGO MOZ CPV"),
    NamePool(
        words(
            "João José Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Luís Gabriel "
            "Rafael Daniel Marcelo Bruno Eduardo Felipe Raimundo Rodrigo Manoel Sebastião "
            "Fábio Roberto Jorge Thiago Gustavo Leonardo Mateus Vinícius Diego Henrique"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Sandra "
            "Camila Amanda Bruna Jéssica Letícia Júlia Luciana Vanessa Mariana Beatriz Larissa "
            "Gabriela Raimunda Conceição Rita Tereza Joana Lúcia Isabela Carolina Daniela"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Silva Santos Oliveira Souza Pereira Costa Rodrigues Almeida Nascimento Lima Araújo "
            "Fernandes Carvalho Gomes Martins Rocha Ribeiro Alves Monteiro Mendes Barros "
            "Freitas Barbosa Pinto Moura Cavalcanti Dias Castro Campos Cardoso Teixeira Correia"
        ),
        Composer(
            (
                pattern(
                    "Ban Bar Bel Bor Bran Cab Cal Cam Car Cas Cor Fal Fig Fon Gal Gou Lac "
                    "Lei Lou Mac Mag Mal Mar Mat Mot Nog Pal Per Pim Quei Reb Sal Sam Tav "
                    "Val Vas Viei Vil Az Bat Coe Fer Gus Jun Mor Pas Rib Ser Tei",
                    "eira eiro ão ães ado osa oso inho ares ela elo ante ino anha ota edo",
                ),
            )
        ),
        exponent=1.0,
    ),
    second_surname=0.6,
)

IT = Tradition(
    "it",
    2,
    words("ITA ITA CHE SMR"),
    NamePool(
        words(
            "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore "
            "Carlo Franco Domenico Bruno Paolo Michele Giorgio Aldo Sergio Luciano Marco "
            "Alessandro Andrea Matteo Lorenzo Leonardo Riccardo Davide Simone Stefano"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Caterina "
            "Francesca Antonietta Carla Elena Concetta Rita Margherita Paola Giulia Chiara "
            "Sofia Aurora Alice Martina Sara Valentina Federica Silvia Laura Elisa"
        ),
        exponent=1.0,
    ),
    NamePool(
        words(
            "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno "
            "Gallo Conti Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana "
            "Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo"
        ),
        Composer(
            (
                pattern(
                    "Bel Bar Ber Bon Cal Can Car Cas Cat Cor Fab Fer Fio Gal Gen Ger Giu Gra "
                    "Lan Leo Lor Mar Mas Mel Mor Nar Pal Pao Pel Pes Pic Pir Rin Ros San Sav "
                    "Ser Tor Val Ven Vit Zan Bat Cap Cec Dam Fal Gug Man Orl Pag Ruf Spa Tes",
                    "ini etti elli oni ucci ato ese ano ero one otti acci ieri ello ino uzzi "
                    "alli ardi ari enti",
                ),
            )
        ),
        exponent=1.0,
    ),
)
