"""Run the benchmarks: ``orm`` vs SQLAlchemy 2.x vs the raw driver, side by side, as ratios.

Usage: ``make bench`` (or ``python benchmarks/run.py [--repeat N]``).  Each workload runs
``--repeat`` times per library (best time kept), interleaved so machine noise hits all alike.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

import core  # noqa: E402
import orm_bench  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    libs = {"orm": importlib.import_module("orm"), "raw": None}
    try:
        libs["sqlalchemy"] = importlib.import_module("sqlalchemy")
    except ImportError:
        print("sqlalchemy is not installed: comparing with the raw driver only")
    print(f"{'workload':<40} {'orm':>9} {'sqlalchemy':>11} {'raw':>9} {'orm/sa':>8} {'orm/raw':>8}")
    for title, fn, setup in core.WORKLOADS:
        best: dict[str, float] = {}
        dbfile = core.tempdb()
        if setup is not None:
            setup(dbfile)
        for _ in range(args.repeat):
            for name, lib in libs.items():
                gc.collect()
                t = fn(lib, dbfile)
                best[name] = min(best.get(name, t), t)
        ours, raw, sa = best["orm"], best["raw"], best.get("sqlalchemy")
        sa_text = "-" if sa is None else f"{sa:.3f}s"
        ratio = "-" if sa is None else f"{ours / sa:.2f}"
        print(f"{title:<40} {ours:>8.3f}s {sa_text:>11} {raw:>8.3f}s {ratio:>8} {ours / raw:>8.2f}")
    print()
    orm_bench.run_all(args.repeat)  # the ORM workloads (CPU time, statement counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
