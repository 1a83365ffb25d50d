"""Where a parsing worker's time goes: CPU per report and a sampling profile of the read path.

    python bench/parse_profile.py [--warm 2500] [--reports 1500] [--interval-ms 1] [--top 40]

Reads national reports in one process as a bulk-import worker does (`read_item` after
`settle_worker`, every other report of the national set from fiscal year 2565 on, so the
caches fill as they do in a long import): `--warm` reports first, untimed, then `--reports`
timed and profiled. Generating the reports is not timed. The profiler samples the stack on
SIGPROF every `--interval-ms` of CPU (cProfile slows call-heavy code several times and
misplaces the time; sampling adds a few per cent, and the kernel may deliver the signal less
often than asked, every 4 ms on the benchmark machine); it prints the share of samples per
function, counting each function once per sample however deep, and per line where it landed.
"""

from __future__ import annotations

import argparse
import collections
import pickle
import signal
import tempfile
import time
from pathlib import Path
from types import FrameType

from common import NATIONAL_ORGS, NATIONAL_YEARS, REPO

from ita.paths import REFERENCE_DIR
from ita.read import parallel
from synth.national import national_specs


class Sampler:
    """Counts the stack on each SIGPROF: functions anywhere on it, and the line it stopped at."""

    def __init__(self) -> None:
        self.samples = 0
        self.functions: collections.Counter[tuple[str, str]] = collections.Counter()
        self.lines: collections.Counter[tuple[str, int, str]] = collections.Counter()

    def _where(self, frame: FrameType) -> str:
        name = frame.f_code.co_filename
        name = name.split("site-packages/")[-1]
        return name.replace(f"{REPO}/", "")

    def _sample(self, _signal: int, frame: FrameType | None) -> None:
        if frame is None:
            return
        self.samples += 1
        self.lines[(self._where(frame), frame.f_lineno, frame.f_code.co_name)] += 1
        seen = set()
        while frame is not None:
            key = (self._where(frame), frame.f_code.co_name)
            if key not in seen:
                seen.add(key)
                self.functions[key] += 1
            frame = frame.f_back

    def start(self, interval: float) -> None:
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, interval, interval)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)

    def print(self, top: int) -> None:
        total = max(1, self.samples)
        print(f"\n{self.samples} samples; share of samples with the function on the stack:")
        for (path, name), count in self.functions.most_common(top):
            print(f"{100 * count / total:5.1f} %  {path}:{name}")
        print("\nshare of samples stopped at the line:")
        for (path, line, name), count in self.lines.most_common(top):
            print(f"{100 * count / total:5.1f} %  {path}:{line} ({name})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warm", type=int, default=2_500)
    parser.add_argument("--reports", type=int, default=1_500)
    parser.add_argument("--interval-ms", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    from ita.store.reference import directory_from_store, framework_from_store, reference_store
    from ita.store.session import write_session

    framework = framework_from_store(reference_store(REFERENCE_DIR))
    specs = list(national_specs(NATIONAL_ORGS, NATIONAL_YEARS, framework))[NATIONAL_ORGS:][::2]
    items = [spec.produce(framework) for spec in specs[: args.warm + args.reports]]
    with tempfile.TemporaryDirectory() as folder, write_session(Path(folder) / "ita.duckdb") as con:
        # The framework and directory a worker gets: those of a fresh store.
        framework, directory = framework_from_store(con), directory_from_store(con)
    parallel.settle_worker(framework, directory)
    for item in items[: args.warm]:
        parallel.read_item(item)
    timed = items[args.warm :]

    sampler = Sampler()
    sampler.start(args.interval_ms / 1000)
    started = time.process_time()
    results = [parallel.read_item(item) for item in timed]
    reading = time.process_time() - started
    sampler.stop()
    started = time.process_time()
    pickle.loads(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
    crossing = time.process_time() - started
    measures = sum(r.measure_count for r in results if isinstance(r, parallel.Prepared))
    print(f"{len(timed)} reports ({measures / len(timed):.1f} measures each) after {args.warm} warm-up reports")
    print(f"read, normalise and pack: {1000 * reading / len(timed):.2f} ms CPU per report")
    print(f"pickle and unpickle (between processes): {1000 * crossing / len(timed):.2f} ms CPU per report")
    sampler.print(args.top)


if __name__ == "__main__":
    main()
