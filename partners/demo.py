"""Demo data of the partners app, run by `manage.py seed_demo` after the catalogue's. Idempotent."""


def load(stdout=None) -> str:
    return "nothing yet"
