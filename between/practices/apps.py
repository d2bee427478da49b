from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "between.practices"
    label = "practices"
    default_auto_field = "django.db.models.BigAutoField"
