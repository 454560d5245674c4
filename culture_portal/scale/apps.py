from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "culture_portal.scale"
    label = "scale"
    verbose_name = "Scale data and benchmarks"
