"""Faults injected into a test worker with `running_worker(include=["tests.fault_injection"], env_extra=...)`.

Loaded only by the worker process a test starts, never by the portal:
- FAULT=poison: rendering a notice kills the worker process (SIGKILL), every time.
- FAULT=slow: rendering a notice first sleeps FAULT_SECONDS (a task that outlives the broker's visibility
  timeout); each render start is appended to the file FAULT_LOG.
"""

import os
import signal
import time

from inspections import notices

_render = notices.notice_pdf


def _poison(content):
    os.kill(os.getpid(), signal.SIGKILL)


def _slow(content):
    with open(os.environ["FAULT_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    time.sleep(float(os.environ.get("FAULT_SECONDS", "20")))
    return _render(content)


FAULTS = {"poison": _poison, "slow": _slow}
if os.environ.get("FAULT") in FAULTS:
    notices.notice_pdf = FAULTS[os.environ["FAULT"]]
