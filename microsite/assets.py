"""Static files under names that change with their content, compressed once, served by WhiteNoise.

At start-up each file in static/ is copied to instance/static/ as name.<hash>.ext, with gzip
and Brotli versions beside it. url_for("static", filename="css/site.css") then gives the hashed
name, which browsers may keep for a year: a changed file has a new name.
"""

import hashlib
import os
import posixpath
import re
from pathlib import Path

from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from .security import HEADERS

HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.\w+$")
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


def build(source: Path, target: Path):
    """Copy every file to its hashed name (once: the name says the content). Returns the manifest."""
    compressor = Compressor(quiet=True)
    manifest = {}
    # Stylesheets last: the files they point at (fonts) must have their hashed names first.
    for path in sorted((p for p in source.rglob("*") if p.is_file()), key=lambda p: (p.suffix == ".css", p)):
        name = path.relative_to(source).as_posix()
        data = path.read_bytes()
        if path.suffix == ".css":
            data = _hashed_urls(data.decode(), name, manifest).encode()
        stem, dot, extension = name.rpartition(".")
        hashed = f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}.{extension}"
        destination = target / hashed
        if not destination.exists():
            # Written aside and renamed, compressed copies first, so a worker never serves half a file.
            destination.parent.mkdir(parents=True, exist_ok=True)
            tmp = destination.with_name(f".{os.getpid()}.{destination.name}")
            tmp.write_bytes(data)
            if compressor.should_compress(tmp.name):
                for compressed in compressor.compress(str(tmp)):
                    os.replace(compressed, str(destination) + compressed.removeprefix(str(tmp)))
            os.replace(tmp, destination)
        manifest[name] = hashed
    return manifest


def _hashed_urls(css, name, manifest):
    """Point url(...) in a stylesheet at the hashed names, so fonts are cached for a year too."""
    folder = posixpath.dirname(name)

    def hashed(match):
        quote, url = match.groups()
        target = posixpath.normpath(posixpath.join(folder, url))
        if target not in manifest:
            return match.group(0)
        return f"url({quote}{posixpath.relpath(manifest[target], folder)}{quote})"

    return CSS_URL.sub(hashed, css)


def init_app(app):
    manifest = build(Path(app.static_folder), Path(app.instance_path) / "static")

    @app.url_defaults
    def hashed_static(endpoint, values):
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    def security_headers(headers, path, url):
        for name, value in HEADERS.items():
            headers.setdefault(name, value)

    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=Path(app.instance_path) / "static",
        prefix=app.static_url_path,
        max_age=3600,
        allow_all_origins=False,
        add_headers_function=security_headers,
        immutable_file_test=lambda path, url: bool(HASHED_NAME.search(url)),
    )
