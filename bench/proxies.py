"""PgBouncer and HAProxy on loopback, as deploy/ puts them in front of PostgreSQL and the web
nodes: for the benchmark's PgBouncer column and `make cluster-check`.

Both come from Debian (`apt-get install pgbouncer haproxy`). Their configuration here follows
deploy/pgbouncer/pgbouncer.ini and deploy/haproxy/haproxy.cfg, with loopback addresses.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

PGBOUNCER_PORT = 6439
# What portal/settings.py sends as the `options` start-up parameter without a pooler; PgBouncer
# refuses that parameter, so it sets the same on each server connection it opens.
CONNECT_QUERY = "SET jit = off; SET random_page_cost = 1.1"


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server started in its own session (gunicorn with its workers, a proxy)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def available(program: str) -> bool:
    return shutil.which(program) is not None


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise SystemExit(f"{what} exited ({process.returncode}); see its output above")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    stop_process(process)
    raise SystemExit(f"{what} did not listen on port {port}")


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def start_pgbouncer(database_url: str, port: int = PGBOUNCER_PORT) -> tuple[subprocess.Popen, str]:
    """PgBouncer in transaction mode in front of the database of ``database_url``; returns the
    process and the URL through it (the same user, password and database name)."""
    parts = urllib.parse.urlsplit(database_url)
    user = urllib.parse.unquote(parts.username or "postgres")
    password = urllib.parse.unquote(parts.password or "")
    folder = Path(tempfile.mkdtemp(prefix="jpj-pgbouncer-"))
    folder.chmod(0o755)  # PgBouncer refuses to run as root: it reads this as `nobody`
    server = f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} user={user}"
    if password:
        server += f" password={password}"
    (folder / "users.txt").write_text(f'"{user}" "{password}"\n', encoding="utf-8")
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = {server} connect_query='{CONNECT_QUERY}'\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {port}\n"
        "unix_socket_dir =\n"
        "auth_type = trust\n"
        f"auth_file = {folder / 'users.txt'}\n"
        "pool_mode = transaction\n"
        "max_client_conn = 500\n"
        "default_pool_size = 20\n"
        # what psycopg sends; PgBouncer answers it itself
        "ignore_startup_parameters = extra_float_digits\n"
        "server_reset_query =\n"
        "log_connections = 0\n"
        "log_disconnections = 0\n",
        encoding="utf-8",
    )
    for item in folder.iterdir():
        item.chmod(0o644)
    command = ["pgbouncer", str(folder / "pgbouncer.ini")]
    if _as_root():
        command[1:1] = ["-u", "nobody"]
    process = subprocess.Popen(command, start_new_session=True)
    _wait_for_port(port, process, "pgbouncer")
    through = parts._replace(netloc=_netloc(parts, "127.0.0.1", port)).geturl()
    return process, through


def _netloc(parts: urllib.parse.SplitResult, host: str, port: int) -> str:
    credentials = parts.netloc.rpartition("@")[0]
    return f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"


def start_haproxy(port: int, nodes: tuple[int, ...]) -> tuple[subprocess.Popen, Path]:
    """HAProxy spreading requests round-robin over the nodes (health-checked on /healthz);
    returns the process and its stats socket."""
    folder = Path(tempfile.mkdtemp(prefix="jpj-haproxy-"))
    stats = folder / "stats.sock"
    servers = "".join(
        f"    server node{i} 127.0.0.1:{node} check inter 2s\n" for i, node in enumerate(nodes)
    )
    (folder / "haproxy.cfg").write_text(
        "global\n"
        f"    stats socket {stats} mode 600 level admin\n"
        "defaults\n"
        "    mode http\n"
        "    option forwardfor\n"
        "    timeout connect 5s\n"
        "    timeout client 60s\n"
        "    timeout server 60s\n"
        "frontend portal\n"
        f"    bind 127.0.0.1:{port}\n"
        "    default_backend web\n"
        "backend web\n"
        "    balance roundrobin\n"
        "    option httpchk GET /healthz\n"
        "    http-check expect status 200\n" + servers,
        encoding="utf-8",
    )
    check = subprocess.run(
        ["haproxy", "-c", "-q", "-f", str(folder / "haproxy.cfg")], capture_output=True, text=True
    )
    if check.returncode:
        raise SystemExit(f"haproxy refused its configuration: {check.stderr}")
    process = subprocess.Popen(
        ["haproxy", "-db", "-f", str(folder / "haproxy.cfg")], start_new_session=True
    )
    _wait_for_port(port, process, "haproxy")
    return process, stats


def haproxy_sessions(stats: Path) -> dict[str, int]:
    """Requests each node has answered (HAProxy's `show stat`: stot per server)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(stats))
        connection.sendall(b"show stat\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    lines = answer.decode().splitlines()
    header = lines[0].lstrip("# ").split(",")
    counts = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        if row.get("pxname") == "web" and row.get("svname", "").startswith("node"):
            counts[row["svname"]] = int(row.get("stot") or 0)
    return counts
