"""Two nodes, one portal: nothing a request needs lives only in one process (issue 26).

Starts two gunicorn "machines" (separate processes, one worker each, different ports) behind
HAProxy, both reaching PostgreSQL through PgBouncer in transaction mode (as deploy/ runs them),
with one Redis and one file store, and checks what would break if a node kept state of its own:

1. a session made by logging in on node A is valid on node B;
2. a write on node A is seen at once on node B, whose kept answers (``core.generations``) were
   warmed before it: the cooperation list and the cooperation item's page;
3. a file uploaded on node A (a cooperation item has none; a publicity image does) is served by
   node B;
4. the rate limit of failed logins is shared: failures spread over both nodes add up;
5. through the load balancer, one session's requests land on both nodes and all are answered;
6. two reminder sweeps at once, one per node, send each due reminder once: no inbox notice
   twice, none left behind.

Usage: ``make cluster-check`` (PostgreSQL and Redis running; the benchmark's small database).
Exits non-zero, saying which check failed.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.proxies import (  # noqa: E402
    available,
    haproxy_sessions,
    start_haproxy,
    start_pgbouncer,
)
from bench.run import (  # noqa: E402
    DEMO_PASSWORD,
    PYTHON,
    ROOT,
    ensure_database,
    env_for,
    start_server,
    stop_server,
)

NODES = (8781, 8782)
BALANCER = 8780
DUE = 200  # reminders made due for the two sweeps


class Browser:
    """A cookie jar shared by requests to either node: one person behind a load balancer."""

    def __init__(self, address: str | None = None) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        # the client's address as a load balancer names it (X-Forwarded-For, one trusted proxy)
        if address:
            self.opener.addheaders.append(("X-Forwarded-For", address))

    def get(self, port: int, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def post(
        self, port: int, path: str, data: dict, *, files: dict | None = None
    ) -> tuple[int, str]:
        found = None
        if files is None:  # a form page: its token (an upload endpoint has none: the cookie's)
            status, page = self.get(port, path)
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        token = found.group(1) if found else self.cookie("csrftoken")
        fields = {**data, "csrfmiddlewaretoken": token}
        headers = {"Referer": f"http://127.0.0.1:{port}{path}"}
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for name, value in fields.items():
                values = value if isinstance(value, list) else [value]
                for one in values:
                    body += (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                        f"{one}\r\n"
                    ).encode()
            for name, (filename, content, kind) in files.items():
                body += (
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
                    ).encode()
                    + content
                    + b"\r\n"
                )
            body += f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", data=body, headers=headers
        )
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        raise SystemExit(f"cluster check failed: {what}")


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), (180, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def run_checks(a: int, b: int, database_url: str) -> None:
    person = Browser()
    # a secretary (not the benchmark's account, nor the one whose failed logins are tried)
    status, _page = person.post(
        a, "/accounts/login/", {"login": "pinghu-secretary", "password": DEMO_PASSWORD}
    )
    check(bool(person.cookie("sessionid")), f"log in on node A ({a})")
    status, page = person.get(b, "/")
    check(status == 200 and 'id="user-menu"' in page, "the session made on A is valid on B")

    # warm both nodes' kept answers (the list searched for the item: empty), then write on A
    # and read on B
    title = f"集群检查事项 {uuid.uuid4().hex[:8]}"
    search = "/cooperation/?" + urllib.parse.urlencode({"q": title})
    for port in (a, b):
        status, page = person.get(port, search)
        check(status == 200 and f">{title}<" not in page, f"node {port}'s search, empty")
    status, page = person.get(a, "/cooperation/new/")
    responsible = re.search(r'name="responsible"[^>]*>.*?<option value="(\d+)"', page, re.S)
    status, page = person.post(
        a,
        "/cooperation/new/",
        {
            "title": title,
            "area": "mechanism",
            "responsible": responsible.group(1) if responsible else "",
            "due_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "status": "planned",
            "description": "",
            "progress_note": "",
        },
    )
    check(title in page, "a cooperation item written on A")
    status, page = person.get(b, search)
    check(f">{title}<" in page, "B's kept list shows A's write at once")
    status, page = person.get(a, search)
    check(f">{title}<" in page, "and so does A's")

    # a file uploaded on A is served by B (one file store for every node)
    status, page = person.get(a, "/publicity/new/")
    status, page = person.post(
        a,
        "/publicity/new/",
        {
            "title": title,
            "summary": "集群检查",
            "body": "正文",
            "area": "publicity",
            "tags": "",
        },
    )
    found = re.search(r'action="(/publicity/(\d+)/images/)"', page)
    check(found is not None, "a publicity draft written on A")
    status, answer = person.post(
        a,
        found.group(1),
        {"alt": "检查图片"},
        files={"upload": ("check.png", _png(), "image/png")},
    )
    status, page = person.get(b, f"/publicity/{found.group(2)}/")
    image = re.search(r'src="(/public/images/\d+/)"', page)
    check(image is not None, "B's item page shows the image uploaded on A")
    status, _content = person.get(b, image.group(1))
    check(status == 200, "B serves the image file stored by A")

    # failed logins add up across nodes (the rate limit lives in the database, not a process);
    # another account than the one the checks use, so that a second run is not locked out
    # from an address of its own: a second run within the minute is not locked out by the first
    stranger = Browser(address=f"10.26.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}")
    limited = []
    for attempt in range(12):
        status, page = stranger.post(
            (a, b)[attempt % 2], "/accounts/login/", {"login": "jiashan-judge", "password": "x"}
        )
        limited.append(status == 429 or "次数过多" in page or "Too many" in page)
    first = limited.index(True) if True in limited else None
    check(
        first is not None and first < 11,
        f"failed logins spread over A and B are limited together (from attempt {first})",
    )


def through_balancer(balancer: int, stats: Path) -> None:
    person = Browser()
    person.post(
        balancer, "/accounts/login/", {"login": "jiashan-secretary", "password": DEMO_PASSWORD}
    )
    before = haproxy_sessions(stats)
    answers = [person.get(balancer, path) for path in ["/", "/cooperation/", "/inbox/"] * 4]
    after = haproxy_sessions(stats)
    served = {node: after.get(node, 0) - before.get(node, 0) for node in after}
    check(
        all(status == 200 and 'id="user-menu"' in page for status, page in answers),
        "through HAProxy, twelve requests of one session all answered, logged in "
        f"({[status for status, _page in answers]})",
    )
    check(
        len(served) == 2 and all(count > 0 for count in served.values()),
        f"and spread over both nodes ({served})",
    )


def _sql(database_url: str, query: str, params: list | None = None) -> list[tuple]:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as db:
        cursor = db.execute(query, params or [])
        return cursor.fetchall() if cursor.description else []


def two_sweeps(database_url: str, node_env: dict) -> None:
    """DUE reminders of activities made due again; two sweeps at once, each a node's process
    through PgBouncer; each reminder is sent once (its inbox notice exists once), none left."""
    chosen = [
        row[0]
        for row in _sql(
            database_url,
            "select r.id from core_reminder r join django_content_type t "
            "on t.id = r.content_type_id and t.app_label = 'activities' and t.model = 'activity' "
            "where r.joined_to_id is null order by r.id desc limit %s",
            [DUE],
        )
    ]
    _sql(database_url, "delete from core_notification where reminder_id = any(%s)", [chosen])
    _sql(database_url, "delete from core_delivery where reminder_id = any(%s)", [chosen])
    _sql(
        database_url,
        "update core_reminder set status = 'pending', attempts = 0, claimed_at = null, "
        "due_at = now() - interval '1 minute', expires_at = now() + interval '1 day' "
        "where id = any(%s)",
        [chosen],
    )
    env = {
        **node_env,
        "DEBUG": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    sweeps = [
        subprocess.Popen(
            [PYTHON, "manage.py", "send_due_reminders"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _node in NODES
    ]
    said = [sweep.communicate(timeout=600)[0].strip() for sweep in sweeps]
    check(all(s.returncode == 0 for s in sweeps), f"two sweeps at once ran: {said}")
    twice = _sql(
        database_url,
        "select reminder_id from core_notification where reminder_id = any(%s) "
        "group by reminder_id having count(*) > 1",
        [chosen],
    )
    left = _sql(
        database_url,
        "select count(*) from core_reminder where id = any(%s) "
        "and status in ('pending', 'sending', 'retry')",
        [chosen],
    )[0][0]
    notices = _sql(
        database_url,
        "select count(*) from core_notification where reminder_id = any(%s)",
        [chosen],
    )[0][0]
    check(
        not twice and left == 0 and notices > 0,
        f"{len(chosen)} due reminders, two sweeps: {notices} notices, none twice "
        f"({len(twice)}), none left ({left})",
    )


def main() -> None:
    database_url = (
        os.environ.get("BENCH_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/jpj_bench"
    ) + "_cluster"
    missing = [p for p in ("pgbouncer", "haproxy") if not available(p)]
    if missing:
        raise SystemExit(f"cluster check: install {' and '.join(missing)} (apt-get install …)")
    ensure_database(database_url, 0.01)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0", "SECRET_KEY": "cluster-" + "x" * 50},
        check=True,
    )
    shared = tempfile.mkdtemp(prefix="jpj-cluster-")  # one file store, as a shared volume
    files = {"MEDIA_ROOT": f"{shared}/media", "PRIVATE_MEDIA_ROOT": f"{shared}/private"}
    bouncer, through = start_pgbouncer(database_url)
    # as deploy/compose.cluster.yml: through PgBouncer, the client named by HAProxy counted
    pooled = {**files, "DATABASE_POOLER": "pgbouncer", "TRUSTED_PROXY_COUNT": "1"}
    nodes = [start_server(through, port, 1, "portal.settings", **pooled) for port in NODES]
    balancer = stats = None
    try:
        balancer, stats = start_haproxy(BALANCER, NODES)
        # before the failed logins, which lock out the address for a minute
        through_balancer(BALANCER, stats)
        run_checks(*NODES, database_url)
        two_sweeps(database_url, {**env_for(through), **pooled})
    finally:
        for process in (*nodes, balancer, bouncer):
            if process is not None and process.poll() is None:
                stop_server(process)
    print("cluster check: two nodes behind HAProxy, through PgBouncer, serve one portal")


if __name__ == "__main__":
    main()
