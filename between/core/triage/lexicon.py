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

The English entries come first, then SPANISH (names "es_..."), the same categories for
messages written in Spanish, then EMOJI. The rules' explicit-danger families in both
languages: plan, means or time; a goodbye with means; harm to another person; danger
at home now. Subtle and implied messages are the learned layer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Building blocks --------------------------------------------------------------
MYSELF = r"(?:my\s?self|myslef|mysef|meself|my\s?selfe)"
THEMSELF = r"(?:him\s?self|her\s?self|them\s?sel(?:f|ves)|themself)"
ANYSELF = rf"(?:{MYSELF}|{THEMSELF})"
# "killing my self esteem", "hurting her self-confidence": "self" starts a noun, not "myself".
NOT_SELF_NOUN = r"(?![\s-]*(?:esteem|confidence|worth|image|respect|care|belief|control)\b)"
DONT = r"(?:don'?t|do\s+not|dont|dnt)"
WANT = r"(?:want(?:ed|s|ing)?|wnat|wnt|watn|wanna|wish(?:ed|es)?|need(?:ed|s)?|going|gonna|ready|plan(?:ning)?|tr(?:y|ied|ying)|hope|deserve)"
TO = r"(?:\s+to\s+|\s+2\s+|\s+)"
SUICIDE = (
    r"(?:s[u\*]+[i1\*]?[cs\*]{1,2}[i1\*]?d(?:e|es|al|ial|ality)|su[i1]c[i1]de?|sewerslide|suicide)"
)
PILLS = (
    r"(?:pills?|tablets?|meds|medications?|sleeping\s+pills|tylenol|paracetamol|acetaminophen|ibuprofen|"
    r"advil|aspirin|xanax|benzos?|oxy\w*|opioids?|insulin|antidepressants?|lithium|seroquel|ambien|prescriptions?|"
    r"sertraline|zoloft|prozac|fluoxetine|lexapro|escitalopram|citalopram|trazodone|quetiapine|lorazepam|ativan|"
    r"klonopin|clonazepam|valium|diazepam|gabapentin|morphine|percocet|vicodin|hydrocodone|tramadol|fentanyl)"
)
HIGH_PLACE = (
    r"(?:bridge|building|roof|rooftop|cliff|balcony|window|overpass|ledge|parking\s+(?:garage|deck)|tower|"
    r"train|subway|bus|truck|car|traffic)"
)
OTHER_PERSON = (
    r"(?:him|her|them|someone|somebody|some\s?one|people|everyone|everybody|"
    r"(?:my|his|her|our|the|that|this)\s+(?:\w+\s+)?(?:boss|wife|husband|partner|mom|mum|dad|mother|father|ex|son|daughter|"
    r"kids?|children|baby|roommate|neighbou?r|brother|sister|coworker|co-worker|colleague|teacher|family|"
    r"boyfriend|girlfriend|bf|gf|stepdad|stepmom|stepfather|stepmother|uncle|aunt|cousin|grandpa|grandma|grandfather|grandmother|"
    r"nephew|niece|in-laws?|supervisor|sergeant|sarge|landlord|manager|class|school|guy|man|woman|bitch|bastard))"
)
MEANS = (
    rf"(?:{PILLS}|gun|pistol|rifle|shotgun|handgun|revolver|rope|noose|cord|knife|blades?|razors?)"
)
WEAPON = r"(?:gun|pistol|rifle|shotgun|handgun|revolver|rope|noose|knife|blade|razor)"
# Means put by: "the pills saved up", "saved all my pills", "the pills I've been saving",
# "the gun is loaded". With an intent or a time this is a plan.
STOCKED = (
    rf"\b{MEANS}(?:'s|\s+(?:is|are))?\s+(?:all\s+)?(?:saved\s+up|stocked\s+up|stockpiled|hoarded|stashed)\b|"
    rf"\b{WEAPON}(?:'s|\s+(?:is|are))?\s+(?:loaded|tied)\b|"
    rf"\b(?:saved|stocked|stockpiled|hoarded|stashed)\s+(?:up\s+)?(?:all\s+)?(?:of\s+)?(?:my|the|his|her)\s+(?:\w+\s+)?{MEANS}\b|"
    rf"\bloaded\s+(?:my|the|his|her)\s+(?:\w+\s+)?{WEAPON}\b|"
    rf"\b{MEANS}\s+(?:i|i'?ve|that\s+i|i\s+have)\s+(?:been\s+)?(?:saved|saving|stocked|hoarded|hoarding|stashed|stashing|collected|collecting|stockpiled|stockpiling)\b"
)
# Means within reach: "the gun is in my lap", "a knife in my bag", "the pills counted out".
# Only with a stated intent to use them (taking one's pills after work is no plan).
READY = (
    rf"\b{MEANS}(?:'s|\s+(?:is|are))?\s+(?:all\s+)?(?:ready|counted(?:\s+out)?|lined\s+up|laid\s+out|"
    r"in\s+my\s+(?:bag|pocket|backpack|purse|car|truck|lap|hand)|(?:on|by)\s+(?:the|my)\s+(?:table|nightstand|bed|desk|seat))\b"
)
INTENT_TO = r"(?:going\s+to|gonna|will|'ll|plan(?:ning)?\s+(?:to|on)|about\s+to|ready\s+to|want\s+to|wanna)\s+(?:finally\s+|just\s+)?"
USE_IT = rf"\b{INTENT_TO}(?:use\s+(?:it|them)|do\s+it|end\s+it|go\s+through\s+with\s+it)\b"
TAKE_THEM = rf"\b{INTENT_TO}(?:take|swallow|down|use)\s+(?:them|it|those|these)\b"
TAKE_ALL = (
    rf"\b{INTENT_TO}(?:take|swallow|down)\s+(?:them\s+all|all\s+of\s+them|every\s+(?:one|last\s+one)|the\s+(?:whole|entire)\s+(?:bottle|lot))\b"
    r"(?!\s+(?:to|with|out|home|back|for)\b)"
)
WHEN = (
    r"\b(?:tonight|today|this\s+(?:weekend|week|evening|afternoon)|tomorrow|after\s+(?:work|school|class|my\s+shift)|"
    r"when\s+(?:everyone|everybody|they|the\s+kids|my\s+\w+)(?:'s|'re|\s+is|\s+are)?\s+(?:asleep|gone|away|out|at\s+work)|"
    r"on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
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
        rf"\b{WANT}{TO}(?:just\s+|really\s+|finally\s+)?(?:die|d[i1]e|dye\b(?!\s+(?:my|it|the|her|his|your|our))|di\b|be\s+dead|not\s+exist|stop\s+existing|not\s+be\s+alive)\b|"
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
        r"\b(?:not|won'?t|will\s+not)\s+(?:be|going\s+to\s+be)\s+(?:here|around|alive)\s+(?:much\s+longer|tomorrow|by\s+\w+)\b|"
        r"\b(?:thinkin[g']?|thought|think)\s+(?:a?bout|abt|of)\s+end(?:ing|in'?)\s+it\b|"
        r"\b(?:i'?ll|ill|i\s+will|i'?m\s+(?:gonna|going\s+to))\s+be\s+dead\s+(?:by\s+(?!the\s+time)|before|soon|tomorrow|tonight|next|anyway|in\s+a\s+(?:week|few))",
    ),
    (
        "no_will_to_live",
        "suicidal_ideation",
        0.9,
        rf"\b{DONT}\s+(?:want|wanna|feel\s+like)\s+(?:to\s+)?(?:live|be\s+alive|exist|be\s+here|wake\s+up|keep\s+living|go\s+on\s+living)\b|"
        r"\b(?:no|nothing|zero|not\s+a)\s+(?:reason|point|purpose)\s+(?:to|in|of)\s+(?:keep\s+(?:on\s+)?)?(?:live|living|going\s+on|go\s+on|being\s+alive|be\s+alive|existing|stay|life)\b|"
        r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b|\blife\s+(?:is\s+not|isn'?t|is\s+no\s+longer|ain'?t)\s+worth\s+(?:it|living)\b|"
        r"\b(?:never|not|don'?t|didn'?t)\s+wake\s+up\b(?!\s+(?:before|until|till|til|early|on\s+time|in\s+time|at\s+\d|for\s+(?:work|school|class)))|\bidw\s+(?:2|to)\s+(?:b|be)\s+(?:here|alive|around)\b|\b(?:if|whether)\s+i\s+(?:even\s+)?want\s+to\s+(?:live|be\s+alive|keep\s+going|be\s+here)\b|"
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
        r"\burges?\s+to\s+sh\b|\bcut\s+(?:deeper|too\s+deep|so\s+deep|deep)\b|\b(?:until|till|til)\s+(?:it|they|i)\s+(?:bled|bleeds?)\b|"
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
        rf"\b(?:stockpil\w*|sav(?:e|ed|ing)\s+up|hoard\w*|collect(?:ed|ing))\s+(?:my\s+|some\s+|the\s+|his\s+|her\s+|all\s+(?:my\s+)?)?(?:\w+\s+)?{PILLS}\b|"
        rf"\bbeen\s+saving\s+(?:up\s+)?(?:my|his|her|all\s+my)\s+(?:\w+\s+)?{PILLS}\b",
    ),
    (
        "lethal_dose",
        "plan_means",
        0.95,
        rf"\blethal\s+(?:dose|amount)\b|\bhow\s+many\s+(?:of\s+(?:my|the|his|her)\s+)?(?:\w+\s+){{0,2}}{PILLS}\s+(?:would|does|will|to|it)\b|"
        rf"\bhow\s+much\s+(?:\w+\s+)?{PILLS}\s+(?:would|does|will|to|it)\b|\b(?:painless|easiest|quickest|best)\s+(?:way|ways|method)\s+to\s+(?:die|go)\b",
    ),
    (
        "gun",
        "plan_means",
        0.9,
        r"\b(?:bought|buy|buying|got|get|getting|have|loaded|load|holding|cleaned)\s+(?:a|the|my|his|dad'?s|a\s+loaded)\s+(?:gun|pistol|rifle|shotgun|firearm|handgun)\b|"
        r"\bgun\s+(?:to|in|against)\s+(?:my|his|her)\s+(?:head|mouth|temple|chest)\b|\bpull(?:ing)?\s+the\s+trigger\b|\bblow\s+my\s+(?:brains?|head)\s+out\b|"
        r"\beat\s+(?:a|my)\s+(?:gun|bullet)\b|\b(?:gun|pistol|revolver|sidearm|service\s+weapon|rifle|shotgun)\s+(?:is\s+)?(?:in\s+my\s+(?:lap|hand|mouth)|on\s+my\s+lap)\b|"
        r"\b(?:got|have|took|i'?ve\s+got)\s+(?:my|the)\s+(?:gun|pistol|sidearm|service\s+weapon)\s+out\b",
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
        r"\b(?:pills|meds|tablets)\s+(?:are\s+)?(?:lined\s+up|in\s+front\s+of\s+me|ready(?!\s+(?:at|for|to\s+(?:pick|be)))|counted|laid\s+out)\b|"
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
        r"\bnoose\b|\btie\s+(?:a|the)\s+rope\b|\b(?:rope|belt|cord|extension\s+cord|scarf)\s+(?:around|to)\s+my\s+neck\b",
    ),
    (
        "plan_time",
        "plan_means",
        0.85,
        r"\b(?:tonight|today|this\s+weekend|tomorrow)(?:\s+is|\s+will\s+be|'s|\s+s)\s+the\s+(?:night|day)\b|\b(?:have|made|got|wrote)\s+(?:a|my)\s+plan\s+to\s+(?:die|end|kill)\b|"
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
        r"\b(?:put|putting|got|getting|have)\s+(?:all\s+)?(?:my\s+)?(?:affairs|things|everything)\s+in\s+order\b|\bmade\s+(?:my\s+)?peace\s+with\s+(?:it|things|everything|dying)\b|"
        r"\b(?:after|when|once)\s+i'?m\s+(?:dead|gone)\b(?!\s+(?:on|for|to|from|next|this|tomorrow|until|till|in\s+(?:the|a)))|"
        r"\bwhen\s+i'?m\s+no\s+longer\s+(?:here|around|alive)\b|\bafter\s+i\s+die\b",
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
        rf"thinking\s+about|thoughts\s+(?:of|about)|urges?|fantasi[sz](?:e|ing)\s+about|i\s+swear\s+i'?ll|i\s+might|i\s+may|about)\s+"
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
        r"\bmake\s+(?:them|him|her|everyone)\s+(?:all\s+)?pay\b|\bget\s+(?:my\s+)?revenge\b|\bmake\s+(?:him|her|them)\s+feel\s+what\s+i\s+felt\b",
    ),
    (
        "know_where_lives",
        "harm_to_others",
        0.45,
        r"\bi\s+know\s+where\s+(?:he|she|they)\s+(?:lives?|works?|parks?|sleeps?)\b",
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
        r"\b(?:said|says|saying|screaming|screamed|yelling|yelled|shouting|shouted|swore|swears|threatening)\s+(?:that\s+)?(?:if\s+[^.?!\n]{0,50}?,?\s+)?"
        r"(?:he|she|they)(?:'?ll|\s+will|\s+would|'?d|'?s\s+going\s+to|\s+is\s+going\s+to|'?s\s+gonna|\s+is\s+gonna)\s+(?:kill|hurt|shoot|stab|beat)\s+(?:me|us|my|the\s+kids)\b|"
        r"\b(?:can'?t|cannot)\s+(?:call|talk|speak)\b[^.?!\n]{0,30}?\b(?:he|she|they)(?:'?ll|\s+will|\s+would|'?d|'?s\s+gonna)\s+hear\b",
    ),
    (
        "unsafe",
        "abuse_danger",
        0.85,
        rf"\b(?:i|we)\s+(?:{DONT}|do\s+not|can'?t)\s+feel\s+safe\b|\bnot\s+safe\s+(?:at\s+home|here|right\s+now|to\s+go\s+home|with\s+(?:him|her|them))\b|"
        r"\b(?:scared|afraid|terrified|fear)\s+(?:for\s+my\s+life|(?:that\s+)?(?:he|she|they)(?:'?ll|\s+will|'?s\s+going\s+to|\s+is\s+going\s+to)\s+(?:kill|hurt|find))\b|"
        r"\b(?:he|she|they|my\s+ex)(?:'?s|\s+is|'?re|\s+are)\s+(?:outside\s+(?:my|the)\s+(?:door|house|apartment|window)|banging\s+on\s+the\s+door|trying\s+to\s+(?:get|break)\s+in|breaking\s+in|following\s+me)\b|"
        r"\b(?:he|she|they)\s+(?:has|have|got|grabbed|pulled)\s+a\s+(?:gun|knife|weapon)\b|\blocked\s+(?:my\s*self\s+)?in\s+the\s+(?:bathroom|bedroom|closet|car)\b",
    ),
    (
        "physical_attack",
        "abuse_danger",
        0.8,
        r"\b(?:grabbed|choked|strangled|punched|slapped|kicked|shoved|pinned)\s+me\b|\b(?:has|had|got)\s+(?:me|her|him|my\s+\w+)\s+pinned\b|\b(?:grabbed|held)\s+me\s+by\s+the\s+(?:neck|throat|hair)\b|"
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
        r"all\s+(?:of\s+)?(?:my|the|his|her)\s+(?:\w+\s+)?(?:pills|meds|tablets|xanax|tylenol))\b|"
        rf"\b(?:took|tookd?|taken|swallowed|ate|downed)\s+(?:way\s+)?(?:to\s+many|too\s+much\s+(?:of\s+)?(?:my|the|his|her)?\s*(?:\w+\s+)?{PILLS})\b|"
        r"\b(?:took|taken|swallowed|downed)\s+(?:most|half)\s+(?:of\s+)?(?:a|the|my)\s+(?:\w+\s+)?(?:bottle|pack|box)\b|"
        r"\b(?:took|taken|swallowed)\s+(?:my|a|the)\s+(?:whole|entire)\s+(?:week|month)(?:'?s)?\s+(?:worth|supply|of)\b|"
        rf"\b(?:took|taken|swallowed|downed)\s+all\s+(?:of\s+)?(?:my\s+)?\w+'s\s+(?:\w+\s+)?{PILLS}\b",
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
    # Explicit danger the rules alone must catch (issue: "plan, means or time; a goodbye
    # with means; harm to another person; danger at home now"), in any order within a
    # sentence --------------------------------------------------------------------------
    (
        "means_ready",
        "plan_means",
        0.9,
        rf"(?:{STOCKED})(?=[^.?!\n]{{0,80}}(?:{USE_IT}|{TAKE_THEM}|{WHEN}))|(?:{USE_IT}|{TAKE_THEM}|{WHEN})(?=[^.?!\n]{{0,80}}(?:{STOCKED}))|"
        rf"(?:{READY})(?=[^.?!\n]{{0,80}}(?:{USE_IT}|{TAKE_ALL}))|{USE_IT}(?=[^.?!\n]{{0,60}}{READY})|{TAKE_ALL}|"
        r"\b(?:in|inside)\s+(?:the|my)\s+garage\s+(?:w|with|w/)\s+(?:the\s+)?(?:car|engine|motor|truck)\s+(?:running|on)\b|"
        r"\bhose\s+(?:\w+\s+){0,3}?(?:to|on|into|from)\s+the\s+exhaust\b|\b(?:car|engine|truck)\s+running\s+(?:in|inside)\s+the\s+(?:closed\s+|shut\s+)?garage\b",
    ),
    (
        "goodbye_means",
        "goodbye",
        0.9,
        r"\b(?:(?:wrote|written|writing|left|finished)\s+(?:(?:my|the|a|some)\s+)?(?:goodbye\s+|final\s+|last\s+)?(?:letters?|notes?)\s+(?:to|for)\s+(?:everyone|everybody|all|my|each)|"
        r"wrote\s+(?:everyone|everybody)\s+(?:letters?|notes?)|said\s+(?:my\s+)?goodbyes?|this\s+is\s+(?:my\s+)?goodbye|goodbye\s+(?:forever|everyone))\b"
        rf"(?=[\s\S]{{0,200}}(?:\b{MEANS}\s+(?:(?:is|are|'s)\s+)?(?:on|in|by|next\s+to|ready|counted|loaded|lined\s+up|here|with\s+me)\b|"
        rf"\b(?:have|got|bought|holding)\s+(?:the|my|a)\s+(?:\w+\s+)?{MEANS}\b))|"
        rf"\b{MEANS}\s+(?:(?:is|are|'s)\s+)?(?:on|in|by|next\s+to|ready|counted|loaded|lined\s+up|here)\b"
        r"(?=[\s\S]{0,200}\b(?:wrote|written|left)\s+(?:(?:my|the|a|some)\s+)?(?:goodbye\s+|final\s+)?(?:letters?|notes?)\b)",
    ),
    (
        "goodbye_letters",
        "goodbye",
        0.45,
        r"\b(?:wrote|written|writing|left)\s+(?:(?:my|the|some)\s+)?(?:goodbye\s+|final\s+|last\s+)?(?:letters|notes)\s+(?:to|for)\s+(?:everyone|everybody|all\s+of\s+(?:you|them)|each\s+of)\b|"
        r"\bwrote\s+(?:everyone|everybody)\s+(?:letters?|notes?)\b|\b(?:the\s+)?letters\s+(?:are|'re)\s+(?:all\s+)?written\b|"
        r"\bgav(?:e|ing)\s+(?:away\s+)?my\s+(?:dog|cat|pets?|guns?|rifle)\s+(?:away\s+)?to\b|\bgiving\s+my\s+(?:stuff|things)\s+away\b",
    ),
    (
        "harm_others_could",
        "harm_to_others",
        0.45,
        rf"\bi\s+could\s+(?:\w+\s+)?{HARM_VERB}(?:ing|ed|s)?\s+{OTHER_PERSON}\b",
    ),
    (
        "harm_baby",
        "harm_to_others",
        0.9,
        r"\b(?:thoughts?|images?|pictures?|flashes|visions?|urges?|impulses?|picturing|imagining|i\s+picture|i\s+imagine|thinking\s+(?:about|of)|"
        r"keep\s+(?:picturing|imagining|seeing)|had\s+(?:this|a)\s+thought)\s+(?:of\s+|about\s+)?(?:\w+\s+){0,2}?"
        r"(?:drop(?:ping)?|drown(?:ing)?|smother(?:ing)?|shak(?:e|ing)|throw(?:ing)?|suffocat(?:e|ing)|strangl(?:e|ing)|chok(?:e|ing)|"
        r"stab(?:bing)?|hurt(?:ing)?|harm(?:ing)?|kill(?:ing)?|push(?:ing)?|hold(?:ing)?\s+(?:\w+\s+)?under|"
        r"(?:press(?:ing)?|put(?:ting)?)\s+(?:a|the)\s+pillow|us(?:e|ing)\s+(?:a|the)\s+knife\s+on|put(?:ting)?\s+(?:a|the)\s+(?:\w+\s+)?knife\s+in)\s+"
        r"(?:(?:over|on|onto|into|against)\s+)?"
        r"(?:(?:my|the|our)\s+(?:\w+\s+)?(?:baby|newborn|infant|son|daughter|kids?|child(?:ren)?|toddler|mom|mum|mother|dad|father|wife|husband|partner)|him|her|them)\b"
        r"(?!'s|\s+(?:off|at|to|a|an|some|up|out|around|feelings)\b)|"
        r"\b(?:holding|hold)\s+(?:him|her|them|the\s+baby)\s+under\b",
    ),
    (
        "self_harm_now",
        "self_harm",
        0.85,
        r"\b(?:cut|cutting|did\s+it)\b[^.?!\n]{0,40}?\b(?:deeper\s+than\s+(?:usual|before|ever|last\s+time|i\s+meant)|too\s+deep|(?:kinda|really|pretty|so|very)\s+deep|"
        r"still\s+bleeding|won'?t\s+stop\s+bleeding|keeps\s+bleeding|bleeding\s+(?:through|thru))\b|"
        r"\bcut\s+(?:pretty|really|so|too|very)\s+(?:bad|badly|deep)\b|"
        r"\b(?:razor|blade|knife)\b[^.?!\n]{0,40}?\b(?:(?:kinda|really|pretty|so|very|too)\s+deep|won'?t\s+stop\s+bleeding|keeps\s+bleeding|still\s+bleeding)\b|"
        r"\bburn(?:ed|t|ing)?\s+(?:my|his|her)\s+(?:arms?|wrists?|thighs?|legs?|skin|hands?|stomach)\s+(?:with|w/?)\s+(?:a|the|my)\s+(?:lighter|cigarette|match)\b|"
        r"\bcarv(?:e|ed|ing)\s+(?:\w+\s+){0,3}?into\s+my\s+(?:skin|arms?|thighs?|legs?|wrists?|stomach)\b|"
        rf"\b(?:took|taken|swallowed)\b[^.?!\n]{{0,50}}?{PILLS}[^.?!\n]{{0,40}}?\b(?:on\s+purpose|deliberately|intentionally)\b|\baccidentally[\s-]on[\s-]purpose\b|"
        r"\b(?:stopped|quit|skipped|skipping)\s+(?:taking\s+)?my\s+(?:\w+\s+)?(?:insulin|meds|medications?|dialysis|pills)\s+on\s+purpose\b",
    ),
    (
        "danger_weak",
        "abuse_danger",
        0.45,
        r"\b(?:banging|pounding|kicking)\s+on\s+(?:the|my)\s+(?:door|window)\b|\b(?:kicked|punched|smashed)\s+(?:a\s+hole\s+in|down|in)\s+(?:the|my)\s+(?:\w+\s+)?(?:door|wall)\b|"
        r"\bbroke\s+(?:down\s+|in\s+)?the\s+door\b",
    ),
    (
        "hiding",
        "abuse_danger",
        0.45,
        r"\b(?:hiding|hid)\s+(?:\w+\s+){0,2}?in\s+(?:the|my|a)\s+(?:closet|bathroom|bedroom|basement|car)\b|"
        r"\b(?:he|she|they)\s+(?:took|takes|smashed|broke)\s+my\s+(?:phone|keys|car\s+keys)\b|\bi'?m\s+whispering\b|\bsend\s+(?:someone|somebody)\b",
    ),
)

# Spanish ---------------------------------------------------------------------------
# The same categories and weights as the English entries, for messages written in
# Spanish. Accents are often dropped in texts ("despues", "esta", "mama"), so every
# accented letter is written as a class ("[eé]"); texting spellings ("kiero", "q",
# "x", "pa") and regional forms ("ahorita", "aventarme", "petatear") are included.
# Names start with "es_": rules.py reads them with the Spanish negation ("no", "nunca",
# "jamás", "tampoco", "sin", "ni" governing the hit) and third-party markers ("mi hija",
# "él", "dice que", a reflexive "se"). Idioms ("me muero de risa", "me quiero morir de
# la vergüenza", "estoy muerta de cansancio", "este tráfico me está matando", "mi jefe
# me mata") are either not entries at all or read as figures of speech by rules.py.
ES_PILLS = (
    r"(?:(?:pastillas?|pastiyas|pastis|p[ií]ldoras?)(?:\s+(?:del|de|para\s+el|para)\s+(?:sue[ñn]o|dormir|la\s+ansiedad|la\s+presi[oó]n|los\s+nervios|"
    r"la\s+depre\w*|el\s+dolor|el\s+coraz[oó]n))?|medicinas?|medicamentos?|tabletas?|c[aá]psulas?|pills|clona[zc]epam|rivotril|"
    r"alprazolam|xanax|diazepam|valium|lorazepam|paracetamol|acetaminof[eé]n|tylenol|ibuprofeno|sertralina|fluoxetina|"
    r"escitalopram|citalopram|litio|seroquel|quetiapina|insulina|calmantes|somn[ií]feros|antidepresivos|ansiol[ií]ticos|"
    r"morfina|tramadol|oxicodona|las\s+(?:de|para)\s+(?:dormir|la\s+ansiedad|la\s+presi[oó]n|los\s+nervios|la\s+depre\w*))"
)
# A quantity that is an overdose: "todas", "todo el frasco", "como 15 clonazepam".
ES_ALL = (
    rf"(?:todas(?=\s*(?:[^\w\s]|$)|\s+(?:y|ya|juntas|de\s+(?:una|golpe)|las\s+(?:de|que)\b|(?:las\s+|mis\s+|sus\s+)?{ES_PILLS}))|"
    r"todo(?=\s*(?:[.!?…]|$)|\s+y\s+(?:ahora|ya|no)\b)|"
    r"tod[oa]\s+(?:el|la|lo)\s+(?:frasco|bote|botiqu[ií]n|caja|bl[ií]ster|paquete|pastillero|tira|de\s+la\s+caja)|"
    r"el\s+(?:frasco|bote|bl[ií]ster|paquete)\s+(?:entero|completo)|(?:una|la)\s+caja\s+(?:entera|completa)|"
    r"todo\s+lo\s+(?:que\s+(?:tengo|ten[ií]a|tiene|hab[ií]a|hay|me\s+quedaba|encontr[eé])|del\s+botiqu[ií]n)|"
    r"(?:como\s+|unas?\s+|unos\s+|m[aá]s\s+de\s+)?(?:\d{2,}|diez|once|doce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|cien)\s+"
    rf"(?:de\s+)?(?:las\s+|mis\s+|sus\s+)?(?:{ES_PILLS}|de\s+(?:la|el|los|las|mis|sus)\b)|"
    rf"(?:un\s+mont[oó]n|un\s+pu[ñn]ado|bastantes|demasiad[oa]s|un\s+chingo)\s+(?:de\s+)?(?:las\s+|mis\s+)?{ES_PILLS})"
)
ES_TAKE_WILL = (
    r"(?:me\s+(?:las\s+|l[oa]s\s+)?(?:voy|quiero|kiero)\s+a?\s*tomar|(?:alguien|uno|una\s+persona)\s+se\s+(?:toma|tomara|tomase)|voy\s+a\s+tom[aá]rme(?:las|los|lo)?|tom[aá]rme(?:las|los|lo)?|"
    r"me\s+(?:las\s+)?tomar(?:[ií]a|a)|se\s+(?:las\s+|l[oa]s\s+)?(?:va|quiere)\s+a?\s*tomar|va\s+a\s+tom[aá]rse(?:las|los|lo)?|"
    r"tom[aá]rse(?:las|los|lo)?|se\s+(?:las\s+)?tomar(?:[ií]a|a)|pienso\s+tom[aá]rme(?:las)?)"
)
ES_TOOK = (
    r"(?:me\s+(?:las\s+|l[oa]s\s+)?(?:tom[eé]|he\s+tomado|acabo\s+de\s+tomar)|tom[eé]|"
    r"se\s+(?:las\s+|l[oa]s\s+)?(?:tom[oó]|ha\s+tomado|acaba\s+de\s+tomar)|me\s+pas[eé]\s+con|se\s+pas[oó]\s+con)"
)
ES_JUMP = (
    r"(?:tirar(?:me|se|te|m)|aventar(?:me|se|te)|lanzar(?:me|se|te)|arrojar(?:me|se|te)|"
    r"(?:me|se)\s+(?:voy|va|iba|quiero|quiere|kiero|tengo\s+(?:que|q)|tiene\s+(?:que|q))\s+a?\s*(?:tirar|aventar|lanzar|arrojar)|"
    r"me\s+(?:tiro|aviento|lanzo|arrojo)|saltar|brincar|saltando|tir[aá]ndo(?:me|se)|avent[aá]ndo(?:me|se)|lanz[aá]ndo(?:me|se))"
)
ES_HIGH = (
    r"(?:(?:el|la|los|las|un|una|mi|este|ese|esa)\s+)?(?:\w+\s+)?(?:puente|edificio|ventana|techo|azotea|balc[oó]n|metro|v[ií]as?|"
    r"tren|barranco|acantilado|precipicio|risco|terraza|cami[oó]n|tr[aá]iler|carro|coche|auto|carretera|malec[oó]n|r[ií]o|presa|"
    r"viaducto|tr[aá]fico|baranda|barandilla|barandal|nave)"
)
ES_ABUSER = (
    r"(?:[eé]l|ella|mi\s+(?:\w+\s+)?(?:esposo|marido|pareja|novio|novia|ex|exesposo|pap[aá]|padre|padrastro|mam[aá]|madre|madrastra|"
    r"hermano|hermana|t[ií]o|t[ií]a|suegr[oa]|cu[ñn]ado|jefe|compa[ñn]er[oa](?:\s+de\s+(?:piso|cuarto))?|roommate|vecino|abuelo|hijo|hija|viejo)|"
    r"el\s+novio\s+de\s+mi\s+\w+|su\s+(?:padrastro|pap[aá]|padre|esposo|marido|pareja|novio|t[ií]o))"
)
ES_HIT = (
    r"(?:peg(?:a|[oó]|aba|ando)|golpe(?:a|[oó]|aba|ando)|ahorc(?:a|[oó]|aba|ando)|estrangul(?:a|[oó]|aba|ando)|asfixi(?:a|[oó]|aba|ando)|"
    r"empuj(?:a|[oó]|aba|ando)|pate(?:a|[oó]|aba|ando)|cachete(?:a|[oó]|ando)|abofete(?:a|[oó]|ando)|viol(?:a|[oó]|aba|ando)|"
    r"abus(?:a|[oó]|aba|ando)|amenaz(?:a|[oó]|aba|ando)|encerr[oó]|encierra|apret[oó]\s+el\s+cuello|jal[oó]\s+del\s+pelo|arrastr(?:a|[oó]|ando))"
)
ES_THOUGHT = (
    r"(?:pensamientos?|ideas?|im[aá]genes|imagen|ganas|impulsos?|la\s+idea|el\s+pensamiento|me\s+imagino|me\s+imagin[eé]|imagino|"
    r"pienso\s+en|pens[eé]\s+en|tuve\s+(?:la\s+idea|el\s+pensamiento|un\s+pensamiento)|me\s+vien(?:e|en)|me\s+vino|me\s+dan\s+ganas|"
    r"tuve\s+(?:la|el|un|una|ese|esa|este|esta)\s+(?:idea|pensamiento|imagen)|tengo\s+(?:que|q)|me\s+dicen?\s+(?:que|q))"
)
ES_HARM_STEM = r"(?:ahog|lastim|tir|avent|sacud|asfixi|apret|solt|hund|mat|golpe|empuj|acuchill|ahorc|estrangul|quem|envenen|sacrific)"
ES_VICTIM = (
    r"(?:al?\s+(?:mi\s+)?(?:beb[eé]|bebit[oa]|ni[ñn][oa]|nena|nene|hij[oa]|hermanit[oa]|hermano|hermana|mam[aá]|madre|pap[aá]|"
    r"esposo|esposa|marido|pareja|jefe|vecino|vecina)|a\s+(?:mi|mis|su|sus|un|una|uno|unos)\b)"
)
ES_WEAPON = r"(?:soga|cuerda|pistola|arma|rev[oó]lver|escopeta|navaja|cuchilla|gillette|veneno)"
ES_WHEN = (
    r"\b(?:esta\s+noche|hoy|ahorita|ahora\s+mismo|este\s+(?:fin\s+de\s+semana|finde|viernes|s[aá]bado|domingo)|ma[ñn]ana|"
    r"cuando\s+(?:no\s+haya\s+nadie|(?:todos\s+)?se\s+duerman|me\s+quede\s+sol[ao]|se\s+vayan))\b"
)

SPANISH: tuple[tuple[str, str, float, str], ...] = (
    # Ideación suicida ----------------------------------------------------------------
    (
        "es_quiero_morir",
        "suicidal_ideation",
        0.95,
        r"\b(?:me|m)\s+(?:quiero|kiero|qiero|quisiera|quer[ií]a|keria|quiera|dan\s+ganas\s+de)\s+(?:morir|matar|suicidar|petatear)\b|"
        r"\b(?:me|m)\s+(?:voy|vo)\s+a\s+(?:matar|suicidar)\b|"
        r"\b(?:quiero|kiero|qiero|quisiera|quer[ií]a|ganas\s+(?:de|d)|pensando\s+en|pienso\s+en|pens[eé]\s+en|pensado\s+en|voy\s+a|intent[eé]|"
        r"decid[ií]|planeo|(?:tengo|ten[ií]a)\s+(?:que|q))\s+(?:morirme|matarme|matarm|suicidarme|petatearme)\b|"
        r"\b(?:ma[ñn]ana|hoy|esta\s+noche|ya)\s+me\s+mato\b|\bme\s+mato\s+(?:hoy|ma[ñn]ana|esta\s+noche|ya)\b|"
        r"\b(?:irme|largarme|salir)\s+de\s+este\s+mundo\b|\b(?:me|m)\s+(?:quiero|kiero|voy\s+a)\s+ir\s+de\s+este\s+mundo\b|\bdejar\s+este\s+mundo\b",
    ),
    (
        "es_se_quiere_morir",
        "suicidal_ideation",
        0.95,
        r"\bse\s+(?:quiere|kiere|quer[ií]a|quisiera)\s+(?:morir|matar|suicidar|petatear)\b|\bse\s+(?:va|iba)\s+a\s+(?:matar|suicidar)\b|"
        r"\b(?:quiere|quer[ií]a|va\s+a|iba\s+a|intent[oó]|pensando\s+en|piensa\s+en|ganas\s+de)\s+(?:morirse|matarse|suicidarse)\b",
    ),
    ("es_suicidio", "suicidal_ideation", 0.7, r"\bsu[i1]?[cs]+id(?:io|ios|a|as)\b"),
    (
        "es_ideacion",
        "suicidal_ideation",
        0.95,
        r"\b(?:pensamientos?|ideas?|ideaci[oó]n|intentos?|planes|plan|ganas)\s+(?:de\s+|del\s+)?su[i1]?[cs]+id(?:io|as?|arme|arse)\b|"
        r"\bsu[i1]?[cs]+id(?:arme|arse|arte|arnos)\b|\b(?:pensando|pienso|pens[eé]|pensado|pensar)\s+en\s+(?:el\s+)?su[i1]?[cs]+idio\b|\b(?:me\s+siento|estoy|soy|ando)\s+(?:muy\s+)?su[i1]?[cs]+ida\b|"
        r"\b(?:quitar(?:me|se|te)|me\s+quit(?:o|ar[eé]|aba)|se\s+(?:quiere|va\s+a|iba\s+a)\s+quitar|(?:uno|alguien|(?:una|la)\s+persona)\s+se\s+quita)\s+la\s+vida\b|"
        r"\b(?:acabar|terminar|poner(?:le)?\s+fin)\s+(?:con|a)\s+mi\s+(?:propia\s+)?vida\b",
    ),
    (
        "es_no_quiero_vivir",
        "suicidal_ideation",
        0.9,
        r"\b(?:ya\s+)?(?:no|tampoco)\s+(?:me\s+|se\s+)?(?:quiero|kiero|qiero|quiere|quer[ií]a|deseo|tengo\s+ganas\s+de|tiene\s+ganas\s+de)\s+(?:seguir\s+)?"
        r"(?:vivir|viviendo|existir|estar\s+viv[oa]|estar\s+aqu[ií]|estar\s+aki|seguir\s+aqu[ií]|estar\s+en\s+este\s+mundo|despertar(?:me)?)\b"
        r"(?!\s+(?:en|con|a|al|cerca|lejos|sol[oa]|as[ií]\s+con|temprano|tan\s+temprano|antes))|"
        r"\bya\s+no\s+(?:quiero|kiero|quiere|puedo|puede)\s+seguir\b(?!\s+(?:con|en|pagando|yendo|viniendo|trabajando|estudiando|tomando|hablando|el|la|los|las|as[ií]\s+con))|"
        r"\b(?:no\s+tengo|sin|perd[ií]\s+las|ya\s+no\s+tengo|no\s+me\s+quedan)\s+ganas\s+de\s+(?:vivir|seguir\s+viviendo|seguir\s+aqu[ií]|existir)\b|"
        r"\b(?:ya\s+)?no\s+(?:le\s+)?(?:encuentro|veo|tiene)\s+(?:ning[uú]n\s+)?(?:sentido|raz[oó]n)\s+(?:a\s+)?(?:la\s+vida|vivir|seguir\s+viviendo|mi\s+vida)\b|"
        r"\b(?:no\s+hay|no\s+tengo|ya\s+no\s+hay|ya\s+no\s+tengo)\s+(?:ninguna\s+)?raz[oó]n\s+(?:para|pa)\s+(?:vivir|seguir\s+viviendo)\b",
    ),
    (
        "es_no_despertar",
        "suicidal_ideation",
        0.9,
        r"\b(?:dormir(?:me)?|acostarme|irme\s+a\s+dormir)\s+y\s+(?:ya\s+)?no\s+(?:volver\s+a\s+)?despertar(?:me)?\b|"
        r"\b(?:pido|ped[ií]|pedir|pidiendo|rezo|ruego)\s+(?:\w+\s+){0,8}?(?:que\s+)?(?:ya\s+)?(?:no\s+(?:me\s+deje\s+)?despertar(?:me)?|no\s+despierte|"
        r"me\s+(?:lleve|recoja)\b(?!\s+(?:a|al|en|de|hasta|para)\b))|"
        r"\bojal[aá]\s+(?:que\s+|q\s+|k\s+)?(?:ya\s+)?no\s+(?:me\s+)?(?:despierte|despertar|amanezca)\b|"
        r"\bno\s+despertar(?:me)?\s+(?:nunca\s+m[aá]s|nunk\s+mas|jam[aá]s|m[aá]s)\b|\bpara\s+(?:ya\s+)?no\s+despertar(?:me|se)?\b|"
        r"\bdormir\s+para\s+siempre\b",
    ),
    (
        "es_ojala_morir",
        "suicidal_ideation",
        0.85,
        r"\bojal[aá]\s+(?:que\s+|q\s+|k\s+)?(?:\w+\s+){0,3}?(?:me\s+(?:muera|muriera|atropell\w+|cho(?:c|qu)\w+|mate|matara|lleve\s+(?:pronto|ya|de\s+una\s+vez)|"
        r"caiga\s+(?:un|el)\s+rayo)|me\s+lleve\b(?!\s+(?:a|al|en|de|con|hasta|para)\b))|"
        r"\ba\s+ver\s+si\s+(?:\w+\s+){0,3}?me\s+(?:atropell\w+|chocaba|mataba|llevaba)\b|"
        r"\bsi\s+me\s+(?:muero|muriera)\s+(?:ma[ñn]ana\s+|hoy\s+|aqu[ií]\s+)?(?:mismo\s+)?,?\s*(?:ni\s+pedo|mejor|no\s+(?:me\s+)?importa|no\s+pasa\s+nada|"
        r"ser[ií]a\s+un\s+alivio|ojal[aá]|nadie|hasta\s+ser[ií]a)",
    ),
    (
        "es_desaparecer",
        "suicidal_ideation",
        0.85,
        r"\bdesaparecer\s+(?:para|pa)\s+siempre\b|\bdesaparecer\s+(?:de\s+verdad|en\s+serio)\b|\bdejar\s+de\s+existir\b|\b(?:ya\s+)?no\s+(?:quiero|kiero)\s+existir\b",
    ),
    (
        "es_mejor_sin_mi",
        "suicidal_ideation",
        0.9,
        r"\b(?:estar[ií]an?|estar[ií]amos|vivir[ií]an?|quedar[ií]an?|ser[ií]a)\s+(?:\w+\s+){0,2}?mejor\s+(?:sin\s+m[ií]|si\s+(?:yo\s+)?(?:no\s+(?:estuviera|existiera|viviera)|me\s+muriera|desapareciera))\b|"
        r"\b(?:todos|mi\s+familia|mis\s+hijos)\s+(?:\w+\s+){0,2}?mejor\s+sin\s+m[ií]\b|\b(?:estar[ií]a|estoy|ser[ií]a)\s+mejor\s+muert[oa]\b|"
        r"\bnadie\s+(?:me\s+)?(?:extra[ñn]ar[ií]a|echar[ií]a\s+de\s+menos)\b|\bnadie\s+(?:va\s+a\s+|me\s+va\s+a\s+)?(?:notar|extra[ñn]ar)\s+(?:que|q)\s+(?:ya\s+)?no\s+(?:estoy|est[eé])\b",
    ),
    (
        "es_acabar_todo",
        "suicidal_ideation",
        0.9,
        r"\b(?:quiero|kiero|quisiera|ganas\s+de|voy\s+a|pienso|pensando\s+en|pensado\s+en|decid[ií])\s+(?:que\s+)?"
        r"(?:se\s+acabe\s+todo|todo\s+se\s+acabe|acabar\s+con\s+todo|terminar\s+con\s+todo|ponerle\s+fin\s+a\s+todo)\b(?!\s+(?:el|la|lo|los|las|eso|esto|este|esta)\b)|"
        r"\b(?:he\s+decidido|decid[ií]|ya\s+decid[ií])\s+que\s+(?:esto|todo)\s+(?:se\s+acaba|termina|se\s+termina)\b",
    ),
    (
        "es_ya_no_estar",
        "suicidal_ideation",
        0.6,
        r"\bno\s+(?:creo|s[eé]|se)\s+(?:que\s+|si\s+|q\s+)?(?:para\s+entonces\s+|pa\s+entonces\s+)?(?:siga|sigo|seguir[eé]|voy\s+a\s+seguir|vaya\s+a\s+seguir|est[eé])\s+"
        r"(?:aqu[ií]|aki|viv[oa]|con\s+vida)\b(?!\s+(?:en\s+(?:la\s+ciudad|el\s+pa[ií]s|el\s+trabajo|la\s+escuela)|trabajando))|"
        r"\bno\s+voy\s+a\s+estar\s+viv[oa]\b|\bya\s+no\s+voy\s+a\s+estar(?=\s*(?:[.!?…]|$))",
    ),
    (
        "es_distress_weak",
        "distress",
        0.35,
        r"\b(?:quiero|kiero|quisiera|ganas\s+de)\s+desaparecer\b|\bsoy\s+una\s+carga\b|\bya\s+no\s+(?:puedo|aguanto)\s+m[aá]s\b|\bno\s+aguanto\s+m[aá]s\b|"
        r"\bharta?\s+de\s+vivir\b|\bme\s+quito\s+del\s+camino\b|\bya\s+no\s+voy\s+a\s+estar\b(?!\s+(?:en|de|con|disponible|libre|aqu[ií]\s+(?:el|la|en|para)))",
    ),
    # Autolesión ------------------------------------------------------------------------
    (
        "es_cortarme",
        "self_harm",
        0.9,
        r"\b(?:me\s+(?:he\s+vuelto\s+a\s+|he\s+|volv[ií]\s+a\s+|vuelvo\s+a\s+|estoy\s+|sigo\s+|acabo\s+de\s+)?(?:cort[eé]|cortado|cortando|cortar|corto|cortaba)|"
        r"(?:volv[ií]|vuelvo|he\s+vuelto)\s+a\s+cortarme|cortarme|cort[aá]ndome)\b"
        r"(?!\s+(?:el|la|los|las|un|una|mi|mis|tu|su)\s+(?!venas|mu[ñn]ecas|brazos?|piernas?|muslos?|pan[zc]a|est[oó]mago|piel|manos)\w)|"
        r"\bme\s+(?:hice|hago|he\s+hecho|volv[ií]\s+a\s+hacer)\s+(?:un\s+|unos\s+|varios\s+)?cortes?\b(?!\s+de\s+(?:pelo|cabello))|"
        r"\bcortes?\s+en\s+(?:los|las|mis|el|la)\s+(?:brazos?|piernas?|muslos?|mu[ñn]ecas?)\b|"
        r"\b(?:ray|rasc)(?:ando|[aá]ndome|andome|arme|[eé])\s+(?:me\s+)?(?:\w+\s+){0,3}?(?:con\s+(?:una|la|un|el)\s+(?:cuchilla|navaja|gillette|clip|vidrio|tijera)|hasta\s+sangrar)\b",
    ),
    (
        "es_hacerme_dano",
        "self_harm",
        0.9,
        r"\bhacer(?:me|se|te)\s+da[ñn]o\b|\bme\s+(?:hice|he\s+hecho|estoy\s+haciendo|volv[ií]\s+a\s+hacer|hago)\s+da[ñn]o\b|"
        r"\blastimar(?:me|se)\b(?!\s+(?:el|la|los|las|un|una|mi|mis)\s)|\bme\s+(?:lastim[eé]|he\s+lastimado|quem[eé]|he\s+quemado|golpe[eé])\s+a\s+prop[oó]sito\b|"
        r"\bme\s+(?:quem[eé]|he\s+quemado|estoy\s+quemando|volv[ií]\s+a\s+quemar)\s+(?:\w+\s+){0,4}?con\s+(?:el|un|una|la)\s+(?:encendedor|cigarro|cigarrillo|cerillo|f[oó]sforo|mechero)\b|"
        r"\bquem[aá]ndome\s+con\s+(?:el|un|una|la)\s+(?:encendedor|cigarro|cigarrillo|cerillo|mechero)\b",
    ),
    (
        "es_cuchilla",
        "self_harm",
        0.45,
        r"\b(?:cuchillas?|gillettes?|hojas?\s+de\s+(?:afeitar|rasurar)|navajas?\s+de\s+(?:afeitar|rasurar)|navajitas?)\b",
    ),
    # Planes y medios ---------------------------------------------------------------------
    ("es_sobredosis", "plan_means", 0.9, r"\bsobre\s?dosis\b"),
    (
        "es_pastillas_guardadas",
        "plan_means",
        0.9,
        r"\b(?:guardad[oa]s|juntad[oa]s|acumulad[oa]s|escondid[oa]s?|ahorrad[oa]s|juntando|acumulando|ahorrando|guardando|junt[eé]|acumul[eé]|"
        rf"he\s+(?:guardado|juntado|acumulado|ahorrado))\s+(?:\w+\s+){{0,4}}?{ES_PILLS}\b|"
        rf"\b{ES_PILLS}\s+(?:\w+\s+){{0,4}}?(?:guardad[oa]s|juntad[oa]s|acumulad[oa]s|ahorrad[oa]s|escondid[oa]s?|contad[oa]s)\b"
        r"(?!\s+en\s+(?:el|la)\s+(?:botiqu[ií]n|caj[oó]n|alacena|refri|refrigerador|pastillero))|"
        rf"\b{ES_PILLS}\b[^.?!\n]{{0,60}}?\b(?:ya\s+)?las\s+(?:cont[eé]|tengo\s+contadas)\b",
    ),
    (
        "es_tomar_todas",
        "plan_means",
        0.9,
        rf"\b{ES_TAKE_WILL}\s+(?:\w+\s+){{0,2}}?{ES_ALL}|"
        rf"\b{ES_TAKE_WILL}\s+(?:las|unas|sus|mis)\s+{ES_PILLS}\s+de\s+(?:mi|su|tu)\s+(?:mam[aá]|madre|pap[aá]|padre|abuel[oa]|espos[oa]|marido|herman[oa])\b|"
        rf"\b{ES_TAKE_WILL}\s+(?:\w+\s+){{0,5}}?para\s+(?:que\s+(?:todo\s+)?(?:pare|se\s+acabe|termine)|(?:ya\s+)?no\s+despertar|morir|matarme|acabar)\b",
    ),
    (
        "es_tome_todas",
        "medical_emergency",
        0.9,
        rf"\b{ES_TOOK}\s+(?:\w+\s+){{0,2}}?{ES_ALL}|\b(?:me|se)\s+pas(?:[eé]|[oó])\s+con\s+(?:las|mis|sus)\s+{ES_PILLS}|"
        rf"\b{ES_TOOK}\s+(?:\w+\s+){{0,3}}?{ES_PILLS}\s+de\s+m[aá]s\b|\b{ES_TOOK}\s+de\s+m[aá]s\s+(?:de\s+)?(?:las\s+|mis\s+)?{ES_PILLS}|"
        rf"\b{ES_TOOK}\b[^.?!\n]{{0,50}}?{ES_PILLS}[^.?!\n]{{0,40}}?\ba\s+prop[oó]sito\b|"
        rf"\b{ES_TOOK}\s+(?:unas\s+|las\s+)?{ES_PILLS}\b[^.?!\n]{{0,40}}?\b(?:no\s+s[eé]\s+cu[aá]ntas|como\s+(?:\d{{2,}}|diez|quince|veinte|treinta|cuarenta))\b|"
        r"\bdej[eé]\s+de\s+(?:tomar|ponerme|inyectarme)\s+(?:la|el|mi|mis)\s+(?:\w+\s+)?(?:insulina|medicinas?|medicamentos?|pastillas)\s+a\s+prop[oó]sito\b|"
        r"\b(?:dej[eé]|he\s+dejado)\s+de\s+(?:tomar|ponerme|inyectarme)\s+(?:la|el|mi|mis)\s+(?:\w+\s+)?(?:insulina|medicinas?|medicamentos?|pastillas)\b[^.?!\n]{0,40}?\ba\s+prop[oó]sito\b",
    ),
    (
        "es_ahorcarme",
        "plan_means",
        0.95,
        r"\b(?:ahorcar(?:me|se|te|m)|ahorc[aá]ndo(?:me|se)|me\s+ahorqu[eé]|colgar(?:me|se|m)(?!\s+(?:el|la|los|las|un|una|del|de|mi|tu|su)\b)|"
        r"(?:me|se)\s+(?:voy|va|iba|quiero|quiere|kiero)\s+a?\s*(?:ahorcar|colgar)\b(?!\s+(?:el|la|los|las|un|una|del|de|mi)\b))|"
        r"\b(?:tengo|ya\s+tengo|compr[eé]|me\s+compr[eé]|consegu[ií]|prepar[eé]|amarr[eé]|colgu[eé]|at[eé]|hice)\s+(?:\w+\s+){0,2}?(?:la|una|el|un)\s+(?:soga|nudo\s+corredizo|horca)\b|"
        r"\bsoga\s+(?:\w+\s+){0,3}?(?:lista|preparada|amarrada|colgada|en\s+el\s+(?:cl[oó]set|closet|armario|garaje|granero|techo)|en\s+la\s+(?:bodega|viga)|al\s+cuello)\b|"
        r"\bla\s+soga\s+est[aá]\b|\b(?:cintur[oó]n|cable|cuerda|lazo|extensi[oó]n|corbata|s[aá]bana|bufanda)\s+(?:\w+\s+){0,3}?(?:al|en\s+el|alrededor\s+del)\s+cuello\b",
    ),
    (
        "es_tirarme",
        "plan_means",
        0.95,
        rf"\b{ES_JUMP}\s+(?:de|del|desde|por|x|a|al|a\s+la|a\s+las|de\s+la|frente\s+a|bajo|debajo\s+de|contra)\s+{ES_HIGH}\b|"
        r"\b(?:me|se)\s+(?:voy|va)\s+a\s+(?:tirar|aventar)\b(?=\s*(?:[^\w\s]|$|y\b))|"
        r"\bganas\s+de\s+(?:tirarme|aventarme|lanzarme)\b(?!\s+(?:en|a\s+la\s+cama|al\s+(?:sill[oó]n|sof[aá]|piso|suelo)))|"
        r"\b(?:meter|estrellar|aventar|tirar|lanzar)(?:me|se)\s+contra\s+(?:un|el|una|la)\s+(?:tr[aá]iler|cami[oó]n|poste|muro|pared|carro|coche|tren|[aá]rbol)\b",
    ),
    (
        "es_en_el_borde",
        "plan_means",
        0.6,
        r"\b(?:estoy|toy|ando|estuve|me\s+encuentro|estoy\s+parad[oa]|estoy\s+sentad[oa]|me\s+sent[eé]|me\s+qued[eé]\s+parad[oa]|me\s+sub[ií])\s+(?:aqu[ií]\s+)?"
        r"(?:(?:en|arriba\s+de|sobre|a)\s+(?:el|la|los|las)|al)\s+(?:puente|azotea|cornisa|orilla|baranda|barandilla|barandal|v[ií]as?|borde|techo\s+del\s+edificio)\b",
    ),
    (
        "es_arma",
        "plan_means",
        0.9,
        r"\b(?:pistola|arma|rev[oó]lver|escopeta|rifle)\s+(?:\w+\s+){0,3}?(?:en\s+la\s+(?:cabeza|boca|sien)|contra\s+(?:mi|la)\s+(?:cabeza|sien|pecho))\b|"
        r"\b(?:me\s+)?(?:compr[eé]|consegu[ií]|tengo|traigo|cargu[eé]|saqu[eé]|agarr[eé])\s+(?:ya\s+)?(?:\w+\s+){0,2}?(?:la|una|el|un|mi)\s+(?:pistola|arma|rev[oó]lver|escopeta|rifle)\b",
    ),
    (
        "es_tiro",
        "plan_means",
        0.9,
        r"\b(?:me\s+(?:echo|pego|doy|meto|voy\s+a\s+(?:echar|pegar|dar|meter))\s+un\s+(?:tiro|balazo|plomazo)|(?:pegar|echar|dar|meter)(?:me|se)\s+un\s+(?:tiro|balazo|plomazo)|"
        r"disparar(?:me|se)(?!\s+(?:a|al|una?)\b)|volar(?:me|se)\s+(?:la\s+cabeza|los\s+sesos))\b|"
        r"\bcortar(?:me|se|te)\s+las\s+(?:venas|mu[ñn]ecas)\b|\bme\s+(?:cort[eé]|corto|voy\s+a\s+cortar|quiero\s+cortar)\s+las\s+(?:venas|mu[ñn]ecas)\b",
    ),
    (
        "es_plan",
        "plan_means",
        0.85,
        r"\bya\s+(?:escog[ií]|eleg[ií]|decid[ií]|tengo|ten[ií]a|escogi[oó]|eligi[oó]|decidi[oó])\s+(?:la\s+fecha|el\s+d[ií]a)\b(?!\s+(?:de|del|para|que\s+(?:me|nos)\s+(?:mudo|vamos|caso)))|"
        r"\bya\s+s[eé]\s+(?:c[oó]mo|cu[aá]ndo)\s+(?:lo\s+voy\s+a\s+hacer|voy\s+a\s+hacerlo|hacerlo)\b|\bya\s+sabe\s+c[oó]mo\s+lo\s+va\s+a\s+hacer\b|"
        r"\b(?:tengo|tiene)\s+un\s+plan\s+(?:para|pa)\s+(?:matarme|matarse|morir|suicidarme|suicidarse|hacerlo|quitarme|quitarse)\b|"
        r"\bya\s+(?:tengo|tiene|lo\s+tengo)\s+(?:todo\s+)?(?:pensado|planeado)\s+(?:c[oó]mo|cu[aá]ndo)\b|"
        r"\bmanguera\s+(?:\w+\s+){0,2}?(?:al|del|en\s+el)\s+(?:escape|mofle)\b|\ben\s+el\s+(?:garaje|garage|cochera)\s+con\s+el\s+(?:motor|carro|coche)\s+(?:prendido|encendido|andando)\b|"
        r"\bpracticando\s+con\s+(?:el|la|un|una)\s+(?:cintur[oó]n|soga|cuerda|cable)\b|"
        r"\bcort(?:arse|arte|arme|a|o)\s+(?:\w+\s+){0,2}?(?:en\s+)?(?:vertical|a\s+lo\s+largo)\b|"
        r"\bdosis\s+(?:letal|mortal)\b|\bcu[aá]nt[oa]s\s+(?:\w+\s+){0,3}?(?:ser[ií]an?\s+demasiad[oa]s|"
        r"(?:har[ií]an?|hacen)\s+falta(?!\s+para\s+(?:el|la|los|las|que\s+(?:me\s+)?(?:haga|funcione|baje|quite)))|se\s+necesitan\s+para|"
        r"para\s+(?:morir|(?:ya\s+)?no\s+despertar|matarme|una\s+sobredosis))",
    ),
    (
        "es_medios_listos",
        "plan_means",
        0.85,
        rf"\b{ES_WEAPON}\s+(?:\w+\s+){{0,3}}?(?:list[oa]|cargad[oa]|preparad[oa]|en\s+la\s+(?:mano|mochila|guantera|mesita)|en\s+el\s+(?:bur[oó]|caj[oó]n|cl[oó]set|closet|bolsillo)|a\s+la\s+mano|al\s+lado)\b"
        rf"(?=[^.?!\n]{{0,80}}(?:{ES_WHEN}|\blo\s+voy\s+a\s+hacer\b|\bvoy\s+a\s+hacerlo\b|\bno\s+s[eé]\s+si\s+lo\s+voy\s+a\s+hacer\b))|"
        rf"(?:{ES_WHEN})(?=[^.?!\n]{{0,60}}\b{ES_WEAPON}\s+(?:\w+\s+){{0,3}}?(?:list[oa]|cargad[oa]|preparad[oa]|en\s+la\s+mano|a\s+la\s+mano)\b)",
    ),
    (
        "es_medio_en_mano",
        "plan_means",
        0.45,
        r"\b(?:tengo|traigo|con)\s+(?:la|una|el|un|mi)\s+(?:navaja|cuchilla|gillette|pistola|soga|arma|rev[oó]lver)\s+en\s+la\s+mano\b",
    ),
    (
        "es_todavia_no",
        "plan_means",
        0.4,
        r"\b(?:no\s+he\s+hecho\s+nada\s+todav[ií]a|todav[ií]a\s+no\s+(?:he\s+hecho\s+nada|lo\s+he\s+hecho))\b",
    ),
    (
        "es_plan_weak",
        "plan_means",
        0.4,
        r"\bya\s+(?:tengo|lo\s+tengo|tiene)\s+todo\s+(?:listo|planeado|pensado|preparado)\b|\bya\s+lo\s+(?:decid[ií]|tengo\s+decidido)\b|"
        r"\bya\s+tom[eé]\s+(?:mi|la)\s+decisi[oó]n\b|\b(?:lo\s+voy\s+a\s+hacer|voy\s+a\s+hacerlo|tengo\s+pensado\s+hacerlo|va\s+a\s+ser)\s+"
        r"(?:esta\s+noche|hoy|ahorita|este\s+(?:fin\s+de\s+semana|finde)|el\s+(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo))\b|"
        r"\b(?:hoy|esta\s+noche)\s+es\s+(?:el\s+d[ií]a|la\s+noche)\b(?!\s+(?:de|del|en|que|m[aá]s|para))",
    ),
    # Despedidas --------------------------------------------------------------------------
    (
        "es_despedida",
        "goodbye",
        0.9,
        r"\besta\s+es\s+mi\s+(?:[uú]ltima\s+)?despedida\b|\badi[oó]s\s+para\s+siempre\b|\bme\s+despido\s+(?:de\s+(?:todos|ustedes|usted|ti)\s+)?para\s+siempre\b|"
        r"\bme\s+despido\s+de\s+este\s+mundo\b|\b(?:cartas?|mensajes?|notas?|audio|video|v[ií]deo)\s+de\s+despedida\b|"
        r"\b(?:hoy\s+es|es)\s+(?:mi|su)\s+[uú]ltimo\s+d[ií]a\b(?!\s+(?:de|del|en|como|trabajando|aqu[ií]\s+en))|"
        r"\bnada\s+pendiente\s+en\s+este\s+mundo\b",
    ),
    (
        "es_despedida_media",
        "goodbye",
        0.6,
        r"\b(?:audio|mensaje|video|v[ií]deo|carta|nota)\s+(?:\w+\s+){0,2}?despidi[eé]ndose\b|\bse\s+estaba\s+despidiendo\b|\bdiciendo\s+adi[oó]s\s+a\s+todos\b|"
        r"\bno\s+me\s+(?:busques|busquen|busque)\b(?!\s+(?:en|el|ma[ñn]ana|hoy|hasta|antes|despu[eé]s|a\s+las|por))|"
        r"\bcuando\s+(?:yo\s+)?ya\s+no\s+est[eé]\b(?!\s+(?:en|aqu[ií]\s+en|de|con|para\s+(?:la|el)))|\bdespu[eé]s\s+de\s+que\s+(?:yo\s+)?(?:me\s+muera|ya\s+no\s+est[eé])\b|"
        r"\bcuando\s+yo\s+no\s+est[eé]\b(?!\s+(?:en|aqu[ií]|de|con|para))|"
        r"\b(?:ya\s+)?(?:le\s+|les\s+)?(?:regal[eé]|regal[oó]|he\s+regalado|estoy\s+regalando|repart[ií]|repart[ií][oó]|he\s+repartido|d[ií]|dio)\s+(?:a\s+\w+\s+(?:\w+\s+)?)?(?:mi|mis|sus|el|la)\s+"
        r"(?:perr[oa]s?|perrit[oa]s?|gat[oa]s?|gatit[oa]s?|mascotas?|joyas|anillos|herramientas|pertenencias|guitarra)\b|"
        r"\b(?:ya\s+)?(?:le\s+|les\s+)?(?:regal[eé]|regal[oó]|he\s+regalado|repart[ií]|repart[ií][oó])\s+(?:a\s+\w+\s+(?:\w+\s+)?)?(?:todas\s+)?(?:mis|sus)\s+cosas\b|"
        r"\bya\s+(?:lo\s+decid[ií]|tom[eé]\s+(?:mi|la)\s+decisi[oó]n)\b(?!\s+de)[^.?!\n]{0,30}?\b(?:estoy|me\s+siento)\s+(?:\w+\s+)?(?:en\s+paz|tranquil[oa])\b|"
        r"\b(?:ya\s+)?(?:dej[eé]|escrib[ií])\s+(?:las\s+)?cartas\b(?!\s+de\s+(?:recomendaci[oó]n|presentaci[oó]n|motivaci[oó]n))|"
        r"\bcartas\s+(?:\w+\s+){0,2}?(?:para|a)\s+(?:mis\s+hij[oa]s|mis\s+padres|cada\s+(?:persona|uno)|todos|mi\s+familia)\b",
    ),
    (
        "es_despedida_weak",
        "goodbye",
        0.45,
        r"\bquer[ií]a\s+despedirme\b|\bme\s+quer[ií]a\s+despedir\b|\bvengo\s+a\s+despedirme\b|\bya\s+me\s+desped[ií]\b|"
        r"\bperd[oó]n\s+por\s+todo\b(?!\s+(?:el|lo|la|los|las|este|esto|eso))",
    ),
    (
        "es_asuntos_en_orden",
        "goodbye",
        0.4,
        r"\b(?:ya\s+)?(?:dej[eé]|escrib[ií]|prepar[eé]|he\s+escrito|he\s+dejado|estoy\s+escribiendo|he\s+estado\s+escribiendo)\s+(?:\w+\s+){0,2}?(?:la|una|mi|unas|mis|las)\s+(?:carta|cartita|nota)s?\b|"
        r"\b(?:ya\s+)?(?:dej[eé]|tengo|arregl[eé])\s+(?:todo\s+)?(?:en\s+orden|arreglado)\b|\bya\s+arregl[eé]\s+(?:todo|lo\s+del\s+seguro|los\s+papeles)\b|"
        r"\b(?:le\s+|les\s+)?dej[eé]\s+(?:a\s+\w+\s+(?:\w+\s+)?)?(?:mi|mis|el|la)\s+(?:perr\w*|gat\w*|mascotas?|contrase[ñn]as)\b|\bya\s+no\s+tengo\s+pendientes\b|"
        r"\b(?:irme|ir)\s+(?:\w+\s+){0,4}?y\s+no\s+volver\b",
    ),
    (
        "es_despedida_fuerte",
        "goodbye",
        0.85,
        r"\b(?:d[ií]gale|dile|d[ií]ganle|diles|d[ií]gales)\s+a\s+(?:mi|mis)\s+\w+\s+(?:que|q)\s+(?:l[oa]s?\s+)?(?:quiero|amo|perdone|perdonen|siento|lo\s+siento)\b|"
        r"\b(?:cuiden|cuida|cuide|cuidar[aá]n)\s+(?:mucho\s+)?(?:a\s+)?(?:mi|mis)\s+\w+\b[^.?!\n]{0,40}?\bcuando\s+(?:yo\s+)?(?:ya\s+)?no\s+est[eé]\b|"
        r"\b(?:regal|repart|d[ií]\b|dej)\w*\b[^.?!\n]{0,100}?\bya\s+no\s+(?:l[oa]s?\s+)?(?:voy\s+a\s+necesitar|necesito|(?:me\s+)?(?:hace|hacen)\s+falta|iba\s+a\s+necesitar)\b|"
        rf"\b(?:despedida|despedirme|desped[ií]|cartas|adi[oó]s\s+a\s+todos)\b(?=[\s\S]{{0,200}}\b(?:{ES_PILLS}|soga|pistola|arma|cuerda|navaja|veneno)\b)|"
        rf"\b(?:{ES_PILLS}|soga|pistola|arma|cuerda|navaja|veneno)\b(?=[\s\S]{{0,200}}\b(?:despedida|despedirme|me\s+desped[ií]|cartas|adi[oó]s\s+a\s+todos)\b)",
    ),
    # Daño a otras personas ------------------------------------------------------------------
    (
        "es_matar_otro",
        "harm_to_others",
        0.9,
        r"\b(?:l[oa]s?|le)\s+(?:voy|vamos)\s+a\s+(?:matar|apu[ñn]alar|acuchillar|balear|ahorcar|ahogar|envenenar|rajar|quemar|partir\s+la\s+madre|dar\s+un\s+tiro|pegar\s+un\s+tiro)\b|"
        r"\b(?:voy\s+a|quiero|kiero|pienso|planeo|tengo\s+ganas\s+(?:de|d)|ganas\s+(?:de|d)|pensando\s+en|pienso\s+en)\s+"
        r"(?:matar|apu[ñn]alar|acuchillar|balear|envenenar|ahorcar|ahogar|empujar|quemar)(?:l[oa]s?\b|le\b|\s+a\s+(?!nadie\b)\w+)|"
        r"\b(?:l[oa]s?|le|me|nos)\s+(?:va|van)\s+a\s+matar\s+con\s+(?:la|una|el|un|su)\s+(?:pistola|arma|cuchillo|navaja|machete|escopeta)\b",
    ),
    (
        "es_dano_bebe",
        "harm_to_others",
        0.9,
        rf"\b{ES_THOUGHT}\s+(?:\w+\s+){{0,5}}?(?:de\s+|que\s+|en\s+)?{ES_HARM_STEM}(?:ar|ir|e)\s+{ES_VICTIM}|"
        rf"\b{ES_THOUGHT}\s+(?:\w+\s+){{0,5}}?(?:de\s+|que\s+|en\s+)?(?:{ES_HARM_STEM}(?:[ai]rl[oa]s?|[ai]rle|[aá]ndol[oa]|i[eé]ndol[oa])|hacerle\s+da[ñn]o|ponerle\s+(?:la|una)\s+almohada|"
        r"pon[eé]rsela|dejarl[oa]\s+caer|(?:lo|la)\s+(?:suelto|dejo\s+caer|aprieto|hundo|tiro|lastimo|ahogo))\b|"
        rf"\b{ES_THOUGHT}\s+(?:\w+\s+){{0,12}}?(?:lo|la)\s+voy\s+a\s+(?:lastimar|ahogar|tirar|soltar|matar|apretar|acuchillar)\b",
    ),
    (
        "es_se_donde_vive",
        "harm_to_others",
        0.45,
        r"\b(?:ya\s+)?s[eé]\s+d[oó]nde\s+(?:vive|trabaja|se\s+queda|estaciona)\b",
    ),
    (
        "es_venganza",
        "harm_to_others",
        0.45,
        r"\bvoy\s+a\s+hacer\s+justicia\b|\bme\s+las\s+va\s+a\s+pagar\b|\bse\s+va\s+a\s+arrepentir\b|\bdesquitarme\b",
    ),
    # Violencia y peligro ahora ----------------------------------------------------------------
    (
        "es_pegando",
        "abuse_danger",
        0.9,
        rf"\b{ES_ABUSER}\s+(?:\w+\s+){{0,3}}?(?:me|le|nos|la|lo|les)\s+(?:est[aá]\s+|sigue\s+|volvi[oó]\s+a\s+)?{ES_HIT}\b"
        r"(?!\s+(?:la|el|los|las|un|una)\s+(?:gripe|gripa|resfriado|catarro|covid|virus|piojos|chicle|costumbre|man[ií]a|susto))"
        r"(?!\s+(?:al|a\s+la|a\s+una?)\s+(?:carro|coche|auto|cami[oó]n|muro|poste|pared|puerta|mesa|bal[oó]n|pelota|pi[ñn]ata))|"
        r"\bme\s+(?:est[aá]|estaba)\s+(?:pegando|golpeando|ahorcando|estrangulando|pateando|asfixiando)\b|"
        r"\bme\s+(?:golpe[oó]|ahorc[oó]|estrangul[oó]|apret[oó]\s+el\s+cuello|asfixi[oó]|pate[oó]|abofete[oó])\b",
    ),
    (
        "es_amenaza",
        "abuse_danger",
        0.95,
        r"\b(?:dice|dijo|dicen|grita|gritando|grit[oó]|gritaba|amenaza|amenaz[oó]|amenazando|jura|jur[oó]|escribi[oó]|diciendo|repite)\s+(?:que|q|k)\s+"
        r"(?:(?:si|cuando)\s+[^.?!\n]{0,40}?\s+)?(?:me|nos)\s+(?:va\s+a\s+|van\s+a\s+)?(?:mata|matar|mate|matan|rajar|raja|quemar|desaparecer|hacer\s+algo|quiere\s+matar)\b|"
        r"\b(?:me|nos)\s+(?:est[aá]\s+)?amenaz(?:[oó]|a|aba|ando)\s+con\s+(?:un|una|el|la|su)\s+(?:cuchillo|pistola|arma|machete|navaja|escopeta|rev[oó]lver|bate)\b|"
        r"\bme\s+amenaz[oó]\s+de\s+muerte\b|\b(?:miedo|terror|p[aá]nico)\s+(?:de\s+)?(?:que|q)\s+(?:me|nos)\s+(?:mate|maten|lastime|lastimen|haga\s+algo|vaya\s+a\s+matar)\b",
    ),
    (
        "es_afuera",
        "abuse_danger",
        0.9,
        r"\b(?:est[aá]|anda|sigue)\s+(?:\w+\s+)?afuera\s+(?:de\s+(?:la|mi)\s+(?:casa|puerta|cuarto|ventana)\s+)?"
        r"(?:con\s+(?:un|una|el|la)\s+(?:arma|pistola|cuchillo|machete|navaja|escopeta|bate)|gritando|pateando|golpeando|aporreando|tratando\s+de\s+entrar|amenazando)\b",
    ),
    (
        "es_no_segura",
        "abuse_danger",
        0.85,
        r"\bno\s+(?:me\s+siento|estoy|estamos|nos\s+sentimos)\s+(?:segur[oa]s?|a\s+salvo)\s+(?:en\s+(?:mi|la|esta|mi\s+propia)\s+casa|en\s+casa|aqu[ií]|con\s+(?:[eé]l|ella|mi\s+\w+))\b|"
        r"\bno\s+estoy\s+a\s+salvo\b|\b(?:tengo|tiene|tenemos)\s+(?:mucho\s+)?miedo\s+de\s+(?:volver|regresar|ir)\s+a\s+(?:mi|su|la)\s+casa\b|"
        r"\b(?:me|nos)\s+(?:encerr[oó]|tiene\s+encerrad[oa]s?|tienen\s+encerrad[oa]s?|dej[oó]\s+encerrad[oa]s?)\b",
    ),
    (
        "es_escondida",
        "abuse_danger",
        0.45,
        r"\b(?:estoy|estamos|me|nos)\s+(?:escondid[oa]s?|escond[ií]|escondimos|encerr[eé]|encerramos|encerrad[oa]s?)\s+(?:\w+\s+){0,3}?"
        r"en\s+(?:el|la|mi)\s+(?:ba[ñn]o|cl[oó]set|closet|cuarto|carro|coche|rec[aá]mara|habitaci[oó]n|cocina)\b|"
        r"\bno\s+puedo\s+(?:hablar|llamar)\s+(?:\w+\s+){0,2}?(?:porque|xq|pq|que|q)\s+(?:me|lo|la)\s+(?:oye|escucha|va\s+a\s+o[ií]r)\b|"
        r"\b(?:hablando|hablo|hable)\s+(?:bajito|quedito|despacito)\b|\bsusurrando\b|\b(?:me|nos)\s+quit[oó]\s+(?:el\s+(?:tel[eé]fono|celular|cel)|las\s+llaves)\b|"
        r"\bla\s+polic[ií]a\s+no\s+(?:llega|viene|contesta)\b",
    ),
    (
        "es_agresor_armado",
        "abuse_danger",
        0.45,
        r"\b(?:agarr[oó]|sac[oó]|trae|tra[ií]a|sacando|agarrando|afilando)\s+(?:el|un|una|la|su)\s+(?:cuchillo|pistola|arma|machete|navaja|escopeta|rev[oó]lver)\b|"
        r"\b(?:est[aá]\s+)?(?:pateando|golpeando|aporreando)\s+la\s+puerta\b|\b(?:rompi[oó]|tumb[oó])\s+la\s+(?:puerta|ventana)\b",
    ),
    (
        "es_emergencia",
        "medical_emergency",
        0.85,
        r"\bno\s+(?:respira|est[aá]\s+respirando|puedo\s+respirar|puede\s+respirar)\b|\b(?:se\s+desmay[oó]|est[aá]\s+inconsciente|no\s+reacciona|"
        r"no\s+(?:lo|la)\s+puedo\s+despertar|convulsionando|(?:una|le\s+dio\s+una)\s+convulsi[oó]n)\b|\bno\s+(?:para|deja)\s+de\s+sangrar\b|"
        r"\bsangra\s+(?:mucho|much[ií]simo)\b|\blabios\s+morados\b",
    ),
    (
        "es_llamar_policia",
        "abuse_danger",
        0.7,
        r"\b(?:llam(?:en|e|ar|a)|marqu(?:en|e)|marcar)\s+(?:a\s+)?(?:la\s+polic[ií]a|al\s+911|una\s+ambulancia|a\s+emergencias)\b|"
        r"\bmanden\s+(?:a\s+)?(?:alguien|ayuda|una\s+ambulancia|la\s+polic[ií]a|una\s+patrulla)\b",
    ),
    (
        "es_ayuda",
        "distress",
        0.4,
        r"\b(?:ay[uú]denme|ay[uú]deme|ayuda\s+por\s+favor|por\s+favor\s+ayuda|alguien\s+(?:que\s+)?(?:me\s+)?ay[uú]de)\b",
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
        (name, cat, weight, re.compile(pattern))
        for name, cat, weight, pattern in ENTRIES + SPANISH + EMOJI
    ]


# Cheap literal cues: an entry's pattern can only match where its cue matches, so the
# expensive pattern runs only then. Cues are written as expressions but must stay
# literal (alternatives, optional parts, small sets, \s, \b): cue_index() expands them
# all into one scan of the text, which is what keeps the rules far above 5,000 short
# messages a second with both languages. training/check_cues.py proves on every
# development text that the cues change no hit; keep each cue a superset when editing a
# pattern.
_SUICIDE_CUE = r"[i1\*cs]d(?:e|al|ia)"
_PILL_CUE = (
    r"pill|tablet|med|tylenol|paracetamol|acetaminophen|ibuprofen|advil|aspirin|xanax|benzo|oxy|opioid|insulin|"
    r"antidepress|lithium|seroquel|ambien|prescription|sertraline|zoloft|prozac|fluoxetine|lexapro|citalopram|trazodone|"
    r"quetiapine|lorazepam|ativan|klonopin|clonazepam|valium|diazepam|gabapentin|morphine|percocet|vicodin|hydrocodone|"
    r"tramadol|fentanyl"
)
CUES: dict[str, str] = {
    "kill_self": r"sel|mysl|mysef",
    "suicide_word": _SUICIDE_CUE,
    "suicidal_first_person": _SUICIDE_CUE,
    "suicidal_thoughts": _SUICIDE_CUE + r"|si\b",
    "want_to_die": r"d[i1]e|dye|di\b|dead|exist|alive|born|gone|over|end",
    "end_life": r"li(?:fe|ves)|end|check|unaliv|kms|ctb|bus|rope|here|around|alive|dead",
    "no_will_to_live": r"liv|alive|exist|here|wake|go on|going on|point|reason|purpose|worth|forever|life|way out|stay",
    "death_thoughts": r"dying|death|dead|exist|die|kill|do it",
    "unsafe_self": r"safe|trust|what i",
    "something_stupid": r"something",
    "burden": r"better|no ?one|nobody|miss|notice|easier",
    "burden_weak": r"burden|disappear|hopeless|can'?t|give up",
    "kill_me_please": r"kill me",
    "harm_self": r"sel|mysl|mysef",
    "self_harm_word": r"self|sh\b|urge|cut|bled|bleed|relaps|slit|slash|bang",
    "blade": r"razor|blade",
    "overdose": r"dos|od|o\.d",
    "pills_quantity": _PILL_CUE,
    "lethal_dose": r"lethal|how|way|method",
    "gun": r"gun|pistol|rifle|firearm|trigger|brain|bullet|revolver|sidearm|weapon",
    "knife": r"knife|blade|razor",
    "means_at_hand": r"knive|knife|pill|gun|rope|razor|blade|noose|meds|tablet",
    "jump_intent": r"jump|bridge|roof|ledge|edge|cliff|track|overpass",
    "hanging": r"noose|rope|neck",
    "jump": r"jump|stand|sit|stood|sat|step|driv",
    "plan_time": r"night|day|plan|know how|picked",
    "goodbye": r"goodbye|bye|time|note|letter|message|away|next|thank|love|sorry",
    "goodbye_weak": r"find|look|search|note|order|peace|gone|dead|no\s+longer|after\s+i\s+die",
    "last_message": r"last|final",
    "harm_others": r"kill|murder|shoot|stab|strangl|chok|beat|poison|smother|drown|run|attack|hurt|harm|slit",
    "mass_harm": r"shoot|run|gun|knife|weapon|bomb|kill",
    "revenge": r"pay|where|revenge",
    "kill_yourself": r"kys|kill yo|go die",
    "abuse": r"hit|beat|chok|strangl|punch|kick|slap|rape|molest|assault|shov|push|burn|threw|grab|touch|hurt|abuse|threat",
    "threat_to_kill": r"threat|said|says|saying|scream|yell|shout|swore|swear|can'?t|cannot",
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
    "means_ready": _PILL_CUE
    + r"|gun|pistol|rifle|revolver|rope|noose|cord|knife|blade|razor|whole|entire|them\s+all|all\s+of\s+them|every\s+(?:one|last)|garage|exhaust",
    "goodbye_means": r"letter|note|goodbye",
    "goodbye_letters": r"letters|notes|wrote\s+every|gav|giving",
    "harm_others_could": r"i\s+could",
    "harm_baby": r"thought|image|picture|pictur|flash|vision|urge|impulse|imagin|thinking|seeing|hold",
    "self_harm_now": r"deep|bleed|burn|carv|purpose|deliberately|intentionally|cut",
    "danger_weak": r"bang|pound|kick|punch|smash|broke",
    "hiding": r"hid|my\s+(?:car\s+)?(?:phone|keys)|whisper|send\s+some",
    "cant_go_on": r"go\s+on|plan|alive|safe",
    "cant_take_it": r"any\s?more",
    "abuse_inbox": r"hitting|beating|choking|kicking|strangling|locked|locks|trapped|scared|afraid|terrified",
    "means_place": r"edge|ledge|railing|bridge|roof|overpass|track|rope",
    "self_harm_again": r"cut|burn",
    "goodbye_thanks": r"bye|end\s+for\s+me",
    "know_where_lives": r"know where",
    "overdose_taken": r"took|taken|swallow|ate\b|downed",
    # Spanish
    "es_quiero_morir": r"morir|matar|mato|suicid|petat|mundo",
    "es_se_quiere_morir": r"morir|matar|suicid|petat",
    "es_suicidio": r"su[i1]?[cs][cs]?id",
    "es_ideacion": r"su[i1]?[cs][cs]?id|vida",
    "es_no_quiero_vivir": r"viv|exist|aqu[ií]|aki|mundo|despert|seguir|sentido|raz[oó]n",
    "es_no_despertar": r"despert|despiert|amanezc|lleve|recoja|siempre",
    "es_ojala_morir": r"ojal|muer|muri|a ver si",
    "es_desaparecer": r"desaparecer|existir",
    "es_mejor_sin_mi": r"mejor|nadie",
    "es_acabar_todo": r"acab|termin|fin\s",
    "es_ya_no_estar": r"aqu[ií]|aki|viv[oa]|vida|estar",
    "es_distress_weak": r"desaparec|carga|m[aá]s\b|vivir|camino|estar",
    "es_cortarme": r"cort|ray|rasc",
    "es_hacerme_dano": r"da[ñn]o|lastim|quem|golpe",
    "es_cuchilla": r"cuchill|gillette|afeitar|rasurar|navajit",
    "es_sobredosis": r"dosis",
    "es_pastillas_guardadas": r"guardad|juntad|acumul|escondid|ahorrad|juntando|ahorrando|guardando|junt[eé]|guardado|juntado|contad|cont[eé]",
    "es_tomar_todas": r"tom[aá]r|toma\b|tomase",
    "es_tome_todas": r"tom[eéoó]|tomado|tomar|pas[eéoó]\s+con|dej",
    "es_ahorcarme": r"ahorc|ahorq|colg|soga|horca|nudo|cuello",
    "es_tirarme": r"tir|avent|avient|lanz|arroj|salt|brinc|meter|estrell",
    "es_en_el_borde": r"puente|azotea|cornisa|orilla|baranda|barandal|v[ií]a|borde|techo",
    "es_arma": r"pistola|arma|rev[oó]lver|escopeta|rifle",
    "es_tiro": r"tiro|balazo|plomazo|dispar|volar|venas|mu[ñn]ecas",
    "es_plan": r"fecha|d[ií]a\b|c[oó]mo|cu[aá]ndo|plan|manguera|garaje|garage|cochera|practicando|dosis|cu[aá]nt|vertical|a\s+lo\s+largo",
    "es_medio_en_mano": r"mano",
    "es_todavia_no": r"todav[ií]a",
    "es_medios_listos": r"soga|cuerda|pistola|arma|rev[oó]lver|escopeta|navaja|cuchilla|gillette|veneno",
    "es_plan_weak": r"todo|decid|decisi|hacer|ser\b|noche|d[ií]a\b",
    "es_despedida": r"despedida|adi[oó]s|despido|[uú]ltimo|pendiente",
    "es_despedida_media": r"despid|adi[oó]s|busqu|est[eé]|muera|regal|repart|d[ií]\s|dio\s|cartas|decid|decisi",
    "es_despedida_weak": r"desped|perd[oó]n",
    "es_asuntos_en_orden": r"carta|nota|orden|arregl|dej[eé]|pendientes|volver",
    "es_despedida_fuerte": r"d[ií]g|dile|diles|cuid|necesit|falta|desped|cartas|adi[oó]s",
    "es_matar_otro": r"matar|apu[ñn]al|acuchill|balear|ahorcar|ahogar|envenenar|rajar|quemar|partir|tiro|empujar",
    "es_dano_bebe": r"pensamient|idea|im[aá]gen|ganas|impuls|imagin|pienso|pens[eé]|tuve|vien|vino|tengo\s+q|dice",
    "es_se_donde_vive": r"d[oó]nde",
    "es_venganza": r"justicia|pagar|arrepent|desquit",
    "es_pegando": r"peg|golpe|ahorc|estrangul|asfixi|empuj|pate|cachete|abofete|viol|abus|amenaz|encerr|encierra|apret|jal[oó]|arrastr",
    "es_amenaza": r"mat|raj|quem|desaparec|algo|amenaz|miedo|terror|p[aá]nico",
    "es_afuera": r"afuera",
    "es_no_segura": r"segur|salvo|miedo|encerr",
    "es_escondida": r"escond|encerr|hablar|llamar|bajito|quedito|despacito|susurr|quit[oó]|polic",
    "es_agresor_armado": r"cuchillo|pistola|arma|machete|navaja|escopeta|rev[oó]lver|puerta|ventana|polic",
    "es_emergencia": r"respir|desmay|inconsciente|reacciona|despertar|convuls|sangr|morad",
    "es_llamar_policia": r"polic|911|ambulancia|emergencias|manden",
    "es_ayuda": r"ay[uú]d",
    "emoji_weapon": "[\U0001f52a\U0001f5e1\U0001f52b\U0001faa2]",
    "emoji_pills": "[\U0001f48a]",
    "emoji_death": "[\u26b0\U0001faa6\U0001fa78]",
    "emoji_skull": "[\U0001f480\u2620]",
    "distress_cues": r"hate|tired|sick|lonely|alone|empty|worthless|useless|numb|broken|inside|apart|cares|loves|care|giv|any\s?more|disappear|pain",
}


class _NotLiteral(ValueError):
    """A cue uses more than literals, alternatives, optional parts, sets and \\s, \\b."""


def cue_literals(cue: str, limit: int = 400) -> frozenset[str]:
    """Every literal a cue can match on whitespace-collapsed text: "can'?t" gives
    {"cant", "can't"}, "\\s+" a single space; "\\b" is dropped (that only widens the cue).
    Raises _NotLiteral for anything else (such cues are searched as expressions)."""
    found, end = _alternatives(cue, 0, limit)
    if end != len(cue):
        raise _NotLiteral(cue)
    return frozenset(found)


def _alternatives(cue: str, i: int, limit: int) -> tuple[set[str], int]:
    found, i = _sequence(cue, i, limit)
    while i < len(cue) and cue[i] == "|":
        more, i = _sequence(cue, i + 1, limit)
        found |= more
    return found, i


def _sequence(cue: str, i: int, limit: int) -> tuple[set[str], int]:
    found = {""}
    while i < len(cue) and cue[i] not in "|)":
        atom, i = _atom(cue, i, limit)
        if i < len(cue) and cue[i] in "?+*":
            if cue[i] != "?" and atom != {" "}:
                raise _NotLiteral(cue)
            atom = atom | ({""} if cue[i] != "+" else set())
            i += 1
        found = {left + right for left in found for right in atom}
        if len(found) > limit:
            raise _NotLiteral(cue)
    return found, i


def _atom(cue: str, i: int, limit: int) -> tuple[set[str], int]:
    char = cue[i]
    if char == "(":
        if not cue.startswith("(?:", i):
            raise _NotLiteral(cue)
        inner, i = _alternatives(cue, i + 3, limit)
        if i >= len(cue) or cue[i] != ")":
            raise _NotLiteral(cue)
        return inner, i + 1
    if char == "[":
        members: set[str] = set()
        i += 1
        if cue[i] == "^":
            raise _NotLiteral(cue)
        while cue[i] != "]":
            if cue[i] == "\\":
                members.add(cue[i + 1])
                i += 2
            elif cue[i] == "-" and members and cue[i + 1] != "]":
                raise _NotLiteral(cue)  # a range
            else:
                members.add(cue[i])
                i += 1
        return members, i + 1
    if char == "\\":
        escaped = cue[i + 1]
        if escaped == "b":
            return {""}, i + 2
        if escaped == "s":
            return {" "}, i + 2
        if escaped.isalnum():
            raise _NotLiteral(cue)
        return {escaped}, i + 2
    if char in "^$":
        return {""}, i + 1
    if char in ".*+?{":
        raise _NotLiteral(cue)
    return {char}, i + 1


def _trie(words: list[str]) -> str:
    """A regular expression for any of the words that, at each position, matches the
    longest one (so every shorter word found there is one of its prefixes)."""
    branches: dict[str, list[str]] = {}
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in sorted(branches.items()):
        inner = _trie(rests)
        if not inner:
            parts.append(re.escape(first))
        elif "" in rests:
            parts.append(f"{re.escape(first)}(?:{inner})?")
        else:
            parts.append(f"{re.escape(first)}(?:{inner})")
    return "|".join(parts)


@dataclass(frozen=True)
class CueIndex:
    """All literal cues in one scan. `scan` finds, at each position of the text with its
    whitespace collapsed, the longest cue literal there; `entries[literal]` are the
    entries (by position in the lexicon) one of whose literals begins it. Entries whose
    cue is not literal are searched with `searched[index]`; `always` have no cue."""

    scan: re.Pattern[str]
    entries: dict[str, frozenset[int]]
    searched: dict[int, re.Pattern[str]]
    always: frozenset[int]

    def candidates(self, norm: str) -> list[int]:
        """Entries whose cue matches `norm` (lower-cased), in lexicon order."""
        flat = " ".join(norm.split())
        hit: set[int] = set(self.always)
        for literal in {m.group(1) for m in self.scan.finditer(flat)}:
            hit |= self.entries[literal]
        for index, cue in self.searched.items():
            if cue.search(norm) is not None:
                hit.add(index)
        return sorted(hit)


def cue_index(names: list[str]) -> CueIndex:
    literals: dict[int, frozenset[str]] = {}
    searched: dict[int, re.Pattern[str]] = {}
    always: set[int] = set()
    for index, name in enumerate(names):
        if name not in CUES:
            always.add(index)
            continue
        try:
            literals[index] = cue_literals(CUES[name])
        except _NotLiteral:
            searched[index] = re.compile(CUES[name])
        if "" in literals.get(index, frozenset()):
            always.add(index)  # a cue that can match nothing matches everywhere
    words = sorted({w for ws in literals.values() for w in ws if w})
    entries = {
        word: frozenset(i for i, ws in literals.items() if any(word.startswith(w) for w in ws if w))
        for word in words
    }
    return CueIndex(re.compile(f"(?=({_trie(words)}))"), entries, searched, frozenset(always))


# A long text (a forum post, an email) in Spanish has Spanish function words or accents;
# one without them skips the Spanish section (short texts always read it: "kiero
# matarme" has neither). training/check_cues.py checks this with the other cues.
SPANISH_GATE_LENGTH = 200
_SPANISH_MARK = re.compile("[áéíóúñ¿¡]")
_PUNCTUATION = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", " "))
_SPANISH_WORDS = frozenset(
    (  # noqa: SIM905 (a word list reads better as one string)
        "que q el los las del por para pero muy una con sin nada todo todas se lo le les y es al yo "
        "estoy tengo mi mis esta este eso ya hoy"
    ).split()
)


def maybe_spanish(norm: str) -> bool:
    """Whether lower-cased text may be Spanish: always for short texts; for long ones,
    an accented letter or a Spanish function word."""
    if len(norm) <= SPANISH_GATE_LENGTH or _SPANISH_MARK.search(norm) is not None:
        return True
    return not _SPANISH_WORDS.isdisjoint(norm.translate(_PUNCTUATION).split())


def compiled_with_cues() -> list[tuple[str, str, float, re.Pattern[str], re.Pattern[str] | None]]:
    return [
        (name, cat, weight, re.compile(pattern), re.compile(CUES[name]) if name in CUES else None)
        for name, cat, weight, pattern in ENTRIES + SPANISH + EMOJI
    ]
