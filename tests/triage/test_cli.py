"""`one111 triage score` from a real shell, and `one111 triage train` end to end on a tiny seeded run."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from triage import artifact, features, reference
from triage.schemas import parse_report
from triage.service import Triager
from web.cli import main

ONE111 = Path(sys.executable).with_name("one111")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    assert main(["triage", "train", "--n", "500", "--seed", "5", "--out", str(out)]) == 0
    return out


def test_score_in_a_real_shell_prints_the_result_json(tiny: Path) -> None:
    # The tiny artifact keeps the subprocess cheap; the shipped one is exercised in-process everywhere else.
    args = ["score", "crushing chest pain going down my left arm, sweaty", "--age", "58", "--sex", "male"]
    args += ["--artifacts", str(tiny)]
    done = subprocess.run([str(ONE111), "triage", *args], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["disposition"] in {"CALL_999", "ED"}
    assert result["acuity"] == "emergency"
    assert "crushing chest pain" in result["red_flags"]
    assert abs(sum(result["probabilities"].values()) - 1.0) < 1e-6


def test_score_refuses_bad_input_naming_the_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage", "score", "headache", "--age", "300"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("one111: age:")
    assert captured.out == ""


def test_score_refuses_an_answer_that_is_not_id_equals_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage", "score", "headache", "--answer", "headache.thunderclap"]) == 2
    assert capsys.readouterr().err.startswith("one111: answers:")


def test_score_reads_json_lines_from_stdin(
    tiny: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"id": "a", "text": "sore throat for two days", "age": 30},
        {"id": "b", "text": "pain", "age": 40, "answers": {"chest_pain.crushing": "yes"}},
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(json.dumps(r) for r in lines)))
    assert main(["triage", "score", "-", "--artifacts", str(tiny)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[1]["disposition"] == "CALL_999"  # the answer's rule floor, whatever the tiny model says


def test_score_reads_json_lines_from_a_file(tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports.jsonl"
    reports.write_text(json.dumps({"id": "x1", "text": "pain", "age": 40, "answers": {"chest_pain.crushing": "yes"}}))
    assert main(["triage", "score", str(reports), "--artifacts", str(tiny)]) == 0
    [out] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out["id"] == "x1" and out["disposition"] == "CALL_999"
    assert {"acuity", "probabilities", "red_flags", "explanation", "model_version"} <= out.keys()


def test_train_writes_a_complete_loadable_artifact(tiny: Path) -> None:
    for name in (artifact.MODEL, artifact.SCORER, artifact.METADATA, "calibration.png", "confusion.md"):
        assert (tiny / name).is_file(), name
    meta = artifact.read_metadata(tiny)
    assert (meta["n"], meta["seed"]) == (500, 5)
    assert meta["split"] == {"fit": 350, "validation": 75, "test": 75}
    assert Triager.load(tiny).version == meta["version"]


def test_export_rewrites_the_scorer_from_the_model_unchanged(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny, copy)
    (copy / artifact.SCORER).unlink()
    assert main(["triage", "export", "--artifacts", str(copy)]) == 0
    assert artifact.sha256(copy / artifact.SCORER) == artifact.sha256(tiny / artifact.SCORER)
    assert (copy / artifact.METADATA).read_text() == (tiny / artifact.METADATA).read_text()
    assert Triager.load(copy).version in capsys.readouterr().out


def test_skops_round_trip_keeps_every_probability(tiny: Path, tmp_path: Path) -> None:
    pipeline, meta = reference.load(tiny)
    saved = reference.save(pipeline, {k: v for k, v in meta.items() if k != "versions"}, tmp_path)
    again, meta_again = reference.load(tmp_path)
    x = features.matrix([parse_report({"text": t, "age": 40}) for t in ("chest pain", "sore throat", "rash")])
    assert np.array_equal(again.predict_proba(x), pipeline.predict_proba(x))
    assert meta_again["thresholds"] == meta["thresholds"] == saved["thresholds"]


def test_evaluate_scores_gold_dispositions_and_published_levels(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "own.jsonl"
    own.write_text(json.dumps({"id": "x", "text": "pain", "age": 40, "disposition": "CALL_999", "rationale": "r"}))
    published = tmp_path / "published.jsonl"
    case = {"id": "p", "text": "pain", "age": 40, "sex": "male", "gold_levels_acceptable": [4], "case_type": "clear"}
    published.write_text(json.dumps({**case, "answers": {"chest_pain.crushing": "yes"}}))
    assert main(["triage", "evaluate", str(own), str(published), "--artifacts", str(tiny), "--json"]) == 0
    sets = json.loads(capsys.readouterr().out)["sets"]
    assert sets[str(own)]["all"]["exact_disposition"]["n"] == 1
    levels = sets[str(published)]
    assert levels["by_case_type"]["clear"]["over"]["k"] == 1  # CALL_999 from the answer's floor, self-care gold
    assert levels["all"]["ed_or_999_among_non_emergencies"]["ci95"][1] == 1.0
    assert main(["triage", "evaluate", str(published), "--artifacts", str(tiny)]) == 0
    shown = capsys.readouterr().out
    assert "| all (n=1) |" in shown and "ED/999 among non-emergencies" in shown and "sex=male" in shown


def test_evaluate_draws_calibration_and_the_goals_as_a_plot(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        {"id": "a", "text": "crushing chest pain going down my left arm", "age": 58, "disposition": "CALL_999"},
        {"id": "b", "text": "runny nose and a bit of a sore throat", "age": 30, "disposition": "PHARMACY"},
        {"id": "c", "text": "itchy rash on my arm for a week", "age": 25, "disposition": "GP_ROUTINE"},
    ]
    own = tmp_path / "own.jsonl"
    own.write_text("\n".join(json.dumps(case) for case in cases))
    plot = tmp_path / "plots" / "evaluation.png"
    assert main(["triage", "evaluate", str(own), "--artifacts", str(tiny), "--plot", str(plot), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["sets"][str(own)]
    assert plot.read_bytes().startswith(b"\x89PNG")
    bins = figures["reliability"]
    assert sum(b["n"] for b in bins) == 3 and sum(b["observed"] * b["n"] for b in bins) == pytest.approx(1.0)
    assert all(0 <= b["predicted"] <= 1 for b in bins)
    assert main(["triage", "evaluate", str(own), "--artifacts", str(tiny), "--plot", str(plot)]) == 0
    assert f"plot written to {plot}" in capsys.readouterr().out


def test_evaluate_says_so_when_the_plot_cannot_be_written(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "own.jsonl"
    own.write_text(json.dumps({"id": "x", "text": "pain", "age": 40, "disposition": "CALL_999"}))
    (tmp_path / "taken").write_text("a file, not a folder")
    plot = tmp_path / "taken" / "x.png"
    assert main(["triage", "evaluate", str(own), "--artifacts", str(tiny), "--plot", str(plot)]) == 2
    assert f"one111: cannot write the plot {plot}" in capsys.readouterr().err
    for name in ("figures.txt", "figures", "."):  # a PNG is drawn, and only under its own name
        assert main(["triage", "evaluate", str(own), "--artifacts", str(tiny), "--plot", str(tmp_path / name)]) == 2
        assert "--plot needs a file name ending in .png" in capsys.readouterr().err
    assert not list(tmp_path.glob("figures*"))


def test_refit_lowers_thresholds_that_no_longer_fit_and_gives_a_new_version(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "artifacts"
    shutil.copytree(tiny, out)
    assert main(["triage", "refit", "--artifacts", str(out)]) == 0  # just trained on today's code: all fit
    assert "every threshold still fits; nothing changed" in capsys.readouterr().out
    # Thresholds set too high by hand (as a findings change can leave them): re-versioned so the model loads.
    high = json.loads((out / artifact.METADATA).read_text())
    high["thresholds"] = {rung: 0.5 for rung in high["thresholds"]}
    high["version"] = artifact.version_of(high)
    reference.write_metadata(high, out)
    assert main(["triage", "refit", "--artifacts", str(out)]) == 0
    after = json.loads((out / artifact.METADATA).read_text())
    lowered = {rung for rung, value in after["thresholds"].items() if value < 0.5}
    assert lowered and all(value <= 0.5 for value in after["thresholds"].values())
    assert after["refitted"]["previous"] == high["version"] != after["version"]
    assert after["refitted"]["previous_thresholds"] == high["thresholds"]
    assert f"{high['version']} -> {after['version']}" in capsys.readouterr().out
    assert {d.value: v for d, v in Triager.load(out).thresholds.items()} == after["thresholds"]  # what serving uses
