"""Reference vocabulary every installation of Dela starts with (migration 0002).

Names are (sv, nb, da, en). DigComp 2.2 is the EU's Digital Competence Framework.
"""

COUNTRIES = {
    "SE": ("Sverige", "Sverige", "Sverige", "Sweden"),
    "NO": ("Norge", "Norge", "Norge", "Norway"),
    "DK": ("Danmark", "Danmark", "Danmark", "Denmark"),
    "FI": ("Finland", "Finland", "Finland", "Finland"),
    "IS": ("Island", "Island", "Island", "Iceland"),
}

COMPETENCE_AREAS = {
    "1": (
        "Informations- och datakompetens",
        "Informasjons- og datakompetanse",
        "Informations- og datakompetence",
        "Information and data literacy",
    ),
    "2": (
        "Kommunikation och samarbete",
        "Kommunikasjon og samarbeid",
        "Kommunikation og samarbejde",
        "Communication and collaboration",
    ),
    "3": (
        "Skapa digitalt innehåll",
        "Digital innholdsproduksjon",
        "Digital indholdsproduktion",
        "Digital content creation",
    ),
    "4": ("Säkerhet", "Sikkerhet", "Sikkerhed", "Safety"),
    "5": ("Problemlösning", "Problemløsning", "Problemløsning", "Problem solving"),
}

COMPETENCES = {
    "1.1": (
        "Söka och filtrera data, information och digitalt innehåll",
        "Søke etter og filtrere data, informasjon og digitalt innhold",
        "Søge efter og filtrere data, information og digitalt indhold",
        "Browsing, searching and filtering data, information and digital content",
    ),
    "1.2": (
        "Värdera data, information och digitalt innehåll",
        "Vurdere data, informasjon og digitalt innhold",
        "Vurdere data, information og digitalt indhold",
        "Evaluating data, information and digital content",
    ),
    "1.3": (
        "Hantera data, information och digitalt innehåll",
        "Håndtere data, informasjon og digitalt innhold",
        "Håndtere data, information og digitalt indhold",
        "Managing data, information and digital content",
    ),
    "2.1": (
        "Interagera via digital teknik",
        "Samhandle gjennom digital teknologi",
        "Interagere via digitale teknologier",
        "Interacting through digital technologies",
    ),
    "2.2": (
        "Dela via digital teknik",
        "Dele gjennom digital teknologi",
        "Dele via digitale teknologier",
        "Sharing through digital technologies",
    ),
    "2.3": (
        "Delta i samhället via digital teknik",
        "Delta i samfunnet gjennom digital teknologi",
        "Deltage i samfundet via digitale teknologier",
        "Engaging in citizenship through digital technologies",
    ),
    "2.4": (
        "Samarbeta via digital teknik",
        "Samarbeide gjennom digital teknologi",
        "Samarbejde via digitale teknologier",
        "Collaborating through digital technologies",
    ),
    "2.5": ("Nätetikett", "Nettvett", "Netikette", "Netiquette"),
    "2.6": (
        "Hantera digital identitet",
        "Håndtere digital identitet",
        "Håndtere digital identitet",
        "Managing digital identity",
    ),
    "3.1": (
        "Utveckla digitalt innehåll",
        "Utvikle digitalt innhold",
        "Udvikle digitalt indhold",
        "Developing digital content",
    ),
    "3.2": (
        "Integrera och bearbeta digitalt innehåll",
        "Integrere og bearbeide digitalt innhold",
        "Integrere og bearbejde digitalt indhold",
        "Integrating and re-elaborating digital content",
    ),
    "3.3": (
        "Upphovsrätt och licenser",
        "Opphavsrett og lisenser",
        "Ophavsret og licenser",
        "Copyright and licences",
    ),
    "3.4": ("Programmering", "Programmering", "Programmering", "Programming"),
    "4.1": (
        "Skydda enheter",
        "Beskytte enheter",
        "Beskytte enheder",
        "Protecting devices",
    ),
    "4.2": (
        "Skydda personuppgifter och integritet",
        "Beskytte personopplysninger og personvern",
        "Beskytte personoplysninger og privatliv",
        "Protecting personal data and privacy",
    ),
    "4.3": (
        "Skydda hälsa och välbefinnande",
        "Beskytte helse og velvære",
        "Beskytte sundhed og trivsel",
        "Protecting health and well-being",
    ),
    "4.4": (
        "Skydda miljön",
        "Beskytte miljøet",
        "Beskytte miljøet",
        "Protecting the environment",
    ),
    "5.1": (
        "Lösa tekniska problem",
        "Løse tekniske problemer",
        "Løse tekniske problemer",
        "Solving technical problems",
    ),
    "5.2": (
        "Identifiera behov och tekniska lösningar",
        "Identifisere behov og teknologiske løsninger",
        "Identificere behov og teknologiske løsninger",
        "Identifying needs and technological responses",
    ),
    "5.3": (
        "Använda digital teknik kreativt",
        "Bruke digital teknologi kreativt",
        "Bruge digitale teknologier kreativt",
        "Creatively using digital technologies",
    ),
    "5.4": (
        "Identifiera luckor i den digitala kompetensen",
        "Identifisere hull i den digitale kompetansen",
        "Identificere huller i den digitale kompetence",
        "Identifying digital competence gaps",
    ),
}

SECTORS = {
    "social-care": (
        "Socialtjänst",
        "Sosiale tjenester",
        "Socialområdet",
        "Social care",
    ),
    "elderly-care": ("Äldreomsorg", "Eldreomsorg", "Ældrepleje", "Elderly care"),
    "school": ("Skola", "Skole", "Skole", "School"),
    "preschool": ("Förskola", "Barnehage", "Dagtilbud", "Preschool"),
    "library": ("Bibliotek", "Bibliotek", "Bibliotek", "Library"),
    "administration": (
        "Administration",
        "Administrasjon",
        "Administration",
        "Administration",
    ),
    "planning-building": (
        "Samhällsbyggnad",
        "Plan og bygg",
        "Plan og byggeri",
        "Planning and building",
    ),
    "environment": ("Miljö", "Miljø", "Miljø", "Environment"),
    "culture": ("Kultur", "Kultur", "Kultur", "Culture"),
    "leadership": ("Ledarskap", "Ledelse", "Ledelse", "Leadership"),
}

TARGET_GROUPS = {
    "employees": ("Medarbetare", "Medarbeidere", "Medarbejdere", "Employees"),
    "managers": ("Chefer", "Ledere", "Ledere", "Managers"),
    "politicians": ("Politiker", "Politikere", "Politikere", "Politicians"),
    "citizens": ("Invånare", "Innbyggere", "Borgere", "Citizens"),
    "citizens-65": ("Invånare 65+", "Innbyggere 65+", "Borgere 65+", "Citizens 65+"),
    "young-people": ("Unga", "Unge", "Unge", "Young people"),
}


def names(values):
    return dict(zip(("name_sv", "name_nb", "name_da", "name_en"), values, strict=True))
