# ruff: noqa: E501  (template tables read better unwrapped)
"""Generate the project's own therapist-inbox corpus (ours to ship, like inbox.csv).

    python -m training.inbox_corpus [--check]

Builds a large, varied, deterministic (seeded) set of messages such as a therapy
practice receives, from hand-written template *families* and phrase banks, with the
surface noise real texts have (lower case, dropped punctuation and apostrophes,
misspellings, texting slang, emoji, greetings and sign-offs).

Output
- between/core/triage/data/inbox_generated.csv (id, text, crisis, family, kind):
  the training part, read with inbox.csv by training/common.py (`load_own`).
- between/core/triage/data/heldout/inbox_generated_heldout.csv: the held-out part,
  evaluation only (training never reads data/heldout/). The split is by template,
  not by row: a seeded 20 % of the templates of every
  family is held out whole with all its variants, so near-duplicates of one template
  never sit on both sides.

Labelling decisions (also in docs/triage.md)
- crisis = 1: suicidal ideation (explicit or implicit: "nobody would miss me"),
  plans and means, self-harm now or recently ("I cut again tonight"), goodbye
  messages, intent to harm someone else, abuse or immediate danger, a medical
  emergency such as an overdose, and any of these reported about a third party
  ("my sister said she wants to die"). A message that mixes scheduling with one of
  these is a crisis.
- crisis = 0: scheduling, billing, forms, tech trouble, thanks, one-word replies,
  homework check-ins, symptom updates and venting without danger, boundary requests,
  figures of speech ("this traffic is killing me", "I'm dead tired"), explicit
  denials ("I'm not suicidal, just stressed"), remote past that is over ("last year
  I had dark thoughts but I'm okay now"), and questions about the crisis line or the
  after-hours policy asked for information ("what number do I call after hours?").
  These are what the clinician reads in office hours; a negated or past mention is
  still highlighted by the rules (surfaced), it just does not page anyone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "between" / "core" / "triage" / "data"
OUT_TRAIN = DATA / "inbox_generated.csv"
OUT_HELDOUT = DATA / "heldout" / "inbox_generated_heldout.csv"
SEED = 20261123
HELDOUT_SHARE = 0.2

# Phrase banks -------------------------------------------------------------------------
BANK: dict[str, list[str]] = {
    "day": [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "tomorrow",
        "next week",
        "the 14th",
        "the 3rd",
        "next Monday",
        "this Friday",
    ],
    "day2": [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "next week",
        "the following week",
    ],
    "time": [
        "9",
        "9:30",
        "10am",
        "11",
        "noon",
        "1pm",
        "2",
        "2:30",
        "3pm",
        "4pm",
        "4:15",
        "5",
        "5:30pm",
        "6pm",
        "7",
    ],
    "minutes": ["5", "ten", "10", "15", "fifteen", "20", "a few", "a couple of"],
    "session": [
        "session",
        "appointment",
        "appt",
        "sesh",
        "meeting",
        "call",
        "telehealth session",
        "video session",
    ],
    "reason": [
        "something came up at work",
        "my kid is sick",
        "I have a dentist appointment",
        "my car is in the shop",
        "I have a work trip",
        "my boss scheduled a meeting",
        "I'm travelling",
        "daycare is closed",
        "I have jury duty",
        "my flight got changed",
        "I have a doctor's appointment",
        "my sister is visiting",
        "I'm moving house that week",
    ],
    "late_reason": [
        "traffic",
        "the bus is late",
        "the train is delayed",
        "my meeting ran over",
        "I couldn't find parking",
        "school pickup took forever",
        "the babysitter was late",
        "construction on the highway",
        "the roads are icy",
    ],
    "month": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "last month",
        "this quarter",
    ],
    "insurer": [
        "my insurer",
        "my insurance",
        "Aetna",
        "Blue Cross",
        "Cigna",
        "United",
        "my HSA",
        "my FSA",
        "my employer's plan",
        "Medicaid",
    ],
    "doc": [
        "superbill",
        "receipt",
        "invoice",
        "statement",
        "letter for my employer",
        "treatment summary",
        "diagnosis code",
        "CPT codes",
    ],
    "form": [
        "intake form",
        "consent form",
        "release of information",
        "questionnaire",
        "PHQ-9",
        "GAD-7",
        "new client paperwork",
        "credit card authorization",
        "telehealth consent",
    ],
    "tech": [
        "the portal",
        "the video link",
        "Zoom",
        "the app",
        "the login page",
        "the password reset",
        "the payment page",
        "my camera",
        "my microphone",
        "the waiting room link",
    ],
    "tech_problem": [
        "won't load",
        "keeps crashing",
        "says my password is wrong",
        "is stuck on a spinning wheel",
        "logged me out",
        "isn't working",
        "shows an error",
        "froze halfway through",
        "won't let me upload the file",
    ],
    "homework": [
        "thought record",
        "worksheet",
        "journaling",
        "breathing exercise",
        "mood log",
        "gratitude list",
        "exposure practice",
        "sleep diary",
        "values exercise",
        "grounding exercise",
        "the reading you suggested",
        "the behavioral activation plan",
        "the worry time exercise",
    ],
    "skill": [
        "the breathing exercise",
        "box breathing",
        "the grounding technique",
        "the 5-4-3-2-1 thing",
        "going for a walk",
        "journaling",
        "the muscle relaxation audio",
        "calling my friend",
        "the coping card",
    ],
    "feeling": [
        "anxious",
        "stressed",
        "tired",
        "overwhelmed",
        "frustrated",
        "sad",
        "irritable",
        "a bit low",
        "burnt out",
        "on edge",
        "drained",
        "grumpy",
        "restless",
    ],
    "stressor": [
        "my job",
        "work",
        "my commute",
        "my landlord",
        "this semester",
        "my in-laws",
        "the holidays",
        "my manager",
        "my roommate",
        "the move",
        "wedding planning",
        "the kids' schedule",
        "my thesis",
        "tax season",
    ],
    "person": [
        "my sister",
        "my brother",
        "my mom",
        "my dad",
        "my friend",
        "my best friend",
        "my son",
        "my daughter",
        "my roommate",
        "my partner",
        "my husband",
        "my wife",
        "my girlfriend",
        "my boyfriend",
        "my cousin",
        "my coworker",
        "my teenager",
    ],
    "pronoun_other": ["she", "he", "they"],
    "abuser": [
        "he",
        "my husband",
        "my boyfriend",
        "my partner",
        "my dad",
        "my stepdad",
        "my ex",
        "she",
        "my girlfriend",
        "my wife",
        "my mom",
    ],
    "target": [
        "him",
        "her",
        "my boss",
        "my ex",
        "my neighbor",
        "my stepdad",
        "that guy",
        "my roommate",
        "my coworker",
        "them",
        "my brother-in-law",
    ],
    "pills": [
        "pills",
        "sleeping pills",
        "my meds",
        "tylenol",
        "my antidepressants",
        "my prescription",
        "painkillers",
        "xanax",
    ],
    "pills_od": [
        "a whole bottle of tylenol",
        "all my sleeping pills",
        "a whole bottle of my meds",
        "30 tylenol",
        "all of my xanax",
        "the whole bottle of my antidepressants",
        "way too many of my pills",
    ],
    "means": [
        "the pills counted out",
        "a rope",
        "my dad's gun",
        "the pills lined up",
        "a bottle of pills saved up",
        "the razor blades",
        "a plan and the means",
        "everything I need",
        "the gun loaded",
    ],
    "place": [
        "the bridge",
        "the roof",
        "the parking garage",
        "the train tracks",
        "the cliff",
        "the top of my building",
        "the overpass",
    ],
    "time_now": [
        "tonight",
        "right now",
        "today",
        "this weekend",
        "before morning",
        "soon",
        "after everyone's asleep",
        "when I get home",
    ],
    "thanks": [
        "Thanks",
        "Thank you",
        "thanks so much",
        "Thanks again",
        "ty",
        "thx",
        "Thank you so much",
        "Appreciate it",
        "Many thanks",
    ],
    "sign": [
        "",
        "",
        "",
        " Thanks!",
        " Thank you.",
        " - J",
        " Best, Sam",
        " Cheers",
        " Sent from my iPhone",
        " Talk soon",
        " :)",
        " 🙂",
    ],
    "greet": [
        "",
        "",
        "",
        "Hi, ",
        "Hey ",
        "Hello, ",
        "Hi Dr. Patel, ",
        "Good morning, ",
        "Hi there, ",
        "hey ",
        "Hi Anna, ",
        "Dear Dr. Lee, ",
    ],
    "gift": [
        "a small gift",
        "some cookies",
        "a card",
        "flowers",
        "a book I think you'd like",
        "a bottle of wine",
        "a plant for the office",
    ],
    "social": [
        "a friend request on Instagram",
        "a follow request on Instagram",
        "a LinkedIn invite",
        "a friend request on Facebook",
        "a follow on TikTok",
        "a message on WhatsApp",
    ],
    "figure": [
        "This traffic is killing me",
        "This heat is killing me",
        "My feet are killing me",
        "These deadlines are killing me",
        "this commute is killing me",
        "The suspense is killing me",
        "my back is killing me",
    ],
    "pet": ["dog", "cat", "puppy", "kitten", "rabbit", "parrot"],
    "ordinal": [
        "one",
        "a second",
        "a third",
        "another",
        "one more",
        "a quick",
        "a last",
        "a small",
    ],
}

# Banks for the posts-and-tweets families (POSTS, below): the same context sentences
# go before crisis and non-crisis cores, so only the core tells them apart.
BANK.update(
    {
        "ctx": [
            "I'm 19 and in my second year of college.",
            "Throwaway account because my friends know my main.",
            "Long post, sorry.",
            "I don't really know where else to post this.",
            "My girlfriend left me last month and I moved back in with my parents.",
            "I lost my job in March and I've been applying everywhere.",
            "I've had depression since I was about 14.",
            "Finals are next week and I'm failing two classes.",
            "My parents fight every night and I just stay in my room.",
            "I started meds three months ago.",
            "Work has been brutal and I barely sleep.",
            "I moved to a new city and I don't know anyone here.",
            "My dad passed away last year.",
            "I've been isolating for weeks.",
            "Everyone at school thinks I'm fine.",
            "so today was another bad day",
            "idk why im posting this",
            "not sure if this is the right sub",
            "been a rough week",
            "my therapist is on vacation",
            "",
            "",
            "",
        ],
        "close": [
            "",
            "",
            "",
            "Thanks for reading.",
            "sorry for the rant",
            "idk",
            "I don't know what to do.",
            "Anyone else feel like this?",
            "thats it i guess",
        ],
    }
)

Family = tuple[str, int, str, list[str]]  # (name, crisis, kind, templates)

# Benign families ------------------------------------------------------------------------
BENIGN: list[Family] = [
    (
        "move_session",
        0,
        "scheduling",
        [
            "Can we move {day}?",
            "Can we move {day}'s {session} to {time}?",
            "Could we move my {session} on {day} to {time}? {reason}.",
            "Is it possible to move {day} to {day2}?",
            "can we move {day} to {time}",
            "Any chance we can move our {session} to {day2}?",
            "Hi, could we push {day}'s {session} back to {time}? {reason}.",
            "Would {day2} at {time} work instead of {day}?",
            "Could we swap {day} for {day2}? {reason}.",
            "Can I move my {session}?",
            "Need to move {day}, sorry!",
        ],
    ),
    (
        "reschedule",
        0,
        "scheduling",
        [
            "I need to reschedule {day}, {reason}.",
            "Can I reschedule my {session}?",
            "Can we reschedule? {reason}.",
            "Do you have anything open on {day2}? I need to reschedule.",
            "reschedule pls, {reason}",
            "Is there a slot on {day2} at {time}?",
            "Could I get a later time on {day}?",
            "Do you have any openings {day2}?",
            "I'd like to book {day2} at {time} if it's free.",
            "Is {time} on {day2} still available?",
            "what times do you have {day2}",
        ],
    ),
    (
        "cancel",
        0,
        "scheduling",
        [
            "I have to cancel {day}, {reason}. Sorry for the short notice.",
            "Cancelling my {session} {day}, {reason}.",
            "Sorry, I need to cancel today. {reason}.",
            "can't make it {day}, {reason}",
            "Please cancel my {session} on {day}.",
            "I won't be able to come {day}. Will I be charged the late cancel fee?",
            "Need to cancel {day}, sick with a cold",
            "Unfortunately I have to cancel {day}. Can we find another slot?",
        ],
    ),
    (
        "running_late",
        0,
        "scheduling",
        [
            "Running late",
            "Running late {day}",
            "Running about {minutes} minutes late, sorry!",
            "Running about {minutes} minutes late for my {session} {day}, sorry!",
            "running {minutes} min late, {late_reason}",
            "I'll be {minutes} minutes late, {late_reason}.",
            "On my way, {late_reason}, be there in {minutes}",
            "Stuck in traffic, {minutes} mins late",
            "omw!",
            "Be there in {minutes}",
            "Sorry running behind, {late_reason}",
            "Running late tomorrow",
            "running late!!",
            "I'm going to be a little late.",
        ],
    ),
    (
        "confirm",
        0,
        "scheduling",
        [
            "See you {day}",
            "See you {day}!",
            "See you then",
            "Thanks, see you then",
            "Confirming {day} at {time}.",
            "Just confirming our {session} {day} at {time}.",
            "Is our {session} at {time} or later?",
            "Are we still on for {day}?",
            "Is {day} in person or on Zoom?",
            "Also is {time} ok?",
            "Is {time} ok?",
            "Does {time} work?",
            "{time} works for me",
            "Yes {day2} at {time} works",
            "Perfect, {day} at {time} it is.",
            "Got it, see you {day}.",
            "Talk {day}.",
        ],
    ),
    (
        "call_back",
        0,
        "admin",
        [
            "please call me back",
            "Please call me back when you get a chance.",
            "Hi, it's about next week's appointment, please call me back",
            "Can you call me back? It's about {day}.",
            "Could someone call me back about billing?",
            "Call me when you can, nothing urgent.",
            "I left a voicemail, please call back about scheduling.",
            "Hi, returning your call.",
            "Sorry I missed your call, I'm free after {time}.",
            "You can reach me at this number after {time}.",
            "Can you give me a call about the {form}?",
        ],
    ),
    (
        "fragments",
        0,
        "short",
        [
            "{ordinal} thing",
            "a third thing",
            "another thing",
            "one thing",
            "{ordinal} question",
            "One more scheduling question.",
            "Quick question",
            "Also",
            "one more thing",
            "sorry one more thing",
            "And another question",
            "Two things:",
            "oh and",
            "hello?",
            "Hello?",
            "hi",
            "hey",
            "Hello, is this the counseling office?",
            "Is this the right number for the office?",
            "warming up",
            "testing",
            "test",
            "is this working?",
            "Hi, is this Dr. Patel's office?",
            "just checking this number works",
        ],
    ),
    (
        "one_word",
        0,
        "short",
        [
            "ok",
            "Ok",
            "okay",
            "OK!",
            "k",
            "yes",
            "Yes",
            "yep",
            "yup",
            "no",
            "nope",
            "sure",
            "thanks!",
            "Thanks",
            "thank you",
            "ty",
            "great",
            "perfect",
            "sounds good",
            "will do",
            "done",
            "got it",
            "cool",
            "👍",
            "🙏",
            "😊",
            "ok thanks",
            "yes please",
            "no worries",
            "Sounds good!",
            "Awesome, thanks",
            "see u then",
            "cya",
            "👌",
        ],
    ),
    (
        "thanks",
        0,
        "thanks",
        [
            "{thanks} for today.",
            "{thanks}, that session really helped.",
            "{thanks} for fitting me in.",
            "{thanks} for the reminder!",
            "{thanks} for your patience with me.",
            "Just wanted to say {thanks} for everything this year.",
            "{thanks}, I feel a lot lighter after today.",
            "{thanks} for sending that over.",
            "{thanks}! See you {day}.",
        ],
    ),
    (
        "billing",
        0,
        "billing",
        [
            "Could you send me a {doc} for {month}? {insurer} needs it.",
            "Can I get a {doc} for {month}?",
            "Do you take {insurer}?",
            "I think I was charged twice in {month}.",
            "Can I pay by bank transfer this month?",
            "My card on file expired, how do I update it?",
            "{insurer} denied the claim, can you resend with the {doc}?",
            "How much is a session out of pocket?",
            "Is the late cancel fee the full amount?",
            "Can I use my HSA card?",
            "I got a bill for {month}, can you check it?",
            "what's my balance",
            "Do you offer a sliding scale?",
            "My insurance changed in {month}, what do you need from me?",
            "Please send the {doc} to my email.",
        ],
    ),
    (
        "forms",
        0,
        "admin",
        [
            "I filled out the {form}.",
            "Where do I find the {form}?",
            "Do I need to redo the {form}?",
            "Sent the {form} back, let me know if anything's missing.",
            "Can you resend the {form}? The link expired.",
            "I signed the {form} on the portal.",
            "What should I put for emergency contact on the {form}?",
            "Is the {form} required before the first session?",
            "my {form} didn't save, should I do it again",
        ],
    ),
    (
        "tech",
        0,
        "tech",
        [
            "{tech} {tech_problem}.",
            "Hi, {tech} {tech_problem}, can you send a new link?",
            "I can't get into {tech}, it {tech_problem}.",
            "{tech} {tech_problem} again",
            "Is {tech} down? It {tech_problem}.",
            "My wifi dropped, can you hear me?",
            "Can we switch to phone? {tech} {tech_problem}.",
            "I'm in the waiting room but nothing's happening",
            "the link isn't working",
            "Zoom or Doxy today?",
        ],
    ),
    (
        "homework",
        0,
        "homework",
        [
            "I did my homework",
            "I finished the worksheet",
            "I did the {homework} {minutes} times this week.",
            "Finished the {homework}, can't wait to talk about it.",
            "I didn't get to the {homework}, sorry. Work was nuts.",
            "Quick update: did the {homework} most days.",
            "The {homework} was harder than I expected.",
            "I tried {skill} and it helped a bit.",
            "I've been journaling every night like we said.",
            "Do you want me to bring the {homework} on {day}?",
            "I kept the mood log, mostly 5s and 6s.",
            "Homework done ✅",
            "did the {homework}!",
            "I noticed a pattern in my {homework}: Sunday nights are worst.",
        ],
    ),
    (
        "symptom_update",
        0,
        "update",
        [
            "Had a rough night, {skill} helped a little. Talk {day}.",
            "Sleep has been better this week.",
            "Panic attack on the train {day} but I got through it with {skill}.",
            "My anxiety has been high but manageable.",
            "Feeling {feeling} today but okay.",
            "Mood is a bit better since starting the new meds.",
            "Still having trouble sleeping, maybe 5 hours a night.",
            "Appetite is back to normal.",
            "I had a bad day {day} but I used {skill}.",
            "The new medication makes me a bit nauseous, should I ask my psychiatrist?",
            "I've had fewer panic attacks this week.",
            "I cried a lot this weekend, mostly about my dad. I'm okay though.",
            "Feeling low but safe. Just wanted you to know before {day}.",
        ],
    ),
    (
        "venting",
        0,
        "venting",
        [
            "This week was awful.",
            "I'm so tired of {stressor}.",
            "I'm so tired of my job",
            "{stressor} is driving me crazy.",
            "Ugh, {stressor} again. I'm {feeling}.",
            "I'm so {feeling} about {stressor}, can we talk about it {day}?",
            "Today sucked. {stressor} was a nightmare.",
            "I can't stand {stressor} anymore, I need a new plan.",
            "I'm exhausted, {stressor} is too much right now.",
            "worst week ever honestly",
            "I'm sick of feeling {feeling} all the time.",
            "I feel like giving up on {stressor}, honestly.",
            "I hate {stressor} so much",
            "I had a fight with {person} and I'm still upset.",
            "I'm done with {stressor}. Going to look for something else.",
            "Everything feels heavy lately but I'm hanging in there.",
            "I feel stuck with {stressor}. I want to talk about it {day}.",
        ],
    ),
    (
        "boundary",
        0,
        "boundary",
        [
            "I sent you {social}, hope that's okay!",
            "Would you want to grab coffee sometime, as friends?",
            "I got you {gift}, can I drop it off {day}?",
            "Can I add you on Facebook?",
            "My friend wants to start therapy, could you see her too?",
            "Could you write a letter for my court case?",
            "Is it okay if I text you on weekends?",
            "I saw you at the grocery store, should I have said hi?",
            "Can I bring my {pet} to the {session}?",
            "Are you on Instagram?",
            "Would it be weird if I invited you to my graduation?",
            "Can I give you a hug at our last {session}?",
        ],
    ),
    (
        "figurative",
        0,
        "figurative",
        [
            "{figure}, running late",
            "{figure}!",
            "{figure} lol",
            "I could die of embarrassment",
            "I nearly died laughing at that meme",
            "My boss will kill me if I'm late again",
            "I'm dead tired",
            "that joke killed me",
            "lol I'm dead 💀",
            "I'm dying to tell you about my week",
            "mom is going to kill me when she sees the bill",
            "I killed it at my presentation today!",
            "I'd kill for a coffee right now",
            "This cold is killing me, might need to do telehealth",
            "the kids are driving me insane, going to lose my mind lol",
            "Died at the gym today haha, legs are jelly",
            "I almost killed my plant again",
            "My phone is dead, emailing from my laptop",
            "I'm dying of boredom at this conference",
            "The new season of that show slaps, I'm obsessed",
            "This exam is going to be the death of me",
            "I bombed the interview, I want to crawl under a rock",
            "I shot you an email about {day}",
            "my battery's about to die, call you later",
            "killing time before my {session}",
            "knock 'em dead, that's what my coach says",
            "ugh I could just scream",
        ],
    ),
    (
        "negated_past",
        0,
        "negated",
        [
            "I'm not suicidal, just stressed.",
            "Don't worry, I'm not going to hurt myself, I'm just really {feeling}.",
            "Last year I had dark thoughts but I'm okay now.",
            "No thoughts of self-harm this week.",
            "I haven't cut in over a year, feeling proud.",
            "Years ago I attempted, but that's not where I am now. Just processing it.",
            "No urges this week, the safety plan is working.",
            "I'm safe, just tired and {feeling}.",
            "To be clear I'm not in danger, I just need to vent about {stressor}.",
            "I used to have suicidal thoughts in college, I want to talk about that history sometime.",
            "Not having any thoughts of hurting myself, promise.",
            "I would never do anything to hurt myself, I just feel {feeling}.",
        ],
    ),
    (
        "crisis_line_question",
        0,
        "info",
        [
            "What's the number for the crisis line, just to have it saved?",
            "If I need help after hours, who do I call?",
            "Is 988 the right number in an emergency?",
            "Do you have an after-hours line?",
            "What's your policy if someone texts at night?",
            "Do you answer messages on weekends?",
            "Just checking, what happens if I message after hours?",
            "Can you send me the crisis resources list for my safety plan?",
            "My friend asked about suicide prevention training, do you know any?",
            "I'm doing a presentation on suicide awareness for school, any resources?",
        ],
    ),
    (
        "third_party_benign",
        0,
        "other",
        [
            "{person} is going through a rough time, how can I support them?",
            "{person}'s {pet} died and they're heartbroken.",
            "{person} got a new job, I'm so happy for them!",
            "{person} has the flu so I might need telehealth {day}.",
            "Can {person} join our {session} on {day}?",
            "{person} wants to know if you take new clients.",
            "{person} was diagnosed with ADHD, any book suggestions?",
        ],
    ),
    (
        "long_benign",
        0,
        "long",
        [
            "Hi, sorry to email on a weekend. I wanted to ask if we can move {day} to {day2} because {reason}. Also, I finished the {homework} and noticed I feel worst on Sunday nights. {insurer} also asked for a {doc} for {month}, could you send it when you have a chance? {thanks}.",
            "Quick update before {day}: the week was {feeling} but manageable. I tried {skill} twice and it helped with the racing thoughts at night. {stressor} is still the main stressor. See you at {time}.",
            "Hello, I'm writing about my {session} on {day}. {reason}, so could we do {time} instead? If not, {day2} works too. Also the {form} link expired, could you resend it? Thanks so much.",
            "Weekly check-in as agreed: Mood 6/10 on average. Sleep okay. Did the {homework} on four days. Struggles: still avoiding calls to {person}. Wins: went for a walk every morning. Urges: none.",
            "I wanted to share that I had a really hard conversation with {person} this week and it went better than I expected. I used the script we practiced. I'm tired but proud. Can we talk about it {day}?",
            "Hi, I got a bill for {month} but I think I cancelled more than 24 hours ahead. Could you check? Also, {insurer} needs the {doc} with the diagnosis code. No rush, {day} is fine.",
            "This week was awful honestly. {stressor} was a disaster, I cried in the car twice, and I barely slept. I'm safe, I just feel {feeling} and wanted to get it out before our {session}.",
        ],
    ),
]

# Crisis families ------------------------------------------------------------------------
CRISIS: list[Family] = [
    (
        "want_die",
        1,
        "suicidal_ideation",
        [
            "I want to die",
            "i want to die",
            "i just want to die",
            "I want to kill myself",
            "I want to end my life",
            "i wanna die",
            "I want to die {time_now}",
            "I can't go on, I want to kill myself {time_now}",
            "i really want to die rn",
            "want to die",
            "I'm thinking about killing myself",
            "I keep thinking about suicide",
            "I've been having suicidal thoughts again",
            "im going to kill myself",
            "I'm going to end it {time_now}",
            "i want to end it all",
            "i wanna kms",
            "thinking about ending it",
            "Honestly I want to die and I don't know what to do",
            "i'm suicidal",
            "I feel suicidal {time_now}",
        ],
    ),
    (
        "cant_go_on",
        1,
        "suicidal_ideation",
        [
            "cant do this anymore",
            "I can't do this anymore. I'm done.",
            "I can't go on",
            "i cant keep going like this, i want out",
            "I'm done. I can't keep living like this.",
            "I give up on everything, I don't want to be alive",
            "i cant take it anymore i want it to stop forever",
            "I'm so tired of living",
            "I don't want to live anymore",
            "i dont want to be alive anymore",
            "what's the point of living anymore",
            "I'm done fighting. I don't want to be here.",
            "i dont want to be here anymore",
            "I'm ready to give up on life",
        ],
    ),
    (
        "burden",
        1,
        "suicidal_ideation",
        [
            "nobody would miss me",
            "nobody would even notice if i was gone",
            "Everyone would be better off without me.",
            "I'm just a burden, they'd be better off if I was dead",
            "no one would care if I disappeared forever",
            "the world would be better without me in it",
            "my family would be better off without me",
            "if i died tomorrow nobody would notice",
            "I don't deserve to live",
            "I'm a burden to everyone and I want to disappear for good",
        ],
    ),
    (
        "no_wake",
        1,
        "suicidal_ideation",
        [
            "i dont want to wake up anymore",
            "I hope I don't wake up tomorrow",
            "I want to go to sleep and never wake up",
            "If I don't wake up tomorrow that's fine with me",
            "i keep praying i wont wake up",
            "I wish I could just not exist",
            "I wish I was dead",
            "i wish i wasnt alive",
            "I wish I'd never been born, I want to disappear forever",
        ],
    ),
    (
        "goodbye",
        1,
        "goodbye",
        [
            "this is my last message, goodbye",
            "this is goodbye. thank you for everything",
            "Goodbye. Thank you for trying to help me.",
            "I just wanted to say thank you for everything before I go.",
            "By the time you read this I'll be gone.",
            "I won't be at our next session. Goodbye.",
            "Please tell my family I love them. I'm sorry.",
            "I've written letters to everyone. This is the last one. Thank you.",
            "I'm giving my things away, I won't need them anymore.",
            "i wont be around much longer. thanks for everything",
            "Sorry for everything. I won't bother anyone anymore. Bye.",
            "this is the end for me. goodbye",
            "I'm saying goodbye to everyone tonight.",
        ],
    ),
    (
        "plan_means",
        1,
        "plan_means",
        [
            "I have the pills ready",
            "I have {means} and I won't be here tomorrow",
            "I have the pills counted out and I won't be here tomorrow",
            "I've been saving up {pills} to take all at once",
            "I bought a rope today",
            "I'm at {place} and I'm going to jump",
            "I'm standing on {place}",
            "I'm going to take all my {pills} {time_now}",
            "I have {means} in front of me",
            "i'm on {place} and i cant do this anymore",
            "I have a plan and I'm going to do it {time_now}",
            "Ive got {means}. tonight's the night",
            "I looked up how many {pills} it would take to die",
            "I'm going to drive into a tree {time_now}",
            "I wrote the note and I have {means}",
        ],
    ),
    (
        "self_harm",
        1,
        "self_harm",
        [
            "I cut again tonight",
            "i cut myself again",
            "I relapsed and cut last night",
            "I hurt myself again today",
            "I've been cutting again",
            "I burned myself again tonight",
            "i want to cut so bad rn",
            "I can't stop wanting to hurt myself",
            "I'm bleeding and I can't stop it",
            "I cut deeper than usual and it won't stop bleeding",
            "I keep hitting myself when I'm alone",
            "I'm scared of what I'll do to myself {time_now}",
            "I don't feel safe with myself {time_now}",
            "I can't keep myself safe {time_now}",
        ],
    ),
    (
        "harm_others",
        1,
        "harm_to_others",
        [
            "I'm going to hurt him when he gets home",
            "I'm going to kill {target}",
            "I want to hurt {target} so bad, I'm going over there {time_now}",
            "I swear I'm going to kill {target} {time_now}",
            "I'm going to make {target} pay, I have a knife",
            "I have a gun and I'm going to use it on {target}",
            "if {target} says one more word I'm going to stab them",
            "I'm afraid I'm going to hurt my baby",
            "I keep thinking about hurting my kids and it scares me",
            "I'm going to beat the crap out of {target} {time_now}",
            "I'm going to burn his house down {time_now}",
        ],
    ),
    (
        "abuse_danger",
        1,
        "abuse_danger",
        [
            "he's hitting me and I'm scared",
            "he is hitting me again and I'm not safe",
            "{abuser} hit me again and I'm scared to go home",
            "I'm not safe at home, {abuser} is threatening me",
            "{abuser} said they'll kill me if I leave",
            "I'm hiding in the bathroom, {abuser} is trying to break the door down",
            "{abuser} choked me last night",
            "{abuser} has a gun and says they'll use it on me",
            "please help, {abuser} is going to hurt me",
            "im scared {abuser} is going to kill me",
            "{abuser} locked me in and took my phone, I'm using my friend's",
            "I'm afraid for my life",
            "{abuser} beat me up again and I'm bleeding",
            "I'm not safe tonight, {abuser} is drunk and throwing things at me",
        ],
    ),
    (
        "medical",
        1,
        "medical_emergency",
        [
            "I took too many pills",
            "I took all my pills",
            "I took {pills_od} an hour ago",
            "I swallowed the whole bottle",
            "i overdosed",
            "I think I overdosed, I feel really weird",
            "I took {pills_od} and I can't stay awake",
            "I drank bleach",
            "I took {pills_od} with a lot of alcohol and I'm scared",
            "I can't breathe and my chest hurts, I took something",
        ],
    ),
    (
        "third_party",
        1,
        "other",
        [
            "my sister said she wants to die",
            "{person} said they want to kill themselves",
            "{person} just texted me goodbye and isn't answering",
            "{person} took a bunch of pills",
            "{person} is talking about suicide",
            "{person} is on {place} and says they're going to jump",
            "{person} has been cutting again and it's bad",
            "I'm scared {person} is going to kill themselves {time_now}",
            "{person} left a suicide note",
            "{person} overdosed last night and is in the ICU",
            "{person} says {pronoun_other} wants to end it all",
        ],
    ),
    (
        "mixed_buried",
        1,
        "mixed",
        [
            "Can we move {day}? Also honestly I've been thinking about killing myself.",
            "Running late {day}. Not that it matters, I don't plan to be around much longer.",
            "Thanks for today. I just want you to know I've decided to end it {time_now}.",
            "Homework not done. I've been planning how to kill myself instead.",
            "I'm fine lol just want to die 🙃",
            "everything is fine except i want to kms",
            "Sorry for the late message. I'm in the bathroom with a razor and I don't trust myself.",
            "I know I said I was fine but I'm not. I have {means}.",
            "Can you send the {doc}? Also I don't think I'll be alive by {day}.",
            "See you {day}, if I'm still here. Honestly I don't want to be.",
        ],
    ),
    (
        "slang_noisy",
        1,
        "slang",
        [
            "kms",
            "i wanna unalive myself",
            "gonna kms fr",
            "ready to ctb",
            "thinking abt sewerslide ngl",
            "i want to d*e",
            "wanna die 💀💀 not joking",
            "i cant anymore 😭 i want to die",
            "im done im so done i dont want to live",
            "lowkey want to die every day",
            "want to sleep forever 😔",
            "i'm going to off myself",
            "i want to kys myself",
            "idk how much longer i can stay alive",
        ],
    ),
    (
        "long_crisis",
        1,
        "long",
        [
            "Hi, sorry to bother you on a {day}. I've been trying to hold it together since our last {session} but things are worse. I haven't slept in days, {stressor} fell apart, and tonight I sat with {means} for an hour. I don't think I can keep myself safe.",
            "I wanted to write this down while I still can. Thank you for everything you've done, it wasn't your fault. I've made my decision and I won't be at our {session} on {day}. Please tell {person} I love them.",
            "Weekly check-in: Mood 2/10. Sleep: barely. Homework: didn't do it. Urges: constant, I cut again last night and I keep thinking about taking all my {pills}. I'm scared.",
            "Hi, quick admin thing first, {insurer} needs a {doc}. The real reason I'm writing is that {abuser} hit me again last night and said next time he'll kill me. I'm not safe at home.",
            "I know we said to talk about this in session, but I can't wait until {day}. I keep thinking everyone would be better off without me and I've started giving my things away.",
        ],
    ),
]

# Added after the first training run showed short sign-offs and status words
# ("See you Tuesday", "warming up") still crossing the threshold. Kept last so the
# rows generated before them stay the same.
EXTRA: list[Family] = [
    (
        "status_words",
        0,
        "short",
        [
            "See you {day} then",
            "see u {day}",
            "see you on {day}",
            "See you {day}!!",
            "Talk to you {day}",
            "Until {day}!",
            "warming up",
            "stretching",
            "just woke up",
            "heading out now",
            "almost there",
            "in the waiting room",
            "brb",
            "on the bus",
            "parking now",
            "logging on",
            "getting set up",
            "coffee first",
            "one sec",
            "give me a minute",
            "testing my mic",
            "cooling down after my run",
            "packing up",
            "all good",
        ],
    ),
]

# Posts and tweets: the shape of the public sets' texts (forum posts, tweets), written
# for this project after the public sets showed the head missing oblique crisis posts.
# Added last so the rows generated before them stay the same.
POSTS: list[Family] = [
    (
        "post_crisis",
        1,
        "post",
        [
            "{ctx} I just want it all to stop. Permanently. {close}",
            "{ctx} Every night I lie awake thinking about how I'd do it. {close}",
            "{ctx} I've been looking up how many of my {pills} it would take. {close}",
            "{ctx} I don't see myself making it to my next birthday and honestly I'm at peace with that. {close}",
            "{ctx} I wrote letters to my family tonight. I think this is it. {close}",
            "{ctx} i keep thinking everyone would be happier if i just wasnt here anymore {close}",
            "{ctx} i dont want to wake up tomorrow. i mean it this time {close}",
            "{ctx} i have a plan and a date. i just wanted to tell someone before {close}",
            "{ctx} Tonight I stood on the bridge for an hour. Next time I don't think I'll step back. {close}",
            "{ctx} i am so tired of existing. i want to go to sleep and never wake up {close}",
            "{ctx} The only reason I'm still here is my cat and I don't know how long that will hold. {close}",
            "{ctx} I'm done. I've given away my stuff and I'm ready to go. {close}",
            "{ctx} im gonna end it this weekend, nobody will even notice {close}",
            "{ctx} i cut again last night, deeper than before, and part of me wishes i hadnt stopped {close}",
            "{ctx} I keep staring at the rope in my closet. {close}",
            "{ctx} what is even the point of living like this. i want out {close}",
            "{ctx} I'm a burden to everyone and they'd all be better off if I was dead. {close}",
            "{ctx} my life is meaningless and i want it to end so badly {close}",
            "{ctx} I tried to overdose last week and I'm angry it didn't work. {close}",
            "{ctx} been thinking about driving into a tree on the highway every single day {close}",
            "{ctx} I've been saving up my pills for a month now. {close}",
            "{ctx} i cant do this anymore. ive decided, tonight is the night {close}",
            "{ctx} Nobody would care if I disappeared for good, so why not. {close}",
            "{ctx} i wish i had the guts to just kill myself already {close}",
            "{ctx} some days i think the train tracks are the only way out {close}",
            "{ctx} i feel like my only option left is to die {close}",
            "{ctx} I want to die. I'm not being dramatic, I really want to die. {close}",
            "{ctx} i wish i had never been born. i want to go to sleep forever {close}",
            "{ctx} everytime i drive over the bridge i think about just turning the wheel {close}",
            "{ctx} i dont think ill be around much longer and im ok with it {close}",
        ],
    ),
    (
        "post_benign",
        0,
        "post",
        [
            "{ctx} I just feel so lonely all the time and I don't know how to make friends. {close}",
            "{ctx} I've been really depressed and I can't get out of bed most days. {close}",
            "{ctx} I hate myself for wasting another weekend doing nothing. {close}",
            "{ctx} Everything feels grey and pointless lately, but I'm seeing a therapist and trying. {close}",
            "{ctx} i feel empty and numb, like im just going through the motions {close}",
            "{ctx} I cried in the car again today. Just tired of everything. {close}",
            "{ctx} Does anyone have tips for motivation? I can't even shower some days. {close}",
            "{ctx} my anxiety is through the roof and i cant stop overthinking {close}",
            "{ctx} I feel worthless at work and I'm scared I'll get fired. {close}",
            "{ctx} I'm not suicidal or anything, I just feel really down and wanted to vent. {close}",
            "{ctx} i used to self harm in high school but im 3 years clean and proud of it {close}",
            "{ctx} I'm so sick of being the one who always texts first. {close}",
            "{ctx} Finally got out of bed and went for a walk. Small win. {close}",
            "{ctx} i miss who i was before all this, i hope i find my way back {close}",
            "{ctx} My depression makes me feel like a ghost in my own life. {close}",
            "{ctx} I keep comparing myself to everyone on instagram and it's killing my self esteem. {close}",
            "{ctx} how do you deal with feeling like a failure all the time? {close}",
            "{ctx} nobody understands how exhausting it is to pretend to be ok {close}",
            "{ctx} I finally told my parents I have depression and they were supportive. {close}",
            "{ctx} the new meds make me sleepy but i think theyre helping {close}",
            "{ctx} i feel broken and i dont know how to fix it, but im not giving up {close}",
            "{ctx} I wish I had more energy. Everything is so hard right now. {close}",
            "{ctx} I had dark thoughts a few years ago but I'm in a much better place now. {close}",
            "{ctx} my heart is broken and i cant stop crying over her {close}",
            "{ctx} I'm so stressed about money I feel sick. {close}",
            "{ctx} i hate my life right now lol everything is going wrong {close}",
            "{ctx} I'm tired of fighting with my mom every single day. {close}",
            "{ctx} does it ever get better? i feel stuck {close}",
            "{ctx} I want to disappear to a cabin in the woods for a month and not talk to anyone. {close}",
            "{ctx} i would never hurt myself but i wish i could just feel something {close}",
        ],
    ),
    (
        "tweet_crisis",
        1,
        "tweet",
        [
            "cant wait to die honestly",
            "i hope i dont wake up tomorrow",
            "i wanna die so bad rn",
            "tired of living tbh",
            "no reason to live anymore",
            "i want to end it all",
            "im so done with life",
            "life isnt worth living",
            "gonna end it tonight. goodbye",
            "i just want to be dead",
            "i really want to kill myself",
            "everyone would be better off without me",
            "i dont want to exist anymore",
            "thinking about ending my life again",
            "cut myself again tonight",
            "ready to die tbh",
            "someone please stop me before i do something i cant take back",
            "i dont see a point in living",
            "ill be gone soon dont worry",
            "i wish i was never born",
        ],
    ),
    (
        "tweet_benign",
        0,
        "tweet",
        [
            "this homework is killing me",
            "i could sleep for a week lol",
            "dying to see that movie",
            "ugh monday again",
            "my phone died in the middle of the exam lol",
            "just finished my first 5k!!",
            "anyone want to get food later",
            "cant believe the game last night",
            "i hate mondays so much",
            "so bored in class rn",
            "this song is everything",
            "feeling kinda down today ngl",
            "lowkey sad the weekend is over",
            "i need a nap and a hug",
            "my cat is the only one who understands me",
            "new haircut who dis",
            "traffic is the worst",
            "the season finale destroyed me",
            "going to the gym, wish me luck",
            "so lonely on a friday night lol",
        ],
    ),
]


# Surface noise -------------------------------------------------------------------------
MISSPELL = {
    "can't": ["cant", "can't", "cnt"],
    "don't": ["dont", "don't", "dnt"],
    "i'm": ["im", "i'm", "Im"],
    "want to": ["wanna", "want to", "want 2"],
    "going to": ["gonna", "going to"],
    "tomorrow": ["tmrw", "tomorrow", "tomorow", "2moro"],
    "tonight": ["tonite", "tonight", "2nite"],
    "you": ["u", "you"],
    "please": ["pls", "plz", "please"],
    "thanks": ["thx", "thanks", "thnks"],
    "anymore": ["anymore", "any more", "anymor"],
    "really": ["rly", "really", "realy"],
    "session": ["session", "sesion", "sesh"],
    "appointment": ["appointment", "appt", "apointment"],
    "because": ["bc", "cuz", "because"],
    "about": ["abt", "about"],
    "myself": ["myself", "myslef", "my self"],
    "right now": ["rn", "right now"],
    "tired": ["tired", "tird"],
    "everything": ["everything", "evrything"],
    "wednesday": ["wednesday", "wed", "wensday"],
}
EMOJI_BENIGN = ["🙂", "😊", "🙏", "👍", "😅", "😬", "🤞", "😂", "☕", "📅"]
EMOJI_CRISIS = ["😭", "😔", "💔", "😞", "🥀", "😢", "🖤", "🙃", "😶"]


def _fill(template: str, rng: random.Random) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(BANK[m.group(1)]), template)


def _noise(text: str, crisis: int, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return text
    out = text
    if rng.random() < 0.5:
        out = out.lower()
    if rng.random() < 0.35:
        for word, options in MISSPELL.items():
            if word in out.lower() and rng.random() < 0.6:
                out = re.sub(
                    re.escape(word), rng.choice(options), out, count=1, flags=re.IGNORECASE
                )
    if rng.random() < 0.3:
        out = re.sub(r"[.,!?;:]", "", out)
    if rng.random() < 0.2:
        out = out.replace("'", "")
    if rng.random() < 0.15:
        out = out + " " + rng.choice(EMOJI_CRISIS if crisis else EMOJI_BENIGN)
    if rng.random() < 0.1 and len(out) > 12:  # a typo: swap two adjacent letters
        i = rng.randrange(1, len(out) - 2)
        if out[i].isalpha() and out[i + 1].isalpha():
            out = out[:i] + out[i + 1] + out[i] + out[i + 2 :]
    return out.strip() or text


def _frame(text: str, kind: str, rng: random.Random) -> str:
    """Greetings and sign-offs (not on one-word replies and fragments)."""
    if kind in ("short",) or len(text) < 6:
        return text
    greet = rng.choice(BANK["greet"]) if rng.random() < 0.35 else ""
    sign = rng.choice(BANK["sign"]) if rng.random() < 0.3 else ""
    if greet and text[:1].isupper() and not text.startswith("I ") and not text.startswith("I'"):
        text = text[0].lower() + text[1:]
    return (greet + text + sign).strip()


def heldout_templates(families: list[Family], seed: int = SEED) -> set[tuple[str, int]]:
    """A seeded 20 % of the templates of every family (at least one), held out whole
    with all their variants, so near-duplicates never sit on both sides of the split."""
    out: set[tuple[str, int]] = set()
    for name, _, _, templates in families:
        ranked = sorted(
            range(len(templates)),
            key=lambda i: hashlib.sha256(f"{seed}:{name}:{i}".encode()).hexdigest(),
        )
        out.update((name, i) for i in ranked[: max(1, round(HELDOUT_SHARE * len(templates)))])
    return out


def generate(
    seed: int = SEED, per_template: int = 14, per_fixed: int = 5
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(training rows, held-out rows); each row has id, text, crisis, family, kind.

    A template with slots gives up to `per_template` variants, a fixed one its plain
    text and up to `per_fixed - 1` noisy variants; exact duplicates are dropped."""
    rng = random.Random(seed)
    families = BENIGN + CRISIS + EXTRA + POSTS
    held = heldout_templates(families, seed)
    seen: set[str] = set()
    train: list[dict[str, str]] = []
    heldout: list[dict[str, str]] = []
    for name, label, kind, templates in families:
        for t_index, template in enumerate(templates):
            wanted = per_template if "{" in template else per_fixed
            made = 0
            for attempt in range(wanted * 3):
                if made >= wanted:
                    break
                base = _fill(template, rng)
                if kind in ("post", "tweet"):  # an empty {ctx} or {close} leaves spaces
                    base = " ".join(base.split())
                text = base if attempt == 0 else _noise(_frame(base, kind, rng), label, rng)
                key = text.lower().strip()
                if key in seen or not key:
                    continue
                seen.add(key)
                made += 1
                row = {
                    "id": f"gen-{name}-{t_index:02d}-{made:02d}",
                    "text": text,
                    "crisis": str(label),
                    "family": name,
                    "kind": kind,
                }
                (heldout if (name, t_index) in held else train).append(row)
    return train, heldout


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "text", "crisis", "family", "kind"])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(rows: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(rows).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fail if the files on disk differ")
    options = parser.parse_args(argv)
    train, heldout = generate()
    if options.check:
        ok = True
        for rows, path in ((train, OUT_TRAIN), (heldout, OUT_HELDOUT)):
            ok &= path.exists() and render(rows).encode("utf-8") == path.read_bytes()
        print("up to date" if ok else "out of date: run python -m training.inbox_corpus")
        return 0 if ok else 1
    write(train, OUT_TRAIN)
    write(heldout, OUT_HELDOUT)

    def count(rows: list[dict[str, str]], c: str) -> int:
        return sum(r["crisis"] == c for r in rows)

    print(f"{OUT_TRAIN.name}: {len(train)} rows ({count(train, '1')} crisis)")
    print(
        f"{OUT_HELDOUT.name}: {len(heldout)} rows ({count(heldout, '1')} crisis); {len(heldout_templates(BENIGN + CRISIS + EXTRA + POSTS))} held-out templates"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
