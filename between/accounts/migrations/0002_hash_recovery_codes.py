"""Recovery codes made before they were stored hashed: hash them in place, so they keep
working and no longer sit in the database as typed."""

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac

SALT = "between.accounts.two_factor.recovery_code"  # as two_factor.RECOVERY_SALT
TYPED_LENGTH = 8  # StaticToken.random_token(); a stored hash is 16 characters


def hash_typed_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all().iterator():
        if len(token.token) == TYPED_LENGTH:
            token.token = salted_hmac(
                SALT, token.token, secret=settings.SECRET_KEY, algorithm="sha256"
            ).hexdigest()[:16]
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_typed_codes, migrations.RunPython.noop)]
