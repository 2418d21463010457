"""JSON API of the courses app (mounted under /api/ by config/api.py)."""

from ninja import Router

router = Router(tags=["courses"])
