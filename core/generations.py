"""Cache keys that change when the data behind them does.

A *generation* is a number kept in the cache per tracked model and bumped whenever one of its rows
is saved or deleted (signals). A cached answer whose key includes the generations it depends on
is never served after a change made through the ORM; a change that bypasses signals
(``QuerySet.update``, raw SQL, COPY) is covered by the answer's short lifetime instead.

Used for what a page would otherwise read or render again on every view (README, "keep a
computed answer"): a list's total, ids and rendered rows, details, calendar pages, sections,
history panels, forms, exports, the viewer's profile and roles, the home lists and the feeds.
"""

from __future__ import annotations

import array
import hashlib
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.signals import request_finished, request_started
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis.exceptions import RedisError

_TRACKED: set[str] = set()
COUNT_SECONDS = 120


def _key(label: str) -> str:
    return f"generation:{label}"


def track(*model_classes: type[models.Model]) -> None:
    """Bump the model's generation on every save and delete (and on its m2m changes)."""
    for model in model_classes:
        label = model._meta.label_lower
        if label in _TRACKED:
            continue
        _TRACKED.add(label)
        uid = f"core.generations.{label}"
        post_save.connect(_bump_sender, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_bump_sender, sender=model, dispatch_uid=uid + ".delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_bump_m2m, sender=through, dispatch_uid=f"{uid}.{field.name}")


def _bump_sender(sender: type[models.Model], **kwargs: Any) -> None:
    bump(sender)


def _bump_m2m(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    bump(type(instance))


def bump(model: type[models.Model]) -> None:
    """Now, so that the writing request itself reads fresh answers, and again when the
    transaction commits: a request that read the old rows between the write and the commit
    may have kept its answer under the first new generation."""
    _bump(model)
    transaction.on_commit(lambda: _bump(model), robust=True)


def _bump(model: type[models.Model]) -> None:
    _forget_snapshot()
    key = _key(model._meta.label_lower)
    if cache.add(key, 1, timeout=None):
        return
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=None)
    except (RedisError, OSError):  # no cache: nothing cached to go stale either
        pass


# --- Within a request: every tracked generation read once, answers kept in the worker too ----
#
# A page asks for several kept answers (the viewer, the list's total, its rows, the courts); each
# was a Redis round trip carrying its generations. In a request, the generations of every tracked
# model are read in one round trip at the first need (a "snapshot", dropped when this process
# bumps one and when the request ends), and answers asked for with ``local=True`` are also held
# in this process (pickled, so each request gets its own copy), served without Redis while their
# stamp matches the snapshot. Outside a request (tasks, commands) every call reads Redis.

_state = threading.local()
_LOCAL: OrderedDict[str, tuple[str, float, bytes]] = OrderedDict()
LOCAL_ENTRIES = 300  # answers held per process
LOCAL_MAX_BYTES = 256 * 1024  # larger answers stay in Redis only
# Generations restart at 1 in an emptied cache (a Redis restart, tests): answers held in a
# worker are stamped with this cache's epoch too, so that "generation 1" of before never
# matches "generation 1" of after.
EPOCH = "generation:epoch"


def _start_request(**kwargs: Any) -> None:
    _state.snapshot = {}
    _state.ahead = set()
    _state.ahead_found = None


def _end_request(**kwargs: Any) -> None:
    _state.snapshot = None
    _state.ahead_found = None


def read_ahead(*keys: str) -> None:
    """Ask for ``keys`` (per-user answers the page shell reads: the unread count, what waits)
    with the request's generations, in the same round trip; :func:`peek` then answers them."""
    if getattr(_state, "snapshot", None) == {}:
        _state.ahead |= set(keys)


def peek(key: str) -> Any:
    """``cache.get(key)``, from the request's read-ahead when the key was read ahead."""
    found = getattr(_state, "ahead_found", None)
    if found is not None and key in _state.ahead:
        return found.get(key)
    return cache.get(key)


def put(key: str, value: Any, seconds: int) -> None:
    """``cache.set``, and what :func:`peek` answers for the rest of the request."""
    cache.set(key, value, seconds)
    found = getattr(_state, "ahead_found", None)
    if found is not None and key in _state.ahead:
        found[key] = value


def forget_read_ahead() -> None:
    """What was read ahead may be stale: this request just changed it."""
    _state.ahead_found = None


request_started.connect(_start_request, dispatch_uid="core.generations.start")
request_finished.connect(_end_request, dispatch_uid="core.generations.end")


def _forget_snapshot() -> None:
    if getattr(_state, "snapshot", None) is not None:
        _state.snapshot = {}
        _state.ahead_found = None


def _generations(keys: list[str]) -> dict[str, Any]:
    snapshot = getattr(_state, "snapshot", None)
    if snapshot is None:
        return cache.get_many(keys)
    if not snapshot:
        wanted = {EPOCH, *(_key(label) for label in _TRACKED), *keys}
        ahead = getattr(_state, "ahead", set()) - wanted
        snapshot.update(dict.fromkeys(wanted, 0))
        found = cache.get_many([*wanted, *ahead])
        _state.ahead_found = {k: found.pop(k) for k in ahead if k in found}
        snapshot.update(found)
        if not snapshot[EPOCH]:  # a new or emptied cache: what workers hold is void
            epoch = secrets.token_hex(8)
            cache.add(EPOCH, epoch, timeout=None)
            snapshot[EPOCH] = cache.get(EPOCH) or epoch
    missing = [k for k in keys if k not in snapshot]
    if missing:  # an untracked model's generation
        snapshot.update(dict.fromkeys(missing, 0))
        snapshot.update(cache.get_many(missing))
    return snapshot


def generation(*model_classes: type[models.Model]) -> str:
    """The current generations of ``model_classes`` as one key part."""
    keys = [_key(m._meta.label_lower) for m in model_classes]
    values = _generations(keys)
    return ".".join(str(values.get(k, 0)) for k in keys)


def kept(
    key: str,
    model_classes: tuple[type[models.Model], ...] | set[type[models.Model]] | list,
    compute: Callable[[], Any],
    seconds: int = 60,
    *,
    local: bool = False,
    keep_if: Callable[[Any], bool] | None = None,
) -> Any:
    """``compute()``, kept under ``key`` with the generations of ``model_classes`` it was
    computed at, ``seconds`` at most; a changed generation recomputes it. Without ``local``,
    ``cache.delete(key)`` drops it; with ``local``, only a generation or the time does (the
    answer is also held in each worker process). ``keep_if``: an answer it refuses (too big to
    keep) is returned but not kept."""
    keys = [_key(m._meta.label_lower) for m in model_classes]
    in_request = getattr(_state, "snapshot", None) is not None
    if in_request:
        generations = _generations(keys)
        stamp = ".".join(str(generations.get(k, 0)) for k in keys)
        held_stamp = f"{generations[EPOCH]}|{stamp}"
        if local:
            held = _LOCAL.get(key)
            if held is not None and held[0] == held_stamp and held[1] > time.monotonic():
                _LOCAL.move_to_end(key)
                return pickle.loads(held[2])  # noqa: S301 (pickled by this process)
        entry = peek(key)
    else:
        found = cache.get_many([*keys, key])
        stamp = ".".join(str(found.get(k, 0)) for k in keys)
        entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        value = entry[1]
    else:
        value = compute()
        if keep_if is not None and not keep_if(value):
            return value
        put(key, (stamp, value), seconds)
    if local and in_request:
        _hold(key, held_stamp, seconds, value)
    return value


def _hold(key: str, stamp: str, seconds: int, value: Any) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(data) > LOCAL_MAX_BYTES:
        return
    _LOCAL[key] = (stamp, time.monotonic() + seconds, data)
    _LOCAL.move_to_end(key)
    while len(_LOCAL) > LOCAL_ENTRIES:
        _LOCAL.popitem(last=False)


def build_once(key: str, build: Callable[[], Any], seconds: int, wait: float = 5.0) -> Any:
    """The cached value of ``key``, built by one request at a time: when many ask at once
    after a change (calendar apps polling a feed), one builds while the others wait for its
    answer instead of each building it — up to ``wait`` seconds, then they build it too."""
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:building"
    if cache.add(lock, 1, timeout=int(wait) + 30):
        try:
            value = build()
            cache.set(key, value, seconds)
        finally:
            cache.delete(lock)
        return value
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.05)
        value = cache.get(key)
        if value is not None:
            return value
    return build()


def read_models(queryset: models.QuerySet) -> tuple[type[models.Model], ...]:
    """The tracked models whose tables a query reads (its joins included)."""
    tables = {getattr(alias, "table_name", None) for alias in queryset.query.alias_map.values()}
    tables.add(queryset.model._meta.db_table)
    by_table = _tracked_tables()
    return tuple(by_table[t] for t in sorted(t for t in tables if t) if t in by_table)


def _tracked_tables() -> dict[str, type[models.Model]]:
    """Tracked models by table name (built once all apps have registered theirs)."""
    global _BY_TABLE
    if _BY_TABLE is None or len(_BY_TABLE) != len(_TRACKED):
        from django.apps import apps

        _BY_TABLE = {
            m._meta.db_table: m for m in apps.get_models() if m._meta.label_lower in _TRACKED
        }
    return _BY_TABLE


_BY_TABLE: dict[str, type[models.Model]] | None = None


def query_digest(queryset: models.QuerySet) -> str | None:
    """A digest of the query's SQL and parameters (None when it cannot match)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # none(), an empty IN: it cannot match
        return None
    return hashlib.blake2b(f"{sql}|{params!r}".encode(), digest_size=16).hexdigest()


def cached_count(queryset: models.QuerySet, digest: str | None = "") -> int:
    """``queryset.count()``, kept per query text until a model it reads changes (two minutes
    at most; tracked models only): a list's pages and repeated views share one COUNT."""
    label = queryset.model._meta.label_lower
    if label not in _TRACKED:
        return queryset.count()
    digest = query_digest(queryset) if digest == "" else digest
    if digest is None:
        return 0
    return kept(
        f"count:{label}:{digest}", read_models(queryset), queryset.count, COUNT_SECONDS, local=True
    )


def cached_ids(queryset: models.QuerySet, digest: str | None = "") -> Sequence | None:
    """The ids of ``queryset`` in its order, kept like :func:`cached_count` (None for an
    untracked model): every page of a list of a few thousand rows is then a slice."""
    label = queryset.model._meta.label_lower
    if label not in _TRACKED:
        return None
    ids = queryset.values_list("pk", flat=True)
    digest = query_digest(queryset) if digest == "" else digest
    if digest is None:
        return []

    def compute() -> Any:
        found = list(ids)
        if all(isinstance(pk, int) for pk in found):  # 8 bytes an id, unpickled in one copy
            return array.array("q", found)
        return found

    return kept(f"ids:{label}:{digest}", read_models(queryset), compute, COUNT_SECONDS, local=True)
