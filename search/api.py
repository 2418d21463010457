"""JSON API of the search app (mounted under /api/ by config/api.py)."""

from ninja import Router

router = Router(tags=["search"])
