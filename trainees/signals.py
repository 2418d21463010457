"""Signals trainees sends so apps above it (search, partners) can react without trainees importing them."""

from django.db import transaction
from django.dispatch import Signal

# Anything indexed about a graduate changed (profile, consent, discoverability, skills, certificates, hire).
# kwargs: trainee_id
graduate_changed = Signal()


def announce_graduate_changed(trainee_id: int) -> None:
    """Send graduate_changed once the current transaction commits (nothing is announced for a rollback)."""
    transaction.on_commit(lambda: graduate_changed.send(sender=None, trainee_id=trainee_id))

# A new trainee account was created from the sign-up form. kwargs: trainee_id, referral_token ("" when none)
trainee_signed_up = Signal()
