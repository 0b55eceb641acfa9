"""Requests per second and p50/p99 latency of the site under gunicorn, measured with wrk on
loopback, beside the ceiling of this stack (a Flask app returning a fixed string, under the same
gunicorn settings) and nginx serving a static copy of the article.

Run from the repository root after `make test` (which installs the dev requirements), with wrk
and nginx installed (apt-get install wrk nginx-light):
    .venv/bin/python benchmarks/throughput.py [--duration 10] [--connections 32]
Targets: / at least 80% of the fixed-string app's requests per second, /consultation at least 50%.
"""

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from servers import ROOT, free_port, gunicorn, running

MINIMAL_APP = """
from flask import Flask

app = Flask(__name__)


@app.get("/")
def fixed():
    return "Hello, patients."
"""

NGINX_CONF = """
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/site;
        location / {{ try_files /index.html =404; }}
    }}
}}
"""


def wrk(url, duration, connections):
    out = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(connections), "--duration", f"{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, percentile(50), percentile(99), int(errors.group(1)) if errors else 0


def measure(name, url, args, results):
    wrk(url, 3, args.connections)  # warm up
    results[name] = wrk(url, args.duration, args.connections)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing: apt-get install wrk nginx-light")
    workers = os.environ.get("WEB_CONCURRENCY") or str(os.cpu_count() * 2 + 1)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {"FLASK_INSTANCE_PATH": f"{tmp}/instance", "WEB_CONCURRENCY": workers}

        # The ceiling: gunicorn.conf.py's settings, minus its hooks (which expect our app).
        (Path(tmp) / "minimal_app.py").write_text(MINIMAL_APP)
        conf = Path(tmp) / "minimal.conf.py"
        conf.write_text((ROOT / "gunicorn.conf.py").read_text() + "\ndel when_ready, post_worker_init\n")
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        with running(gunicorn("minimal_app:app", conf, ["--pythonpath", tmp]), url, {**env, "PORT": str(port)}):
            measure("minimal Flask app, fixed string", url, args, results)

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with running(gunicorn(), url + "/healthz", {**env, "PORT": str(port)}):
            for path in ("/", "/consultation"):
                measure(f"site {path}", url + path, args, results)
            html = urllib.request.urlopen(url + "/").read()

        # nginx serving the article exactly as the site renders it, from a file.
        os.chmod(tmp, 0o755)  # nginx's workers run as an unprivileged user
        (Path(tmp) / "site").mkdir()
        (Path(tmp) / "site" / "index.html").write_bytes(html)
        port = free_port()
        (Path(tmp) / "nginx.conf").write_text(NGINX_CONF.format(workers=os.cpu_count(), dir=tmp, port=port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        url = f"http://127.0.0.1:{port}/"
        with running([nginx, "-c", f"{tmp}/nginx.conf", "-g", "daemon off;"], url):
            measure("nginx, static copy of /", url, args, results)

    print(
        f"wrk: 2 threads, {args.connections} connections, {args.duration} s each; "
        f"gunicorn: {workers} workers, gunicorn.conf.py; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}"
    )
    for name, (rps, p50, p99, errors) in results.items():
        print(f"  {name:34s} {rps:9.0f} req/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   errors {errors}")
    ceiling = results["minimal Flask app, fixed string"][0]
    nginx_rps = results["nginx, static copy of /"][0]
    for path in ("/", "/consultation"):
        rps = results[f"site {path}"][0]
        print(f"  {path}: {rps / ceiling:.0%} of the fixed-string Flask app, {rps / nginx_rps:.0%} of nginx")


if __name__ == "__main__":
    main()
