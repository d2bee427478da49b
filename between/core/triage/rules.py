"""The rules layer: lexicon hits read in context.

Each lexicon hit is checked for
- negation before it in the same clause ("I'm not going to hurt myself"): kept and shown,
  but its weight drops so it is no crisis on its own;
- remote past ("when I was 15 I tried to kill myself", "I used to cut"): the same;
  a recent past ("last night I took all my pills") keeps its full weight;
- figures of speech and topical mentions ("killing myself at the gym", "Suicide Squad",
  "I could kill him for eating my lunch lol"): weight drops further;
- who it is about: the writer ("self") or a third party the writer reports on
  ("my sister said she wants to die" is a crisis about someone else);
- a statement taken back ("when I said I wanted to die I meant the 7am slot"): read as
  a denial; a death reported ("we lost a student to suicide"), a professional's or a
  hypothetical question ("I'm a teacher; do you offer suicide prevention training?",
  "when a student says they want to die...") and a quoted song or film title: read as
  topical mentions.
Spanish entries (names starting "es_") are read with Spanish negation ("no", "nunca",
"jamás", "tampoco", "sin", "ni" governing the hit: "no quiero hacerme daño"; "ya no
quiero vivir" is the hit itself, not a negation), remote and recent past ("hace tres
años", "cuando era adolescente"; "anoche", "hace un rato"), figures of speech ("me
quiero morir de la vergüenza", "lo voy a matar jaja") and third parties ("mi hija dice
que se quiere morir").
The score is a noisy-OR of the strongest hit per lexicon entry, so two weak hits
("hopeless" and a knife emoji) can add up to a crisis where one does not; denials do not
add up among themselves (only the strongest negated hit counts), nor do figures of
speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from between.core.triage.lexicon import compiled_with_cues, cue_index, maybe_spanish
from between.core.triage.types import About, Signal

NEGATED_FACTOR = 0.35
REMOTE_PAST_FACTOR = 0.45
FIGURATIVE_FACTOR = 0.25
CRISIS_AT = 0.5

_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)

_CLAUSE_END = re.compile(r"[.!?;\n]|\bbut\b|\bthough\b|\balthough\b|\bhowever\b")
_SENTENCE_END = re.compile(r"[.!?\n]")
_NEGATION = re.compile(
    r"\b(?:(?<!why )not|never|nor|without|don'?t|dont|didn'?t|didnt|won'?t|wont|"
    r"wouldn'?t|wouldnt|isn'?t|aren'?t|ain'?t|"
    r"haven'?t|hasn'?t|no\s+(?:longer|thoughts?|plans?|intentions?|intent|desire|urges?|wish|risk|way))\b"
    r"(?!\s+(?:stop|help|wait|take|handle|cope|sleep|get\s+rid|shake|sure|know|care|see|believe|trust|"
    r"remember|tell|explain|understand|think\s+i\s+can|keep|anymore|doing|ok|okay|good|well|fine|alright))"
)
# Spanish negation governs a hit only across a few function words ("no quiero hacerme
# daño", "no tengo pensamientos de suicidio", "nunca he pensado en matarme"); "no
# aguanto más, me quiero morir" and "ya no quiero vivir" (the "no" is in the hit) are not
# negations. Spanish clauses also end at commas and "pero", "aunque", "sino".
_ES_CLAUSE_END = re.compile(r"[.!?;,:\n]|\b(?:pero|aunque|sino|porque|xq)\b")
_ES_FILLER = (
    r"(?:me|te|se|le|lo|la|les|los|las|nos|yo|ya|quiero|quiere|kiero|quisiera|tengo|tiene|tenido|he|ha|has|hay|voy|va|vamos|"
    r"a|estoy|est[aá]|estaba|estado|pienso|pensando|pensado|pens[eé]|pensar[ií]a|en|de|del|el|que|q|es|era|fue|sea|ganas|"
    r"intenci[oó]n|intenciones|pensamientos?|ideas?|planes|plan|nada|ning[uú]n|ninguna|ningunos?|eso|esto|esos|esas|m[aá]s|"
    r"har[ií]a|hacer|ser[ií]a|siento|gustar[ií]a|deseo|vuelto|volv[ií]|volver|otra|vez|mismo|misma|realmente|tampoco|"
    r"nunca|jam[aá]s|para|por|tan|tenga|tuve|quise|quiera|van|vaya|creo|quer[ií]a|ni|hacerme|intent[eé]|intentar[ií]a)"
)
_ES_NEGATION = re.compile(
    rf"\b(?:(?<!\bsi\s)no|nunca|jam[aá]s|tampoco|ni(?!\s+nada)|sin|ning[uú]n|ninguna|dej[eé]\s+de|dejar\s+de)\s+(?:{_ES_FILLER}\s+){{0,4}}$"
)
_REMOTE_PAST = re.compile(
    r"\b(?:used\s+to|years?\s+ago|(?:a\s+)?long\s+time\s+ago|back\s+(?:then|in|when)|when\s+i\s+was\s+(?:young|little|a\s+|in\s+|\d+)|"
    r"as\s+a\s+(?:kid|teen|teenager|child)|in\s+(?:high\s+school|middle\s+school|college|my\s+(?:teens|twenties|20s))|"
    r"last\s+year|(?:months|decades)\s+ago|in\s+the\s+past|history\s+of|in\s+(?:19|20)\d\d|"
    r"(?:been|i'?m|am|stayed)\s+(?:clean|free|sober)\s+(?:from|of|for)|since\s+then|"
    r"\d+\s+(?:days?|weeks?|months?|years?)\s+(?:free|clean|sober)|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+(?:of\s+)?(?:19|20)\d\d)\b"
)
_RECENT = re.compile(
    r"\b(?:last\s+night|tonight|(?<!ago\s)today|this\s+(?:morning|afternoon|evening|week)|yesterday|just\s+now|right\s+now|"
    r"(?:an?|few|\d+)\s+(?:hours?|minutes?|mins?)\s+ago|earlier|again|currently|lately|recently|anymore)\b"
)
_ES_NUMBER = (
    r"(?:\d+|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|"
    r"varios|muchos|unos|algunos)"
)
_ES_REMOTE_PAST = re.compile(
    rf"\bhace\s+(?:m[aá]s\s+de\s+|como\s+|casi\s+)?{_ES_NUMBER}\s+(?:a[ñn]os?|meses|d[eé]cadas?)\b|"
    r"\bcuando\s+(?:yo\s+)?(?:era|[eé]ramos|ten[ií]a|estaba\s+en|iba\s+a\s+la)\b|\bde\s+(?:ni[ñn][oa]|chic[oa]|adolescente|joven|peque[ñn][oa]|morr[oa])\b|"
    r"\bel\s+a[ñn]o\s+pasado\b|\ben\s+el\s+pasado\b|\bsol[ií]a\b|\ben\s+(?:la\s+)?(?:prepa|preparatoria|secundaria|universidad)\b|"
    rf"\bllevo\s+(?:\w+\s+){{0,2}}(?:a[ñn]os?|meses|semanas|d[ií]as)\s+sin\b|\bya\s+(?:pas[oó]|lo\s+super[eé])\b|\ben\s+(?:19|20)\d\d\b"
)
_ES_RECENT = re.compile(
    r"\b(?:anoche|hoy(?!\s+(?:hace|se\s+cumple|cumplo|cumple))|ayer|esta\s+(?:ma[ñn]ana|tarde|noche|semana)|ahorita|ahora|"
    r"hace\s+(?:como\s+|unos?\s+|unas?\s+|media\s+)?(?:\d+\s+|un\s+|una\s+|dos\s+|tres\s+)?(?:rato|ratito|poco|horas?|minutos?|d[ií]as?)|"
    r"otra\s+vez|de\s+nuevo|todav[ií]a|sigo|volv[ií]\s+a|he\s+vuelto\s+a|[uú]ltimamente|reci[eé]n|esta\s+vez|cada\s+(?:vez|d[ií]a|noche))\b"
)
_FIGURATIVE_AFTER = re.compile(
    r"\s*(?:laughing|with\s+laughter|of\s+(?:laughter|embarrassment|boredom|cringe)|at\s+(?:the\s+)?(?:gym|work|practice)|working|"
    r"shaving|cooking|chopping|playing|running|lifting|gardening|by\s+accident|accidentally|on\s+(?:a|the|some|my)\s+(?:\w+\s+)?"
    r"(?:knife|glass|paper|can|nail|edge|corner|stairs|ice)|trying\s+to|over\s+(?:this|that|it|a)|studying|"
    r"to\s+(?:get|finish|make|meet|pay|pass)|on\s+(?:caffeine|coffee|sugar|chocolate|netflix|tv|carbs|cuteness)|"
    r"squad|prevention|awareness|rates?\b|statistics|hotline|lines?\b|training|forest|bombers?|doors?|"
    r"risk|screening|scales?\b|assessments?|protocols?|than\s+(?:sit|sing|do|wait|listen|watch|eat|wear|spend|dance|call|talk\s+to|deal\s+with)\b)"
)
# Spanish figures after the hit: "me quiero morir de la vergüenza", "me quiero matar con
# tanto examen" (for ideation, threats and distress) and "me corté cocinando", "le
# escribí una carta como tarea", "una escopeta para cazar" (for any entry).
_ES_IDIOM_AFTER = re.compile(
    r"[\s,]*(?:de\s+(?:la\s+|el\s+|los\s+|las\s+|un\s+|una\s+|puro\s+|tanta?\s+)?(?:risa|verg[uü]enza|pena|cansancio|sue[ñn]o|hambre|sed|calor|fr[ií]o|"
    r"nervios|amor|ganas|aburrimiento|aburrici[oó]n|envidia|celos|ansiedad|estr[eé]s|emoci[oó]n|felicidad|alegr[ií]a|gusto|rabia|coraje|"
    r"tristeza|susto|curiosidad|flojera|hueva|ternura|cringe|asco|disgusto|infarto|dolor|ridículo|rid[ií]culo|ternura|pánico|p[aá]nico)|"
    r"del\s+(?:aburrimiento|cansancio|calor|fr[ií]o|sue[ñn]o|susto|coraje|estr[eé]s|asco|hambre|ridículo|rid[ií]culo)|"
    r"con\s+(?:tant[oa]s?|este|esta|estos|estas)\s+(?:\w+\s+)?(?:calor|tr[aá]fico|fr[ií]o|examen|ex[aá]menes|tarea|tareas|gente|jefe|clima|ruido|trabajo|"
    r"chamba|ni[ñn]os|ni[ñn]as|tr[aá]mites|papeleo|pendientes|cola|fila)|"
    r"(?:la|el)\s+(?:risa|verg[uü]enza|calor|tr[aá]fico|cansancio))"
)
_ES_FIGURATIVE_AFTER = re.compile(
    r"[\s,]*(?:trabajando|estudiando|corriendo|entrenando|bailando|limpiando|cocinando|picando|pelando|rasur[aá]ndome|afeit[aá]ndome|depil[aá]ndome|"
    r"jugando|arreglando|esperando|disfrutando|haciendo\s+ejercicio|en\s+el\s+(?:gym|gimnasio|trabajo|partido)|sin\s+querer|por\s+accidente|"
    r"con\s+(?:el|un|una|la)\s+(?:papel|hoja\s+de\s+papel|vidrio|lata|abrelatas|cuchillo\s+de\s+(?:la\s+)?cocina|tijeras)|"
    r"en\s+(?:la|el)\s+(?:rodilla|espalda|tobillo|pie|cuello|hombro|cadera|dedo)|"
    r"como\s+tarea|de\s+tarea|para\s+la\s+(?:tarea|sesi[oó]n|terapia)|que\s+no\s+se\s+(?:env[ií]a|manda)|"
    r"para\s+(?:cazar|la\s+cacer[ií]a|el\s+rancho|el\s+tendedero|la\s+ropa|el\s+ganado|tiro\s+deportivo))"
)
# A hit taken back at once: "me quiero morir. bueno no", "I want to die jk".
_RETRACTION_AFTER = re.compile(
    r"[\s.,!…)'\"]*(?:bueno\s+no\b|no\s+(?:literal|es\s+cierto)\b|mentira\b|(?:es\s+)?broma\b|obvio\s+no\b|jk\b|j/k|just\s+kidding|kidding)"
)
_FIGURATIVE_CLAUSE = re.compile(
    r"\b(?:lol|lmao|lmfao|haha\w*|jk|j/k|kidding|joking|just\s+venting)\b|[\U0001f602\U0001f923\U0001f644\U0001f624]|"
    r"\bfor\s+(?:eating|being|taking|not|forgetting|leaving|using|stealing|making)\b"
)
# Laughter in Spanish (and the eye-roll, huff and sweat-smile emoji) marks the idioms
# "me quiero morir", "lo voy a matar", "me aviento por la ventana" as figures of speech.
_ES_LAUGHTER = re.compile(
    r"\b(?:ja(?:ja)+\w*|je(?:je)+\w*|ji(?:ji)+|js(?:js)+\w*|xd+|lol|lmao|jk)\b|[\U0001f602\U0001f923\U0001f644\U0001f624\U0001f605\U0001f606]"
)
_IDIOM_CATEGORIES = ("suicidal_ideation", "harm_to_others", "abuse_danger", "distress")
_LAUGHTER_IS_FIGURATIVE = frozenset(
    {
        "es_quiero_morir",
        "es_se_quiere_morir",
        "es_tirarme",
        "es_tiro",
        "es_matar_otro",
        "es_amenaza",
        "es_no_quiero_vivir",
        "threat_to_kill",
    }
)
# Topical mentions: a death reported ("lost a student to suicide", "murió por
# sobredosis") or a professional's question ("I'm a school nurse ... suicide risk").
_TOPICAL_NAMES = frozenset(
    {"suicide_word", "suicidal_thoughts", "overdose", "es_suicidio", "es_ideacion", "es_sobredosis"}
)
_DEATH_REPORT_BEFORE = re.compile(
    r"(?:\b(?:died|passed\s+away)\s+(?:\w+\s+){0,2}?(?:by|of|from|after)|\bdeath\s+of\s+(?:my|his|her|a|our)\s+(?:\w+\s+){0,3}?(?:by|from)|"
    r"\blost\s+[^.?!\n]{0,50}?\bto|\b(?:muri[oó]|murieron|falleci[oó]|perdimos\s+[^.?!\n]{0,40}?|perdi[oó]\s+[^.?!\n]{0,40}?)\s+(?:\w+\s+){0,5}?"
    r"(?:por|de|a\s+causa\s+de)|\b(?:muerte|fallecimiento)\s+de\s+(?:mi|su|tu|un|una|el|la|nuestr[oa])\s+(?:\w+\s+){0,3}?(?:por|de))\s+(?:an?\s+|una?\s+)?$"
)
_TOPICAL_BEFORE = re.compile(
    r"\b(?:prevenci[oó]n|riesgo|detecci[oó]n|tasas?|estad[ií]sticas?|talleres?|capacitaci[oó]n(?:es)?|charlas?|pl[aá]ticas?|congreso|"
    r"protocolos?|se[ñn]ales|factores\s+protectores)\s+(?:\w+\s+){0,3}?(?:del?|el|sobre|contra\s+el|al)?\s*$"
)
_PROFESSIONAL = re.compile(
    r"\b(?:i'?m|i\s+am|as)\s+(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:nurse|rn|teacher|pastor|counselou?r|social\s+worker|chaplain|"
    r"educator|professor|researcher|journalist|reporter|principal|physician|psychologist|clinician|minister|priest)\b|"
    r"\bnot\s+(?:a\s+)?(?:client|patient)\b|\b(?:workshop|webinar|curriculum|ceus?|capstone|thesis|dissertation|conference|seminar|"
    r"unsubscribe|in-?service)\b|"
    r"\b(?:soy|como)\s+(?:una?\s+)?(?:maestr[oa]|profesor[a]?|enfermer[oa]|orientador[a]?|consejer[oa]|trabajador[a]\s+social|"
    r"promotor[a]?|periodista|psic[oó]log[oa]|m[eé]dic[oa]|pastor|sacerdote|tutor[a]?|investigador[a]?)\b|"
    r"\bno\s+soy\s+(?:paciente|client[ea])\b|\b(?:tesis|talleres?|webinar|congreso|capacitaci[oó]n(?:es)?|ponencias?|protocolos?|tfg|encuesta|bolet[ií]n)\b"
)
# A question about anyone ("when a student says they want to die", "si alguien se toma
# 30 pastillas, ¿es peligroso?" is not this: "alguien" is often the writer) is topical.
_GENERIC_SUBJECT_BEFORE = re.compile(
    r"\b(?:(?:when|if)\s+(?:a|an|one\s+of\s+(?:my|our|your))\s+(?:student|patient|client|kid|child|teen|teenager|person|parishioner|employee|resident)s?|"
    r"(?:cuando|si)\s+(?:un|una|alg[uú]n|alguna)\s+(?:alumn[oa]|paciente|estudiante|persona|chic[oa]|ni[ñn][oa]|joven|adolescente|cliente|emplead[oa]))\b"
)
# "I'm a nurse and I've been having suicidal thoughts" is about the writer after all.
_FIRST_PERSON_NEAR = re.compile(
    r"\b(?:i'?m|im|i\s+am|i'?ve|i\s+have|i\s+get|having|had|my|feel|feeling|tengo|tuve|he\s+tenido|mis|estoy|siento|"
    r"me\s+siento)\b|\b(?:have|get|getting|experiencing|tener)\s*$"
)
# Quoted from a song, a film or a book: 'the song "Me quiero morir"'.
_WORK_TITLE = re.compile(
    r"\b(?:song|lyrics?|film|movie|show|series|book|title|album|canci[oó]n|letra|pel[ií]cula|serie|libro|t[ií]tulo|[aá]lbum)\b"
)
# "Years ago I tried to kill myself, and today I'm doing well": the "today" says how the
# writer is now, it does not make the attempt recent.
_RECOVERY_NOW = re.compile(
    r"\b(?:hoy|today|now|ahora|these\s+days|estos\s+d[ií]as)\s+(?:(?:ya\s+)?(?:estoy|i'?m|im|i\s+am|me\s+siento|i\s+feel|feel|"
    r"tengo|i\s+have|llevo|i'?ve\s+been)\s+(?:\w+\s+)?(?:bien|mejor|fine|ok|okay|good|great|better|well|happy|feliz|sober|clean|"
    r"free|safe|tranquil[oa]|estable|stable|doing\s+(?:well|good|great|ok|okay|better)))"
)
# A statement taken back in the same message: "when I said I 'don't want to wake up'
# I meant the 7am slot"; "lo que le dije de 'ya no quiero estar aquí' era del trabajo".
_CLARIFY_SENTENCE = re.compile(
    r"\b(?:when\s+i\s+(?:said|wrote|told\s+you|mentioned)|what\s+i\s+(?:said|wrote|meant)|"
    r"cuando\s+(?:le\s+|te\s+)?(?:dije|escrib[ií]|puse|mencion[eé])|lo\s+que\s+(?:le\s+|te\s+)?(?:dije|escrib[ií]|puse)|"
    r"(?:le|te)\s+(?:dije|escrib[ií])|dije\s+(?:que|q))\b"
)
_DENIAL = re.compile(
    r"\b(?:i\s+meant|meant\s+(?:for|as|the)|not\s+(?:literally|serious(?:ly)?)|figure\s+of\s+speech|"
    r"me\s+refer[ií]a|era\s+(?:del?|por|x|una\s+forma)|no\s+(?:de\s+la\s+vida|en\s+serio|era\s+(?:en\s+serio|nada)|es\s+nada\s+de)|"
    r"forma\s+de\s+hablar|nada\s+de\s+eso|no\s+(?:tengo|he\s+tenido)\s+esos\s+pensamientos)\b"
)
# "I thought I was going to die" (a panic attack, food poisoning) is fear, not intent.
_FEAR_BEFORE = re.compile(
    r"\b(?:thought|sure|felt\s+like|feel\s+like|convinced|swore)\s+(?:that\s+)?i\s+(?:was|were)\b[^.?!\n]{0,40}$"
)
_FEAR_NAMES = frozenset({"want_to_die", "medical"})
_SELF_REF = re.compile(r"\b(?:my\s?self|myslef|meself|me|my|i|i'?m|im|i'?ve|i'?d|i'?ll|mine)\b")
_OTHER_IN_MATCH = re.compile(
    r"\b(?:him\s?self|her\s?self|them\s?sel(?:f|ves)|themself|his|their)\b|\bher\s+(?:own\s+)?li"
)
_FIRST = re.compile(r"\b(?:i|i'?m|im|i'?ve|i'?d|i'?ll|me|myself|we)\b")
_THIRD = re.compile(
    r"\b(?:he|she|they|he'?s|she'?s|they'?re|hes|shes|theyre|someone|somebody|friend|"
    r"(?:my|our|a)\s+(?:\w+\s+)?(?:sister|brother|mom|mum|mother|dad|father|son|daughter|friend|bestie|bff|partner|wife|husband|"
    r"boyfriend|girlfriend|bf|gf|roommate|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|niece|nephew|kid|child|teen|"
    r"student|client|patient|coworker|co-worker|colleague|neighbou?r|classmate|ex))\b"
)
_SELF_CATEGORIES_ALWAYS = ("abuse_danger",)
_ES_OTHER_IN_MATCH = re.compile(
    r"\bse\b|\b\w+(?:arse|erse|irse)\b|\bsu\s+(?:propia\s+)?vida\b|\b(?:quiere|quer[ií]a|tiene|va|iba|piensa|intent[oó]|sabe)\b|despidi[eé]ndose"
)
_ES_SELF_IN_MATCH = re.compile(
    r"\b(?:me|m|mi|m[ií]|quiero|kiero|voy|tengo|estoy|toy|yo|ando|pienso)\b|\w+(?:arme|erme|irme)\b"
)
_ES_FIRST = re.compile(
    r"\b(?:yo|me|mi|mis|estoy|tengo|quiero|kiero|voy|soy|nos|nosotros|he|hice|intent[eé]|pens[eé]|quise|estuve)\b"
)
_ES_THIRD = re.compile(
    r"\b(?:él|ella|ellos|ellas|dice\s+(?:que|q)|dijo\s+(?:que|q)|diciendo|me\s+(?:dijo|cont[oó]|mand[oó]|escribi[oó])|"
    r"(?:mi|su|tu)\s+(?:\w+\s+)?(?:hij[oa]|hermano|hermana|hermanit[oa]|mam[aá]|madre|pap[aá]|padre|espos[oa]|marido|mujer|novi[oa]|"
    r"amig[oa]|pareja|compa[ñn]er[oa]|prim[oa]|t[ií][oa]|abuel[oa]|sobrin[oa]|vecin[oa]|alumn[oa]|paciente|cu[ñn]ad[oa]|suegr[oa]|"
    r"compa|carnal|niet[oa]|ex|jefe|jefa))\b"
)


@dataclass(frozen=True)
class RulesOutcome:
    score: float
    signals: tuple[Signal, ...]
    about: About | None
    negated: bool
    category: str


# Contractions whose apostrophe became a space ("i m", "don t", "can t": common where a
# pipeline stripped punctuation). Put back one character for one, so spans stay valid.
_SPACED_CONTRACTION = re.compile(
    r"\b(?:(i)\s(m|ve|ll|d)|(you|we|they)\s(re|ve|ll|d)|(he|she|it|that|there|what)\s(s|ll|d)|"
    r"(do|does|did|ca|wo|is|are|was|were|have|has|had|would|could|should|ai|must|need)n\st)\b"
)
_SPACED_CUE = re.compile(r" (?:[mtsd]|re|ve|ll)\b")  # cheap pre-check for the above
# UTF-8 read as Latin-1 ("iâ\x80\x99m" for "i’m"): three characters for one.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")


def _spaced_apostrophe(match: re.Match[str]) -> str:
    text = match.group(0)
    space = text.rfind(" ") if text.endswith("t") and text[-2] == " " else text.find(" ")
    return text[:space] + "'" + text[space + 1 :]


def normalise(text: str) -> str:
    """Lower-case, straighten quotes and restore spaced-out apostrophes ("i m" -> "i'm"),
    one character for one so spans stay valid."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. "İ" lower-cases to two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    lowered = lowered.translate(_QUOTES)
    if _SPACED_CUE.search(lowered):
        lowered = _SPACED_CONTRACTION.sub(_spaced_apostrophe, lowered)
    return lowered


def repair_mojibake(text: str) -> tuple[str, list[int] | None]:
    """Undo UTF-8 text decoded as Latin-1, with each repaired character's offset in
    `text` (None when nothing was repaired: the usual case, no cost beyond one search)."""
    if "\u00e2" not in text and "\u00c3" not in text and "\u00f0" not in text:
        return text, None
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _MOJIBAKE.finditer(text):
        try:
            fixed = match.group(0).encode("latin-1").decode("utf-8")
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        pieces.append(text[last : match.start()])
        origin.extend(range(last, match.start()))
        pieces.append(fixed)
        origin.extend([match.start()] * len(fixed))
        last = match.end()
    if not origin and last == 0:
        return text, None
    pieces.append(text[last:])
    origin.extend(range(last, len(text) + 1))  # one past the end maps to the end
    return "".join(pieces), origin


def _clause_before(
    norm: str, start: int, limit: int = 90, ends: re.Pattern[str] = _CLAUSE_END
) -> str:
    window = norm[max(0, start - limit) : start]
    cut = 0
    for match in ends.finditer(window):
        cut = match.end()
    return window[cut:]


def _sentence_before(norm: str, start: int, reach: int = 160) -> str:
    """What the sentence holding ``start`` says before it, at most ``reach`` characters
    back: who is in danger, or whose words these are, is said there."""
    return _clause_before(norm, start, reach, _SENTENCE_END)


def _sentence_around(norm: str, start: int, end: int) -> str:
    right = norm[end : end + 160]
    stop = _SENTENCE_END.search(right)
    after = right[: stop.start()] if stop else right
    return _sentence_before(norm, start) + norm[start:end] + after


def _about_es(norm: str, start: int, end: int, category: str) -> About:
    matched = norm[start:end]
    if category in _SELF_CATEGORIES_ALWAYS:
        # "me está pegando" is the writer; "le está pegando a mi mamá" someone else.
        if re.search(r"\b(?:me|nos|m)\b", matched):
            return "self"
        return "other" if re.search(r"\b(?:le|la|lo|les|su)\b", matched) else "self"
    if _ES_OTHER_IN_MATCH.search(matched) and not re.search(r"\b(?:me|m)\b", matched):
        return "other"
    if _ES_SELF_IN_MATCH.search(matched):
        return "self"
    before = _sentence_before(norm, start, reach=120)
    last_first = max((m.end() for m in _ES_FIRST.finditer(before)), default=-1)
    last_third = max((m.end() for m in _ES_THIRD.finditer(before)), default=-1)
    return "other" if last_third > last_first else "self"


def _about(norm: str, start: int, end: int, category: str) -> About:
    matched = norm[start:end]
    if category in _SELF_CATEGORIES_ALWAYS:
        # The writer is the one in danger unless the victim named is someone else.
        victim = re.search(r"\b(?:her|him|them|my|the\s+kids)\s*$", matched)
        return "other" if victim else "self"
    if _OTHER_IN_MATCH.search(matched):
        return "other"
    if re.search(r"\b(?:my\s?self|myslef|meself|my|me)\b", matched):
        return "self"
    before = _sentence_before(norm, start, reach=120)
    last_first = max((m.end() for m in _FIRST.finditer(before)), default=-1)
    last_third = max((m.end() for m in _THIRD.finditer(before)), default=-1)
    if re.match(r"\s*(?:i|i'?m|im|we)\b", matched):
        last_first = len(before) + 1
    return "other" if last_third > last_first else "self"


class RuleScreen:
    """Compiled lexicon plus the context checks; cheap to share across threads."""

    def __init__(self, use_cues: bool = True) -> None:
        self.entries = compiled_with_cues()
        self.use_cues = use_cues
        self._cues = cue_index([entry[0] for entry in self.entries])
        self._spanish = frozenset(i for i, e in enumerate(self.entries) if e[0].startswith("es_"))

    def screen(self, text: str) -> RulesOutcome:
        repaired, origin = repair_mojibake(text)
        norm = normalise(repaired)
        signals: list[Signal] = []
        # Only the entries whose literal cue occurs (one scan for the whole lexicon), and
        # the Spanish ones only where the text may be Spanish (lexicon.maybe_spanish).
        if self.use_cues:
            candidates = self._cues.candidates(norm)
            if not maybe_spanish(norm):
                candidates = [i for i in candidates if i not in self._spanish]
        else:
            candidates = list(range(len(self.entries)))
        for index in candidates:
            name, category, weight, pattern, _ = self.entries[index]
            for match in pattern.finditer(norm):
                signals.append(
                    self._signal(norm, name, category, weight, match.start(), match.end())
                )
        if origin is not None:  # spans into the text as given, not the repaired one
            signals = [
                replace(s, start=origin[s.start], end=max(origin[s.end], origin[s.start] + 1))
                for s in signals
            ]
        return self._outcome(signals)

    def _signal(
        self, norm: str, name: str, category: str, weight: float, start: int, end: int
    ) -> Signal:
        spanish = name.startswith("es_")
        sentence = _sentence_around(norm, start, end)
        if spanish:
            clause = _clause_before(norm, start, 60, _ES_CLAUSE_END)
            negated = bool(_ES_NEGATION.search(clause))
            now = _RECOVERY_NOW.sub(" ", sentence)
            past = bool(_ES_REMOTE_PAST.search(sentence) or _REMOTE_PAST.search(sentence)) and not (
                _ES_RECENT.search(now) or _RECENT.search(now)
            )
            figurative = bool(
                _ES_FIGURATIVE_AFTER.match(norm, end) or _FIGURATIVE_AFTER.match(norm, end)
            )
            if category in _IDIOM_CATEGORIES and _ES_IDIOM_AFTER.match(norm, end):
                figurative = True
        else:
            clause = _clause_before(norm, start)
            tail = clause.split()[-6:]
            negated = bool(tail) and (bool(_NEGATION.search(" ".join(tail))) or tail[-1] == "no")
            now = _RECOVERY_NOW.sub(" ", sentence)
            past = bool(_REMOTE_PAST.search(sentence)) and not _RECENT.search(now)
            if not past:  # Spanglish: "hace tres años I tried to kill myself"
                past = bool(_ES_REMOTE_PAST.search(sentence)) and not (
                    _RECENT.search(now) or _ES_RECENT.search(now)
                )
            figurative = bool(_FIGURATIVE_AFTER.match(norm, end))
            if name in _FEAR_NAMES and _FEAR_BEFORE.search(clause):
                figurative = True
        if category in (
            "harm_to_others",
            "suicidal_ideation",
            "distress",
            "abuse_danger",
        ) and _FIGURATIVE_CLAUSE.search(sentence):
            figurative = figurative or category == "harm_to_others" or name == "kill_me_please"
        if name in _LAUGHTER_IS_FIGURATIVE and _ES_LAUGHTER.search(sentence):
            figurative = True
        if _RETRACTION_AFTER.match(norm, end):
            figurative = True
        if name in _TOPICAL_NAMES and self._topical(norm, start):
            figurative = True
        before = _sentence_before(norm, start)
        if _GENERIC_SUBJECT_BEFORE.search(before):
            figurative = True
        quotes = before.count('"') + before.count("«") + (before.count("'") if spanish else 0)
        if quotes % 2 == 1 and _WORK_TITLE.search(sentence):
            figurative = True  # a title or a line quoted from a song, film or book
        if not negated and _CLARIFY_SENTENCE.search(sentence) and _DENIAL.search(norm):
            negated = True  # a statement taken back, not made now
        effective = weight
        if negated:
            effective *= NEGATED_FACTOR
        if past:
            effective *= REMOTE_PAST_FACTOR
        if figurative:
            effective *= FIGURATIVE_FACTOR
        return Signal(
            name=name,
            category=category,
            start=start,
            end=end,
            base_weight=weight,
            weight=effective,
            about=(_about_es if spanish else _about)(norm, start, end, category),
            negated=negated,
            past=past,
            hyperbole=figurative,
        )

    @staticmethod
    def _topical(norm: str, start: int) -> bool:
        """A death reported, or the subject of a professional's question."""
        before = norm[max(0, start - 80) : start]
        if _DEATH_REPORT_BEFORE.search(before) or _TOPICAL_BEFORE.search(before):
            return True
        near = " ".join(before.split()[-6:])
        # A professional says who they are near the start ("I'm a school nurse...").
        return bool(_PROFESSIONAL.search(norm[:400])) and not _FIRST_PERSON_NEAR.search(near)

    @staticmethod
    def _outcome(signals: list[Signal]) -> RulesOutcome:
        if not signals:
            return RulesOutcome(0.0, (), None, False, "none")
        signals.sort(key=lambda s: (s.start, -s.weight))
        # Score: strongest hit per lexicon entry, and overlapping hits count once
        # (so "suicidal" matched by two entries is not double-counted).
        counted: list[Signal] = []
        seen_names: set[str] = set()
        for signal in sorted(signals, key=lambda s: -s.weight):
            if signal.name in seen_names:
                continue
            if any(signal.start < c.end and c.start < signal.end for c in counted):
                continue
            seen_names.add(signal.name)
            counted.append(signal)
        # Denials and figures of speech do not add up: "No estoy pensando en hacerme daño
        # ni en matarme" is one denial said twice, and "I thought I was having a heart
        # attack and going to die" one fright; only the strongest of each kind counts.
        denial = max((c.weight for c in counted if c.negated), default=0.0)
        figure = max((c.weight for c in counted if c.hyperbole and not c.negated), default=0.0)
        remaining = (1.0 - denial) * (1.0 - figure)
        for signal in counted:
            if not (signal.negated or signal.hyperbole):
                remaining *= 1.0 - signal.weight
        score = 1.0 - remaining
        top = max(signals, key=lambda s: s.weight)
        strong = [s for s in signals if s.base_weight >= CRISIS_AT]
        negated = bool(strong) and all(s.negated for s in strong)
        return RulesOutcome(score, tuple(signals), top.about, negated, top.category)


_DEFAULT: RuleScreen | None = None


def screen_rules(text: str) -> RulesOutcome:
    """Rules layer alone, with a module-wide compiled lexicon."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RuleScreen()
    return _DEFAULT.screen(text)
