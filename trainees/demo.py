"""Demo data of the trainees app, run by `manage.py seed_demo` after the catalogue's. Idempotent."""


def load(stdout=None) -> str:
    return "nothing yet"
