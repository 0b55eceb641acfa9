"""`make check`'s dependency audit says how much it audited, fails on a known vulnerability, and,
with --strict, when any package could not be audited."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).parent.parent / "tools" / "audit_report.py"
spec = importlib.util.spec_from_file_location("audit_report", TOOL)
audit_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_report)

# Reports as pip-audit 2.10 writes them with --format json (pip_audit/_format/json.py).
CLEAN = {
    "dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "jinja2", "version": "3.1.6", "vulns": []},
    ],
    "fixes": [],
}
NOTHING = {"dependencies": [], "fixes": []}
SKIPPED = {
    "dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {
            "name": "clinic-theme",
            "skip_reason": "Dependency not found on PyPI and could not be audited: clinic-theme (0.1)",
        },
    ],
    "fixes": [],
}
VULNERABLE = {
    "dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {
            "name": "jinja2",
            "version": "2.10",
            "vulns": [
                {
                    "id": "PYSEC-2019-217",
                    "fix_versions": ["2.10.1"],
                    "aliases": ["CVE-2019-10906"],
                    "description": "...",
                },
                {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": [], "description": "..."},
            ],
        },
    ],
    "fixes": [],
}


def test_every_package_audited_and_none_vulnerable_passes():
    passed, lines = audit_report.judge(CLEAN)
    assert passed and lines == ["pip-audit: 2 of 2 packages audited", "no known vulnerabilities"]


def test_nothing_audited_is_said_instead_of_no_known_vulnerabilities():
    passed, lines = audit_report.judge(NOTHING)
    assert passed
    assert lines[0] == "pip-audit: 0 of 0 packages audited" and lines[-1].startswith("NOT AUDITED: nothing was audited")
    passed, lines = audit_report.judge(NOTHING, strict=True)
    assert not passed and lines[-1].startswith("FAILED: nothing was audited")


def test_a_skipped_package_is_named_and_fails_when_strict():
    passed, lines = audit_report.judge(SKIPPED)
    assert passed
    assert lines == [
        "pip-audit: 1 of 2 packages audited",
        "  not audited: Dependency not found on PyPI and could not be audited: clinic-theme (0.1)",
        "NOT AUDITED: 1 could not be audited; no known vulnerabilities in the others",
    ]
    passed, lines = audit_report.judge(SKIPPED, strict=True)
    assert not passed and lines[-1] == "FAILED: 1 could not be audited; no known vulnerabilities in the others"


def test_a_vulnerability_fails_with_its_id_and_fix():
    passed, lines = audit_report.judge(VULNERABLE)
    assert not passed
    assert "  jinja2 2.10: PYSEC-2019-217 (fixed in: 2.10.1)" in lines
    assert "  jinja2 2.10: GHSA-h5c8-rqwp-cp95 (fixed in: 3.1.3)" in lines
    assert lines[-1] == "FAILED: 2 known vulnerabilities in 1 of them"


def fake_pip_audit(report, status):
    """A stand-in for pip-audit that writes `report` (None: nothing) where --output says."""
    return [
        sys.executable,
        "-c",
        f"""
import json, sys
args = sys.argv[1:]
report = {json.dumps(report)!r}
if report != "null":
    open(args[args.index("--output") + 1], "w").write(report)
print("No known vulnerabilities found", file=sys.stderr)
sys.exit({status})
""",
    ]


@pytest.mark.parametrize(
    "report, status, code, last",
    [
        (CLEAN, 0, 0, "no known vulnerabilities"),
        (NOTHING, 0, 0, "NOT AUDITED: nothing was audited, so nothing is known about vulnerabilities"),
        (VULNERABLE, 1, 1, "FAILED: 2 known vulnerabilities in 1 of them"),
        (None, 1, 0, "NOT AUDITED: pip-audit wrote no report (exit status 1)"),
    ],
)
def test_main_prints_its_own_summary_not_pip_audits(monkeypatch, capsys, report, status, code, last):
    monkeypatch.setattr(audit_report, "PIP_AUDIT", fake_pip_audit(report, status))
    assert audit_report.main(["--requirement", "requirements.txt"]) == code
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == last
    # pip-audit's own summary is shown only when there is no report to judge.
    assert ("No known vulnerabilities found" in err) == (report is None)


def test_pip_audit_on_an_empty_requirements_file_says_nothing_was_audited(tmp_path):
    pytest.importorskip("pip_audit")
    (tmp_path / "requirements.txt").write_text("")
    result = subprocess.run(
        [sys.executable, str(TOOL), "--strict", "--requirement", str(tmp_path / "requirements.txt")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # Audited nothing (or, offline, wrote no report): never "no known vulnerabilities".
    assert result.returncode == 1, result.stdout + result.stderr
    assert "No known vulnerabilities found" not in result.stdout + result.stderr
    assert "FAILED" in result.stdout
