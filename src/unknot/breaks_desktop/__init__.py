"""`unknot breaks`: movement breaks on the desktop, as a small background program.

The loop (loop.py) only keeps time: it asks the core schedule when the next break is due
and sleeps until then. Everything heavier happens only when a break is due, in a short
helper process (store.py) that loads Django and the knowledge base, picks the movement
and records the outcome through unknot.web.breaks.services, then exits. So at rest the
program is Python, asyncio and a D-Bus client, nothing more (bench/breaks.py measures it).

Side effects each have one seam: notifications (notify.py, a Notifier protocol), idle
time (idle.py), camera and microphone use (devices.py), and the store (store.py).
"""
