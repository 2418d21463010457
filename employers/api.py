"""JSON API of the employers app (mounted under /api/ by config/api.py)."""

from ninja import Router

router = Router(tags=["employers"])
