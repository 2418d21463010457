"""JSON API of the partners app (mounted under /api/ by config/api.py)."""

from ninja import Router

router = Router(tags=["partners"])
