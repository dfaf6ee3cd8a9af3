"""What an image upload costs a web worker in memory (`make bench-uploads`, also run by
`bench/run.py`): the peak resident size a fresh process reaches while it checks an upload, makes
its thumbnail and its resized copy (what the attachment and publicity image paths do), above the
size of the same process before the upload. One upload at a time and four at once (four threads
of one process, as a threaded worker would serve them).

Targets: at most 150 MB per upload, at most 400 MB for four at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_UPLOAD_MB = 150
FOUR_AT_ONCE_MB = 400

CASES = {
    # a phone photo at the pixel cap: decoded at a reduced scale
    "jpeg 7000×7000": ("photo.jpg", "JPEG", (7000, 7000)),
    # the largest PNG accepted (about 13 megapixels in colour)
    "png 3600×3600": ("scan.png", "PNG", (3600, 3600)),
    # the PNG of the issue: 190 KB, 49 megapixels, refused from its header
    "png 7000×7000 (refused)": ("big.png", "PNG", (7000, 7000)),
}

CHILD = r"""
import io, json, os, resource, sys, threading
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from core.files import check_upload, make_thumbnail
from publicity.services import _resized

name, fmt = sys.argv[1], sys.argv[2]
width, height, count = (int(arg) for arg in sys.argv[3:6])
buffer = io.BytesIO()
if fmt == "JPEG":  # a photo-like picture (gradients and grain): about 4 MB
    grey = Image.radial_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 12)
    image = Image.merge("RGB", (grey, grey.transpose(Image.Transpose.ROTATE_90), grain))
else:  # a flat PNG: tiny on disk, as large as any when decoded
    image = Image.new("RGB", (width, height), "white")
image.save(buffer, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
data = buffer.getvalue()
del image, buffer
import gc; gc.collect()

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
# reset the high-water mark to the present size, then measure above it
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = rss_mb()
outcome = []

def one():
    upload = SimpleUploadedFile(name, data)
    try:
        check_upload(upload)
    except ValidationError:
        outcome.append("refused")
        return
    make_thumbnail(upload)
    _resized(upload)
    outcome.append("accepted")

threads = [threading.Thread(target=one) for _ in range(count)]
for t in threads: t.start()
for t in threads: t.join()
peak = rss_mb() - before
print(json.dumps({"peak_mb": peak, "bytes": len(data), "outcome": sorted(set(outcome))}))
"""


def measure(name: str, fmt: str, size: tuple[int, int], count: int) -> dict:
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "bench")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, name, fmt, str(size[0]), str(size[1]), str(count)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run() -> list[dict]:
    rows = []
    for label, (name, fmt, size) in CASES.items():
        one = measure(name, fmt, size, 1)
        four = measure(name, fmt, size, 4)
        rows.append(
            {
                "case": label,
                "file_kb": round(one["bytes"] / 1024),
                "outcome": "/".join(one["outcome"]),
                "one_mb": round(one["peak_mb"], 1),
                "four_mb": round(four["peak_mb"], 1),
                "ok": one["peak_mb"] <= PER_UPLOAD_MB and four["peak_mb"] <= FOUR_AT_ONCE_MB,
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        f"Image uploads: peak memory above the worker's size (targets: one ≤ {PER_UPLOAD_MB} MB,"
        f" four at once ≤ {FOUR_AT_ONCE_MB} MB)",
        "",
        "| image | file KB | outcome | one upload MB | four at once MB | result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['file_kb']} | {r['outcome']} | {r['one_mb']} | {r['four_mb']} "
            f"| {'PASS' if r['ok'] else 'FAIL'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    result = run()
    print(table(result))
    print("JSON " + json.dumps(result))
    sys.exit(0 if all(r["ok"] for r in result) else 1)
