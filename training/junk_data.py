"""Junk the reader learns to leave alone: keyboard mashes, random characters, base64
blobs, repeated letters, punctuation, filler text, emoji spam and test messages.

A reader trained only on real messages reads noise as anything; the first fine-tuned
reader read "." and a line of random letters as danger. These rows teach it that junk is
``other`` and no crisis. Generated with a fixed seed, so retraining is reproducible;
nothing here resembles a blind set (which holds no junk of this kind).
"""

from __future__ import annotations

import base64
import random
import string

from training.reader_data import Example

COUNT = 600
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")
_HARMLESS_EMOJI = "😂🎉👍🙏😊🥳✨💯🔥😎🙌👀🍕🌮☕🎶🐶🌸"
_FILLER = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
]
_TESTS = (
    "test",
    "testing",
    "test 123",
    "this is a test",
    "prueba",
    "probando",
    "hello?",
    "hi",
    "ok",
    "k",
    "?",
    "Sent from my iPhone",
    "Enviado desde mi iPhone",
    "(no subject)",
    "ignore this",
)


def _mash(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(1, 30)):
        row = rng.choice(_KEYBOARD[:3])
        start = rng.randrange(len(row) - 2)
        words.append(row[start : start + rng.randint(2, len(row) - start)])
    return rng.choice((" ", "\n", "")).join(words)


def _random_chars(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + string.punctuation + "     "
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 1500)))


def _blob(rng: random.Random) -> str:
    data = base64.b64encode(rng.randbytes(rng.randint(20, 2000))).decode()
    return "\n".join(data[i : i + 76] for i in range(0, len(data), 76))


def _repeated(rng: random.Random) -> str:
    return rng.choice("aeiouxzhm.!?-_*=#") * rng.randint(2, 400)


def _punctuation(rng: random.Random) -> str:
    return "".join(rng.choice(".,!?;:-_*#@&()[]/\\ ") for _ in range(rng.randint(1, 80)))


def _filler(rng: random.Random) -> str:
    return " ".join(rng.choice(_FILLER) for _ in range(rng.randint(3, 300)))


def _emoji(rng: random.Random) -> str:
    sep = rng.choice(("", " "))
    return sep.join(rng.choice(_HARMLESS_EMOJI) for _ in range(rng.randint(1, 60)))


def _digits(rng: random.Random) -> str:
    return "".join(rng.choice(string.digits + " -+()") for _ in range(rng.randint(1, 60)))


def _test(rng: random.Random) -> str:
    return rng.choice(_TESTS)


MAKERS = (_mash, _random_chars, _blob, _repeated, _punctuation, _filler, _emoji, _digits, _test)


def junk_examples(count: int = COUNT, seed: int = 13) -> list[Example]:
    rng = random.Random(seed)
    return [Example(MAKERS[i % len(MAKERS)](rng), 0, "other", "junk", "en") for i in range(count)]
