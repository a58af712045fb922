"""A pinned record of what the serving path answers, so speed work can prove it changed nothing.

The corpus is varied on purpose: the training generator's reports cut to 1-1,200 characters (several complaints
run together), with typos, negated symptoms put before red flags with a comma, case and spacing changes, US
spelling, vital signs in the text, and odd inputs ("???", another language). Each case keeps its report and what
the triager made of it: the findings (concepts, polarity, numbers read, the model's words) and the whole result.

`python -m tests.triage.golden` rewrites tests/triage/golden_assess.jsonl.gz from the current code. Do it only when
the answers are meant to change (a retrained model, a new rule or lexicon term) and say so in the commit; a
speed change must leave the file as it is (tests/triage/test_golden.py replays it).
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import astuple
from pathlib import Path
from typing import Any

from tests.triage.reports import generated
from triage.findings import Findings, extract
from triage.schemas import parse_report
from triage.service import Triager, default_artifacts_dir
from triage.training import generator

PATH = Path(__file__).with_name("golden_assess.jsonl.gz")
SEED, BASE_REPORTS, LONG = 20261206, 240, 1200
_NEGATIONS = ("no temperature", "no rash", "not dizzy", "no fever", "no injury", "not vomiting", "denies chest pain")
_FLAGS = ("lips are blue", "can't breathe", "face has dropped on one side", "tongue swelling", "crushing chest pain")
_US = (("diarrhoea", "diarrhea"), ("vomiting", "throwing up"), ("colour", "color"), ("mum", "mom"))
_ODD = (
    "???",
    "help",
    "me duele mucho la cabeza y tengo fiebre desde ayer",
    "temp 39.5, sats 91%, hr 120, rr 28, bp 85/50, glucose 2.5 mmol",
    "  NO   FEVER,\tLIPS BLUE\n\nbreathing 40 times a minute  ",
    "\u201cmy chest\u2019s killing me\u201d - 102\u00b0F since yesterday",
    "sugar 25, type 1 diabetic, been sick all night, breathing heavy",
    "i don't think she has a rash but not sure, fever for 6 days, my 3 year old",
)


def _variant(rng: random.Random, text: str) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return generator.typo(rng, generator.typo(rng, text))
    if kind == 1:
        return f"{rng.choice(_NEGATIONS)}, {rng.choice(_FLAGS)}. {text}"
    if kind == 2:
        return text.upper() if rng.random() < 0.5 else "  ".join(text.split(" "))
    if kind == 3:
        for uk, us in _US:
            text = text.replace(uk, us)
        return text
    if kind == 4:
        return f"{text}, {rng.choice(_NEGATIONS)}, {rng.choice(_FLAGS)}"
    return text


def corpus() -> list[dict[str, Any]]:
    """Reports of every length up to 1,200 characters, each a variant of generated ones."""
    rng = random.Random(SEED)
    bases = generated(SEED, BASE_REPORTS)
    out = []
    for i, base in enumerate(bases):
        text, j = base["text"], i + 1
        while len(text) < LONG:
            text += rng.choice((". ", ", ", " and ", "\n")) + bases[j % len(bases)]["text"]
            j += 1
        length = LONG if i % 4 == 0 else rng.randint(1, LONG)
        cut = _variant(rng, text[:length]).strip()[:LONG] or "?"
        out.append({**base, "text": cut})
    out += [{"text": t, "age": rng.choice([0.2, 2, 9, 40, 85])} for t in _ODD]
    return out


def findings(f: Findings) -> dict[str, Any]:
    return {
        "text": f.text,
        "items": [[x.concept, x.name, x.polarity.value, x.start, x.severe, x.sudden] for x in f.items],
        "measured": list(astuple(f.measured)),
        "counts": [f.words, f.content_words, f.known_share, f.english_share],
        "present_text": f.present_text,
        "tokens": f.tokens(),
    }


def outcome(triager: Triager, report: dict[str, Any]) -> dict[str, Any]:
    result = triager.assess(parse_report(report)).model_dump(mode="json")
    return {"report": report, "findings": findings(extract(report["text"])), "result": result}


def main() -> None:
    triager = Triager.load(default_artifacts_dir())
    lines = [json.dumps(outcome(triager, report)) for report in corpus()]
    PATH.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    print(f"{len(lines)} cases written to {PATH}")


if __name__ == "__main__":
    main()
