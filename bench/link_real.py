"""`objector link` on the real-style mention set (bench/linkdata/real, written by hand):
pairwise and B-cubed F1 over the mentions, and the pass rate of each class of input.

    .venv/bin/python bench/link_real.py                    # this tree's code
    .venv/bin/python bench/link_real.py --code-from DIR    # another checkout's (main's)
    .venv/bin/python bench/link_real.py --failures         # which lines fail, and how

A mention passes when it is output in the cluster of its person's clean mention (class
"control", one a person) and no other person's mention is in that cluster; a line that is no
mention passes when stderr names its number; a "warn" line when it is output as above and stderr
names it. Three whole-file classes run the command again: the set with
a 10 MB line inserted (the rest must link as before), a JSON array of mentions, and a CSV file
(a clear message, no traceback). The set is the author's own writing, not real documents.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "bench" / "linkdata" / "real"
sys.path.insert(0, str(ROOT))

from bench.link import bcubed, pairwise  # noqa: E402


def run(root: Path, path: Path) -> tuple[int, list[dict[str, object]], str]:
    done = subprocess.run(  # noqa: S603 - our own command on our own file
        [
            sys.executable,
            "-c",
            "import sys; from objector.cli import main; sys.exit(main(sys.argv[1:]))",
            "link",
            str(path),
        ],
        capture_output=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), "PYTHONHASHSEED": "0"},
        timeout=600,
    )
    rows = []
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            rows.append(json.loads(line))
    return done.returncode, rows, done.stderr.decode("utf-8", "replace")


def named(stderr: str, line: int) -> bool:
    return re.search(rf"line {line}\b", stderr) is not None


def score(root: Path, failures: bool) -> dict[str, object]:
    truth = [json.loads(x) for x in (REAL / "truth.jsonl").read_text("utf-8").splitlines()]
    code, rows, stderr = run(root, REAL / "mentions.jsonl")
    crashed = "Traceback" in stderr
    # The k-th output row of an id is the k-th line of that id meant to be output.
    out_of: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        out_of[str(row.get("id"))].append(str(row.get("person")))
    meant = [t for t in truth if t["expect"] in ("link", "warn")]
    seen: Counter[str] = Counter()
    for t in meant:
        if t["class"] == "json.dup_identical" and t["expect"] == "warn":
            t["predicted"] = None  # the same line again: not output twice
            continue
        ident = str(t["id"])
        k = seen[ident]
        seen[ident] += 1
        t["predicted"] = out_of[ident][k] if k < len(out_of[ident]) else None
    linked = [t for t in meant if t.get("predicted") is not None or t["expect"] == "link"]
    # A mention lost counts as a person of its own.
    pred = [str(t["predicted"]) if t["predicted"] else f"lost{t['line']}" for t in linked]
    gold = [str(t["person"]) for t in linked]
    by_pred: dict[str, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    index = {id(t): i for i, t in enumerate(linked)}
    results: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failed: list[str] = []

    def mark(cls: str, ok: bool, t: dict[str, object], why: str = "") -> None:
        results[cls][0] += ok
        results[cls][1] += 1
        if not ok:
            failed.append(f"line {t.get('line')} [{cls}] {t.get('person', '')}: {why}")

    for t in truth:
        cls, expect = str(t["class"]), t["expect"]
        if expect == "skip":
            mark(cls, not crashed and not named(stderr, int(t["line"])), t, "reported")
        elif expect == "error":
            mark(cls, not crashed and named(stderr, int(t["line"])), t, "not reported")
        elif t.get("predicted") is None and not (cls == "json.dup_identical" and expect == "warn"):
            mark(cls, False, t, "not output")
        elif cls == "json.dup_identical" and expect == "warn":
            ok = len(out_of[str(t["id"])]) == 1 and named(stderr, int(t["line"]))
            mark(cls, ok, t, "output twice or not named")
        else:
            # Its person's clean mention (the ruling's, class "control") in its cluster, and no
            # other person's: a class is scored on its own, not on its neighbours' failures.
            i = index[id(t)]
            cluster = by_pred[pred[i]]
            anchor = {j for j in by_gold[gold[i]] if linked[j]["class"] == "control"}
            strangers = sorted({gold[j] for j in cluster} - {gold[i]})
            ok = not strangers and anchor <= cluster
            warned = expect != "warn" or named(stderr, int(t["line"]))
            why = f"with {strangers}" if strangers else "apart from its person's clean mention"
            mark(cls, ok and warned, t, why if not ok else "no warning naming the line")

    # Whole files: a 10 MB line inserted into the set; a JSON array; a CSV.
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.jsonl"
        lines = (REAL / "mentions.jsonl").read_bytes().split(b"\n")
        where = 40
        filler = json.dumps({"id": "big", "name": "Иванов " + "x" * 10_000_000}).encode()
        big.write_bytes(b"\n".join([*lines[:where], filler, *lines[where:]]))
        code2, rows2, err2 = run(root, big)
        same_output = [r["id"] for r in rows2] == [r["id"] for r in rows]
        mark(
            "json.big_line",
            "Traceback" not in err2 and named(err2, where + 1) and same_output,
            {"line": where + 1},
            f"exit {code2}, {len(rows2)} rows",
        )
        code3, rows3, err3 = run(root, REAL / "array.json")
        want = len(json.loads((REAL / "array.json").read_text("utf-8")))
        mark(
            "json.array_file",
            "Traceback" not in err3 and len(rows3) == want,
            {"line": 1},
            f"exit {code3}, {len(rows3)} of {want} rows",
        )
        code4, rows4, err4 = run(root, REAL / "not_jsonl.csv")
        clear = "Traceback" not in err4 and code4 != 0 and "JSON" in err4 and not rows4
        mark("json.csv_file", clear, {"line": 1}, f"exit {code4}: {err4.strip()[:200]}")

    out: dict[str, object] = {
        "code_from": str(root),
        "exit_status": code,
        "crashed": crashed,
        "mentions_meant": len(linked),
        "mentions_output": len(rows),
        "pairwise": round(pairwise(pred, gold)["f1"], 4),
        "bcubed": round(bcubed(pred, gold)["f1"], 4),
        "passed": f"{sum(r[0] for r in results.values())} of {sum(r[1] for r in results.values())}",
        "classes": {k: f"{v[0]}/{v[1]}" for k, v in sorted(results.items())},
    }
    if failures:
        out["failures"] = failed
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--code-from", help="run another checkout's code (main's)")
    parser.add_argument("--failures", action="store_true", help="list the lines that fail")
    args = parser.parse_args()
    root = Path(args.code_from or ROOT).resolve()
    print(json.dumps(score(root, args.failures), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
