"""`make check`'s audit of our dependencies: runs pip-audit, then says how many packages it audited.

    python tools/audit_report.py [--strict] --requirement requirements.txt   # the rest goes to pip-audit

pip-audit says "No known vulnerabilities found", and exits 0, even when it audited nothing: an
empty requirements file, or packages it skipped because PyPI did not know them (a local package,
a private index, PyPI's vulnerability data out of reach). So this reads pip-audit's JSON report
instead, prints how many packages were audited, and fails on a known vulnerability. What could
not be audited is said plainly, as NOT AUDITED; it fails the check only with --strict, because
a machine without PyPI's JSON API (a closed CI network) could otherwise never pass.
A developer's tool, not part of the site.
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PIP_AUDIT = [sys.executable, "-m", "pip_audit"]
# pip-audit's own summary, which the lines of judge() replace.
SUMMARY = re.compile(r"^(No known vulnerabilities found|Found \d+ known vulnerabilit).*\n?", re.M)


def judge(report, strict=False):
    """pip-audit's JSON report -> (passed, lines to print)."""
    dependencies = report["dependencies"]
    skipped = [d for d in dependencies if "skip_reason" in d]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d["vulns"]]
    lines = [f"pip-audit: {len(audited)} of {len(dependencies)} packages audited"]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln["fix_versions"]) or "no fixed version yet"
            lines.append(f"  {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in: {fixed})")
    for dependency in skipped:
        lines.append(f"  not audited: {dependency['skip_reason']}")
    verdict = "FAILED" if strict else "NOT AUDITED"
    if vulnerable:
        count = sum(len(d["vulns"]) for d in vulnerable)
        lines.append(
            f"FAILED: {count} known {'vulnerability' if count == 1 else 'vulnerabilities'} in {len(vulnerable)} of them"
        )
    elif not audited:
        lines.append(f"{verdict}: nothing was audited, so nothing is known about vulnerabilities")
    elif skipped:
        lines.append(f"{verdict}: {len(skipped)} could not be audited; no known vulnerabilities in the others")
    else:
        lines.append("no known vulnerabilities")
    return not vulnerable and (not strict or (bool(audited) and not skipped)), lines


def main(arguments):
    strict = "--strict" in arguments
    arguments = [a for a in arguments if a != "--strict"]
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "pip-audit.json"
        # pip-audit exits 1 when it finds a vulnerability: the report says which.
        result = subprocess.run(
            [*PIP_AUDIT, *arguments, "--progress-spinner", "off", "--format", "json", "--output", str(output)],
            capture_output=True,
            text=True,
        )
        if not output.exists():
            sys.stderr.write(result.stdout + result.stderr)
            print(
                f"{'FAILED' if strict else 'NOT AUDITED'}: pip-audit wrote no report (exit status {result.returncode})"
            )
            return 1 if strict else 0
        sys.stderr.write(SUMMARY.sub("", result.stdout + result.stderr))
        passed, lines = judge(json.loads(output.read_text(encoding="utf-8")), strict)
    print("\n".join(lines))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
