"""Cache keys that change when the data behind them does.

A *generation* is a number kept in the cache per tracked model and bumped whenever one of its rows
is saved or deleted (signals). A cached answer whose key includes the generations it depends on
is never served after a change made through the ORM; a change that bypasses signals
(``QuerySet.update``, raw SQL, COPY) is covered by the answer's short lifetime instead.

Used for a list's total count (a COUNT over tens of thousands of visible rows on every page view
was a third of the activity list's time at benchmark volume), the rendered filter forms (their
choices come from courts and branches), the viewer's profile and roles, the home lists and the
calendar feeds.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
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
    key = _key(model._meta.label_lower)
    if cache.add(key, 1, timeout=None):
        return
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=None)
    except (RedisError, OSError):  # no cache: nothing cached to go stale either
        pass


def generation(*model_classes: type[models.Model]) -> str:
    """The current generations of ``model_classes`` as one key part."""
    keys = [_key(m._meta.label_lower) for m in model_classes]
    values = cache.get_many(keys)
    return ".".join(str(values.get(k, 0)) for k in keys)


def kept(
    key: str,
    model_classes: tuple[type[models.Model], ...] | set[type[models.Model]],
    compute: Callable[[], Any],
    seconds: int = 60,
) -> Any:
    """``compute()``, kept under ``key`` (which ``cache.delete(key)`` drops) with the
    generations of ``model_classes`` it was computed at, ``seconds`` at most; one round trip
    reads both, and a changed generation recomputes it."""
    keys = [_key(m._meta.label_lower) for m in model_classes]
    found = cache.get_many([*keys, key])
    stamp = ".".join(str(found.get(k, 0)) for k in keys)
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    value = compute()
    cache.set(key, (stamp, value), seconds)
    return value


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


def cached_count(queryset: models.QuerySet) -> int:
    """``queryset.count()``, kept per query text until the queried model changes (two minutes
    at most; tracked models only): a list's pages and repeated views share one COUNT."""
    label = queryset.model._meta.label_lower
    if label not in _TRACKED:
        return queryset.count()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # none(), an empty IN: nothing to count
        return 0
    digest = hashlib.blake2b(f"{sql}|{params!r}".encode(), digest_size=16).hexdigest()
    return kept(f"count:{label}:{digest}", (queryset.model,), queryset.count, COUNT_SECONDS)
