import pytest
from django.db import connection
from django.utils import timezone

from between.conf.secrets import new_encryption_key
from between.crypto import box
from between.crypto.box import DecryptionError
from between.messaging.models import Message

SECRET = "I have been thinking about the thing we discussed"


def stored_columns(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, subject, raw FROM messaging_message WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.django_db
def test_plaintext_never_reaches_the_database(riverside):
    message = Message.objects.create(
        practice=riverside,
        channel="email",
        received_at=timezone.now(),
        dedupe_key="e1",
        subject="About the thing",
        body=SECRET,
        raw=f"Subject: x\n\n{SECRET}".encode(),
    )
    body, subject, raw = stored_columns(message.pk)
    assert SECRET not in body and "thing" not in subject
    assert SECRET.encode() not in bytes(raw)
    again = Message.objects.get(pk=message.pk)
    assert (again.body, again.subject) == (SECRET, "About the thing")
    assert again.raw is not None and SECRET.encode() in bytes(again.raw)


@pytest.mark.django_db
def test_old_keys_still_read_and_rotation_moves_to_the_new_one(riverside, settings):
    old, new = new_encryption_key().encode(), new_encryption_key().encode()
    settings.BETWEEN_ENCRYPTION_KEYS = [old]
    message = Message.objects.create(
        practice=riverside,
        channel="sms",
        received_at=timezone.now(),
        dedupe_key="s1",
        body=SECRET,
    )
    settings.BETWEEN_ENCRYPTION_KEYS = [new, old]
    assert Message.objects.get(pk=message.pk).body == SECRET

    from django.core.management import call_command

    call_command("rotate_keys")
    settings.BETWEEN_ENCRYPTION_KEYS = [new]
    assert Message.objects.get(pk=message.pk).body == SECRET


def test_a_wrong_key_fails_loudly_without_content(settings):
    settings.BETWEEN_ENCRYPTION_KEYS = [new_encryption_key().encode()]
    token = box.encrypt(SECRET.encode())
    settings.BETWEEN_ENCRYPTION_KEYS = [new_encryption_key().encode()]
    with pytest.raises(DecryptionError) as caught:
        box.decrypt(token)
    assert SECRET not in str(caught.value)
