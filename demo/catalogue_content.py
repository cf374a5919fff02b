"""Demo content for Uniform: programme, rating scale, competence catalogue,
activity templates and feedback phrases (Dutch, nl-BE).

Pure data: module-level constants only, no logic.
"""

from __future__ import annotations

PROGRAMME = {
    "name": "Begeleider in de kinderopvang",
    "code": "BKO",
    "description": (
        "Opleiding tot begeleider in de kinderopvang: de leerling leert baby's, peuters, "
        "kleuters en lagere-schoolkinderen kwaliteitsvol begeleiden en verzorgen in een "
        "kinderdagverblijf of in de buitenschoolse kinderopvang. Werkplekleren op een "
        "stageplaats is een vast onderdeel van de opleiding."
    ),
}

VERSION_LABEL = "2026-2027"

SCALE = [
    {
        "value": 1,
        "label": "Nog niet zichtbaar",
        "description": "Het gedrag is tijdens de stage nog niet of bijna niet waargenomen.",
        "sufficient": False,
    },
    {
        "value": 2,
        "label": "In ontwikkeling",
        "description": "Het gedrag is soms zichtbaar, maar nog wisselend en enkel met veel sturing van de mentor.",
        "sufficient": False,
    },
    {
        "value": 3,
        "label": "Voldoende met ondersteuning",
        "description": "Het gedrag is meestal zichtbaar; de stagiair heeft af en toe een tip of een herinnering nodig.",
        "sufficient": True,
    },
    {
        "value": 4,
        "label": "Zelfstandig en sterk",
        "description": "Het gedrag is consequent zichtbaar, ook in nieuwe of drukke situaties, zonder sturing.",
        "sufficient": True,
    },
]

CLUSTERS = [
    {
        "code": "1",
        "title": "Werkhouding",
        "description": (
            "De stagiair is stipt, betrouwbaar en gemotiveerd, werkt veilig en hygiënisch "
            "en respecteert het beroepsgeheim."
        ),
        "indicators": [
            {
                "code": "1.1",
                "text": "Komt op tijd en verwittigt tijdig bij afwezigheid.",
                "guidance": "Bv. belt bij ziekte vóór de start van de dienst naar de verantwoordelijke en niet pas achteraf.",
            },
            {
                "code": "1.2",
                "text": "Houdt zich aan de afspraken en het huishoudelijk reglement van de opvang.",
                "guidance": "Bv. laat de gsm in het kastje en draagt geen juwelen in de leefgroep.",
            },
            {
                "code": "1.3",
                "text": "Toont inzet en neemt initiatief zonder dat het gevraagd wordt.",
                "guidance": "Bv. ziet dat de verzorgingstafel moet worden aangevuld en doet het meteen.",
            },
            {
                "code": "1.4",
                "text": "Werkt hygiënisch en volgt de hygiënerichtlijnen van de opvang.",
                "guidance": "Bv. wast de handen na elke verschoonbeurt en vóór elk eetmoment.",
            },
            {
                "code": "1.5",
                "text": "Let voortdurend op de veiligheid van de kinderen en de ruimte.",
                "guidance": "Bv. sluit het traphekje en legt kleine voorwerpen buiten het bereik van de baby's.",
            },
            {
                "code": "1.6",
                "text": "Respecteert het beroepsgeheim en de privacy van kinderen en gezinnen.",
                "guidance": "Bv. praat niet over een kind in het bijzijn van andere ouders en neemt geen foto's met de eigen gsm.",
            },
            {
                "code": "1.7",
                "text": "Zorgt voor een verzorgd voorkomen en draagt kledij die past bij het werk met kinderen.",
                "guidance": "Bv. draagt makkelijke kleding en schoenen waarmee op de grond zitten en buitenspelen vlot gaat.",
            },
        ],
    },
    {
        "code": "2",
        "title": "Werken in team",
        "description": (
            "De stagiair werkt constructief samen met mentor en collega's, volgt de "
            "werkafspraken en geeft informatie correct door."
        ),
        "indicators": [
            {
                "code": "2.1",
                "text": "Stelt zich voor aan de teamleden en maakt actief kennis met hun taken.",
                "guidance": "Bv. vraagt op de eerste stagedag wie welke leefgroep en welke taken opneemt.",
            },
            {
                "code": "2.2",
                "text": "Vraagt om hulp of uitleg wanneer iets niet duidelijk is.",
                "guidance": "Bv. vraagt hoe de flesvoeding klaargemaakt wordt in plaats van te gokken.",
            },
            {
                "code": "2.3",
                "text": "Volgt de werkafspraken en de taakverdeling binnen het team.",
                "guidance": "Bv. neemt de taak op die op het dagschema staat, ook als die minder leuk is.",
            },
            {
                "code": "2.4",
                "text": "Geeft belangrijke informatie tijdig en correct door aan collega's.",
                "guidance": "Bv. meldt aan de collega van de late dienst dat een kind weinig gegeten heeft.",
            },
            {
                "code": "2.5",
                "text": "Neemt actief deel aan teamoverleg en brengt eigen ideeën in.",
                "guidance": "Bv. stelt op het teamoverleg een nieuw liedje voor om het opruimen aan te kondigen.",
            },
            {
                "code": "2.6",
                "text": "Springt spontaan bij waar dat nodig is.",
                "guidance": "Bv. neemt de groep even over terwijl een collega een kind verschoont.",
            },
            {
                "code": "2.7",
                "text": "Gaat respectvol om met collega's, ook bij een verschil in mening.",
                "guidance": "Bv. bespreekt een onenigheid rustig met de collega zelf en niet in het bijzijn van de kinderen.",
            },
        ],
    },
    {
        "code": "3",
        "title": "Werken met kinderen (doelgroep)",
        "description": (
            "De stagiair bouwt een warme, veilige relatie op met elk kind, observeert "
            "gericht en begeleidt de groep met aandacht voor diversiteit."
        ),
        "indicators": [
            {
                "code": "3.1",
                "text": "Verwelkomt elk kind en elke ouder hartelijk bij het onthaal.",
                "guidance": "Bv. zakt door de knieën, begroet het kind bij naam en zegt goedemorgen tegen de ouder.",
            },
            {
                "code": "3.2",
                "text": "Geeft elk kind individuele aandacht.",
                "guidance": "Bv. zoekt ook het stille kind in de hoek op om samen een puzzel te maken.",
            },
            {
                "code": "3.3",
                "text": "Stelt grenzen en helpt kinderen ermee omgaan.",
                "guidance": "Bv. zegt rustig en duidelijk dat er niet op de tafel geklommen wordt en biedt een alternatief aan.",
            },
            {
                "code": "3.4",
                "text": "Reageert sensitief op de signalen en emoties van kinderen.",
                "guidance": "Bv. troost een huilende peuter na het afscheid en benoemt dat hij mama mist.",
            },
            {
                "code": "3.5",
                "text": "Observeert kinderen gericht en noteert de observaties objectief.",
                "guidance": "Bv. beschrijft wat een kind doet en zegt, zonder er meteen een oordeel aan te koppelen.",
            },
            {
                "code": "3.6",
                "text": "Begeleidt overgangsmomenten rustig en voorspelbaar.",
                "guidance": "Bv. kondigt het einde van het vrij spel vooraf aan en gebruikt een vast opruimliedje.",
            },
            {
                "code": "3.7",
                "text": "Gaat respectvol om met diversiteit in culturen, talen en gezinsvormen.",
                "guidance": "Bv. spreekt bij een kind met twee mama's vanzelfsprekend over 'je mama's'.",
            },
            {
                "code": "3.8",
                "text": "Betrekt elk kind bij de groep, ook kinderen met een specifieke zorgbehoefte.",
                "guidance": "Bv. past een bewegingsspel aan zodat een kind met een motorische beperking mee kan doen.",
            },
        ],
    },
    {
        "code": "4",
        "title": "Zorg en verzorging",
        "description": (
            "De stagiair verzorgt kinderen veilig, hygiënisch en respectvol, volgt de "
            "afspraken rond voeding en slaap en stimuleert de zelfredzaamheid."
        ),
        "indicators": [
            {
                "code": "4.1",
                "text": "Verschoont een kind veilig, hygiënisch en met respect voor zijn lichaam.",
                "guidance": "Bv. houdt altijd een hand op het kind op de verzorgingstafel en vertelt wat er gebeurt.",
            },
            {
                "code": "4.2",
                "text": "Begeleidt het eetmoment in een rustige en gezellige sfeer.",
                "guidance": "Bv. zit mee aan tafel en moedigt kinderen aan om te proeven, zonder hen te dwingen.",
            },
            {
                "code": "4.3",
                "text": "Geeft flesvoeding volgens de afspraken en met aandacht voor de baby.",
                "guidance": "Bv. controleert de temperatuur van de melk en houdt oogcontact tijdens het drinken.",
            },
            {
                "code": "4.4",
                "text": "Begeleidt het slaapmoment volgens de gewoonten van elk kind en de regels voor veilig slapen.",
                "guidance": "Bv. legt een baby op de rug in een slaapzak, zonder losse dekens of knuffels in bed.",
            },
            {
                "code": "4.5",
                "text": "Houdt rekening met allergieën, dieetwensen en medische afspraken.",
                "guidance": "Bv. kijkt de allergielijst na vóór het vieruurtje wordt uitgedeeld.",
            },
            {
                "code": "4.6",
                "text": "Stimuleert de zelfredzaamheid bij aan- en uitkleden, eten en toiletbezoek.",
                "guidance": "Bv. laat een peuter zelf de jas aandoen en helpt enkel bij de rits.",
            },
            {
                "code": "4.7",
                "text": "Merkt tekenen van ziekte of onwelzijn op en meldt ze meteen.",
                "guidance": "Bv. voelt dat een kind warm en lusteloos is en verwittigt de mentor.",
            },
        ],
    },
    {
        "code": "5",
        "title": "Ontwikkelingsstimulerende activiteiten",
        "description": (
            "De stagiair bereidt activiteiten voor en begeleidt ze op maat van de kinderen, "
            "met aandacht voor spel, beweging en taal."
        ),
        "indicators": [
            {
                "code": "5.1",
                "text": "Bereidt een activiteit voor die aansluit bij de leeftijd en interesses van de kinderen.",
                "guidance": "Bv. kiest voor de peuters een voelbak met herfstbladeren omdat ze graag buiten bladeren verzamelen.",
            },
            {
                "code": "5.2",
                "text": "Zet het nodige materiaal klaar vóór de start van de activiteit.",
                "guidance": "Bv. legt schorten, verf en papier klaar voordat de kinderen aan tafel komen.",
            },
            {
                "code": "5.3",
                "text": "Begeleidt een activiteit enthousiast en stuurt bij wanneer dat nodig is.",
                "guidance": "Bv. maakt de opdracht eenvoudiger wanneer merkbaar is dat de kleuters afhaken.",
            },
            {
                "code": "5.4",
                "text": "Stimuleert de taalontwikkeling door te benoemen, te vertellen en open vragen te stellen.",
                "guidance": "Bv. benoemt tijdens het verschonen de lichaamsdelen en vraagt aan een kleuter wat hij gebouwd heeft.",
            },
            {
                "code": "5.5",
                "text": "Begeleidt vrij spel zonder het spel over te nemen.",
                "guidance": "Bv. speelt mee in de poppenhoek en volgt het initiatief van het kind.",
            },
            {
                "code": "5.6",
                "text": "Stimuleert buitenspel en beweging en houdt daarbij actief toezicht.",
                "guidance": "Bv. kiest een plek op de speelplaats vanwaar het klimrek en de zandbak in het oog te houden zijn.",
            },
            {
                "code": "5.7",
                "text": "Leest boeiend voor en betrekt de kinderen bij het verhaal.",
                "guidance": "Bv. varieert de stem, toont de prenten en laat de kinderen raden wat er zal gebeuren.",
            },
            {
                "code": "5.8",
                "text": "Evalueert een activiteit achteraf en formuleert verbeterpunten.",
                "guidance": "Bv. noteert na de knutselactiviteit wat goed liep en wat de volgende keer anders kan.",
            },
        ],
    },
    {
        "code": "6",
        "title": "Communicatie met ouders",
        "description": (
            "De stagiair communiceert vriendelijk, respectvol en duidelijk met ouders bij "
            "het brengen en halen, en kent de grenzen van de eigen rol."
        ),
        "indicators": [
            {
                "code": "6.1",
                "text": "Stelt zich voor aan de ouders als stagiair.",
                "guidance": "Bv. vertelt bij het eerste brengmoment dat er een stage loopt, bij wie en hoelang die duurt.",
            },
            {
                "code": "6.2",
                "text": "Vraagt bij het onthaal naar nieuws over het kind en geeft die informatie door.",
                "guidance": "Bv. hoort dat een kind slecht geslapen heeft en noteert het in het dagschrift van de groep.",
            },
            {
                "code": "6.3",
                "text": "Geeft bij de overdracht een korte, concrete terugkoppeling over de dag.",
                "guidance": "Bv. vertelt aan een ouder waarmee het kind graag speelde en hoe het eten ging.",
            },
            {
                "code": "6.4",
                "text": "Communiceert respectvol en in begrijpelijke taal met elke ouder.",
                "guidance": "Bv. gebruikt eenvoudige woorden en een pictogram bij een ouder die nog weinig Nederlands spreekt.",
            },
            {
                "code": "6.5",
                "text": "Verwijst vragen en gevoelige onderwerpen door naar de mentor of de verantwoordelijke.",
                "guidance": "Bv. haalt bij een klacht of een vraag over de factuur meteen de verantwoordelijke erbij.",
            },
            {
                "code": "6.6",
                "text": "Houdt rekening met de wensen en gewoonten van het gezin.",
                "guidance": "Bv. respecteert de afspraak om het kind 's middags niet langer dan een uur te laten slapen.",
            },
        ],
    },
    {
        "code": "7",
        "title": "Professionele groei",
        "description": (
            "De stagiair reflecteert over het eigen handelen, gaat open om met feedback "
            "en neemt verantwoordelijkheid voor het eigen leerproces."
        ),
        "indicators": [
            {
                "code": "7.1",
                "text": "Staat open voor feedback en past die toe in de praktijk.",
                "guidance": "Bv. zit na een tip van de mentor de volgende dag wél op ooghoogte bij de kinderen.",
            },
            {
                "code": "7.2",
                "text": "Reflecteert mondeling en schriftelijk over het eigen handelen.",
                "guidance": "Bv. vult het reflectiedeel van het feedbackblad eerlijk en met concrete voorbeelden in.",
            },
            {
                "code": "7.3",
                "text": "Formuleert eigen leerdoelen en werkt er gericht aan.",
                "guidance": "Bv. kiest als leerdoel 'meer praten tijdens de verzorging' en vraagt er na een week feedback over.",
            },
            {
                "code": "7.4",
                "text": "Stelt vragen om de werking en de pedagogische visie van de opvang te leren kennen.",
                "guidance": "Bv. vraagt waarom de opvang met vaste verzorgingsmomenten per kind werkt.",
            },
            {
                "code": "7.5",
                "text": "Bereidt het kennismakingsgesprek en de stagebezoeken goed voor.",
                "guidance": "Bv. brengt het uurrooster en een lijstje eigen vragen mee naar het kennismakingsgesprek.",
            },
            {
                "code": "7.6",
                "text": "Levert de stagedocumenten volledig en op tijd in.",
                "guidance": "Bv. bezorgt de activiteitenlijst en de gepresteerde uren op de afgesproken dag.",
            },
            {
                "code": "7.7",
                "text": "Kent de eigen grenzen en vraagt tijdig ondersteuning.",
                "guidance": "Bv. geeft na een moeilijk gesprek met een ouder aan er nog even met de mentor over te willen praten.",
            },
        ],
    },
]

ACTIVITIES = [
    {
        "title": "Onthaal van kinderen en ouders",
        "description": "Kinderen en ouders verwelkomen bij het brengen, nieuws van thuis bevragen en het afscheid begeleiden.",
        "indicators": ["3.1", "6.2"],
    },
    {
        "title": "Een kind verschonen",
        "description": "Een baby of peuter verschonen op de verzorgingstafel volgens de hygiëne- en veiligheidsafspraken.",
        "indicators": ["4.1", "1.4"],
    },
    {
        "title": "Eetmoment begeleiden",
        "description": "Een maaltijd of vieruurtje begeleiden aan tafel, met aandacht voor sfeer, zelfredzaamheid en dieetafspraken.",
        "indicators": ["4.2", "4.5", "4.6"],
    },
    {
        "title": "Flesvoeding geven",
        "description": "Een fles klaarmaken volgens de afspraken en een baby rustig de fles geven.",
        "indicators": ["4.3", "1.4"],
    },
    {
        "title": "Slaapmoment begeleiden",
        "description": "Kinderen klaarmaken voor het slapen, hen in bed leggen volgens hun gewoonten en het slapen opvolgen.",
        "indicators": ["4.4", "3.4"],
    },
    {
        "title": "Activiteit voorbereiden en begeleiden",
        "description": "Een ontwikkelingsstimulerende activiteit uitwerken, het materiaal klaarzetten en de activiteit met een kleine groep begeleiden.",
        "indicators": ["5.1", "5.2", "5.3"],
    },
    {
        "title": "Vrij spel begeleiden",
        "description": "Aanwezig zijn bij het vrij spel, meespelen op uitnodiging en kinderen ondersteunen zonder het spel over te nemen.",
        "indicators": ["5.5", "3.2"],
    },
    {
        "title": "Buitenspel begeleiden",
        "description": "Kinderen klaarmaken om naar buiten te gaan, bewegingsspel stimuleren en toezicht houden in de tuin of op de speelplaats.",
        "indicators": ["5.6", "1.5"],
    },
    {
        "title": "Knutselactiviteit begeleiden",
        "description": "Een knutselactiviteit aanbieden waarbij de kinderen ruimte krijgen voor hun eigen creatieve inbreng.",
        "indicators": ["5.2", "5.3", "5.8"],
    },
    {
        "title": "Voorlezen",
        "description": "Een prentenboek of verhaal kiezen en voorlezen aan een kind of een kleine groep.",
        "indicators": ["5.7", "5.4"],
    },
    {
        "title": "Overdracht aan ouders",
        "description": "Bij het ophalen kort en concreet vertellen hoe de dag van het kind verliep.",
        "indicators": ["6.3", "6.4"],
    },
    {
        "title": "Overgangsmoment begeleiden",
        "description": "Een overgang begeleiden, bijvoorbeeld van spel naar eten of van binnen naar buiten, met vaste signalen en rituelen.",
        "indicators": ["3.6", "3.3"],
    },
    {
        "title": "Opruimen met kinderen",
        "description": "Samen met de kinderen de ruimte opruimen en hen daarbij aanmoedigen en helpen.",
        "indicators": ["3.6", "4.6"],
    },
    {
        "title": "Observatie van een kind noteren",
        "description": "Een kind gedurende een afgesproken moment observeren en de observatie objectief noteren met respect voor de privacy.",
        "indicators": ["3.5", "1.6"],
    },
    {
        "title": "Teamoverleg bijwonen",
        "description": "Een teamoverleg bijwonen, informatie over de kinderen delen en een eigen idee of vraag inbrengen.",
        "indicators": ["2.5", "2.4"],
    },
    {
        "title": "Huiswerkbegeleiding in de BKO",
        "description": "Lagere-schoolkinderen in de buitenschoolse opvang ondersteunen bij hun huiswerk in een rustige hoek.",
        "indicators": ["3.2", "5.4"],
    },
    {
        "title": "Een ziek of gekwetst kind opvangen",
        "description": "Een kind dat ziek wordt of zich bezeert opvangen, troosten en de mentor en collega's verwittigen.",
        "indicators": ["4.7", "3.4", "2.4"],
    },
]

# Second network ("Uniform Antwerpen"): deliberately different wording so that
# tests can tell the two catalogues apart.
OTHER_NETWORK_CLUSTERS = [
    {
        "code": "1",
        "title": "Beroepshouding",
        "description": "De stagiair gedraagt zich betrouwbaar en discreet op de werkvloer.",
        "indicators": [
            {
                "code": "1.1",
                "text": "Meldt zich bij aankomst aan bij de verantwoordelijke van dienst.",
                "guidance": "Bv. gaat eerst langs het bureau voordat de leefgroep binnengestapt wordt.",
            },
            {
                "code": "1.2",
                "text": "Gaat discreet om met wat over gezinnen verteld wordt.",
                "guidance": "Bv. vertelt thuis of op school geen namen of details over de gezinnen.",
            },
            {
                "code": "1.3",
                "text": "Laat de smartphone weg tijdens de uren in de leefgroep.",
                "guidance": "Bv. kijkt enkel tijdens de pauze in de personeelsruimte naar berichten.",
            },
            {
                "code": "1.4",
                "text": "Neemt verantwoordelijkheid voor de eigen vergissingen.",
                "guidance": "Bv. meldt zelf dat het hekje van de tuin open is blijven staan.",
            },
        ],
    },
    {
        "code": "2",
        "title": "Pedagogisch handelen",
        "description": "De stagiair gaat warm en doordacht om met kinderen en hun spel.",
        "indicators": [
            {
                "code": "2.1",
                "text": "Praat met een kind op ooghoogte.",
                "guidance": "Bv. gaat op de knieën zitten om een kleuter te antwoorden.",
            },
            {
                "code": "2.2",
                "text": "Zet gevoelens van kinderen om in eenvoudige woorden.",
                "guidance": "Bv. zegt 'je bent boos omdat je toren omviel' bij een huilende peuter.",
            },
            {
                "code": "2.3",
                "text": "Laat kinderen zelf kiezen waarmee en met wie ze spelen.",
                "guidance": "Bv. toont de speelhoeken en laat elk kind een hoek uitkiezen.",
            },
            {
                "code": "2.4",
                "text": "Bemiddelt bij ruzie zonder meteen een schuldige aan te wijzen.",
                "guidance": "Bv. laat beide kinderen vertellen wat er gebeurde en zoekt samen een oplossing.",
            },
        ],
    },
    {
        "code": "3",
        "title": "Samenwerken met gezinnen en collega's",
        "description": "De stagiair bouwt mee aan een goede band met ouders en het team.",
        "indicators": [
            {
                "code": "3.1",
                "text": "Groet ouders bij naam bij het brengen en halen.",
                "guidance": "Bv. zegt 'dag mevrouw Peeters' wanneer Lotte wordt opgehaald.",
            },
            {
                "code": "3.2",
                "text": "Schrijft dagelijks een korte notitie in het heen-en-weerschriftje.",
                "guidance": "Bv. noteert hoelang het kind sliep en wat het graag at.",
            },
            {
                "code": "3.3",
                "text": "Vraagt aan het einde van elke dienst kort feedback aan de mentor.",
                "guidance": "Bv. vraagt 'wat kan ik morgen beter doen bij het middagmaal?'.",
            },
            {
                "code": "3.4",
                "text": "Houdt zich aan de taken op het dienstrooster.",
                "guidance": "Bv. start om 11.30 uur zoals gepland met het dekken van de tafels.",
            },
        ],
    },
]

OTHER_NETWORK_ACTIVITIES = [
    {
        "title": "Brengmoment in de leefgroep",
        "description": "Ouders en kinderen bij aankomst in de leefgroep begroeten.",
        "indicators": ["3.1", "2.1"],
    },
    {
        "title": "Heen-en-weerschriftje invullen",
        "description": "De dag van een kind kort en discreet beschrijven voor de ouders.",
        "indicators": ["3.2", "1.2"],
    },
    {
        "title": "Ruzie tussen kinderen bemiddelen",
        "description": "Helpen bij een conflict tussen twee kinderen en samen naar een oplossing zoeken.",
        "indicators": ["2.4", "2.2"],
    },
    {
        "title": "Keuzemoment in de speelhoeken",
        "description": "Kinderen laten kiezen in welke speelhoek ze willen spelen en hen daarin volgen.",
        "indicators": ["2.3"],
    },
    {
        "title": "Dienstoverdracht met de collega",
        "description": "Bij het einde van de dienst de taken en het nieuws van de dag overdragen aan de collega.",
        "indicators": ["3.4", "3.3"],
    },
]

FEEDBACK_PHRASES = {
    "strengths": [
        "Je verwelkomt de kinderen en ouders heel warm; ze voelen zich meteen welkom.",
        "Je blijft rustig, ook wanneer het in de groep druk wordt.",
        "Je zit vaak op ooghoogte bij de kinderen en luistert echt naar wat ze vertellen.",
        "Je werkt heel hygiënisch bij het verschonen en bij de eetmomenten.",
        "Je neemt zelf initiatief en ziet goed waar je kunt bijspringen.",
        "Je voorleesmoment was boeiend: de kinderen hingen aan je lippen.",
        "Je gaat open om met feedback en past tips meteen toe.",
        "Je geeft de ouders bij het ophalen een fijne, concrete terugkoppeling.",
    ],
    "work_points": [
        "Probeer meer te benoemen wat je doet en wat de kinderen doen, zeker bij de baby's.",
        "Kondig overgangsmomenten vooraf aan, zodat de kinderen weten wat er komt.",
        "Durf duidelijker grenzen te stellen en blijf daarbij consequent.",
        "Zet je materiaal klaar vóór de activiteit begint, zodat je bij de kinderen kunt blijven.",
        "Houd tijdens het buitenspel de hele speelplaats in het oog en blijf niet bij één groepje staan.",
        "Laat de kinderen meer zelf doen bij het aan- en uitkleden, ook al duurt het wat langer.",
        "Geef informatie van ouders altijd meteen door aan een collega of noteer ze in het dagschrift.",
        "Schrijf je reflectie concreter: beschrijf een situatie en wat je de volgende keer anders doet.",
    ],
    "agreements": [
        "Volgende week bereid je zelfstandig een activiteit voor met de peuters en bespreken we die vooraf.",
        "Je verschoont deze week minstens drie keer een kind terwijl ik meekijk.",
        "Je vult het feedbackblad telkens op vrijdag aan met je eigen reflectie.",
        "Je neemt donderdag deel aan het teamoverleg en brengt één eigen idee in.",
        "Je observeert deze week één kind tijdens het vrij spel en we bespreken je notities samen.",
        "Je bezorgt je uurrooster voor de volgende maand uiterlijk maandag.",
    ],
}

TEACHER_PROFILE = (
    "De stagebegeleider van de school bereidt de stage voor met de leerling en de stageplaats, "
    "komt meerdere keren per maand langs, overlegt telkens met de mentor en bespreekt de "
    "feedbackbladen met de leerling. Hij of zij bewaakt de leerdoelen van de opleiding, voert de "
    "tussentijdse en de eindevaluatie samen met de mentor en neemt de eindbeslissing voor de school."
)
MENTOR_PROFILE = (
    "De mentor is een ervaren kinderbegeleider die de stagiair dagelijks begeleidt: verwelkomt de "
    "stagiair in het team, geeft kansen om te oefenen, observeert, geeft wekelijks concrete feedback "
    "(sterktes, werkpunten en afspraken) en doet een evaluatievoorstel. De mentor wordt daarin "
    "ondersteund door de pedagogisch coach van de opvang en kan de mentoropleiding van Uniform volgen."
)
