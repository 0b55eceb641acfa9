"""What the README tells whoever runs the site to type, or to install, works as written."""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from support import free_port, patient_submits, read_as_written, wait_for, wait_until_serving

REPO = Path(__file__).parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
DEPLOYMENT = README[README.index("\n## Deploying behind a reverse proxy") :]
FLASK = ".venv/bin/flask"
SANDBOX = Path(__file__).parent / "unit_sandbox.py"
# systemd's PATH for a system service; nothing of a virtual environment in it.
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"


def venv_bin():
    # A clone has its virtual environment in .venv (the Makefile makes it); a git worktree or a
    # CI image may run the tests with one elsewhere: then the interpreter running this is in it.
    if (REPO / FLASK).exists():
        return REPO / ".venv" / "bin"
    return Path(sys.executable).parent


def code_blocks(text, language):
    """The fenced blocks of `language` in the Markdown text, without their indentation."""
    blocks = []
    for indent, body in re.findall(rf"^( *)```{language}\n(.*?)^\1```", text, re.M | re.S):
        blocks.append("\n".join(line[len(indent) :] for line in body.splitlines()))
    return blocks


def outbox_commands():
    """Every `.venv/bin/flask --app wsgi outbox ...` command of the README, as a shell reads it."""
    commands = []
    for line in README.splitlines():
        if f"{FLASK} --app wsgi outbox" in line:
            command = line.split("`")[1] if "`" in line else line
            commands.append((line, shlex.split(command, comments=True)))
    return commands


def unit():
    """The README's systemd unit: each key of its [Service] section with its values, in order."""
    (block,) = [b for b in code_blocks(README, "ini") if "[Service]" in b]
    service = block.split("[Service]\n", 1)[1].split("\n[", 1)[0]
    settings = {}
    for line in service.splitlines():
        if line.strip() and not line.startswith(("#", ";")):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def environment_file():
    """The README's /etc/clinic-microsite.env as systemd reads it (systemd.exec(5)): a line that
    starts with # or ; is a comment, and the value is everything after the first =, blanks
    around it removed, quotes around it too, but a # in it kept."""
    (block,) = [b for b in code_blocks(README, "sh") if "FLASK_SITE_URL=" in b]
    variables = {}
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")):
            key, value = (part.strip() for part in line.split("=", 1))
            if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            variables[key] = value
    return variables


def test_the_readme_runs_flask_from_the_virtual_environment_it_made():
    # `flask` alone is found only while .venv is activated, which nothing tells anyone to do.
    assert re.findall(r"(?<!\.venv/bin/)\bflask --app", README) == []
    documented = {tuple(words[words.index(FLASK) :]) for _, words in outbox_commands()}
    assert {(FLASK, "--app", "wsgi", "outbox", "status"), (FLASK, "--app", "wsgi", "outbox", "send")} <= documented


# What each command prints for an outbox with nothing in it.
EMPTY_OUTBOX_SAYS = {
    "status": "pending: 0",
    "send": "0 pending",
    "failed": "no refused requests",
    "retry": "0 queued again",
}


def test_every_documented_outbox_command_runs_without_an_activated_environment(tmp_path):
    settings = unit()
    (instance,) = [v.split("=", 1)[1] for v in settings["Environment"] if v.startswith("FLASK_INSTANCE_PATH=")]
    env = {"PATH": SYSTEMD_PATH, "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    commands = outbox_commands()
    assert len(commands) >= 3
    for line, words in commands:
        at = words.index(FLASK)
        before, args = words[:at], words[at + 1 :]
        assigned = dict(w.split("=", 1) for w in before if re.fullmatch(r"[A-Z_]+=.*", w))
        if line in DEPLOYMENT:
            # On the server: as the site's user, so what the command writes stays the site's,
            # and with the site's instance folder, not the checkout's instance/.
            assert before[:3] == ["sudo", "-u", settings["User"][0]], line
            assert assigned.get("FLASK_INSTANCE_PATH") == instance, line
        run_env = {**env, **assigned, "FLASK_INSTANCE_PATH": str(tmp_path / "instance")}
        result = subprocess.run(
            [str(venv_bin() / "flask"), *args], cwd=REPO, env=run_env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, (line, result.stdout, result.stderr)
        assert EMPTY_OUTBOX_SAYS[args[3]] in result.stdout, line


def sandbox_or_skip():
    """The unit's restrictions are emulated in a mount namespace: that needs root and util-linux."""
    if os.geteuid() != 0:
        pytest.skip("emulating the systemd unit needs root, for a mount namespace")
    missing = [tool for tool in ("unshare", "mount", "setpriv") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"emulating the systemd unit needs util-linux's {', '.join(missing)}")
    probe = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            "mount -t tmpfs tmpfs /tmp && mount -o remount,bind,ro /",
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace here: {probe.stderr.strip()}")


def sandboxed(state, settings, uid, command, **popen):
    """`command` under the unit's restrictions (tests/unit_sandbox.py), its state folder `state`."""
    return subprocess.Popen(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            sys.executable,
            str(SANDBOX),
            str(state),
            settings["StateDirectory"],
            settings["StateDirectoryMode"],
            settings["UMask"],
            str(uid),
            "--",
            *command,
        ],
        cwd=REPO,
        **popen,
    )


def run_sandboxed(tmp_path, settings, uid, command):
    state = tmp_path / "probe"
    state.mkdir(exist_ok=True)
    return sandboxed(
        state, settings, uid, ["env", "-i", *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ).wait(timeout=60)


def unprivileged_uid(tmp_path, settings, program):
    """nobody (the unit's User= is an ordinary user) if nobody can run the interpreter there; else
    root, where the interpreter lives where only root may look (a pyenv under /root)."""
    return 65534 if run_sandboxed(tmp_path, settings, 65534, [program, "--version"]) == 0 else "root"


def stop(server):
    """The whole process group: gunicorn's master and its workers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            continue


def outbox_references(outbox: Path) -> set[str]:
    """The references of the messages waiting in an outbox or being sent."""
    return {p.name.split("-")[1] for folder in ("new", "sending") for p in (outbox / folder).iterdir()}


def test_the_documented_unit_starts_the_site_and_queues_a_request(tmp_path):
    sandbox_or_skip()
    settings = unit()
    one = {key: values[-1] for key, values in settings.items()}
    assert (one["ProtectSystem"], one["PrivateTmp"], one["NoNewPrivileges"]) == ("strict", "true", "true")
    environment = dict(v.split("=", 1) for v in settings["Environment"])
    state_directory = f"/var/lib/{one['StateDirectory']}"
    assert environment["FLASK_INSTANCE_PATH"] == state_directory
    assert settings.get("ReadWritePaths", [state_directory]) == [state_directory]
    assert one["EnvironmentFile"] == "/etc/clinic-microsite.env" and one["EnvironmentFile"] in DEPLOYMENT
    command = shlex.split(one["ExecStart"])
    assert command[0] == f"{one['WorkingDirectory']}/.venv/bin/gunicorn"

    # What differs from the server: the checkout and its .venv are this one's, the port is free,
    # the mail server is a loopback port where nothing listens, two workers are enough, and
    # the user is nobody (or root where nobody can't run this interpreter).
    command[0] = str(venv_bin() / "gunicorn")
    uid = unprivileged_uid(tmp_path, one, command[0])
    # The emulation holds: even root can write nothing outside the state folder and /tmp.
    state_file = f"{state_directory}/probe"
    assert run_sandboxed(tmp_path, one, "root", ["/bin/sh", "-c", f"touch {state_file} /tmp/probe"]) == 0
    assert run_sandboxed(tmp_path, one, "root", ["/bin/sh", "-c", f"touch {REPO}/.probe || touch /srv/probe"]) != 0
    assert not (REPO / ".probe").exists()
    port = free_port()
    env = {
        "PATH": SYSTEMD_PATH,
        "LANG": "C.UTF-8",
        # the user's home, read-only like everything else under ProtectSystem=strict
        "HOME": str(REPO),
        **environment,
        **environment_file(),  # systemd: the file's settings win
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "FLASK_MAIL_SERVER": "127.0.0.1",
        "FLASK_MAIL_PORT": str(free_port()),
    }
    state = tmp_path / "state"
    state.mkdir()
    if uid != "root":
        os.chown(state, uid, uid)
    server = sandboxed(
        state,
        one,
        uid,
        ["env", "-i", *(f"{key}={value}" for key, value in env.items()), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = read_as_written(server)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(server, url)
        assert patient_submits(url, 1) == 303
        # By reference: the sender may move the message from new/ to sending/ between the two
        # listings, and then both show it; or, its attempt failed (no mail server here), back to
        # new/ between them, and then neither does. It rests in new/ for 30 s after a failure.
        queued: set[str] = set()
        wait_for(lambda: queued.update(outbox_references(state / "outbox")) or queued, timeout=2)
        assert len(queued) == 1
    finally:
        stop(server)
        log = output()
        print(log)
    (reference,) = queued
    assert f"request {reference} queued" in log
    assert "control socket" not in log.lower() and "read-only file system" not in log.lower()
    # Everything the site wrote is in its state folder, its own (UMask=0077) and its user's.
    written = [p for p in state.rglob("*") if p.is_file()]
    assert (state / "secret_key") in written
    assert all(p.stat().st_mode & 0o077 == 0 for p in written), [oct(p.stat().st_mode) for p in written]
    assert all(p.stat().st_uid == (0 if uid == "root" else uid) for p in written)
