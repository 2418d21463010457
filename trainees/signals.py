"""Signals trainees sends so apps above it (search, partners) can react without trainees importing them."""

from django.dispatch import Signal

# Anything indexed about a graduate changed (profile, consent, discoverability, skills, certificates, hire).
# kwargs: trainee_id
graduate_changed = Signal()

# A new trainee account was created from the sign-up form. kwargs: trainee_id, referral_token ("" when none)
trainee_signed_up = Signal()
