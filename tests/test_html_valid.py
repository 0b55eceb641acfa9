"""Every page, and the stylesheet, pass the W3C Nu HTML Checker (vnu.jar from npm, on Java)."""

import json
import subprocess
from pathlib import Path

import pytest

from support import ERROR_PAGES, PAGES, form_tokens, submit

VNU = Path(__file__).parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEET = Path(__file__).parent.parent / "static" / "css" / "site.css"


def rendered_pages(client):
    """Every page as a visitor meets it, including the form with errors and the confirmation."""
    pages = {path: client.get(path).data for path in PAGES + ERROR_PAGES + ["/?tools=open", "/es/?tools=open"]}
    client.set_cookie("reading", "150.high-contrast.readable-font")
    pages["/ (reading preferences)"] = client.get("/").data
    client.delete_cookie("reading")
    pages["/consultation (every error)"] = client.post("/consultation", data=form_tokens(client)).data
    pages["/consultation (expired session)"] = submit(client, tokens={"csrf_token": "stale"}).data
    assert submit(client).status_code == 303
    pages["/consultation/sent"] = client.get("/consultation/sent").data
    form = "/es/consulta"
    pages["/es/consulta (every error)"] = client.post(form, data=form_tokens(client, form)).data
    pages["/es/consulta (expired session)"] = submit(client, tokens={"csrf_token": "stale"}, path=form).data
    pages["/es/consulta (medical details)"] = submit(client, path=form, message="Tomo gabapentina 300 mg").data
    assert submit(client, path=form).status_code == 303
    pages["/es/consulta/enviada"] = client.get("/es/consulta/enviada").data
    return pages


def test_pages_and_stylesheet_are_valid(client, tmp_path):
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run `make test`, which installs it with npm ci")
    files = []
    for i, (path, html) in enumerate(rendered_pages(client).items()):
        file = tmp_path / f"page{i}.html"
        file.write_bytes(html)
        files.append((str(file), path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--also-check-css", *[f for f, _ in files], str(STYLESHEET)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = dict(files)
    problems = [
        f"{names.get(m['url'].removeprefix('file:'), m['url'])}:{m.get('lastLine')}: {m['type']} {m['message']}"
        for m in json.loads(result.stderr)["messages"]
        if m["type"] != "info" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
