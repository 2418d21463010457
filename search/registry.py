"""The explicit registry of search documents: which rows go in which index, and how.

Each indexed type provides a `DocumentSpec` subclass and registers it in `settings.SEARCH_DOCUMENTS`
(alias → "module:Class"). The search app never imports the other apps directly; it reads them through specs.
"""

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string
from elasticsearch.dsl import Document


class DocumentSpec:
    """How one model is indexed. Subclasses set `alias` and `document` and implement the hooks."""

    alias: str = ""
    document: type[Document]

    def get_queryset(self):
        """Every row that may be indexed (filtering of private/unpublished rows happens in to_source too)."""
        raise NotImplementedError

    def get_instance(self, pk):
        """The row for pk, or None when it is gone."""
        return self.get_queryset().filter(pk=pk).first()

    def is_indexable(self, obj) -> bool:
        """Whether obj belongs in the index at all (published, consented…)."""
        return True

    def to_source(self, obj) -> dict:
        """The document body for obj; must include `indexed_version`."""
        raise NotImplementedError

    def version_of(self, obj) -> int:
        """A number that grows whenever the indexed content of obj changes (used by reconcile)."""
        updated = getattr(obj, "updated_at", None) or getattr(obj, "last_published_at", None)
        return int(updated.timestamp() * 1000) if updated else 0

    def indexable_objects(self) -> Iterable:
        for obj in self.get_queryset().iterator(chunk_size=1000):
            if self.is_indexable(obj):
                yield obj

    def bulk_sources(self) -> Iterable[tuple]:
        """(pk, source) for every indexable row, for full rebuilds. Specs with many rows override this with a
        set-based version that must give exactly what is_indexable/to_source give (tests compare the two)."""
        for obj in self.indexable_objects():
            yield obj.pk, self.to_source(obj)

    def changed_since(self, when: datetime):
        """Rows changed since `when` (replayed after a rebuild so writes during it are not lost)."""
        return self.get_queryset().filter(updated_at__gte=when)

    def mapping(self) -> dict:
        return self.document._doc_type.mapping.to_dict()

    def index_settings(self) -> dict:
        return {"number_of_shards": settings.SEARCH_INDEX_SHARDS, **replica_settings()}


def replica_settings() -> dict:
    """Replicas from the cluster size: with SEARCH_INDEX_REPLICAS=auto, Elasticsearch itself keeps
    `0-SEARCH_INDEX_MAX_REPLICAS` replicas as nodes join or leave (0 on a single node, which stays green; 1 on a
    3-node cluster, so any one node can die without losing a shard). A number pins them instead."""
    wanted = str(settings.SEARCH_INDEX_REPLICAS).strip().lower()
    if wanted == "auto":
        return {"auto_expand_replicas": f"0-{settings.SEARCH_INDEX_MAX_REPLICAS}"}
    return {"number_of_replicas": int(wanted)}


@lru_cache(maxsize=1)
def _load(config_items: tuple) -> dict[str, DocumentSpec]:
    specs = {}
    for alias, path in config_items:
        spec = import_string(path.replace(":", "."))()
        spec.alias = alias
        specs[alias] = spec
    return specs


def all_specs() -> dict[str, DocumentSpec]:
    return _load(tuple(sorted(settings.SEARCH_DOCUMENTS.items())))


def get_spec(alias: str) -> DocumentSpec:
    try:
        return all_specs()[alias]
    except KeyError:
        raise KeyError(f"unknown search index {alias!r}; known: {', '.join(all_specs()) or 'none'}") from None
