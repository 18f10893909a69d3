"""Progress of a batch: ``[37/1000] 3,7 %, Restzeit 4 min`` per finished dataset.

The line is a :class:`~coopnet.messages.Step`: its string is the English text
(``[37/1000] 3.7 %, ETA 4 min``), the command line shows it in the user's language
(``batch.toml``).

The estimate of the time left is the wall time so far per dataset analysed in this run (datasets
taken over from an earlier run by resume do not count), times the datasets left.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from coopnet.messages import Number, Step, step

__all__ = ["BatchProgress", "format_eta"]


def format_eta(seconds: float) -> str:
    """``42`` → ``"42 s"``, ``250`` → ``"4 min"``, ``3900`` → ``"1 h 05 min"``.

    Examples
    --------
    >>> format_eta(42.2), format_eta(250), format_eta(3900), format_eta(math.nan)
    ('42 s', '4 min', '1 h 05 min', '–')
    """
    if not math.isfinite(seconds):
        return "–"
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


@dataclass
class BatchProgress:
    """Counts finished datasets and estimates the time left.

    Attributes
    ----------
    total
        Number of datasets of the batch.
    """

    total: int
    done: int = 0
    analysed: int = 0
    started: float = field(default_factory=time.monotonic)

    def step(self, *, resumed: bool = False) -> Step:
        """Count one finished dataset; return ``"[done/total] p %, ETA t"`` (a progress step)."""
        self.done += 1
        if not resumed:
            self.analysed += 1
        left = self.total - self.done
        if left == 0:
            eta = 0.0
        elif self.analysed == 0:
            eta = math.nan
        else:
            eta = (time.monotonic() - self.started) / self.analysed * left
        share = 100.0 * self.done / self.total if self.total else 100.0
        return step("batch.progress.count", done=self.done, total=self.total,
                    share=Number(share, digits=1), eta=format_eta(eta))  # fmt: skip
