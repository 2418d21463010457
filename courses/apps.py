from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "หลักสูตร / Courses"

    def ready(self):
        from config.slugs import install

        install()  # Thai slugs keep their vowels and tone marks (pages, snippets, admin forms)
