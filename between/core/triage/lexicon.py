# ruff: noqa: E501  (regular-expression tables read better unwrapped)
"""The curated crisis lexicon.

Each entry is (name, category, weight, pattern). Patterns run on the lower-cased text
with curly quotes straightened (offsets unchanged), so they are written in lower case
with `'?` wherever people drop apostrophes. Weights are the probability-like strength
of a hit on its own: at or above 0.5 a hit is a crisis by itself; weaker hits only
count together (noisy-OR) or through the learned layer.

Sources for the phrasings: the Columbia Suicide Severity Rating Scale's ideation and
behaviour items, common warning signs (talk of being a burden, goodbyes, giving away
possessions, acquiring means), and the slang and self-censored spellings people use
online to get past filters ("unalive", "kms", "sewerslide", "s*icide").
"""

from __future__ import annotations

import re

# Building blocks --------------------------------------------------------------
MYSELF = r"(?:my\s?self|myslef|mysef|meself|my\s?selfe)"
THEMSELF = r"(?:him\s?self|her\s?self|them\s?sel(?:f|ves)|themself)"
ANYSELF = rf"(?:{MYSELF}|{THEMSELF})"
# "killing my self esteem", "hurting her self-confidence": "self" starts a noun, not "myself".
NOT_SELF_NOUN = r"(?![\s-]*(?:esteem|confidence|worth|image|respect|care|belief|control)\b)"
DONT = r"(?:don'?t|do\s+not|dont|dnt)"
WANT = r"(?:want(?:ed|s|ing)?|wanna|wish(?:ed|es)?|need(?:ed|s)?|going|gonna|ready|plan(?:ning)?|tr(?:y|ied|ying)|hope|deserve)"
TO = r"(?:\s+to\s+|\s+2\s+|\s+)"
SUICIDE = (
    r"(?:s[u\*]+[i1\*]?[cs\*]{1,2}[i1\*]?d(?:e|es|al|ial|ality)|su[i1]c[i1]de?|sewerslide|suicide)"
)
PILLS = (
    r"(?:pills?|tablets?|meds|medications?|sleeping\s+pills|tylenol|paracetamol|acetaminophen|ibuprofen|"
    r"advil|aspirin|xanax|benzos?|oxy\w*|opioids?|insulin|antidepressants?|lithium|seroquel|ambien|prescriptions?)"
)
HIGH_PLACE = (
    r"(?:bridge|building|roof|rooftop|cliff|balcony|window|overpass|ledge|parking\s+(?:garage|deck)|tower|"
    r"train|subway|bus|truck|car|traffic)"
)
OTHER_PERSON = (
    r"(?:him|her|them|someone|somebody|some\s?one|people|everyone|everybody|"
    r"(?:my|his|her|our|the|that|this)\s+(?:\w+\s+)?(?:boss|wife|husband|partner|mom|mum|dad|mother|father|ex|son|daughter|"
    r"kids?|children|baby|roommate|neighbou?r|brother|sister|coworker|co-worker|colleague|teacher|family|"
    r"boyfriend|girlfriend|bf|gf|stepdad|stepmom|landlord|manager|class|school|guy|man|woman|bitch|bastard))"
)
HARM_VERB = r"(?:kill|murder|shoot|stab|strangle|choke|beat(?:\s+up)?|poison|smother|drown|run\s+over|attack|hurt|harm|slit)"
ABUSER = (
    r"(?:he|she|they|my\s+(?:\w+\s+)?(?:husband|wife|partner|boyfriend|girlfriend|bf|gf|dad|father|mom|mother|"
    r"stepdad|stepfather|stepmom|ex|uncle|brother|sister|son|daughter|roommate|boss|coach|teacher|parents?))"
)

# (name, category, weight, pattern)
ENTRIES: tuple[tuple[str, str, float, str], ...] = (
    # Suicidal ideation -------------------------------------------------------
    (
        "kill_self",
        "suicidal_ideation",
        0.95,
        rf"\b(?:kill+|k[i1]ll+|kil|end|ending|ended|hang|hanging|hung|shoot|shooting|shot|drown|drowning|poison|"
        rf"poisoning|gas|gassing|off|offing|unalive|unaliving)(?:ed|ing|s)?\s+{ANYSELF}\b{NOT_SELF_NOUN}",
    ),
    ("suicide_word", "suicidal_ideation", 0.7, rf"\b{SUICIDE}\b"),
    (
        "suicidal_first_person",
        "suicidal_ideation",
        0.95,
        rf"\b(?:i'?m|i\s+am|im|feel(?:ing)?|felt|been|being|so|very|really|actively|passively|am|was|get|getting)\s+"
        rf"(?:(?!not\b|never\b)\w+\s+)?{SUICIDE}\b",
    ),
    (
        "suicidal_thoughts",
        "suicidal_ideation",
        0.95,
        rf"\b{SUICIDE}\s+(?:thoughts?|ideation|urges?|feelings?|plans?|attempts?|note|letter|tendencies)\b|"
        rf"\b(?:commit(?:ting)?|attempt(?:ed|ing)?|consider(?:ed|ing)?|contemplat(?:e|ed|ing))\s+{SUICIDE}\b|"
        r"\b(?:passive|active|having|had|some|my|the)\s+si\b",
    ),
    (
        "want_to_die",
        "suicidal_ideation",
        0.95,
        rf"\b{WANT}{TO}(?:just\s+|really\s+|finally\s+)?(?:die|d[i1]e|be\s+dead|not\s+exist|stop\s+existing|not\s+be\s+alive)\b|"
        r"\bwish\s+(?:i|that\s+i)\s+(?:was|were|had\s+been|could\s+be)\s+(?:dead|never\s+born|gone)\b|"
        r"\bwish\s+i'?d\s+never\s+been\s+born\b|\bwaiting\s+to\s+die\b|"
        r"\b(?:rather|sooner)\s+(?:be\s+)?(?:dead|die)\b|\bbetter\s+off\s+dead\b|\bwish\s+i\s+could\s+(?:just\s+)?die\b|"
        r"\bwant(?:s|ed)?\s+(?:it\s+)?(?:all\s+)?to\s+(?:be\s+)?(?:over|end)\b(?:\s+for\s+good|\s+forever|\s+permanently)?",
    ),
    (
        "end_life",
        "suicidal_ideation",
        0.95,
        r"\b(?:end|ending|ended|take|taking|took)\s+(?:my|his|her|their)\s+(?:own\s+)?li(?:fe|ves)\b|"
        r"\bend\s+it\s+(?:all|now|tonight|today|for\s+good|forever)\b|\bend(?:ing)?\s+(?:it|things)\s+(?:once\s+and\s+for\s+all|permanently)\b|"
        r"\bcheck(?:ing)?\s+out\s+(?:early|of\s+life|permanently|for\s+good)\b|\bunalive\w*\b|\bkms\b|\bctb\b|\bcatch\s+the\s+bus\b|"
        r"\b(?:gonna|going\s+to|want\s+to|wanna|might)\s+rope\b|\b(?:going\s+to|gonna|want\s+to|wanna|ready\s+to|feel\s+like|about\s+to|thinking\s+(?:about|of))\s+end(?:ing)?\s+it\b|"
        r"\b(?:not|won'?t|will\s+not)\s+(?:be|going\s+to\s+be)\s+(?:here|around|alive)\s+(?:much\s+longer|tomorrow|by\s+\w+)\b",
    ),
    (
        "no_will_to_live",
        "suicidal_ideation",
        0.9,
        rf"\b{DONT}\s+(?:want|wanna|feel\s+like)\s+(?:to\s+)?(?:live|be\s+alive|exist|be\s+here|wake\s+up|keep\s+living|go\s+on\s+living)\b|"
        r"\b(?:no|nothing|zero|not\s+a)\s+(?:reason|point|purpose)\s+(?:to|in|of)\s+(?:keep\s+(?:on\s+)?)?(?:live|living|going\s+on|go\s+on|being\s+alive|be\s+alive|existing|stay|life)\b|"
        r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b|\blife\s+(?:is\s+not|isn'?t|is\s+no\s+longer|ain'?t)\s+worth\s+(?:it|living)\b|"
        r"\b(?:never|not|don'?t|didn'?t)\s+wake\s+up\b|\b(?:if|whether)\s+i\s+(?:even\s+)?want\s+to\s+(?:live|be\s+alive|keep\s+going|be\s+here)\b|"
        r"\bno\s+longer\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist)\b|\b(?:don'?t|do\s+not)\s+deserve\s+to\s+(?:live|be\s+alive|be\s+here|exist)\b|"
        r"\btired\s+of\s+pretending\s+(?:i\s+)?(?:want|wanna)\s+to\s+(?:live|be\s+alive|be\s+here)\b|\b(?:(?:don'?t\s+see|no|what'?s)\s+the|no)\s+point\s+(?:in|of)\s+(?:living|life|going\s+on|being\s+alive|existing)\b|"
        r"\bwant\s+out\s+of\s+(?:this\s+)?life\b|\b(?:only|easy)\s+way\s+out\b|\bsleep\s+forever\b|\b(?:tired|sick)\s+of\s+(?:living|being\s+alive|life|existing)\b|"
        r"\bdone\s+with\s+(?:life|living|this\s+life|existing|being\s+alive)\b",
    ),
    (
        "death_thoughts",
        "suicidal_ideation",
        0.8,
        r"\b(?:fantasi[sz]\w*|think\w*|obsess\w*|dream\w*)\s+(?:about|of)\s+(?:dying|death|being\s+dead|not\s+existing|my\s+(?:own\s+)?death)\b|"
        r"\b(?:ways|how|methods?)\s+to\s+(?:die|kill\s+(?:my\s?self|yourself|oneself))\b|\bplann?\w*\s+how\s+(?:i'?d|i\s+would|i'?ll|to)\s+do\s+it\b",
    ),
    (
        "unsafe_self",
        "suicidal_ideation",
        0.9,
        r"\bcan'?t\s+(?:promise|guarantee)\s+(?:(?:that\s+)?i'?ll|i\s+will|to|i\s+can)\s+(?:be|stay|keep\s+(?:my\s?self\s+)?)\s*safe\b|"
        r"\b(?:not|don'?t\s+feel|never\s+feel)\s+safe\s+(?:with|from|around)\s+my\s?self\b|\b(?:don'?t|can'?t|do\s+not|cannot)\s+trust\s+my\s?self\b|"
        r"\b(?:scared|afraid|terrified|worried)\s+(?:of\s+)?what\s+i\s+(?:might|will|could|may|'?ll|am\s+going\s+to)\s+do\b",
    ),
    (
        "something_stupid",
        "distress",
        0.55,
        r"\bdo\s+something\s+(?:stupid|drastic|dumb|i'?ll\s+regret|permanent)\b",
    ),
    (
        "burden",
        "suicidal_ideation",
        0.9,
        r"\b(?:everyone|everybody|they|the\s+world|my\s+(?:family|kids|parents|wife|husband|partner)|people|you|all)\s+"
        r"(?:(?:would|will|'?d)\s+be|are|is|be)\s+better\s+off\s+without\s+me\b|\bbetter\s+off\s+without\s+me\b|"
        r"\bno\s?(?:one|body)\s+(?:would|will)\s+(?:even\s+|really\s+|ever\s+)?(?:miss|notice|care)\b|"
        r"\b(?:easier|better)\s+for\s+(?:everyone|everybody|them|my\s+family)\s+if\s+i\s+(?:was|were|'?m|am|died|wasn'?t|weren'?t)\b|\bwouldn'?t\s+(?:miss|notice)\s+(?:me|if\s+i\s+(?:was|were)\s+gone)\b",
    ),
    (
        "burden_weak",
        "distress",
        0.35,
        r"\b(?:i'?m|i\s+am|im|feel\s+like)\s+(?:\w+\s+)?(?:a\s+)?burden\b|\bwant\s+to\s+disappear\b|\bdisappear\s+forever\b|"
        r"\bhopeless\b|\bcan'?t\s+(?:go\s+on|keep\s+going|do\s+this\s+anymore|take\s+(?:it|this)\s+anymore|cope)\b|\bgive\s+up\s+on\s+(?:life|everything)\b",
    ),
    ("kill_me_please", "distress", 0.4, r"\b(?:someone|somebody|please|just)\s+kill\s+me\b"),
    # Self-harm ----------------------------------------------------------------
    (
        "harm_self",
        "self_harm",
        0.9,
        rf"\b(?:cut|cutting|cuts|hurt|hurting|hurts|harm|harming|burn|burned|burnt|burning|scratch(?:ed|ing)?|hit|hitting|"
        rf"punch(?:ed|ing)?|starv(?:e|ed|ing)|carv(?:e|ed|ing)|bruis(?:e|ed|ing)|punish(?:ed|ing)?)\s+{ANYSELF}\b{NOT_SELF_NOUN}",
    ),
    (
        "self_harm_word",
        "self_harm",
        0.9,
        r"\bself[\s-]?(?:harm\w*|injur\w*|mutilat\w*|destruct\w*)|\bsh\s+(?:urges?|again|scars?|relapse)\b|"
        r"\burges?\s+to\s+sh\b|\bcut\s+(?:deeper|too\s+deep|so\s+deep|deep)\b|\b(?:until|till|til)\s+(?:it|they|i)\s+bled\b|"
        r"\b(?:relaps(?:e|ed|ing))\s+(?:on|with|into)\s+(?:sh|self|cutting)\b|\bcutting\s+again\b|"
        r"\burges?\s+to\s+(?:cut|hurt|harm|burn|purge|use)\b|\bslit(?:ting)?\s+(?:my|his|her|their)\s+(?:wrists?|throat)\b|"
        r"\b(?:cut|cutting|slash(?:ed|ing)?)\s+(?:my|his|her|their)\s+(?:wrists?|arms?|thighs?|legs?|skin)\b|\bbang(?:ed|ing)?\s+my\s+head\b",
    ),
    (
        "blade",
        "self_harm",
        0.45,
        r"\b(?:razor\s*blades?|razors|blades?\s+(?:on|to|against)\s+my)\b",
    ),
    # Plans and means ----------------------------------------------------------
    ("overdose", "plan_means", 0.9, r"\b(?:over\s?dos(?:e|ed|es|ing)|od'?(?:d|ed|ing)|o\.d\.?)\b"),
    (
        "pills_quantity",
        "plan_means",
        0.9,
        rf"\b(?:all|whole|entire|rest)\s+(?:of\s+)?(?:my|the|a|this|that|his|her)?\s*(?:bottle|pack|box|supply|stash)?\s*(?:of\s+)?{PILLS}\b|"
        rf"\b(?:bottle|handful|bunch|pack|box|packets?|stash|stockpile)\s+of\s+(?:my\s+)?{PILLS}\b|\b\d{{2,}}\s+(?:of\s+(?:my|the)\s+)?{PILLS}\b|"
        rf"\b(?:stockpil\w*|sav(?:e|ed|ing)\s+up|hoard\w*|collect(?:ed|ing))\s+(?:my\s+|some\s+|the\s+)?{PILLS}\b",
    ),
    (
        "lethal_dose",
        "plan_means",
        0.95,
        rf"\blethal\s+(?:dose|amount)\b|\bhow\s+many\s+(?:\w+\s+)?{PILLS}\s+(?:would|does|will|to|it)\b|"
        rf"\bhow\s+much\s+(?:\w+\s+)?{PILLS}\s+(?:would|does|will|to|it)\b|\b(?:painless|easiest|quickest|best)\s+(?:way|ways|method)\s+to\s+(?:die|go)\b",
    ),
    (
        "gun",
        "plan_means",
        0.9,
        r"\b(?:bought|buy|buying|got|get|getting|have|loaded|load|holding|cleaned)\s+(?:a|the|my|his|dad'?s|a\s+loaded)\s+(?:gun|pistol|rifle|shotgun|firearm|handgun)\b|"
        r"\bgun\s+(?:to|in|against)\s+(?:my|his|her)\s+(?:head|mouth|temple|chest)\b|\bpull(?:ing)?\s+the\s+trigger\b|\bblow\s+my\s+(?:brains?|head)\s+out\b|"
        r"\beat\s+(?:a|my)\s+(?:gun|bullet)\b",
    ),
    (
        "knife",
        "plan_means",
        0.85,
        r"\b(?:knife|blade|razor)\s+(?:to|against|on|in)\s+(?:my|his|her)\s+(?:wrists?|throat|skin|arms?|neck|chest)\b",
    ),
    (
        "jump",
        "plan_means",
        0.95,
        rf"\bjump(?:ing|ed|s)?\s+(?:off|from|in\s+front\s+of|into|onto|out\s+of|out\s+the)\s+(?:a\s+|the\s+|my\s+|this\s+|that\s+|\w+\s+)?(?:\w+\s+)?{HIGH_PLACE}\b|"
        r"\b(?:standing|sitting|stood|sat)\s+(?:on|at)\s+(?:the|a)\s+(?:edge|ledge|bridge|roof|railing|tracks)\b|\bstep\s+in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|truck|car)\b|"
        r"\bdriv(?:e|ing)\s+(?:my\s+car\s+)?(?:off|into)\s+(?:a|the)\s+(?:bridge|cliff|wall|tree|river|lake|oncoming|traffic)\b",
    ),
    (
        "means_at_hand",
        "plan_means",
        0.8,
        r"\b(?:look\w*|star\w*)\s+at\s+(?:the|my|a)\s+(?:\w+\s+)?(?:knife|knives|pills|gun|rope|razor|blades?|noose)\b|"
        r"\b(?:pills|meds|tablets)\s+(?:are\s+)?(?:lined\s+up|in\s+front\s+of\s+me|ready|counted|laid\s+out)\b|"
        r"\bthinking\s+about\s+(?:the|my|taking\s+the|using\s+the|using\s+them|taking\s+them)\s*(?:\w+\s+){0,3}?(?:pills|gun|knife|rope|razor|bridge|blades?)?\b(?=[^.?!\n]{0,40}\b(?:cabinet|drawer|closet|kitchen|car|pills|gun|knife|rope|razor|blades?)\b)|"
        r"\bwith\s+(?:a|the|my)\s+(?:razor|blade|knife|gun|rope|noose)\b",
    ),
    (
        "jump_intent",
        "plan_means",
        0.55,
        r"\b(?:want|wanna|going|gonna|about|ready|thinking\s+about|think\s+about)\s+(?:to\s+)?jump(?:ing)?\b(?!\s+(?:in|into)\s+(?:the\s+)?(?:pool|lake|sea|ocean|conversation))|"
        r"\b(?:i'?m|im|i\s+am|she'?s|he'?s|they'?re|is|are)\s+(?:on|at)\s+(?:the|a)\s+(?:bridge|roof|rooftop|ledge|edge|cliff|train\s+tracks|tracks|overpass)\b",
    ),
    (
        "hanging",
        "plan_means",
        0.9,
        r"\bnoose\b|\btie\s+(?:a|the)\s+rope\b|\brope\s+(?:around|to)\s+my\s+neck\b",
    ),
    (
        "plan_time",
        "plan_means",
        0.85,
        r"\b(?:tonight|today|this\s+weekend|tomorrow)\s+(?:is|will\s+be|'?s)\s+the\s+(?:night|day)\b|\b(?:have|made|got|wrote)\s+(?:a|my)\s+plan\s+to\s+(?:die|end|kill)\b|"
        r"\bi\s+know\s+how\s+i(?:'?m|\s+am|'?d|\s+would)\s+(?:going\s+to\s+)?do\s+it\b|\bpicked\s+(?:a|the)\s+(?:date|day|spot|place)\b",
    ),
    # Goodbye messages ----------------------------------------------------------
    (
        "goodbye",
        "goodbye",
        0.9,
        r"\b(?:this\s+is\s+(?:my\s+)?(?:final\s+)?goodbye|goodbye\s+(?:forever|for\s+good|everyone|world|cruel\s+world)|my\s+(?:final|last)\s+goodbye)\b|"
        r"\bby\s+the\s+time\s+(?:you|anyone|someone)\s+(?:read|see|get|find)s?\s+this\b|\b(?:suicide|goodbye|farewell)\s+(?:note|letter|message)\b|"
        r"\b(?:wrote|writing|written|left)\s+(?:a|my)\s+(?:final\s+)?(?:note|letter)\s+(?:for|to)\s+(?:my|the|everyone)\b|"
        r"\bgiv(?:e|ing|en)\s+away\s+(?:all\s+)?(?:my|his|her)\s+(?:stuff|things|belongings|possessions|cat|dog|pets?)\b|"
        r"\bsa(?:y|id|ying)\s+(?:my\s+)?goodbyes?\b|\b(?:won'?t|will\s+not)\s+(?:be\s+(?:here|around)|see\s+(?:you|me))\s+(?:for|at|by)\s+(?:our|my|the)\s+next\b|"
        r"\b(?:thank\s+you|thanks)\s+for\s+(?:everything|trying|all\s+you(?:'?ve|\s+have)\s+done)\b[^.?!\n]{0,60}\b(?:goodbye|bye|sorry|forgive)\b|"
        r"\bplease\s+(?:tell|let)\s+(?:my|them|her|him)\s+[^.?!\n]{0,30}\bi\s+(?:love|loved)\b|\bsorry\s+for\s+(?:everything|being\s+a\s+burden)\b",
    ),
    (
        "goodbye_weak",
        "goodbye",
        0.6,
        r"\b(?:don'?t|do\s+not)\s+(?:try\s+to\s+)?(?:find|look\s+for|come\s+looking\s+for|search\s+for)\s+me\b|\bleft\s+(?:a|my)\s+(?:suicide\s+)?note\b|"
        r"\b(?:put|putting|got|getting|have)\s+(?:all\s+)?(?:my\s+)?(?:affairs|things|everything)\s+in\s+order\b|\bmade\s+(?:my\s+)?peace\s+with\s+(?:it|things|everything|dying)\b",
    ),
    (
        "last_message",
        "goodbye",
        0.45,
        r"\b(?:my|this\s+is\s+my)\s+(?:last|final)\s+(?:message|text|email|words)\b",
    ),
    # Harm to others -------------------------------------------------------------
    (
        "harm_others",
        "harm_to_others",
        0.9,
        rf"\b(?:i'?ll|i\s+will|ill|i'?m\s+(?:going|gonna)|im\s+(?:going|gonna)|i\s+am\s+going|gonna|going|want|wanna|wanted|plan(?:ning)?|"
        rf"thinking\s+about|thoughts\s+(?:of|about)|urges?|fantasi[sz](?:e|ing)\s+about|i\s+swear\s+i'?ll|i\s+could|i\s+might|i\s+may|about)\s+"
        rf"(?:to\s+)?(?:\w+\s+)?{HARM_VERB}(?:ing|ed|s)?\s+{OTHER_PERSON}\b",
    ),
    (
        "mass_harm",
        "harm_to_others",
        0.95,
        r"\bshoot(?:ing)?\s+up\s+(?:the|my|a|this|our)\s+\w+|\brun\s+(?:him|her|them)\s+over\b|\b(?:bring|take|bringing|taking)\s+(?:a|my|the)\s+(?:gun|knife|weapon|bomb)\s+to\s+(?:school|work|class|church|the\s+office)\b|"
        r"\b(?:make|build|making|building)\s+a\s+bomb\b|\bkill\s+(?:them\s+)?all\b",
    ),
    (
        "revenge",
        "harm_to_others",
        0.45,
        r"\bmake\s+(?:them|him|her|everyone)\s+(?:all\s+)?pay\b|\bi\s+know\s+where\s+(?:he|she|they)\s+lives?\b|\bget\s+(?:my\s+)?revenge\b",
    ),
    ("kill_yourself", "abuse_danger", 0.6, r"\bkys\b|\bkill\s+yo(?:u|ur)\s?self\b|\bgo\s+die\b"),
    # Abuse and immediate danger -------------------------------------------------
    (
        "abuse",
        "abuse_danger",
        0.9,
        rf"\b{ABUSER}\s+(?:\w+\s+)?(?:hit|hits|hitting|beat|beats|beating|choked|chokes|choking|strangled|strangles|punched|punches|"
        rf"kicked|kicks|slapped|slaps|raped|rapes|molested|molests|assaulted|shoved|pushed|burned|threw|grabbed|touches|touched|hurts?|abuses|abused|"
        rf"threatened|threatens|threatening)\s+(?:me|us|my|the\s+kids|to)\b",
    ),
    (
        "threat_to_kill",
        "abuse_danger",
        0.95,
        r"\bthreat(?:en|ened|ens|ening)\s+to\s+(?:kill|hurt|shoot|stab|beat)\s+(?:me|us|my|the\s+kids|himself|herself|themselves)\b|"
        r"\b(?:said|says|swore)\s+(?:he|she|they)(?:'?ll|\s+will|\s+would|'?d)\s+(?:kill|hurt|shoot)\s+(?:me|us|my)\b",
    ),
    (
        "unsafe",
        "abuse_danger",
        0.85,
        rf"\b(?:i|we)\s+(?:{DONT}|do\s+not|can'?t)\s+feel\s+safe\b|\bnot\s+safe\s+(?:at\s+home|here|right\s+now|to\s+go\s+home|with\s+(?:him|her|them))\b|"
        r"\b(?:scared|afraid|terrified|fear)\s+(?:for\s+my\s+life|(?:that\s+)?(?:he|she|they)(?:'?ll|\s+will|'?s\s+going\s+to|\s+is\s+going\s+to)\s+(?:kill|hurt|find))\b|"
        r"\b(?:he|she|they)(?:'?s|\s+is|'?re|\s+are)\s+(?:outside\s+(?:my|the)\s+(?:door|house|apartment|window)|banging\s+on\s+the\s+door|trying\s+to\s+(?:get|break)\s+in|breaking\s+in|following\s+me)\b|"
        r"\b(?:he|she|they)\s+(?:has|have|got|grabbed|pulled)\s+a\s+(?:gun|knife|weapon)\b|\blocked\s+(?:my\s*self\s+)?in\s+the\s+(?:bathroom|bedroom|closet|car)\b",
    ),
    (
        "physical_attack",
        "abuse_danger",
        0.8,
        r"\b(?:grabbed|choked|strangled|punched|slapped|kicked|shoved|pinned)\s+me\b|\b(?:grabbed|held)\s+me\s+by\s+the\s+(?:neck|throat|hair)\b|"
        r"\b(?:someone|somebody|he|she|they|a\s+man|a\s+guy)\s+(?:(?:has|have)\s+been|is|keeps?|kept|was)\s+(?:following|stalking)\s+me\b",
    ),
    (
        "assault",
        "abuse_danger",
        0.85,
        r"\b(?:i\s+was|i\s+got|been|being|was)\s+(?:sexually\s+)?(?:raped|assaulted|molested|attacked|abused)\b|\bdomestic\s+(?:violence|abuse)\b|\bsexual\s+(?:assault|abuse)\b",
    ),
    (
        "call_911",
        "abuse_danger",
        0.7,
        r"\b(?:call(?:ed|ing)?|dial(?:ed|ing)?)\s+(?:911|999|112|988|the\s+police|the\s+cops|an\s+ambulance|emergency\s+services)\b|\bsend\s+(?:help|the\s+police|an\s+ambulance)\b",
    ),
    (
        "help_now",
        "distress",
        0.4,
        r"\b(?:please\s+help(?:\s+me)?|help\s+me\s+please|i\s+need\s+help\s+(?:now|right\s+now|please))\b",
    ),
    # Medical emergency -------------------------------------------------------------
    (
        "medical",
        "medical_emergency",
        0.85,
        r"\b(?:can'?t|cannot|can\s+not|couldn'?t)\s+breathe?\b|\b(?:not|isn'?t|stopped)\s+breathing\b|\bchest\s+pains?\b|"
        r"\b(?:having|had|having\s+a|had\s+a|is\s+having\s+a)\s+(?:a\s+)?(?:seizure|stroke|heart\s+attack)\b|\b(?:passed|blacked)\s+out\b|\bunconscious\b|\bunresponsive\b|"
        r"\b(?:bleeding|blood)\s+(?:a\s+lot|heavily|badly|everywhere|won'?t\s+stop)\b|\bwon'?t\s+stop\s+bleeding\b|\banaphyla\w+\b|\ballergic\s+reaction\b|"
        r"\b(?:i'?m|im|i\s+am|we'?re|she'?s|he'?s|is|are|was|were)\s+(?:\w+\s+)?(?:in|at)\s+the\s+(?:er|e\.r\.|emergency\s+room|a&e|icu|hospital)\b|\bpoison\s+control\b|"
        r"\b(?:swallowed|drank|drinking|ate)\s+(?:some\s+)?(?:bleach|poison|antifreeze|drain\s+cleaner|something)\b|\bwon'?t\s+wake\s+up\b|\blips\s+(?:are\s+)?(?:turning\s+)?blue\b",
    ),
    ("panic", "distress", 0.3, r"\bpanic\s+attacks?\b"),
    # Inbox phrasings (added with the generated inbox corpus, training/inbox_corpus.py) ----
    (
        "cant_go_on",
        "suicidal_ideation",
        0.85,
        r"\b(?:can'?t|cannot|cant)\s+go\s+on\b(?!\s+(?:a|the|with|vacation|holiday|leave|zoom|at|tuesday|monday|wednesday|thursday|friday))|"
        r"\b(?:don'?t|do\s+not|dont)\s+plan\s+(?:on|to)\s+(?:be(?:ing)?\s+)?(?:around|alive)\s+(?:much\s+)?(?:longer|by|for\s+long)\b|"
        r"\b(?:won'?t|will\s+not|not\s+going\s+to)\s+be\s+alive\b|\b(?:don'?t|do\s+not|dont)\s+think\s+i'?ll\s+(?:still\s+)?be\s+alive\b|"
        r"\bi\s+(?:have|'?ve\s+got|got)\s+a\s+plan\b[^.?!\n]{0,40}\b(?:do\s+it|tonight|end\s+it|kill|die)\b|\bplan\s+and\s+the\s+means\b|"
        r"\b(?:can'?t|cannot|cant)\s+keep\s+my\s?self\s+safe\b",
    ),
    (
        "cant_take_it",
        "distress",
        0.45,
        r"\b(?:can'?t|cannot|cant)\s+(?:do\s+this|take\s+(?:it|this))\s+any\s?more\b(?!\s+(?:job|class|commute|traffic))",
    ),
    (
        "overdose_taken",
        "medical_emergency",
        0.9,
        r"\b(?:took|taken|swallowed|ate|downed)\s+(?:way\s+)?(?:too\s+many|a\s+(?:whole|full)\s+bottle|the\s+(?:whole|entire)\s+bottle|a\s+bunch\s+of|"
        r"all\s+(?:of\s+)?(?:my|the|his|her)\s+(?:\w+\s+)?(?:pills|meds|tablets|xanax|tylenol))\b",
    ),
    (
        "abuse_inbox",
        "abuse_danger",
        0.85,
        r"\b(?:he|she|they)(?:'?s|'?re|\s+is|\s+are)\s+(?:\w+\s+)?(?:hitting|beating|choking|kicking|strangling)\s+me\b|\b(?:locked|locks|trapped)\s+me\s+in\b|"
        r"\b(?:scared|afraid|terrified)\s+(?:that\s+)?(?:he|she|they|my\s+\w+)\s+(?:is|'?s|are|'?re|will|'?ll)\s+(?:going\s+to\s+|gonna\s+)?(?:kill|hurt)\s+me\b",
    ),
    (
        "means_place",
        "plan_means",
        0.8,
        r"\b(?:standing|sitting|i'?m|im)\s+(?:on|at)\s+the\s+(?:edge|ledge|railing|bridge|roof|overpass|train\s+tracks|tracks)\b|"
        r"\b(?:bought|got|have|buying)\s+(?:a|the)\s+rope\b",
    ),
    (
        "self_harm_again",
        "self_harm",
        0.85,
        r"\bi(?:'?ve|\s+have)?\s+(?:been\s+)?(?:cut|cutting|burned|burning)\s+(?:my\s?self\s+)?(?:again|last\s+night|tonight)\b|\brelapsed\s+and\s+(?:cut|burned)\b|"
        r"\b(?:want|wanna|urges?)\s+to\s+cut\s+(?:so\s+bad|again|tonight|right\s+now|rn)\b",
    ),
    (
        "goodbye_thanks",
        "goodbye",
        0.85,
        r"\b(?:goodbye|bye)\b[.!,\s]{1,3}(?:thank\s+you|thanks)\s+for\s+(?:everything|trying)\b|"
        r"\b(?:last|final)\s+(?:message|text|email)\b[^.?!\n]{0,30}\b(?:goodbye|bye)\b|\bthis\s+is\s+the\s+end\s+for\s+me\b",
    ),
    # Posts and tweets (added after reading the rules' misses on one half of each public
    # development set; the other half was not read, see docs/triage.md) ------------------
    (
        "wish_dead",
        "suicidal_ideation",
        0.9,
        r"\b(?:all|only\s+thing|the\s+only\s+thing)\s+i\s+(?:really\s+)?(?:want|wanna|wish)\s+(?:to\s+do\s+)?(?:is|now\s+is)\s+(?:to\s+)?(?:die|be\s+dead|not\s+exist|disappear)\b|"
        r"\b(?:can'?t|cannot)\s+wait\s+(?:to|till\s+i|until\s+i)\s+(?:die|be\s+dead)\b|\b(?:hope|hoping|pray|praying)\s+(?:that\s+)?i\s+(?:just\s+)?(?:die|don'?t\s+wake\s+up|never\s+wake\s+up)\b|"
        r"\bwish\s+(?:i|that\s+i)\s+(?:had|would\s+have|would'?ve|could\s+have|could'?ve|'?d)\s+(?:just\s+)?died\b|\bwish\s+(?:it|that|they|he|she)\s+(?:had|would\s+have|would'?ve|'?d)\s+killed\s+me\b|"
        r"\b(?:can|could)\s+i\s+(?:just|please)\s+die\b|\b(?:just|please)\s+let\s+me\s+die\b|\bbetter\s+off\s+(?:just\s+)?dead\b|\b(?:want|wish|need)\s+(?:my|this)\s+life\s+to\s+(?:end|be\s+over)\b|"
        r"\b(?:i'?m|im|i\s+am)\s+(?:going\s+to|gonna)\s+die\s+(?:tonight|today|soon|by\s+my\s+own)\b",
    ),
    (
        "no_reason_to_live",
        "suicidal_ideation",
        0.85,
        r"\b(?:no|any|every|good)\s+reasons?\s+(?:left\s+)?(?:to|for)\s+(?:continue|keep|stick|stay|carry|go(?:ing)?\s+on|living|live)\b|"
        r"\bmotivation\s+to\s+(?:keep\s+(?:on\s+)?)?liv(?:e|ing)\b|\b(?:the\s+)?only\s+thing\s+(?:that'?s\s+|that\s+is\s+)?(?:keeping|kept|stopping)\s+me\s+(?:alive|here|from\s+(?:doing\s+it|killing|ending))\b|"
        r"\bwhy\s+(?:would|should|do)\s+i\s+(?:even\s+)?(?:continue|keep|bother)\s+(?:living|my\s+life|to\s+live|being\s+alive|going\s+on)\b|"
        r"\b(?:don'?t|do\s+not)\s+(?:want|wanna)\s+to\s+be\s+(?:here|alive|around)\s+any\s?more\b|\bdon'?t\s+want\s+to\s+(?:wake\s+up|live)\s+(?:tomorrow|any\s?more)\b|"
        r"\b(?:won'?t|will\s+not)\s+(?:see|make\s+it\s+to)\s+(?:20\d\d|christmas|my\s+(?:next\s+)?birthday|next\s+(?:year|week|month))\b|\bmy\s+days\s+are\s+numbered\b|"
        r"\b(?:losing|lost|no)\s+(?:the\s+)?(?:will|desire)\s+to\s+(?:live|keep\s+living|go\s+on|be\s+alive)\b|\bwhat'?s\s+the\s+point\s+of\s+(?:living|being\s+alive|going\s+on|my\s+life)\b",
    ),
    (
        "method_self",
        "plan_means",
        0.85,
        r"\b(?:throw|throwing|threw|hurl|fling)\s+my\s?self\s+(?:off|out|in\s+front|under|from|into)\b|"
        r"\bgun\b[^.?!\n]{0,30}\b(?:against|to|in)\s+my\s+(?:head|mouth|temple)\b|\b(?:how|when)\s+i\s+(?:should|would|will|'?ll|am\s+going\s+to|'?m\s+going\s+to)\s+do\s+it\b|"
        r"\b(?:go|going)\s+through\s+with\s+it\b|\b(?:slit|cut|slash)\s+my\s+(?:wrists?|throat)\b|\bhang\s+my\s?self\b|"
        r"\b(?:making|made|gave|giving)\s+(?:away\s+)?(?:my\s+)?goodbye\s+(?:gifts|letters|notes)\b|\bgave\s+(?:my\s+|all\s+my\s+)?(?:things|stuff|belongings)\s+away\b",
    ),
    (
        "farewell_weak",
        "goodbye",
        0.4,
        r"\bfarewell\b(?!\s+(?:party|lunch|dinner|drinks|card|tour|gift))|\btime\s+(?:for\s+me\s+)?to\s+go\b(?=[^.?!\n]{0,40}\b(?:world|life|forever|everyone|goodbye)\b)|"
        r"\bget\s+it\s+(?:all\s+)?over\s+with\b|\b(?:end|kill)\s+me\s+(?:now|please)\b|\bleaving\s+(?:this\s+world|forever|for\s+good)\b",
    ),
    (
        "distress_cues",
        "distress",
        0.15,
        r"\bhate\s+(?:my\s?self|my\s+life|being\s+alive|existing)\b|\b(?:tired|sick)\s+of\s+(?:everything|it\s+all|trying|fighting|being\s+(?:me|alive|here))\b|"
        r"\b(?:so|really|very|always)\s+(?:lonely|alone|empty)\b|\b(?:feel|feeling|am|i'?m|im)\s+(?:so\s+|completely\s+|totally\s+)?(?:worthless|useless|empty|numb|broken)\b|"
        r"\bdead\s+inside\b|\bdying\s+inside\b|\bfalling\s+apart\b|\bno\s?(?:one|body)\s+(?:cares|loves\s+me|would\s+care)\b|\bgiv(?:e|ing)\s+up\s+on\s+my\s?self\b|"
        r"\bcan'?t\s+(?:handle|stand|bear)\s+(?:it|this|life)\s+any\s?more\b|\bwant\s+to\s+disappear\b|\bpain\s+(?:to|will)\s+(?:stop|end)\b",
    ),
)

# Emoji: weak on their own (💊 next to "picked up my prescription" is no crisis) but
# they add up with words. 💀 and ☠️ mostly mean laughing online, so they are weaker still.
EMOJI: tuple[tuple[str, str, float, str], ...] = (
    (
        "emoji_weapon",
        "plan_means",
        0.35,
        "[\U0001f52a\U0001f5e1\U0001f52b\U0001faa2]",
    ),  # knife, dagger, pistol, knot
    ("emoji_pills", "plan_means", 0.25, "[\U0001f48a]"),
    (
        "emoji_death",
        "suicidal_ideation",
        0.3,
        "[\u26b0\U0001faa6\U0001fa78]",
    ),  # coffin, headstone, drop of blood
    ("emoji_skull", "distress", 0.1, "[\U0001f480\u2620]"),
)


def compiled() -> list[tuple[str, str, float, re.Pattern[str]]]:
    return [
        (name, cat, weight, re.compile(pattern)) for name, cat, weight, pattern in ENTRIES + EMOJI
    ]


# Cheap literal cues: an entry's pattern can only match where its cue matches, so the
# expensive pattern runs only then. This is what keeps the rules above 5,000 short
# messages a second. training/check_cues.py proves on every development text that the
# cues change no hit; keep each cue a superset when editing a pattern.
_SUICIDE_CUE = r"[i1\*cs]d(?:e|al|ia)"
_PILL_CUE = (
    r"pill|tablet|med|tylenol|paracetamol|acetaminophen|ibuprofen|advil|aspirin|xanax|benzo|oxy|opioid|insulin|"
    r"antidepress|lithium|seroquel|ambien|prescription"
)
CUES: dict[str, str] = {
    "kill_self": r"sel|mysl|mysef",
    "suicide_word": _SUICIDE_CUE,
    "suicidal_first_person": _SUICIDE_CUE,
    "suicidal_thoughts": _SUICIDE_CUE + r"|si\b",
    "want_to_die": r"d[i1]e|dead|exist|alive|born|gone|over|end",
    "end_life": r"li(?:fe|ves)|end|check|unaliv|kms|ctb|bus|rope|here|around|alive",
    "no_will_to_live": r"liv|alive|exist|here|wake|go on|going on|point|reason|purpose|worth|forever|life|way out|stay",
    "death_thoughts": r"dying|death|dead|exist|die|kill|do it",
    "unsafe_self": r"safe|trust|what i",
    "something_stupid": r"something",
    "burden": r"better|no ?one|nobody|miss|notice|easier",
    "burden_weak": r"burden|disappear|hopeless|can'?t|give up",
    "kill_me_please": r"kill me",
    "harm_self": r"sel|mysl|mysef",
    "self_harm_word": r"self|sh\b|urge|cut|bled|relaps|slit|slash|bang",
    "blade": r"razor|blade",
    "overdose": r"dos|od|o\.d",
    "pills_quantity": _PILL_CUE,
    "lethal_dose": r"lethal|how|way|method",
    "gun": r"gun|pistol|rifle|firearm|trigger|brain|bullet",
    "knife": r"knife|blade|razor",
    "means_at_hand": r"knive|knife|pill|gun|rope|razor|blade|noose|meds|tablet",
    "jump_intent": r"jump|bridge|roof|ledge|edge|cliff|track|overpass",
    "hanging": r"noose|rope",
    "jump": r"jump|stand|sit|stood|sat|step|driv",
    "plan_time": r"night|day|plan|know how|picked",
    "goodbye": r"goodbye|bye|time|note|letter|message|away|next|thank|love|sorry",
    "goodbye_weak": r"find|look|search|note|order|peace",
    "last_message": r"last|final",
    "harm_others": r"kill|murder|shoot|stab|strangl|chok|beat|poison|smother|drown|run|attack|hurt|harm|slit",
    "mass_harm": r"shoot|run|gun|knife|weapon|bomb|kill",
    "revenge": r"pay|where|revenge",
    "kill_yourself": r"kys|kill yo|go die",
    "abuse": r"hit|beat|chok|strangl|punch|kick|slap|rape|molest|assault|shov|push|burn|threw|grab|touch|hurt|abuse|threat",
    "threat_to_kill": r"threat|said|says|swore",
    "unsafe": r"safe|scared|afraid|terrified|fear|outside|bang|trying|break|follow|gun|knife|weapon|locked",
    "physical_attack": r"grab|chok|strangl|punch|slap|kick|shov|pinn|held|follow|stalk",
    "assault": r"rape|assault|molest|attack|abuse|violence",
    "call_911": r"911|999|112|988|police|cops|ambulance|emergency|send",
    "help_now": r"help",
    "medical": (
        r"breath|chest|seizure|stroke|heart|out\b|unconscious|unresponsive|blood|bleed|anaphyla|allergic|er\b|e\.r|"
        r"emergency|a&e|icu|hospital|poison|bleach|antifreeze|drain|something|wake|blue"
    ),
    "panic": r"panic",
    "wish_dead": r"die|dead|exist|disappear|killed|life|wake",
    "no_reason_to_live": r"reason|motivation|thing|why|any\s?more|see|make|numbered|will|desire|point|wake",
    "method_self": r"my\s?sel|gun|do\s+it|through|wrist|throat|goodbye|away",
    "farewell_weak": r"farewell|time|over|me\s+(?:now|please)|leaving",
    "distress_cues": r"hate|tired|sick|lonely|alone|empty|worthless|useless|numb|broken|inside|apart|cares|loves|care|giv|any\s?more|disappear|pain",
}


def compiled_with_cues() -> list[tuple[str, str, float, re.Pattern[str], re.Pattern[str] | None]]:
    return [
        (name, cat, weight, re.compile(pattern), re.compile(CUES[name]) if name in CUES else None)
        for name, cat, weight, pattern in ENTRIES + EMOJI
    ]
