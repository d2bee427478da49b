from between.channels.sms.tests.support import frozen, twilio_settings

__all__ = ["frozen", "twilio_settings"]
