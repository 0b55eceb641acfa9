"""Every page, and the stylesheet, pass the W3C Nu HTML Checker (vnu.jar from npm, on Java)."""
import json
import subprocess
from pathlib import Path

import pytest

from conftest import ERROR_PAGES, PAGES

VNU = Path(__file__).parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEET = Path(__file__).parent.parent / "static" / "css" / "site.css"


def test_pages_and_stylesheet_are_valid(client, tmp_path):
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run `make test`, which installs it with npm ci")
    files = []
    for i, path in enumerate(PAGES + ERROR_PAGES):
        file = tmp_path / f"page{i}.html"
        file.write_bytes(client.get(path).data)
        files.append((str(file), path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--also-check-css", *[f for f, _ in files], str(STYLESHEET)],
        capture_output=True, text=True, timeout=300,
    )
    names = dict(files)
    problems = [
        f"{names.get(m['url'].removeprefix('file:'), m['url'])}:{m.get('lastLine')}: {m['type']} {m['message']}"
        for m in json.loads(result.stderr)["messages"]
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
