"""Lighthouse's four category scores for / and /consultation, with its mobile profile (a
mid-range phone on a slow 4G connection, simulated), against the site under gunicorn.

Run from the repository root after `make test` (which installs the dev requirements and
Debian's chromium):
    .venv/bin/python benchmarks/lighthouse.py
It installs Lighthouse from npm into benchmarks/node_modules (benchmarks/package-lock.json)
when missing. Targets: 100 in accessibility, best practices and SEO; at least 98 in performance.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lighthouse(url):
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True)
    report = json.loads(result.stdout)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [f"{a['id']} ({a['score']})" for a in report["audits"].values()
               if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    metrics = {k: report["audits"][k]["displayValue"] for k in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "total-byte-weight")}
    return scores, failing, metrics


def main():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as instance:
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
                                   "--access-logfile", "/dev/null", "wsgi:app"], cwd=ROOT,
                                  env={**os.environ, "PORT": str(port), "FLASK_INSTANCE_PATH": instance},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            print(f"Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}"
                  f", mobile profile, {time.strftime('%Y-%m-%d')}")
            for path in ("/", "/consultation"):
                scores, failing, metrics = lighthouse(url + path)
                print(f"  {path:14s} " + "  ".join(f"{c} {s}" for c, s in scores.items()))
                print(f"  {'':14s} " + ", ".join(f"{k} {v}" for k, v in metrics.items()))
                if failing:
                    print(f"  {'':14s} failing audits: {', '.join(failing)}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
