"""JSON API of the trainees app (mounted under /api/ by config/api.py)."""

from ninja import Router

router = Router(tags=["trainees"])
