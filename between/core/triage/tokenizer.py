"""BERT uncased WordPiece tokenizer in plain Python.

It reproduces the `tokenizers` pipeline that ships with all-MiniLM-L6-v2
(BertNormalizer with clean_text, Chinese-character padding, lowercase and accent
stripping; BertPreTokenizer; WordPiece with "##" continuations and a 100-character
word limit), so the embedding layer needs no Rust wheel and no Hugging Face hub
client at run time. training/check_tokenizer.py compares it with `tokenizers`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

MAX_WORD_CHARS = 100


def _is_control(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def _is_whitespace(ch: str) -> bool:
    if ch in " \t\n\r":
        return True
    return unicodedata.category(ch) == "Zs"


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    # BERT treats every non-alphanumeric ASCII character as punctuation, even "$" and "^".
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


@lru_cache(maxsize=4096)
def _char_class(ch: str) -> int:
    """0 keep, 1 drop, 2 whitespace, 3 punctuation (own token), 4 CJK (own token)."""
    cp = ord(ch)
    if cp == 0 or cp == 0xFFFD or _is_control(ch):
        return 1
    if _is_whitespace(ch):
        return 2
    if _is_cjk(cp):
        return 4
    if _is_punctuation(ch):
        return 3
    return 0


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def basic_tokenize(text: str) -> list[str]:
    """Normalise and split into words and single punctuation marks."""
    words: list[str] = []
    current: list[str] = []
    for ch in text:
        kind = _char_class(ch)
        if kind == 0:
            current.append(ch)
            continue
        if kind == 1:  # removed without splitting the word, as BertNormalizer does
            continue
        if current:
            words.append("".join(current))
            current = []
        if kind >= 3:
            words.append(ch)
    if current:
        words.append("".join(current))
    out: list[str] = []
    for word in words:
        # Lowercasing and accent stripping can produce punctuation again (rare); split after.
        norm = _strip_accents(word.lower())
        if norm.isascii() and norm.isalnum():
            out.append(norm)
            continue
        piece: list[str] = []
        for ch in norm:
            kind = _char_class(ch)
            if kind == 0:
                piece.append(ch)
            elif kind != 1:
                if piece:
                    out.append("".join(piece))
                    piece = []
                if kind >= 3:
                    out.append(ch)
        if piece:
            out.append("".join(piece))
    return out


class WordPieceTokenizer:
    """Turns text into vocabulary ids for the MiniLM encoder."""

    def __init__(self, vocab: Iterable[str]) -> None:
        self.vocab: dict[str, int] = {}
        for index, token in enumerate(vocab):
            self.vocab[token] = index
        self.unk_id = self.vocab["[UNK]"]
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self.pad_id = self.vocab["[PAD]"]
        self._cache: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_file(cls, path: Path) -> WordPieceTokenizer:
        with path.open(encoding="utf-8") as handle:
            return cls(line.rstrip("\n") for line in handle)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(word) > MAX_WORD_CHARS:
            result: tuple[int, ...] = (self.unk_id,)
        else:
            ids: list[int] = []
            start = 0
            ok = True
            while start < len(word):
                end = len(word)
                found = -1
                while start < end:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    idx = self.vocab.get(sub)
                    if idx is not None:
                        found = idx
                        break
                    end -= 1
                if found < 0:
                    ok = False
                    break
                ids.append(found)
                start = end
            result = tuple(ids) if ok else (self.unk_id,)
        if len(self._cache) < 200_000:
            self._cache[word] = result
        return result

    def encode_words(self, text: str) -> list[int]:
        """Word-piece ids of the text, without [CLS]/[SEP]."""
        ids: list[int] = []
        for word in basic_tokenize(text):
            ids.extend(self._word_ids(word))
        return ids

    def encode(self, text: str, max_length: int = 128) -> list[int]:
        """[CLS] ids [SEP], truncated to max_length like the reference tokenizer."""
        body = self.encode_words(text)[: max_length - 2]
        return [self.cls_id, *body, self.sep_id]
