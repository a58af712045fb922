"""Speed work changes nothing: the serving path gives every pinned case the findings and result it gave before.

The cases and answers are in golden_assess.jsonl.gz (written by `python -m tests.triage.golden` from the code
before the change): 248 reports of 1-1,200 characters with typos, negations before red flags, case, spacing and US
spelling changes. Probabilities may differ in the last bits of a float sum, nothing else may.
"""

from __future__ import annotations

import gzip
import json
import math
from typing import Any

import pytest

from tests.triage import golden
from triage.service import Triager

CASES = [json.loads(line) for line in gzip.decompress(golden.PATH.read_bytes()).decode().splitlines()]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and math.isclose(a, b, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def test_the_corpus_covers_short_long_and_odd_reports() -> None:
    lengths = [len(case["report"]["text"]) for case in CASES]
    assert min(lengths) < 20 and sum(n == golden.LONG for n in lengths) >= 50
    assert any(case["result"]["red_flags"] for case in CASES) and any(not c["result"]["red_flags"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_the_serving_path_answers_as_pinned(triager: Triager, case: dict[str, Any]) -> None:
    now = json.loads(json.dumps(golden.outcome(triager, case["report"])))
    assert same(now["findings"], case["findings"]), case["report"]["text"]
    assert same(now["result"], case["result"]), case["report"]["text"]
