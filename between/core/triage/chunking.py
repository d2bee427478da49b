"""Split long texts into model-sized windows.

all-MiniLM-L6-v2 was trained on 128-token inputs, and a crisis sentence buried in a
long email is diluted if the whole email is squeezed into one vector. So the text is
cut into overlapping windows of at most 126 word pieces (plus [CLS] and [SEP]); the
learned head sees the mean and the maximum of the window embeddings.
"""

from __future__ import annotations

from between.core.triage.tokenizer import WordPieceTokenizer

WINDOW = 126  # word pieces per window; 128 with [CLS] and [SEP]
OVERLAP = 16  # so a sentence cut at a window edge is seen whole in the next window
MAX_WINDOWS = 128  # about 14,000 word pieces (some 10,000 words); the rules read the rest


def windows(tokenizer: WordPieceTokenizer, text: str) -> list[list[int]]:
    """Token-id windows, each wrapped in [CLS] ... [SEP]; at least one window."""
    ids = tokenizer.encode_words(text)
    if len(ids) <= WINDOW:
        return [[tokenizer.cls_id, *ids, tokenizer.sep_id]]
    stride = WINDOW - OVERLAP
    out: list[list[int]] = []
    start = 0
    while start < len(ids) and len(out) < MAX_WINDOWS:
        piece = ids[start : start + WINDOW]
        out.append([tokenizer.cls_id, *piece, tokenizer.sep_id])
        if start + WINDOW >= len(ids):
            break
        start += stride
    return out
