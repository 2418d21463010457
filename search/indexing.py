"""Index lifecycle behind aliases: create, rebuild with alias swap, single-document sync, reconcile.

A rebuild creates `<alias>-<timestamp>`, bulk-loads it, checks the count against the database, swaps the alias in
one atomic `update_aliases` call and prunes old indices. While it runs, a Redis marker names the index being built
so document syncs write to it too, and rows changed since the build started are replayed after the swap: a write
made during a rebuild is never lost. Creating an alias's first index and the swap hold a Redis lock
(`_alias_lock`), so writes racing to create the first index cannot leave the alias on two indices.
"""

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from elasticsearch import BadRequestError, NotFoundError
from elasticsearch.helpers import scan, streaming_bulk
from redis import Redis

from . import result_cache
from .client import alias_name, get_client
from .registry import DocumentSpec, get_spec

logger = logging.getLogger(__name__)
BUILDING_KEY = "search:building:{alias}"
BUILD_MARKER_TTL = 6 * 3600
ALIAS_LOCK_KEY = "search:alias-lock:{name}"  # the full alias name: environments sharing a Redis apart
ALIAS_LOCK_TTL = 30  # seconds: a holder that died frees the lock by then
ALIAS_LOCK_WAIT = 10.0


class IndexCountMismatch(Exception):
    """The new index holds a different number of documents than the database says it should."""


def _now_suffix() -> str:
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def building_index(alias: str) -> str | None:
    return cache.get(BUILDING_KEY.format(alias=alias))


def write_targets(alias: str) -> list[str]:
    """Where a single-document write goes: the live alias, plus an index being rebuilt."""
    targets = [alias_name(alias)]
    building = building_index(alias)
    if building:
        targets.append(building)
    return targets


def create_index(spec: DocumentSpec, name: str) -> None:
    """Create an index. On a cluster creating one waits for its shards to start on several nodes, so it gets a
    longer timeout; a retried request whose first attempt went through finds the index there, which is fine
    (names carry microseconds, so an existing one is ours)."""
    try:
        get_client().options(request_timeout=60, max_retries=6).indices.create(
            index=name, mappings=spec.mapping(), settings=spec.index_settings())
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise


def indices_behind(alias: str) -> list[str]:
    client = get_client()
    try:
        return sorted(client.indices.get_alias(name=alias_name(alias)).body)
    except NotFoundError:
        return []


@contextmanager
def _alias_lock(alias: str):
    """One process at a time creates or swaps the indices behind an alias. Two first writes racing would otherwise
    each create an index and leave the alias on both, where Elasticsearch refuses every write ("no write index").
    redis-py's lock: released only by its holder (atomically), freed by its timeout if the holder died; not got
    within ALIAS_LOCK_WAIT seconds raises `redis.exceptions.LockError` instead of going ahead unlocked."""
    client = Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        with client.lock(ALIAS_LOCK_KEY.format(name=alias_name(alias)), timeout=ALIAS_LOCK_TTL,
                         blocking_timeout=ALIAS_LOCK_WAIT):
            yield
    finally:
        client.close()


def ensure_index(alias: str) -> str:
    """Make sure the alias exists (creating an empty timestamped index behind it); returns the index name."""
    existing = indices_behind(alias)
    if existing:
        return existing[0]
    with _alias_lock(alias):
        existing = indices_behind(alias)  # created while this waited for the lock
        if existing:
            return existing[0]
        name = f"{alias_name(alias)}-{_now_suffix()}"
        create_index(get_spec(alias), name)
        get_client().indices.update_aliases(actions=[{"add": {"index": name, "alias": alias_name(alias)}}])
        return name


def _actions(index: str, sources):
    for pk, source in sources:
        yield {"_op_type": "index", "_index": index, "_id": str(pk), "_source": source}


def _bulk_load(client, actions, *, chunk_size: int, progress=None) -> int:
    """Bulk-load in chunks (`streaming_bulk`, retrying items Elasticsearch rejects as too busy); returns how many
    were indexed. Failed items are logged, and the caller compares the count with the database's. Documents are
    built in this thread, the one whose database connection (and transaction) the sources read through."""
    indexed = 0
    for ok, item in streaming_bulk(client, actions, chunk_size=chunk_size, raise_on_error=False, max_retries=2):
        if not ok:
            logger.warning("bulk item failed: %s", item)
            continue
        indexed += 1
        if progress:
            progress(1)
    return indexed


@dataclass
class RebuildResult:
    alias: str
    index: str
    indexed: int
    expected: int
    replayed: int
    pruned: list[str] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def _rebuild_lock(alias: str):
    """One rebuild of an alias at a time, across hosts: a PostgreSQL session advisory lock, which the server frees
    by itself when the holder dies. A second `search_reindex` (a deploy racing a scheduled one) waits, then builds
    again from the database as it is by then; neither can prune the other's index half-way through its load."""
    from django.db import connection

    key = f"saphan-rebuild:{alias_name(alias)}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [key])
    try:
        yield
    finally:
        with suppress(Exception), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])


def rebuild(
    alias: str,
    *,
    progress: Callable[[int], None] | None = None,
    keep: int = 0,
    chunk_size: int = 500,
) -> RebuildResult:
    """Build a fresh index for `alias`, swap it in atomically, prune old ones. Safe while the site is live and
    against a concurrent rebuild (they run one after the other, see `_rebuild_lock`)."""
    with _rebuild_lock(alias):
        return _rebuild(alias, progress=progress, keep=keep, chunk_size=chunk_size)


def _rebuild(alias: str, *, progress, keep: int, chunk_size: int) -> RebuildResult:
    started = time.monotonic()
    spec = get_spec(alias)
    # a batch job: it waits out a node dying or a busy cluster (longer timeout, more retries over the other
    # nodes) rather than fail half-way like an interactive search would
    client = get_client().options(request_timeout=30, max_retries=6)
    build_started_at = timezone.now()
    name = f"{alias_name(alias)}-{_now_suffix()}"
    create_index(spec, name)
    # Bulk loading is faster without refreshes; restored before the swap.
    client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
    cache.set(BUILDING_KEY.format(alias=alias), name, BUILD_MARKER_TTL)
    try:
        seen = [0]

        def counted():
            for pk, source in spec.bulk_sources():
                seen[0] += 1
                yield pk, source

        indexed = _bulk_load(client.options(request_timeout=60), _actions(name, counted()),
                            chunk_size=chunk_size, progress=progress)
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
        client.indices.refresh(index=name)
        # Bulk loading leaves many segments that ES would merge in the background while the index already serves
        # searches; merge them before it goes live (our indices are tens of MB, so one segment is fine).
        client.options(request_timeout=300).indices.forcemerge(index=name, max_num_segments=1)
        expected = seen[0]
        count = client.count(index=name)["count"]
        if count < expected or indexed != expected:
            raise IndexCountMismatch(f"{alias}: indexed {count} of {expected} expected documents")
        with _alias_lock(alias):  # no index created behind the alias between reading it and the swap
            old = indices_behind(alias)
            actions = [{"remove": {"index": index, "alias": alias_name(alias)}} for index in old]
            actions.append({"add": {"index": name, "alias": alias_name(alias)}})
            client.indices.update_aliases(actions=actions)
        result_cache.bump(alias)
    except Exception:
        cache.delete(BUILDING_KEY.format(alias=alias))
        client.indices.delete(index=name, ignore_unavailable=True)
        raise
    cache.delete(BUILDING_KEY.format(alias=alias))
    replayed = 0
    for obj in spec.changed_since(build_started_at):
        sync_object(alias, obj.pk)
        replayed += 1
    pruned = prune(alias, keep=keep)
    return RebuildResult(alias, name, indexed, expected, replayed, pruned, time.monotonic() - started)


def prune(alias: str, *, keep: int = 0) -> list[str]:
    """Delete indices of this alias that the alias no longer points at, keeping the newest `keep` of them."""
    client = get_client()
    live = set(indices_behind(alias))
    pattern = f"{alias_name(alias)}-*"
    candidates = sorted(
        (name for name in client.indices.get(index=pattern, expand_wildcards="open").body if name not in live),
        reverse=True,
    )
    building = building_index(alias)
    doomed = [name for name in candidates[keep:] if name != building]
    for name in doomed:
        client.indices.delete(index=name, ignore_unavailable=True)
    return doomed


def _delete_from_kept(alias: str, pk) -> None:
    """Old indices kept by `search_reindex --keep` (for a quick roll-back) get the delete too: a withdrawn or
    erased person must not come back with a roll-back, nor be readable in an old index meanwhile. (One delete
    per index: this cluster has no reindex module, hence no _delete_by_query.)"""
    client = get_client()
    try:
        names = client.indices.get(index=f"{alias_name(alias)}-*", expand_wildcards="open").body
    except NotFoundError:
        return
    for name in sorted(set(names) - set(write_targets(alias))):
        with suppress(NotFoundError):
            client.delete(index=name, id=str(pk), refresh=False)


def sync_object(alias: str, pk) -> str:
    """Upsert or delete one document so the index matches the database row now. Returns what it did."""
    spec = get_spec(alias)
    ensure_index(alias)
    client = get_client()
    obj = spec.get_instance(pk)
    if obj is None or not spec.is_indexable(obj):
        for target in write_targets(alias):
            with suppress(NotFoundError):
                client.delete(index=target, id=str(pk), refresh=False)
        _delete_from_kept(alias, pk)
        result_cache.bump(alias)
        return "deleted"
    source = spec.to_source(obj)
    for target in write_targets(alias):
        client.index(index=target, id=str(pk), document=source)
    result_cache.bump(alias)
    return "indexed"


@dataclass
class ReconcileReport:
    alias: str
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    repaired: bool = False
    layout_changes: list[str] = field(default_factory=list)  # fields or index sort the live index lacks
    rebuilt: bool = False

    @property
    def drift(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


def layout_changes(alias: str, index: str | None = None) -> list[str]:
    """What the spec now defines that the live index lacks: new fields, a different index sort. Queries may rely
    on them (matching's latitude band needs `home_lat_e5` and the sort), so only a rebuild brings an index up to
    date after a deploy changed them; document syncs cannot."""
    spec = get_spec(alias)
    client = get_client()
    index = index or ensure_index(alias)
    live = client.indices.get(index=index).body[index]
    wanted_fields = set(spec.mapping().get("properties", {}))
    changes = sorted(f"field {name}" for name in wanted_fields - set(live["mappings"].get("properties", {})))
    wanted_sort = spec.index_settings().get("sort.field")
    live_sort = live["settings"]["index"].get("sort", {}).get("field")
    live_sort = live_sort[0] if isinstance(live_sort, list) and len(live_sort) == 1 else live_sort
    if wanted_sort != live_sort:
        changes.append(f"index sort {live_sort or 'none'} -> {wanted_sort or 'none'}")
    return changes


def reconcile(alias: str, *, fix: bool = True) -> ReconcileReport:
    """Compare indexed versions with the database; re-sync rows that are missing, stale or should be gone. An index
    whose layout is out of date is rebuilt (alias swap) instead, when fixing."""
    spec = get_spec(alias)
    changes = layout_changes(alias, ensure_index(alias))
    if changes and fix and not building_index(alias):  # a rebuild already under way brings the new layout
        rebuild(alias)
        return ReconcileReport(alias, layout_changes=changes, rebuilt=True)
    client = get_client()
    client.indices.refresh(index=alias_name(alias))  # see documents synced a moment ago
    expected = {str(obj.pk): spec.version_of(obj) for obj in spec.indexable_objects()}
    indexed = {
        hit["_id"]: hit["_source"].get("indexed_version", -1)
        for hit in scan(
            client.options(request_timeout=30), index=alias_name(alias), query={"query": {"match_all": {}}},
            _source=["indexed_version"], size=1000,
        )
    }
    report = ReconcileReport(alias, layout_changes=changes)
    for pk, version in expected.items():
        if pk not in indexed:
            report.missing.append(pk)
        elif indexed[pk] != version:
            report.stale.append(pk)
    report.extra = [pk for pk in indexed if pk not in expected]
    if fix and report.drift:
        for pk in report.missing + report.stale + report.extra:
            sync_object(alias, pk)
        report.repaired = True
    return report


def delete_indices(pattern: str) -> list[str]:
    """Delete the indices matching a wildcard, by name (clusters refuse wildcard deletes by default)."""
    client = get_client()
    names = list(client.indices.get(index=pattern, expand_wildcards="all", ignore_unavailable=True).body)
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)
    result_cache.bump()
    return names


def refresh(alias: str) -> None:
    get_client().indices.refresh(index=alias_name(alias))
    result_cache.bump(alias)
