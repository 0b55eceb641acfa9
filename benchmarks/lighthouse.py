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
import subprocess
import tempfile
import time
from pathlib import Path

from servers import CHROMIUM, CHROMIUM_ARGS, free_port, gunicorn, running

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url):
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
    )
    report = json.loads(result.stdout)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [
        f"{a['id']} ({a['score']})"
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    metrics = {
        k: report["audits"][k]["displayValue"]
        for k in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "total-byte-weight",
        )
    }
    return scores, failing, metrics


def main():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Lighthouse {version}, mobile profile, {time.strftime('%Y-%m-%d')}")
    with (
        tempfile.TemporaryDirectory() as instance,
        running(gunicorn(), url + "/healthz", env={"PORT": str(port), "FLASK_INSTANCE_PATH": instance}),
    ):
        for path in ("/", "/consultation", "/es/", "/es/consulta"):
            scores, failing, metrics = lighthouse(url + path)
            print(f"  {path:14s} " + "  ".join(f"{c} {s}" for c, s in scores.items()))
            print(f"  {'':14s} " + ", ".join(f"{k} {v}" for k, v in metrics.items()))
            if failing:
                print(f"  {'':14s} failing audits: {', '.join(failing)}")


if __name__ == "__main__":
    main()
