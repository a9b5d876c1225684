"""What every process a run forks does first: die with the run."""

from __future__ import annotations

import contextlib
import os
import signal


def die_with_parent() -> None:
    """On Linux, this process is killed when the process that forked it dies: a run killed with SIGKILL
    leaves no worker or reader behind, holding its memory and waiting forever for papers."""
    parent = os.getppid()
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)
