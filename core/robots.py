"""Group robots (群机器人) of WeCom and DingTalk: each gets the payload of its own type, and
DingTalk's signed robots (加签) get the timestamp and HMAC-SHA256 signature they require."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request
from typing import Any

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3


def payload(kind: str, *, title: str, text: str, link: str) -> dict:
    """The message body each robot type expects (markdown, so that the link is clickable)."""
    lines = [f"**{title}**"]
    if text:
        lines.append(text)
    if link:
        lines.append(f"[{link}]({link})")
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": "\n\n".join(lines)}}
    return {"msgtype": "markdown", "markdown": {"content": "\n".join(lines)}}


def signed_url(url: str, secret: str, *, now_ms: int | None = None) -> str:
    """DingTalk 加签: ``timestamp`` (ms) and ``sign`` = base64(HMAC-SHA256(secret,
    "timestamp\\nsecret")), URL-encoded, appended to the robot's address."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def post(court: Any, *, title: str, text: str = "", link: str = "") -> tuple[bool, str]:
    """Post to ``court``'s robot (its ``webhook_url``, ``webhook_format`` and, for DingTalk,
    ``webhook_secret``). Returns (delivered, detail)."""
    url = court.webhook_url
    if not url.lower().startswith(("https://", "http://")):
        return False, "refused: only http(s) robot addresses"
    kind = court.webhook_format
    if kind == "dingtalk" and getattr(court, "webhook_secret", ""):
        url = signed_url(url, court.webhook_secret)
    data = json.dumps(payload(kind, title=title, text=text, link=link)).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310  (scheme checked above)
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(2000).decode("utf-8", "replace")
            status = response.status
    except Exception as error:  # the robot is outside the system
        logger.warning("robot of %s failed: %s", getattr(court, "slug", "?"), error)
        return False, str(error) or error.__class__.__name__
    compact = body.replace(" ", "")
    ok = 200 <= status < 300 and ('"errcode":0' in compact or "errcode" not in compact)
    return ok, f"HTTP {status} {body[:200]}"
