"""`one111 triage train | export | refit | score | evaluate`: build the triage model from a seed, keep its thresholds
fitted to today's code, and use it from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tqdm import tqdm

from models.errors import DomainError
from triage.errors import InvalidReport
from triage.schemas import TriageReport, parse_report
from web.settings import Settings

# triage.training.train and triage.reference import scikit-learn and matplotlib, and triage.service loads the model:
# imported in the handlers that need them, so `one111 serve` and friends do not pay for them and bad input is
# refused before the model loads.

DEFAULT_N, DEFAULT_SEED = 20000, 111


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    triage = subparsers.add_parser("triage", help="the triage model")
    commands = triage.add_subparsers(dest="triage_command", required=True, metavar="COMMAND")
    train = commands.add_parser("train", help="train on seeded synthetic reports and write the artifact")
    train.add_argument("--n", type=int, default=DEFAULT_N, help=f"synthetic reports to generate (default {DEFAULT_N})")
    train.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})")
    train.add_argument("--out", type=Path, default=None, help="artifact folder (default: triage/artifacts)")
    train.set_defaults(handler=_train)
    export = commands.add_parser(
        "export", help="rewrite scorer.npz (what the server loads) from an artifact's model.skops, without retraining"
    )
    export.add_argument("--artifacts", type=Path, default=None, help="artifact folder (default: triage/artifacts)")
    export.set_defaults(handler=_export)
    refit = commands.add_parser(
        "refit",
        help="refit the thresholds on the model's validation split as today's code reads it; each only goes down",
    )
    refit.add_argument("--artifacts", type=Path, default=None, help="artifact folder (default: triage/artifacts)")
    refit.set_defaults(handler=_refit)
    score = commands.add_parser("score", help="score one report, or JSON lines from a FILE or stdin ('-')")
    score.add_argument("text", help="what the patient said; or a JSON-lines FILE, or '-' to read JSON lines from stdin")
    score.add_argument("--age", type=float, default=None, help="age in years (0.1 is about 5 weeks)")
    score.add_argument("--sex", default=None, choices=("female", "male", "other", "unknown"))
    score.add_argument("--group", default=None, help="symptom group, e.g. chest_pain")
    score.add_argument(
        "--answer", action="append", default=[], metavar="ID=ANSWER", help="a red-flag answer (repeatable)"
    )
    score.add_argument("--artifacts", type=Path, default=None, help="artifact folder (default: triage/artifacts)")
    score.set_defaults(handler=_score)
    evaluate = commands.add_parser(
        "evaluate",
        help="exact/under/over with Wilson 95%% intervals on labelled JSON-lines files (gold disposition or levels)",
    )
    evaluate.add_argument(
        "files", type=Path, nargs="+", help="JSON lines: a report plus `disposition` or `gold_levels_acceptable`"
    )
    evaluate.add_argument("--artifacts", type=Path, default=None, help="artifact folder (default: triage/artifacts)")
    evaluate.add_argument("--json", action="store_true", help="print the full figures as JSON instead of a table")
    evaluate.add_argument(
        "--plot", type=Path, default=None, help="also draw calibration and the goals per set into this PNG file"
    )
    evaluate.set_defaults(handler=_evaluate)


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from triage.training import train as training

    out = args.out or settings.triage_artifacts
    with tqdm(total=len(training.STAGES), desc="triage train", unit="stage") as bar:

        def progress(stage: str) -> None:
            if bar.n or stage != training.STAGES[0]:
                bar.update(1)
            bar.set_postfix_str(stage)

        metadata = training.train(args.n, args.seed, out, progress)
        bar.update(1)
    test = metadata["test_metrics"]["with_rules"]
    print(
        f"{metadata['version']} in {out}: accuracy {test['accuracy']:.3f}, macro-F1 {test['macro_f1']:.3f}, "
        f"emergency under-triage {test['emergency_under_triage_count']}/{test['emergencies']}, "
        f"over-triage {test['over_triage_rate']:.3f} (held-out synthetic test, {metadata['training_seconds']}s)"
    )
    return 0


def _refit(args: argparse.Namespace, settings: Settings) -> int:
    from triage import artifact
    from triage.training import train as training

    out = args.artifacts or settings.triage_artifacts
    before = artifact.read_metadata(out)
    metadata = training.refit(out)
    if metadata["version"] == before["version"]:
        print(f"{metadata['version']} in {out}: every threshold still fits; nothing changed")
        return 0
    for rung, value in sorted(metadata["thresholds"].items()):
        old = before["thresholds"][rung]
        print(f"  {rung}: {old:.3f}" + (f" -> {value:.3f}" if value != old else " (kept)"))
    print(f"{before['version']} -> {metadata['version']} in {out}")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from triage import reference

    out = args.artifacts or settings.triage_artifacts
    metadata = reference.export(out)
    print(f"{metadata['version']} in {out}: scorer.npz {metadata['scorer_sha256'][:12]} from model.skops")
    return 0


def answers(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidReport("answers", f"{pair!r} is not ID=ANSWER (e.g. chest_pain.crushing=yes)")
        out[key.strip()] = value.strip()
    return out


def _one(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {"text": args.text, "answers": answers(args.answer)}
    for key, value in (("age", args.age), ("sex", args.sex), ("symptom_group", args.group)):
        if value is not None:
            report[key] = value
    return report


def _lines(source: Iterable[str]) -> Iterator[tuple[object, dict[str, Any]]]:
    for number, line in enumerate(source, start=1):
        if line.strip():
            try:
                data = json.loads(line)
            except ValueError:
                raise InvalidReport(f"line {number}", "is not valid JSON") from None
            if not isinstance(data, dict):
                raise InvalidReport(f"line {number}", "each line must be a JSON object")
            yield data.pop("id", number), data


def _json_lines_source(text: str) -> Iterable[str] | None:
    """stdin for '-', the lines of an existing file, or None when `text` is what the patient said."""
    if text == "-":
        return sys.stdin
    path = Path(text)
    return path.read_text().splitlines() if len(text) < 4096 and "\n" not in text and path.is_file() else None


def _score(args: argparse.Namespace, settings: Settings) -> int:
    from triage.service import Triager

    source = _json_lines_source(args.text)
    one: TriageReport | None = parse_report(_one(args)) if source is None else None
    triager = Triager.load(args.artifacts or settings.triage_artifacts)
    if one is not None:
        print(json.dumps(triager.assess(one).model_dump(mode="json"), indent=2))
        return 0
    assert source is not None
    for ident, data in _lines(source):
        result = triager.assess(parse_report(data)).model_dump(mode="json")
        print(json.dumps({"id": ident, **result}))
    return 0


def _cases(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text()
    except OSError as exc:
        raise InvalidReport("file", f"cannot read {path}: {exc.strerror}") from None
    return [{"id": ident, **data} for ident, data in _lines(text.splitlines())]


def _cell(share: dict[str, Any]) -> str:
    if share["rate"] is None:
        return "-"
    low, high = share["ci95"]
    return f"{100 * share['rate']:.0f}% [{100 * low:.0f}-{100 * high:.0f}] ({share['k']}/{share['n']})"


_COLUMNS = (
    ("exact_level", "exact level"),
    ("under", "under"),
    ("over", "over"),
    ("ed_or_999_among_non_emergencies", "ED/999 among non-emergencies"),
    ("emergencies_at_ed_or_999", "emergencies at ED/999"),
)


def table(name: str, figures: dict[str, Any]) -> str:
    """A markdown table: the whole set, then by case type, age band and sex; Wilson 95% intervals in brackets."""
    lines = [f"### {name}", "", "| cases | " + " | ".join(t for _, t in _COLUMNS) + " |", "|---" * 6 + "|"]
    groups = [("all", figures["all"])]
    for key in ("by_case_type", "by_age_band", "by_sex"):
        groups += [(f"{key[3:]}={k}", v) for k, v in figures[key].items()]
    for label, row in groups:
        lines.append(f"| {label} (n={row['n']}) | " + " | ".join(_cell(row[c]) for c, _ in _COLUMNS) + " |")
    return "\n".join(lines)


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from triage.service import Triager
    from triage.training import evaluation

    if args.plot is not None and args.plot.suffix.lower() != ".png":
        # Refused before any work: matplotlib would pick a format by the suffix, or add ".png" to a bare name.
        raise DomainError(f"--plot needs a file name ending in .png, not {args.plot}")
    sets = {str(path): _cases(path) for path in args.files}
    triager = Triager.load(args.artifacts or settings.triage_artifacts)
    results = {name: evaluation.evaluate(triager, cases) for name, cases in sets.items()}
    if args.plot is not None:
        _plot(results, args.plot)
    if args.json:
        print(json.dumps({"model_version": triager.version, "sets": results}, indent=2))
        return 0
    print(f"Model {triager.version}; figures: share [Wilson 95% interval] (count)\n")
    print("\n\n".join(table(name, figures) for name, figures in results.items()))
    if args.plot is not None:
        print(f"\nplot written to {args.plot}")
    return 0


def _plot(results: dict[str, Any], path: Path) -> None:
    from triage.training import plots  # matplotlib: only when a plot is asked for

    try:
        plots.evaluation(results, path)
    except OSError as exc:
        raise DomainError(f"cannot write the plot {path}: {exc.strerror}") from None
