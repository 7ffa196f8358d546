"""`unknot breaks` at rest beside Workrave: peak memory and CPU seconds per hour.

Both run in the same conditions in the same run: one virtual X display (Xvfb), one
private D-Bus session bus with a real notification daemon (dunst) on it, so unknot takes
its desktop-notification path (desktop-notifier connected) as on a real desktop. After a
warm-up both sit at rest for --seconds (default 60): no break falls in the window (a
break was just recorded, so the next is half an hour away). CPU is the processes' user +
system time over the window (children included), scaled to an hour; memory is the peak
resident set (VmHWM) summed over each program's processes.

Goal (issue 5): under half of Workrave's memory and under 1 CPU second per hour at rest.

Needs Debian's workrave, xvfb and dunst; as root this installs them with apt-get when
missing. Run: .venv/bin/python bench/breaks.py [--seconds 60]
Last line: unknot_breaks_rss_mib=X workrave_rss_mib=Y unknot_cpu_s_per_h=Z workrave_cpu_s_per_h=W
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PACKAGES = {"workrave": "workrave", "Xvfb": "xvfb", "dunst": "dunst", "xauth": "xauth"}
TICKS = os.sysconf("SC_CLK_TCK")
WARM_UP_S = 10


def ensure_packages() -> None:
    missing = [pkg for cmd, pkg in PACKAGES.items() if not shutil.which(cmd)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"bench/breaks.py needs: apt-get install {' '.join(missing)}")
    print(f"Installing {' '.join(missing)} with apt-get ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def cpu_s(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / TICKS


def peak_rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    return subprocess.Popen(
        cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def desktop(tmp: Path) -> tuple[dict[str, str], list[subprocess.Popen[bytes]]]:
    """A virtual display and a private session bus with dunst on it."""
    display = f":{90 + os.getpid() % 100}"
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env |= {"DISPLAY": display, "HOME": str(tmp / "home"), "UNKNOT_DATA_DIR": str(tmp / "data")}
    (tmp / "home").mkdir()
    xvfb = start(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], env, tmp / "xvfb.log"
    )
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    assert bus.stdout is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
    time.sleep(1.0)
    dunst = start(["dunst"], env, tmp / "dunst.log")
    time.sleep(1.0)
    return env, [dunst, bus, xvfb]  # stopped in this order


def at_rest(env: dict[str, str]) -> None:
    """Working hours round the clock and a break just done: the next is 30 minutes away."""
    script = (
        "from unknot.web.server import prepare; prepare()\n"
        "from unknot.web.breaks import services\n"
        "from unknot.web.journal.services import local_user\n"
        "me = local_user()\n"
        "services.save_settings(me, {'hours': [[['00:00', '23:59']]] * 7})\n"
        "services.record_outcome(me, services.OutcomeInput('micro', 'done', [], 30))\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True)


def measure(
    procs: dict[str, subprocess.Popen[bytes]], seconds: float
) -> dict[str, tuple[float, float]]:
    time.sleep(WARM_UP_S)
    before = {name: cpu_s(tree(p.pid)) for name, p in procs.items()}
    time.sleep(seconds)
    out = {}
    for name, p in procs.items():
        pids = tree(p.pid)
        used = cpu_s(pids) - before[name]
        out[name] = (peak_rss_mib(pids), used * 3600 / seconds)
    return out


def django_kept(env: dict[str, str], seconds: float) -> float:
    """The road not taken: the same loop with Django and the knowledge base kept loaded."""
    script = (
        "import asyncio, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'unknot.web.settings')\n"
        "import django; django.setup()\n"
        "from unknot.web.breaks import services\n"
        "from unknot.web.journal.services import local_user\n"
        "services.next_break_for(local_user())\n"
        "asyncio.run(asyncio.sleep(1e9))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, start_new_session=True)
    time.sleep(min(seconds, 8))
    peak = peak_rss_mib(tree(proc.pid))
    stop([proc])
    return peak


def helper_per_break(env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds and peak MiB of the helper process that one break starts (prepare, then
    record), measured as a child of this process."""
    before = os.times()
    requests = (
        b'{"cmd": "prepare"}\n'
        b'{"cmd": "record", "event": {"kind": "micro", "outcome": "postponed", "seconds": 30}}\n'
    )
    subprocess.run(
        [sys.executable, "-m", "unknot.breaks_desktop.store"],
        input=requests,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    after = os.times()
    used = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    import resource

    return used, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for p in procs:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the window at rest")
    seconds = parser.parse_args().seconds
    ensure_packages()
    with tempfile.TemporaryDirectory(prefix="unknot-bench-") as name:
        tmp = Path(name)
        env, infrastructure = desktop(tmp)
        programs: dict[str, subprocess.Popen[bytes]] = {}
        try:
            at_rest(env)
            unknot = [sys.executable, "-m", "unknot", "breaks", "--notify-only"]
            programs["unknot"] = start(unknot, env, tmp / "unknot.log")
            programs["workrave"] = start(["workrave"], env, tmp / "workrave.log")
            found = measure(programs, seconds)
            said = (tmp / "unknot.log").read_text(errors="replace").strip()
            kept_mib = django_kept(env, seconds)
            break_cpu, break_mib = helper_per_break(env)
        finally:
            stop([*programs.values(), *infrastructure])
    (u_rss, u_cpu), (w_rss, w_cpu) = found["unknot"], found["workrave"]
    print(f"unknot breaks said: {said!r}")
    print(f"window at rest: {seconds:.0f} s after a {WARM_UP_S} s warm-up")
    print(f"{'':10}{'peak RSS (MiB)':>16}{'CPU s per hour':>16}")
    print(f"{'unknot':10}{u_rss:16.1f}{u_cpu:16.2f}")
    print(f"{'workrave':10}{w_rss:16.1f}{w_cpu:16.2f}")
    step = 3600 / seconds / TICKS
    print(f"CPU resolution: one clock tick over the window is {step:.2f} s per hour")
    print(f"the same loop keeping Django and the knowledge base loaded: {kept_mib:.1f} MiB")
    print(
        f"each break starts a helper (Django, knowledge base): {break_cpu:.2f} CPU s, "
        f"{break_mib:.1f} MiB while it runs; with about 2 breaks an hour that adds "
        f"{2 * break_cpu:.1f} CPU s per working hour (outside 'at rest')"
    )
    memory_ok = "met" if u_rss < w_rss / 2 else "MISSED"
    cpu_ok = "met" if u_cpu < 1 else "MISSED"
    print(f"goal: memory under half of Workrave's: {memory_ok}; CPU under 1 s/h: {cpu_ok}")
    print(
        f"unknot_breaks_rss_mib={u_rss:.1f} workrave_rss_mib={w_rss:.1f} "
        f"unknot_cpu_s_per_h={u_cpu:.2f} workrave_cpu_s_per_h={w_cpu:.2f}"
    )


if __name__ == "__main__":
    main()
