"""Answers kept across requests, invalidated by what their computation read — never by hand.

Every SQL statement Django sends passes through :func:`_observe` (a database execute wrapper,
installed on every connection). A statement that writes (``INSERT``, ``UPDATE``, ``DELETE``,
DDL, whatever path sent it: ``save``, ``delete`` and its cascades, ``QuerySet.update``,
``bulk_create``, m2m changes on either side, raw SQL through Django's cursor, migrations) gives
each table it names a new *generation*: a random token kept in the cache, set right after the
statement and again when its transaction commits. :func:`kept` runs a computation while
recording every table its statements read (joins, subqueries, ``Exists``, prefetches, and what a
template touches while rendering inside it) and whether it read the clock; the answer is stored
with the generations of those tables, and served only while every one of them is unchanged.

- Generations are random tokens, never counters: an evicted or emptied cache gives new tokens,
  which no kept answer carries.
- Failure is closed: when the cache cannot be read, nothing kept is served (pages are computed
  afresh); when a write's new generation cannot be recorded, the process serves nothing kept
  until it has recorded it.
- Time: an answer whose computation read the clock (``timezone.now``, ``localdate``, SQL's
  ``now()``) is kept until the end of the minute it was computed in, no longer.
- An answer computed from a transaction's own uncommitted writes is not kept.
- Inputs a computation did not read itself belong in its key (the viewer, the language). The
  request's answers are remembered for the request: asking again inside another computation
  adds the tables behind the answer to it.

``COPY`` (the benchmark's seeding) does not pass through the wrapper: :func:`void_all` after it.
The property test ``tests/test_kept_pages.py`` renders every page with and without kept answers
after writes through each path, and asserts they are the same.
"""

from __future__ import annotations

import array
import contextlib
import datetime
import hashlib
import logging
import pickle
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.core.signals import request_finished, request_started
from django.db import connections, models
from django.db.backends.signals import connection_created
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

COUNT_SECONDS = 120
# Tables written on nearly every request that no kept computation may read: reading one makes
# an answer unkeepable (it is computed every time), so that ignoring their writes is safe.
UNTRACKED_TABLES = frozenset({"django_session", "jpj_ratelimit_cache"})
CACHE_ERRORS = (RedisError, OSError)


def _key(table: str) -> str:
    return f"gen:{table}"


# A token replaced with every bump, in the same MSET as the tables' own: a process's copy of
# every table's generation is current while this one is unchanged, so a request reads one key
# instead of all (~70) when nothing was written since the process last read them all.
ANY_WRITE = "gen:*"
# (the ANY_WRITE token it was read with, every table's generation)
_COPY: tuple[Any, dict[str, Any]] | None = None


# --- Which tables a statement reads or writes ----------------------------------------------

_WRITES = frozenset(
    {"INSERT", "UPDATE", "DELETE", "TRUNCATE", "COPY", "MERGE", "ALTER", "DROP", "CREATE"}
)
_READS = frozenset({"SELECT", "WITH", "VALUES", "EXPLAIN", "(", "PRAGMA"})
_WORD = re.compile(r'"([A-Za-z0-9_]+)"|\b([A-Za-z_][A-Za-z0-9_]*)\b')
_FIRST = re.compile(r"\s*(\(|[A-Za-z]+)")
_DML = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_CLOCK_SQL = re.compile(
    r"\b(now|current_timestamp|current_date|current_time|localtimestamp|statement_timestamp|"
    r"clock_timestamp|transaction_timestamp)\b",
    re.IGNORECASE,
)
_PARSED: dict[str, tuple[str, frozenset[str], bool]] = {}
_PARSED_LIMIT = 5000
_TABLES: frozenset[str] | None = None


def known_tables() -> frozenset[str]:
    """Every model's table, auto-created (m2m) tables included."""
    global _TABLES
    if _TABLES is None:
        from django.apps import apps

        _TABLES = frozenset(m._meta.db_table for m in apps.get_models(include_auto_created=True))
    return _TABLES


def parse(sql: str) -> tuple[str, frozenset[str], bool]:
    """(``"read"``, ``"write"`` or ``""``; the known tables the statement names; whether it
    reads the clock)."""
    found = _PARSED.get(sql)
    if found is not None:
        return found
    first = _FIRST.match(sql)
    word = first.group(1).upper() if first else ""
    if word in _WRITES or (word == "WITH" and _DML.search(sql)) or word == "REPLACE":
        kind = "write"
    elif word in _READS:
        kind = "read"
    else:  # SAVEPOINT, RELEASE, SET, BEGIN, COMMIT, ...
        kind = ""
    tables = known_tables()
    names = frozenset(
        name for quoted, bare in _WORD.findall(sql) if (name := quoted or bare) in tables
    )
    found = (kind, names, kind == "read" and bool(_CLOCK_SQL.search(sql)))
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[sql] = found
    return found


# --- Recording what a computation reads -----------------------------------------------------


@dataclass
class Recording:
    tables: set[str] = field(default_factory=set)
    clock: bool = False  # the computation read the time
    keepable: bool = True  # False: it wrote, or read a table whose writes are not tracked


_state = threading.local()


def _recordings() -> list[Recording]:
    stack = getattr(_state, "recordings", None)
    if stack is None:
        stack = _state.recordings = []
    return stack


def _note_read(tables: frozenset[str], clock: bool = False) -> None:
    for recording in _recordings():
        recording.tables |= tables
        recording.clock |= clock
        if tables & UNTRACKED_TABLES:
            recording.keepable = False


def _observe(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    """The execute wrapper: what a statement reads is recorded, what it writes is bumped."""
    kind, tables, clock = parse(sql)
    if kind == "read":
        if getattr(_state, "recordings", None):
            _note_read(tables, clock)
        return execute(sql, params, many, context)
    result = execute(sql, params, many, context)
    if kind == "write" and tables:
        for recording in _recordings():
            recording.keepable = False
        written = tables - UNTRACKED_TABLES
        if written:
            _written(context["connection"], written)
    return result


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _observe not in connection.execute_wrappers:
        connection.execute_wrappers.append(_observe)


def install() -> None:
    """Observe every connection's statements (called from ``CoreConfig.ready``)."""
    connection_created.connect(_install, dispatch_uid="core.generations.install")
    for alias in connections:
        _install(None, connections[alias])
    _watch_clock()


class _WatchedNow:
    """``timezone.now`` that marks the computations running when it is called as depending
    on the time. It equals the original function, so that a migration's ``default=timezone.now``
    still reads as the same default."""

    __module__ = "django.utils.timezone"
    __qualname__ = __name__ = "now"

    def __init__(self, real: Callable[[], Any]) -> None:
        self.real = real

    def __call__(self) -> datetime.datetime:
        if getattr(_state, "recordings", None):
            for recording in _state.recordings:
                recording.clock = True
        return self.real()

    def __eq__(self, other: object) -> bool:
        return other is self or other is self.real

    def __hash__(self) -> int:
        return hash(self.real)


def _watch_clock() -> None:
    """``timezone.now`` (and so ``localtime``, ``localdate``) is watched (see _WatchedNow)."""
    if not isinstance(timezone.now, _WatchedNow):
        timezone.now = _WatchedNow(timezone.now)


# --- Generations: bumping --------------------------------------------------------------------

_PENDING: set[str] = set()  # tables whose new generation this process could not record
_PENDING_LOCK = threading.Lock()


def _raw(name: str) -> Callable[..., Any]:
    """The cache's method, one that raises on failure (core.cache's Redis cache logs and
    hides failures: here a failure must be seen, so that nothing kept is trusted)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return getattr(RedisCache, name).__get__(backend)
    return getattr(backend, name)


def _in_real_transaction(connection: Any) -> Any:
    """The outermost atomic block that will commit (a test case's own blocks aside), if any."""
    for block in connection.atomic_blocks:
        if not getattr(block, "_from_testcase", False):
            return block
    return None


def _written(connection: Any, tables: set[str] | frozenset[str]) -> None:
    block = _in_real_transaction(connection) if connection.in_atomic_block else None
    if block is not None:
        connection._kept_dirty = block  # answers read in this transaction are not kept
    bump_tables(tables)
    if connection.in_atomic_block:
        frozen = frozenset(tables)
        connection.on_commit(lambda: bump_tables(frozen), robust=True)


def _dirty(connection: Any) -> bool:
    block = getattr(connection, "_kept_dirty", None)
    return block is not None and any(b is block for b in connection.atomic_blocks)


def bump_tables(tables: set[str] | frozenset[str]) -> None:
    """A new generation for each table: every answer that read one of them is stale."""
    global _COPY
    tokens = {_key(t): secrets.token_hex(8) for t in tables}
    snapshot = getattr(_state, "snapshot", None)
    if snapshot:
        snapshot.update(tokens)  # this request reads its own writes afresh
        _state.ahead_found = None
    _COPY = None
    tokens[ANY_WRITE] = secrets.token_hex(8)
    memo = getattr(_state, "memo", None)
    if memo:
        for key in [k for k, entry in memo.items() if not tables.isdisjoint(entry[0])]:
            del memo[key]
    try:
        _replay_pending()
        _raw("set_many")(tokens, timeout=None)
    except CACHE_ERRORS as error:
        logger.warning("could not record new generations of %s: %s", sorted(tables), error)
        with _PENDING_LOCK:
            _PENDING.update(tables)


def _replay_pending() -> None:
    """Record the generations this process could not (raises while the cache is still down)."""
    if not _PENDING:
        return
    with _PENDING_LOCK:
        pending = set(_PENDING)
    tokens = {_key(t): secrets.token_hex(8) for t in pending}
    _raw("set_many")({**tokens, ANY_WRITE: secrets.token_hex(8)}, timeout=None)
    with _PENDING_LOCK:
        _PENDING.difference_update(pending)
    logger.warning("recorded the new generations of %s after a cache failure", sorted(pending))


def bump(*model_classes: type[models.Model]) -> None:
    """New generations for the models' tables (their m2m tables too), for a write that did not
    go through Django's cursor."""
    tables = set()
    for model in model_classes:
        tables.add(model._meta.db_table)
        tables |= {
            cast(Any, f.remote_field).through._meta.db_table for f in model._meta.local_many_to_many
        }
    bump_tables(tables)


def void_all() -> None:
    """Every kept answer is stale (after ``COPY`` or any write outside Django's cursor)."""
    bump_tables(known_tables())


# --- Generations: reading ---------------------------------------------------------------------
#
# In a request, the generations of every table are read once, in one round trip, at the first
# need (a "snapshot", with the per-user answers the page shell asked to read ahead); outside a
# request (tasks, commands) every kept answer reads them afresh. Either way the round trip reads
# only ANY_WRITE (and the answers read ahead) while it still equals the token this process last
# read every table's generation with: no write anywhere since, so its copy is current.


def _start_request(**kwargs: Any) -> None:
    _state.snapshot = {}
    _state.ahead = set()
    _state.ahead_found = None
    _state.memo = {}
    _state.recordings = []


def _end_request(**kwargs: Any) -> None:
    _state.snapshot = None
    _state.ahead_found = None
    _state.memo = None
    _state.recordings = []


request_started.connect(_start_request, dispatch_uid="core.generations.start")
request_finished.connect(_end_request, dispatch_uid="core.generations.end")


def read_ahead(*keys: str) -> None:
    """Read the kept answers ``keys`` with the request's generations, in the same round trip."""
    if getattr(_state, "snapshot", None) == {}:
        _state.ahead |= {_stored(key) for key in keys}


# --- Releases ----------------------------------------------------------------------------------
#
# During a rolling deploy two releases serve at once from one Redis. They share the tables'
# generations (a write by either makes both releases' answers stale), but not the answers: an
# answer is stored under its release, as what one release keeps (its pickled shapes, its
# templates' HTML) may not be what the other expects.

_RELEASE: str | None = None
_SOURCES = (".py", ".html", ".mo", ".txt")


def release() -> str:
    """This release: ``PORTAL_RELEASE`` when set (a build's commit), else a digest of the
    project's code, templates and translations (~20 ms, once per process)."""
    global _RELEASE
    if _RELEASE is None:
        from django.conf import settings

        named = getattr(settings, "PORTAL_RELEASE", "")
        if named:
            _RELEASE = str(named)
        else:
            digest = hashlib.blake2b(digest_size=8)
            root = Path(settings.BASE_DIR)
            for top in sorted(root.iterdir()):
                if not top.is_dir() or top.name.startswith(".") or top.name in _NOT_SOURCE:
                    continue
                for path in sorted(top.rglob("*")):
                    if path.suffix in _SOURCES and path.is_file():
                        digest.update(str(path.relative_to(root)).encode())
                        digest.update(path.read_bytes())
            _RELEASE = digest.hexdigest()
    return _RELEASE


_NOT_SOURCE = frozenset({"var", "tests", "bench", "static", "node_modules", "deploy"})


def _stored(key: str) -> str:
    return f"{key}@{release()}"


def _generations() -> dict[str, Any] | None:
    """Every table's generation (None: the cache cannot be trusted now)."""
    global _COPY
    if _PENDING:
        try:
            _replay_pending()
        except CACHE_ERRORS:
            return None
    snapshot = getattr(_state, "snapshot", None)
    if snapshot:
        return snapshot
    ahead = list(getattr(_state, "ahead", ()) if snapshot is not None else ())
    try:
        copy = _COPY
        found = _raw("get_many")([ANY_WRITE, *ahead]) if copy is not None else {}
        if copy is not None and found.get(ANY_WRITE) == copy[0]:  # nothing written since
            current = dict(copy[1])
        else:
            wanted = [_key(t) for t in sorted(known_tables())]
            found = _raw("get_many")([ANY_WRITE, *wanted, *ahead])
            missing = {k: secrets.token_hex(8) for k in wanted if k not in found}
            if missing:  # new or evicted: a token no kept answer carries
                for key, token in missing.items():
                    _raw("add")(key, token, timeout=None)
                found.update(_raw("get_many")(list(missing)))
                if any(k not in found for k in missing):
                    return None
            current = {k: found[k] for k in wanted}
            if ANY_WRITE in found:  # read in the same round trip as the tables' own
                _COPY = (found[ANY_WRITE], dict(current))
            else:  # new or evicted: the next reader's copy is stamped with this one
                _raw("add")(ANY_WRITE, secrets.token_hex(8), timeout=None)
    except CACHE_ERRORS as error:
        logger.warning("kept answers not used, the cache cannot be read: %s", error)
        return None
    if snapshot is not None:  # in a request: kept for the request
        snapshot.update(current)
        _state.ahead_found = {k: found[k] for k in ahead if k in found}
    return current


def _entry(key: str) -> Any:
    found = getattr(_state, "ahead_found", None)
    if found is not None and key in getattr(_state, "ahead", ()):
        return found.get(key)
    return _raw("get")(key)


# --- Kept answers -----------------------------------------------------------------------------

_LOCAL: OrderedDict[str, tuple[tuple, tuple, float, bytes]] = OrderedDict()
_LOCAL_LOCK = threading.Lock()
LOCAL_ENTRIES = 300  # answers held per process
LOCAL_MAX_BYTES = 256 * 1024  # larger answers stay in the shared cache only


def _stamp(generations: dict[str, Any], tables: Sequence[str]) -> tuple:
    return tuple(generations.get(_key(t)) for t in tables)


def _valid(entry: Any, generations: dict[str, Any]) -> bool:
    tables, stamp, until, _value = entry
    return _stamp(generations, tables) == stamp and (until is None or time.time() < until)


def _end_of_minute() -> float:
    return (time.time() // 60 + 1) * 60


def _serve(entry: tuple) -> tuple[Any, frozenset[str], bool]:
    tables, clock = frozenset(entry[0]), entry[2] is not None
    _note_read(tables, clock)
    return entry[3], tables, clock


def recording(compute: Callable[[], Any]) -> tuple[Any, Recording]:
    """``compute()`` and what it read (its tables, whether it read the clock)."""
    stack = _recordings()
    record = Recording()
    stack.append(record)
    try:
        value = compute()
    finally:
        stack.pop()
    if stack:  # an outer computation read all this too
        _note_read(frozenset(record.tables), record.clock)
        if not record.keepable:
            for outer in stack:
                outer.keepable = False
    return value, record


def kept(
    key: str,
    compute: Callable[[], Any],
    seconds: int = 600,
    *,
    local: bool = False,
    keep_if: Callable[[Any], bool] | None = None,
    build_once: bool = False,
) -> Any:
    """``compute()``, kept under ``key`` (which must name every input the computation does not
    read from the database itself) for ``seconds`` at most, until a table it read is written,
    and to the end of the minute when it read the clock. ``local``: also held in this process.
    ``keep_if``: an answer it refuses (too big) is returned but not kept. ``build_once``: when
    many ask at once for a missing answer, one computes while the others wait for it."""
    return _kept(key, compute, seconds, local=local, keep_if=keep_if, build_once=build_once)[0]


def kept_on(
    holder: Any, attr: str, key: str, compute: Callable[[], Any], seconds: int = 600
) -> Any:
    """:func:`kept` (held in the process too), and also on ``holder`` (the request's user
    object) for the rest of its life: a computation asking again still records what the answer
    was read from."""
    found = getattr(holder, attr, None)
    if found is None:
        found = _kept(key, compute, seconds, local=True)
        setattr(holder, attr, found)
    else:
        _note_read(found[1], found[2])
    return found[0]


def _kept(
    key: str,
    compute: Callable[[], Any],
    seconds: int,
    *,
    local: bool = False,
    keep_if: Callable[[Any], bool] | None = None,
    build_once: bool = False,
) -> tuple[Any, frozenset[str], bool]:
    """(the answer, the tables it was read from, whether it read the clock)."""
    from django.db import connection

    if getattr(_state, "bypass", False):
        return _computed(*recording(compute))
    key = _stored(key)
    memo = getattr(_state, "memo", None)
    if memo is not None and key in memo:  # asked before in this request
        return _serve(memo[key])
    generations = None if _dirty(connection) else _generations()
    if generations is None:  # the cache cannot be trusted: compute
        return _computed(*recording(compute))
    if local:
        with _LOCAL_LOCK:
            held = _LOCAL.get(key)
            if held is not None:
                _LOCAL.move_to_end(key)
        if held is not None:
            tables, stamp, until, data = held
            if _stamp(generations, tables) == stamp and time.time() < until:
                return _remember(key, pickle.loads(data))  # noqa: S301 (pickled here)
    try:
        entry = _entry(key)
    except CACHE_ERRORS:
        return _computed(*recording(compute))
    if entry is not None and _valid(entry, generations):
        if local:
            _hold(key, entry, seconds)
        return _remember(key, entry)
    if build_once:
        waited = _wait_for_builder(key, generations)
        if waited is not None:
            return _remember(key, waited)
    try:
        value, record = recording(compute)
    finally:
        if build_once:
            _release_builder(key)
    if not record.keepable or _dirty(connection) or (keep_if is not None and not keep_if(value)):
        return _computed(value, record)
    tables = tuple(sorted(record.tables))
    entry = (tables, _stamp(generations, tables), _end_of_minute() if record.clock else None, value)
    try:
        _raw("set")(key, entry, seconds)
    except CACHE_ERRORS:
        return _computed(value, record)
    if local:
        _hold(key, entry, seconds)
    if memo is not None:
        memo[key] = entry
    return _computed(value, record)


def _computed(value: Any, record: Recording) -> tuple[Any, frozenset[str], bool]:
    return value, frozenset(record.tables), record.clock


def _remember(key: str, entry: tuple) -> tuple[Any, frozenset[str], bool]:
    memo = getattr(_state, "memo", None)
    if memo is not None:
        memo[key] = entry
    return _serve(entry)


def _hold(key: str, entry: tuple, seconds: int) -> None:
    data = pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)
    if len(data) > LOCAL_MAX_BYTES:
        return
    until = time.time() + seconds if entry[2] is None else min(entry[2], time.time() + seconds)
    with _LOCAL_LOCK:
        _LOCAL[key] = (entry[0], entry[1], until, data)
        _LOCAL.move_to_end(key)
        while len(_LOCAL) > LOCAL_ENTRIES:
            _LOCAL.popitem(last=False)


@contextlib.contextmanager
def bypassed() -> Iterator[None]:
    """Nothing kept is served or stored inside (tests: the page as computed afresh)."""
    before = getattr(_state, "bypass", False)
    _state.bypass = True
    try:
        yield
    finally:
        _state.bypass = before


def forget_local() -> None:
    """Drop what this process holds (tests simulating another process)."""
    global _COPY
    with _LOCAL_LOCK:
        _LOCAL.clear()
    _COPY = None


BUILD_WAIT = 5.0


def _wait_for_builder(key: str, generations: dict[str, Any]) -> tuple | None:
    """None when this request is to build (it holds the lock, or waited long enough)."""
    lock = f"{key}:building"
    try:
        if _raw("add")(lock, 1, timeout=int(BUILD_WAIT) + 30):
            _state.building = {*getattr(_state, "building", set()), lock}
            return None
        deadline = time.monotonic() + BUILD_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.05)
            entry = _raw("get")(key)
            if entry is not None and _valid(entry, generations):
                return entry
    except CACHE_ERRORS:
        return None
    return None


def _release_builder(key: str) -> None:
    lock = f"{key}:building"
    building: set[str] = getattr(_state, "building", set())
    if lock in building:
        building.discard(lock)
        with contextlib.suppress(*CACHE_ERRORS):
            _raw("delete")(lock)


# --- Lists: totals and ids --------------------------------------------------------------------


def query_digest(queryset: models.QuerySet) -> str | None:
    """A digest of the query's SQL and parameters (None when it cannot match)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # none(), an empty IN: it cannot match
        return None
    return hashlib.blake2b(f"{sql}|{params!r}".encode(), digest_size=16).hexdigest()


def cached_count(queryset: models.QuerySet, digest: str | None = "") -> int:
    """``queryset.count()``, kept per query text until a table it reads is written (two
    minutes at most): a list's pages and repeated views share one COUNT."""
    label = queryset.model._meta.label_lower
    digest = query_digest(queryset) if digest == "" else digest
    if digest is None:
        return 0
    return kept(f"count:{label}:{digest}", queryset.count, COUNT_SECONDS, local=True)


def cached_ids(queryset: models.QuerySet, digest: str | None = "") -> Sequence:
    """The ids of ``queryset`` in its order, kept like :func:`cached_count`: every page of a
    list of a few thousand rows is then a slice."""
    label = queryset.model._meta.label_lower
    ids = queryset.values_list("pk", flat=True)
    digest = query_digest(queryset) if digest == "" else digest
    if digest is None:
        return []

    def compute() -> Any:
        found = list(ids)
        if all(isinstance(pk, int) for pk in found):  # 8 bytes an id, unpickled in one copy
            return array.array("q", found)
        return found

    return kept(f"ids:{label}:{digest}", compute, COUNT_SECONDS, local=True)
