"""Authenticated encryption for client content, with key rotation.

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``: a token that was altered or
made with an unknown key fails loudly instead of decrypting to garbage. ``MultiFernet``
encrypts with the first key and tries every key to decrypt, so a new key can be put in
front of the old ones and ``between rotate-keys`` can re-encrypt at leisure.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(Exception):
    """Stored content could not be decrypted with any configured key.

    Carries no ciphertext or plaintext so it is safe to log.
    """


@lru_cache(maxsize=4)
def _box(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def box() -> MultiFernet:
    return _box(tuple(settings.BETWEEN_ENCRYPTION_KEYS))


def encrypt(data: bytes) -> bytes:
    return box().encrypt(data)


def decrypt(token: bytes) -> bytes:
    try:
        return box().decrypt(token)
    except InvalidToken:
        raise DecryptionError(
            "stored content could not be decrypted with any configured key"
        ) from None


def rotate(token: bytes) -> bytes:
    """The same content re-encrypted under the newest key."""
    try:
        return box().rotate(token)
    except InvalidToken:
        raise DecryptionError(
            "stored content could not be decrypted with any configured key"
        ) from None
