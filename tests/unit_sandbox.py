"""Runs a command under the restrictions of the README's systemd unit, as a mount namespace can
show them (tests/test_readme.py starts it; it is not a test itself):

    unshare --mount --propagation private python tests/unit_sandbox.py \
        STATE NAME MODE UMASK UID -- COMMAND...

- StateDirectory=NAME, StateDirectoryMode=MODE: the folder STATE is mounted at /var/lib/NAME,
  writable. /var/lib/NAME must exist to be mounted on, so a small tmpfs on /var/lib, in this
  namespace only, holds the mount point.
- PrivateTmp=true: an empty /tmp and /var/tmp of the service's own (a checkout that lives
  under /tmp is carried into it, read-only).
- ProtectSystem=strict: every other mount read-only, but the API file systems /dev, /proc, /sys.
- UMask=UMASK, then NoNewPrivileges=true and User= as setpriv to UID (or none: stay root).

Nothing here leaves the namespace: its mounts go when the command ends.
"""

import os
import re
import subprocess
import sys

API_FILE_SYSTEMS = ("dev", "proc", "sys")


def mount(*args):
    subprocess.run(["mount", *args], check=True)


def mount_points():
    """Each mount of this namespace: its path and whether it is already read-only."""
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            # Blanks and other awkward characters in a path are written as octal escapes (\040).
            path = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            yield path, "ro" in fields[5].split(",")


def main(state, name, mode, umask, uid, separator, *command):
    assert separator == "--", "usage: unit_sandbox.py STATE NAME MODE UMASK UID -- COMMAND..."
    os.chmod(state, int(mode, 8))
    state_directory = f"/var/lib/{name}"
    mount("-t", "tmpfs", "-o", "mode=0755,size=1m", "tmpfs", "/var/lib")
    os.mkdir(state_directory)
    mount("--bind", state, state_directory)  # before /tmp is covered, where STATE may live
    # A checkout under /tmp (a CI runner's clone) would vanish under the private /tmp: held
    # aside in /var/lib first, then put back at its own path, read-only like the rest.
    checkout = os.getcwd()
    carried = checkout.startswith(("/tmp/", "/var/tmp/"))
    if carried:
        os.mkdir("/var/lib/.checkout")
        mount("--bind", checkout, "/var/lib/.checkout")
    for private in ("/tmp", "/var/tmp"):
        mount("-t", "tmpfs", "-o", "mode=1777", "tmpfs", private)
    if carried:
        os.makedirs(checkout)
        mount("--bind", "/var/lib/.checkout", checkout)
        mount("-o", "remount,bind,ro", checkout)
    writable = {"/tmp", "/var/tmp", state_directory}
    covered = ("/tmp/", "/var/tmp/", "/var/lib/")  # what was mounted below these is hidden now
    for path, read_only in list(mount_points()):
        if read_only or path in writable or path.startswith(covered) or path.split("/")[1] in API_FILE_SYSTEMS:
            continue
        mount("-o", "remount,bind,ro", path)
    os.umask(int(umask, 8))
    user = [f"--reuid={uid}", f"--regid={uid}", "--clear-groups"] if uid != "root" else []
    os.execvp("setpriv", ["setpriv", *user, "--no-new-privs", *command])


if __name__ == "__main__":
    main(*sys.argv[1:])
