"""How many cores a build may use, and work handed to a forked child while the parent does other work.

A child is only an accelerator: when it fails in any way (an error in the
work, a crash, a result that cannot be sent back) its result is ``None`` and
the caller does the work itself, so errors are raised by the same code, in
the same order, as in a serial run.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any, Callable

_budget: int | None = None


def machine_cores() -> int:
    """Return the number of CPUs this process may run on (its affinity set, else the CPU count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def available_cores() -> int:
    """Return the cores one build may use: the share a batch gave this process, else the machine's cores."""
    return _budget if _budget is not None else machine_cores()


def set_core_budget(cores: int | None) -> int | None:
    """Limit the cores each build in this process may use (a batch worker's share); None lifts the limit.

    Return the previous limit.
    """
    global _budget
    previous, _budget = _budget, None if cores is None else max(1, cores)
    return previous


def can_fork() -> bool:
    """Return True when work may go to a forked child: two cores free, fork available, no other threads."""
    return (available_cores() >= 2 and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1 and not multiprocessing.current_process().daemon)


def _run_child(send, func: Callable[..., Any], args: tuple) -> None:
    try:
        payload = (True, func(*args))
    except BaseException:  # the parent redoes the work and raises the error itself
        payload = (False, None)
    try:
        send.send(payload)
    except Exception:  # an unpicklable result: the parent redoes the work
        send.send((False, None))
    finally:
        send.close()


class _ForkedChild:
    """What both kinds of forked child share: reading one result, stopping, and the context protocol."""

    def _start(self, target: Callable[..., None], duplex: bool, *args: Any) -> None:
        """Fork a child running ``target(their_end, *args)``; keep our end of the pipe."""
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe(duplex=duplex)
        self._process = context.Process(target=target, args=(theirs, *args), daemon=True)
        self._process.start()
        theirs.close()
        self._done = False

    def _receive_result(self) -> Any:
        try:
            ok, value = self._conn.recv()
        except Exception:  # EOF from a dead child or a result that cannot be read
            ok, value = False, None
        self._finish()
        return value if ok else None

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._conn.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if not self._done:
            self._process.kill()
            self._finish()


class ChildTask(_ForkedChild):
    """``func(*args)`` running in a forked child; use as a context manager, then call :meth:`result`.

    Leaving the ``with`` block without taking the result (the parent's own
    work failed) stops the child.
    """

    def __init__(self, func: Callable[..., Any], *args: Any):
        self._start(_run_child, False, func, args)

    def result(self) -> Any:
        """Return the child's result, or None when the child failed or died."""
        return self._receive_result()


def _serve_once(conn, prepare: Callable[[], Any], func: Callable[..., Any]) -> None:
    try:
        prepare()
    except BaseException:  # preparing only saves time; the call itself reports any real error
        pass
    try:
        args = conn.recv()
    except Exception:  # the parent went away or sent nothing
        conn.close()
        return
    _run_child(conn, func, args)


class WaitingChild(_ForkedChild):
    """A forked child that runs ``prepare()`` at once (imports, say), then ``func`` on arguments sent later.

    Its preparation overlaps whatever the parent does meanwhile. Use as a
    context manager: :meth:`submit` sends the arguments, :meth:`result`
    returns ``func``'s result, or None when the child failed or died; leaving
    the block without a result stops the child.
    """

    def __init__(self, prepare: Callable[[], Any], func: Callable[..., Any]):
        self._sent = False
        self._start(_serve_once, True, prepare, func)

    def submit(self, *args: Any) -> None:
        """Send the arguments of the call to the child (at most once); a failed send makes :meth:`result` None."""
        if self._sent:
            raise RuntimeError("WaitingChild runs one call")
        self._sent = True
        try:
            self._conn.send(args)
        except Exception:
            self._finish()

    def result(self) -> Any:
        """Return the submitted call's result, or None when the child failed, died or got nothing."""
        if self._done or not self._sent:
            self._finish()
            return None
        return self._receive_result()
