"""Is a camera or a microphone in use? Then a break waits: nobody wants one mid-call.

Linux only, and only what can be seen without special rights: a process of this user
holding /dev/video* open (the camera), or an ALSA capture stream in the RUNNING state
(the microphone; PipeWire and PulseAudio both end up there). Elsewhere it answers None.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def camera_in_use(proc: Path = PROC) -> bool:
    """True if any process we can see holds a video device open."""
    try:
        pids = [p for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return False
    for pid in pids:
        fd_dir = proc / pid / "fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:  # not ours, or gone
            continue
        for fd in fds:
            try:
                target = os.readlink(fd_dir / fd)
            except OSError:
                continue
            if target.startswith("/dev/video"):
                return True
    return False


def microphone_in_use(asound: Path = PROC / "asound") -> bool:
    """True if an ALSA capture substream is running."""
    for status in asound.glob("card*/pcm*c/sub*/status"):
        try:
            if "state: RUNNING" in status.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return False


def busy_reason(proc: Path = PROC) -> str | None:
    """Why a break should wait ("the camera is in use"), or None."""
    if camera_in_use(proc):
        return "the camera is in use"
    if microphone_in_use(proc / "asound"):
        return "the microphone is in use"
    return None


def can_detect(proc: Path = PROC) -> bool:
    return (proc / "self" / "fd").is_dir()
