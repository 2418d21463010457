from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = gettext_lazy("หลักสูตร")

    def ready(self):
        from config.slugs import install

        install()  # Thai slugs keep their vowels and tone marks (pages, snippets, admin forms)
