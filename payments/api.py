"""JSON API of the payments app (mounted under /api/ by config/api.py)."""

from ninja import Router

router = Router(tags=["payments"])
