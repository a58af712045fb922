"""`make bench`: run every `*_bench.py` module; each `main()` returns a dict written to bench/results/<name>.json.

Then bench/results/README.md tabulates them. `python -m bench triage board` runs only those; `--quick` and
`--step-seconds` reach the benches whose `main()` takes them (`python -m bench flow --quick`).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results")


def modules(only: set[str]) -> list[str]:
    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.endswith("_bench")]
    return sorted(name for name in names if not only or name.removesuffix("_bench") in only)


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flatten(item, f"{prefix}{key}.").items()}
    return {prefix.rstrip("."): value} if isinstance(value, int | float | str | bool) else {}


def table(path: Path) -> str:
    rows = flatten(json.loads(path.read_text()))
    lines = [f"## {path.stem}", "", "| measure | value |", "| --- | --- |"]
    lines += [
        f"| {key} | {value:.4g} |" if isinstance(value, float) else f"| {key} | {value} |"
        for key, value in rows.items()
    ]
    if path.with_suffix(".png").exists():
        lines[1:1] = ["", f"![{path.stem}]({path.stem}.png)"]
    return "\n".join(lines)


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benches to run (default: all), e.g. flow triage")
    parser.add_argument("--quick", action="store_true", help="shorter runs, where a bench offers them")
    parser.add_argument("--step-seconds", type=float, default=None, help="seconds per measured step (flow)")
    return parser.parse_args(argv)


def run(name: str, args: argparse.Namespace) -> Any:
    main = importlib.import_module(f"bench.{name}").main
    given = {"quick": args.quick, "step_seconds": args.step_seconds}
    return main(**{k: v for k, v in given.items() if k in inspect.signature(main).parameters})


def main(argv: list[str]) -> int:
    args = options(argv)
    RESULTS.mkdir(exist_ok=True)
    for name in modules(set(args.names)):
        started = time.perf_counter()
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        result = run(name, args)
        (RESULTS / f"{name.removesuffix('_bench')}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"bench: {name} done in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    summary = [
        "# Benchmark results",
        "",
        "Ratios are measured against a baseline in the same run (see each module).",
        "",
    ]
    summary += [table(path) + "\n" for path in sorted(RESULTS.glob("*.json"))]
    (RESULTS / "README.md").write_text("\n".join(summary))
    print(f"bench: results in {RESULTS}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
