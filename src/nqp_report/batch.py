"""Build one briefing per target in parallel processes; a failing target does not stop the others."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from . import concurrency
from .errors import NqpError, OutputError
from .pipeline import BuildRequest, build
from .staging import inside, safe_file_name, visible


@dataclass
class TargetOutcome:
    """One target's result: outputs written (or skipped), or the error message."""

    target: str
    ok: bool
    message: str = ""
    outputs: list[Path] = field(default_factory=list)
    skipped: bool = False


def _build_one(req: BuildRequest, if_changed: bool) -> TargetOutcome:
    try:
        result = build(req, if_changed=if_changed)
    except NqpError as exc:
        return TargetOutcome(req.target or "", False, str(exc))
    except Exception as exc:  # an unexpected failure in one target must not stop the batch
        return TargetOutcome(req.target or "", False, f"内部错误：{type(exc).__name__}: {exc}")
    return TargetOutcome(req.target or "", True, outputs=result.outputs, skipped=result.skipped)


def default_jobs() -> int:
    """Return the default number of batch processes: the CPUs this process may run on."""
    return concurrency.machine_cores()


def core_share(jobs: int, workers: int) -> int:
    """Return the cores each of ``workers`` builds may use when the batch may use ``jobs`` processes at once."""
    return max(1, min(jobs, concurrency.machine_cores()) // max(1, workers))


def default_targets(dataset) -> list[str]:
    """Return every city (level 城市) that has observations, in regions.csv order."""
    have = {o.region for o in dataset.observations}
    return [r.name for r in dataset.regions.values() if r.level == "城市" and r.name in have]


def target_folders(out: Path, targets: list[str]) -> dict[str, Path]:
    """Return each target's output folder under ``out``, named safely; OutputError if two share one folder."""
    folders: dict[str, Path] = {}
    owner: dict[str, str] = {}
    for target in dict.fromkeys(targets):
        name = safe_file_name(target)
        if name in owner:
            raise OutputError(f"目标“{visible(owner[name])}”与“{visible(target)}”会写入同一个文件夹“{name}”，"
                              "请改名其中一个地区")
        owner[name] = target
        folders[target] = inside(out, name)
    return folders


def run_batch(base: BuildRequest, targets: list[str], jobs: int = 1, if_changed: bool = False,
              on_done: Callable[[TargetOutcome], None] | None = None, known: set[str] | None = None,
              folders: dict[str, Path] | None = None) -> list[TargetOutcome]:
    """Return one outcome per target, in the order given; each target writes to its folder under ``base.out``.

    A target not in ``known`` (when given) fails without touching the file system.
    """
    folders = folders or target_folders(base.out, targets)
    outcomes: dict[str, TargetOutcome] = {}
    for t in targets:
        if known is not None and t not in known:
            outcomes[t] = TargetOutcome(t, False, f"目标地区“{visible(t)}”不在数据中")
            if on_done:
                on_done(outcomes[t])
    requests = [replace(base, target=t, out=folders[t]) for t in dict.fromkeys(targets) if t not in outcomes]
    for outcome in _outcomes(requests, jobs, if_changed):
        outcomes[outcome.target] = outcome
        if on_done:
            on_done(outcome)
    return [outcomes[t] for t in targets]


def _outcomes(requests: list[BuildRequest], jobs: int, if_changed: bool):
    """Yield each request's outcome as it finishes: in this process for one worker, else in a process pool.

    ``jobs`` is how many processes the batch may use at once: with as many
    workers as jobs, each build writes its formats one after the other; a
    single build left may write its PDF in a second process.
    """
    workers = max(1, min(jobs, len(requests)))
    share = core_share(jobs, workers)
    if workers == 1:
        previous = concurrency.set_core_budget(share)
        try:
            for req in requests:
                yield _build_one(req, if_changed)
        finally:
            concurrency.set_core_budget(previous)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=concurrency.set_core_budget, initargs=(share,))
    with pool:
        futures = [pool.submit(_build_one, req, if_changed) for req in requests]
        for future in as_completed(futures):
            yield future.result()
