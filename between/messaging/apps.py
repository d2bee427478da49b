from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "between.messaging"
    label = "messaging"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each channel package registers its transport and pager with the one contract.
        from between.channels import registry

        registry.register_all()
