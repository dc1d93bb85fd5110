"""The set-up scripts' own logic, run by bash with stand-ins on the PATH (nothing is installed):
apt-get waits for a busy apt/dpkg lock instead of failing with exit 100 (scripts/apt.sh), and
scripts/fuseki.sh trusts a cached Fuseki only while its SHA256SUMS hold."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")

LOCKED = "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)\nE: Unable to lock directory /var/lib/apt/lists/\n"


def fake_apt_get(folder: Path, failures: int, message: str = LOCKED, status: int = 100) -> Path:
    """An ``apt-get`` that fails ``failures`` times with ``message``, then succeeds; it logs its arguments."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "calls.log"
    script = folder / "apt-get"
    script.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >> "{log}"\n'
        f'n=$(wc -l < "{log}")\n'
        f'if [ "$n" -le {failures} ]; then printf %s "{message}" >&2; exit {status}; fi\n'
        "echo 'Reading package lists...'\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return log


def run_apt_get(folder: Path, *args: str, timeout: str = "30") -> subprocess.CompletedProcess:
    if os.geteuid() != 0:
        pytest.skip("not root: scripts/apt.sh would run apt-get through sudo")
    env = {**os.environ, "APT_GET": str(folder / "apt-get"), "APT_LOCK_TIMEOUT": timeout, "APT_LOCK_POLL": "0.1"}
    command = f'set -euo pipefail; . "{REPO / "scripts" / "apt.sh"}"; apt_get "$@"'
    return subprocess.run([BASH, "-c", command, "apt_get", *args], capture_output=True, text=True, env=env, timeout=120)


def test_apt_get_waits_while_another_run_holds_the_lock(tmp_path):
    log = fake_apt_get(tmp_path, failures=3)
    done = run_apt_get(tmp_path, "update", "-qq")
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    assert len(calls) == 4  # three refusals, then the run that got the lock
    assert all(call.startswith("-o DPkg::Lock::Timeout=") and call.endswith("update -qq") for call in calls)
    assert "another apt or dpkg run holds its lock" in done.stderr
    assert "lists/lock" in done.stderr  # says which lock
    assert done.stderr.count("waiting") == 1  # one message, not one per try


def test_apt_get_gives_up_after_the_timeout_with_apts_own_error(tmp_path):
    log = fake_apt_get(tmp_path, failures=1000)
    done = run_apt_get(tmp_path, "install", "-y", "chromium", timeout="1")
    assert done.returncode == 100
    assert "Could not get lock" in done.stderr and "gave up waiting" in done.stderr
    assert 2 <= len(log.read_text().splitlines()) < 1000


def test_apt_get_passes_the_lock_timeout_to_dpkg(tmp_path):
    log = fake_apt_get(tmp_path, failures=0)
    done = run_apt_get(tmp_path, "install", "-y", "-qq", "libapache-jena-java", timeout="600")
    assert done.returncode == 0, done.stderr
    (call,) = log.read_text().splitlines()
    option = call.split()[1]
    assert option.startswith("DPkg::Lock::Timeout=") and 595 <= int(option.split("=")[1]) <= 600


def test_apt_get_reports_other_failures_at_once(tmp_path):
    log = fake_apt_get(tmp_path, failures=1000, message="E: Unable to locate package nosuchthing\n")
    done = run_apt_get(tmp_path, "install", "-y", "nosuchthing")
    assert done.returncode == 100
    assert "Unable to locate package nosuchthing" in done.stderr and "waiting" not in done.stderr
    assert len(log.read_text().splitlines()) == 1


def test_setup_runs_apt_get_only_through_the_waiting_function():
    text = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    code = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert any("apt_get update" in line for line in code) and any("apt_get install" in line for line in code)
    assert not any("apt-get" in line for line in code)


def _fuseki_env(tmp_path: Path, home: Path) -> dict[str, str]:
    # java and sha256sum as found; no mvn on the PATH, so a download attempt says so
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("java", "sha256sum", "mktemp", "rm", "cat", "dirname", "mkdir", "grep", "ls", "wc", "mv", "cut", "tail"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    return {**os.environ, "PATH": str(bin_dir), "ZORGAKKOORDEN_FUSEKI_HOME": str(home)}


def test_fuseki_script_trusts_the_cache_only_while_its_checksums_hold(tmp_path):
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum is not installed")
    home = tmp_path / "fuseki"
    (home / "lib").mkdir(parents=True)
    jar = home / "lib" / "jena-fuseki-main-5.6.0.jar"
    jar.write_bytes(b"not really a jar, but checksummed")
    subprocess.run(["sha256sum", "lib/jena-fuseki-main-5.6.0.jar"], cwd=home, check=True, stdout=(home / "SHA256SUMS").open("w"))
    env = _fuseki_env(tmp_path, home)
    ready = subprocess.run([BASH, str(REPO / "scripts" / "fuseki.sh")], capture_output=True, text=True, env=env, timeout=60)
    assert ready.returncode == 0, ready.stderr
    assert ready.stdout.strip() == str(home)
    jar.write_bytes(b"changed after the download")
    again = subprocess.run([BASH, str(REPO / "scripts" / "fuseki.sh")], capture_output=True, text=True, env=env, timeout=60)
    if shutil.which("java") is None:
        assert again.returncode == 3 and "Java is not installed" in again.stderr
    else:
        assert again.returncode == 3 and "mvn is not installed" in again.stderr
