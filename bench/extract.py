"""Person extraction: precision, recall and F1 on synthetic documents with ground truth, on text,
on scans (300 dpi, and noisy 150 dpi; whole documents, and each page alone) and on phone photos,
with throughput; a plain natasha pipeline (NER, NamesExtractor, normalize) on the same texts in
the same run.

Splits: "train" (the generator's own name pool, which the extractor was tuned on) and held-out
ones (another seed and other names, names_data/heldout*.json, never tuned on; `--heldout`).
Half of each corpus shows the hard classes of issue #15 (synthetic.CLASSES), each scored apart;
among matched persons, the accuracy of role, rank, personal number and unit. Last, the time to
extract 0.5, 1, 2 and 8 MB of text in one piece: it must grow linearly.

    .venv/bin/python bench/extract.py [--docs 300] [--scan-docs 50] [--sizes 0.5,1,2,8]
        [--heldout heldout2,heldout3] [--scan-pools heldout2,heldout3] [--scans 300,150,photo]
        [--ocr-cache DIR] [--misses FILE]

Each split has its own seed (`--seed` plus 1000 times its place in SPLITS), and its scanned
documents another, so a split's figures do not depend on which others run beside it. Figures
carry a 95 % interval from a bootstrap over documents (`--bootstrap` resamples): with 15
documents, a point of F1 is within the noise. `--ocr-cache` keeps Tesseract's output for each
page image (keyed by the image and by ocr.py, so any change to the OCR invalidates it): a rerun
that changes only the extraction is cheap. `--misses` writes, for each scanned document, the
persons missed and the ones read wrong, with the OCR text, for analysis (tuning splits only).

A match is a person whose last, first and middle names agree after folding ё to е. Persons named
only by initials count with their initials ("Кузнецов С. В.").
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine
from objector.extraction import extract_pages, ocr
from objector.extraction.model import Page
from objector.extraction.names import fold
from objector.extraction.ocr import recognise
from objector.extraction.synthetic import (
    CLASSES,
    Generator,
    Synthetic,
    render_photo,
    render_scan,
)

Key = tuple[str, str, str]
ATTRIBUTES = ("role", "rank", "personal_number", "unit")
# Every split the generator has, in a fixed order: its seed is --seed + 1000 × its place.
SPLITS = ("train", "heldout", "heldout2", "heldout3")
SCAN_SEED = 500  # added to a split's seed for its scanned documents


def split_seed(seed: int, pool: str) -> int:
    return seed + 1000 * SPLITS.index(pool)


class OcrCache:
    """Tesseract's output per page, on disk, so that a rerun OCRs only new pages. The key is the
    image Tesseract is given (after preprocessing) and its command line, so a change to either
    never reads a stale page, while a change to what is made of the output (ocr.read_tsv, the
    extraction) is measured without OCR. A benchmark's synthetic pages only: the product never
    writes a page to disk."""

    def __init__(self, directory: str | None) -> None:
        self.directory = Path(directory) if directory else None
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        run = ocr._tesseract

        def cached(png: bytes) -> str:
            assert self.directory is not None  # noqa: S101 - set above
            h = hashlib.sha256(json.dumps(ocr.command()).encode() + png).hexdigest()
            path = self.directory / f"{h}.tsv"
            if path.exists():
                return path.read_text(encoding="utf-8")
            tsv = run(png)
            path.write_text(tsv, encoding="utf-8")
            return tsv

        ocr._tesseract = cached  # type: ignore[assignment]  # the bench's own cache

    def recognise(self, images: list[Any]) -> list[Page]:
        return recognise(images)


def bootstrap(
    docs: list[Any], stat: Callable[[list[Any]], float], reps: int, seed: int = 1
) -> tuple[float, float]:
    """A 95 % interval for `stat` by resampling the documents with replacement."""
    if not docs or reps <= 0:
        return (float("nan"), float("nan"))
    rng = random.Random(seed)
    values = sorted(stat([rng.choice(docs) for _ in docs]) for _ in range(reps))
    return values[int(0.025 * (reps - 1))], values[int(0.975 * (reps - 1))]


def key(last: str | None, first: str | None, middle: str | None) -> Key:
    return (fold(last or ""), fold(first or ""), fold(middle or ""))


def truth(doc: Synthetic) -> set[Key]:
    return {key(p["last"], p["first"], p["middle"]) for p in doc.persons}


def ours(pages: list[Page]) -> set[Key]:
    return {key(p.last, p.first, p.middle) for p in extract_pages(pages).persons}


def pages_of(doc: Synthetic) -> list[Page]:
    """A document's text as its pages (a form feed between them)."""
    return [Page(i + 1, t) for i, t in enumerate(doc.text.split("\f"))]


def attribute_tallies(
    corpus: list[Synthetic], found: list[list[dict[str, Any]]]
) -> list[tuple[int, dict[str, int]]]:
    """For each document: how many of its persons matched by name, and for how many of them
    each of role, rank, personal number and unit is right."""
    out = []
    for doc, persons in zip(corpus, found, strict=True):
        by_key = {key(p["last"], p["first"], p["middle"]): p for p in persons}
        right = dict.fromkeys(ATTRIBUTES, 0)
        matched = 0
        for want in doc.persons:
            got = by_key.get(key(want["last"], want["first"], want["middle"]))
            if got is None:
                continue
            matched += 1
            for a in ATTRIBUTES:
                right[a] += (got[a] or None) == (want[a] or None)
        out.append((matched, right))
    return out


def _share(tallies: list[tuple[int, dict[str, int]]], a: str) -> float:
    matched = sum(m for m, _ in tallies)
    return sum(r[a] for _, r in tallies) / matched if matched else 0.0


def attributes(
    corpus: list[Synthetic], found: list[list[dict[str, Any]]], reps: int
) -> dict[str, Any]:
    """Among persons whose name matched, the share whose role, rank, personal number and unit
    are right, each with its 95 % interval over documents."""
    tallies = attribute_tallies(corpus, found)
    out: dict[str, Any] = {"matched": sum(m for m, _ in tallies)}
    for a in ATTRIBUTES:
        out[a] = _share(tallies, a)
        out[f"{a}_ci"] = bootstrap(tallies, lambda t, a=a: _share(t, a), reps)
    return out


class Natasha:
    """The general-purpose pipeline the issue compares against."""

    def __init__(self) -> None:
        # natasha 1.6 imports pymorphy2, which no longer runs on Python 3.11+ (inspect.getargspec,
        # pkg_resources); pymorphy3 is its maintained fork with the same API.
        for name in ("", ".analyzer", ".units", ".units.base", ".tagset"):
            sys.modules["pymorphy2" + name] = importlib.import_module("pymorphy3" + name)
        import natasha

        self.natasha = natasha
        self.segmenter = natasha.Segmenter()
        self.vocab = natasha.MorphVocab()
        embedding = natasha.NewsEmbedding()
        self.morph = natasha.NewsMorphTagger(embedding)
        self.ner = natasha.NewsNERTagger(embedding)
        self.names = natasha.NamesExtractor(self.vocab)

    def __call__(self, pages: list[Page]) -> set[Key]:
        doc = self.natasha.Doc("\n".join(p.text for p in pages))
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph)
        doc.tag_ner(self.ner)
        found: set[Key] = set()
        for span in doc.spans:
            if span.type != "PER":
                continue
            span.normalize(self.vocab)
            span.extract_fact(self.names)
            fact = span.fact.as_dict if span.fact else {}
            if not fact.get("last"):
                continue
            first, middle = fact.get("first"), fact.get("middle")
            first = f"{first}." if first and len(first) == 1 else first
            middle = f"{middle}." if middle and len(middle) == 1 else middle
            found.add(key(fact["last"], first, middle))
        return found


def _f1(counts: Iterable[tuple[int, int, int]]) -> dict[str, float]:
    tp = fp = fn = 0
    for a, b, c in counts:
        tp, fp, fn = tp + a, fp + b, fn + c
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "persons": tp + fn}


def score(pairs: Iterable[tuple[set[Key], set[Key]]], reps: int = 0) -> dict[str, Any]:
    """Precision, recall and F1 over all documents' persons; with `reps`, F1's 95 % interval
    from resampling the documents."""
    counts = [(len(got & want), len(got - want), len(want - got)) for got, want in pairs]
    out: dict[str, Any] = _f1(counts) | {"documents": len(counts)}
    if reps:
        out["f1_ci"] = bootstrap(counts, lambda c: _f1(c)["f1"], reps)
    return out


def timed(
    fn: Callable[[list[Page]], set[Key]], docs: list[list[Page]]
) -> tuple[list[set[Key]], float]:
    start = time.perf_counter()
    out = [fn(pages) for pages in docs]
    return out, time.perf_counter() - start


def _row(label: str, name: str, s: dict[str, Any], seconds: float, pages: int) -> dict[str, Any]:
    return {
        "input": label,
        "extractor": name,
        **s,
        "seconds": seconds,
        "pages": pages,
        "pages_per_s": pages / seconds,
        "persons_per_s": s["persons"] / seconds,
    }


def run_text(
    split: str, corpus: list[Synthetic], natasha: Natasha | None, reps: int
) -> list[dict[str, Any]]:
    docs = [pages_of(d) for d in corpus]
    start, cpu = time.perf_counter(), time.process_time()
    extracted = [[p.as_dict() for p in extract_pages(pages).persons] for pages in docs]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    got = [{key(p["last"], p["first"], p["middle"]) for p in ps} for ps in extracted]
    wants = [truth(d) for d in corpus]
    s = score(zip(got, wants, strict=True), reps)
    row = _row(f"text, {split}", "objector", s, seconds, len(docs))
    # On a shared machine the wall clock counts other people's work too; the process's own CPU
    # time is what the extraction costs (on an idle machine the two agree).
    row["persons_per_cpu_s"] = s["persons"] / cpu if cpu else float("nan")
    row["attributes"] = attributes(corpus, extracted, reps)
    by_class: dict[str, list[tuple[set[Key], set[Key]]]] = {}
    for doc, g, w in zip(corpus, got, wants, strict=True):
        by_class.setdefault(doc.layout if doc.layout in CLASSES else "plain", []).append((g, w))
    row["classes"] = {c: score(pairs) for c, pairs in sorted(by_class.items())}
    if natasha is None:
        return [row]
    cpu = time.process_time()
    natasha_got, natasha_seconds = timed(natasha, docs)
    n = score(zip(natasha_got, wants, strict=True), reps)
    natasha_row = _row(f"text, {split}", "natasha", n, natasha_seconds, len(docs))
    natasha_row["persons_per_cpu_s"] = n["persons"] / (time.process_time() - cpu)
    return [row, natasha_row]


# How each kind of scan is made: dpi, noise (grey levels), skew (degrees either way).
SCANS = {"300": (300, 6.0, 1.0, "scan 300 dpi"), "150": (150, 22.0, 1.5, "scan 150 dpi noisy")}


def run_scans(
    corpus: list[Synthetic], natasha: Natasha | None, kind: str, pool: str, cache: OcrCache,
    reps: int, misses: list[dict[str, Any]] | None,
) -> list[dict[str, Any]]:  # fmt: skip
    if kind == "photo":
        images = [render_photo(d.text, seed=i) for i, d in enumerate(corpus)]
        label = f"phone photo, {pool}"
    else:
        dpi, noise, skew, label = SCANS[kind]
        label = f"{label}, {pool}"
        rng = random.Random(dpi)
        images = [
            render_scan(d.text, dpi=dpi, noise=noise, skew=rng.uniform(-skew, skew), seed=i)
            for i, d in enumerate(corpus)
        ]
    return run_images(corpus, images, natasha, label, cache, reps, misses)


def run_images(
    corpus: list[Synthetic], images: list[list[Any]], natasha: Natasha | None, label: str,
    cache: OcrCache, reps: int, misses: list[dict[str, Any]] | None,
) -> list[dict[str, Any]]:  # fmt: skip
    pages_count = sum(len(i) for i in images)
    start = time.perf_counter()
    ocr_pages = [cache.recognise(i) for i in images]
    ocr_seconds = time.perf_counter() - start
    wants = [truth(d) for d in corpus]
    rows = []
    for name, fn in (("objector", ours), ("natasha", natasha)):
        if fn is None:
            continue
        got, seconds = timed(fn, ocr_pages)
        s = score(zip(got, wants, strict=True), reps)
        rows.append(_row(label, name, s, ocr_seconds + seconds, pages_count))
    extracted = [[p.as_dict() for p in extract_pages(pages).persons] for pages in ocr_pages]
    rows[0]["attributes"] = attributes(corpus, extracted, reps)
    rows[0]["review"] = review(corpus, ocr_pages)
    if misses is not None:
        misses.extend(miss_report(label, corpus, ocr_pages, extracted))
    # Each page read alone, as if the document were not one unit: the persons of all its pages.
    alone = [set().union(*(ours([p]) for p in pages)) for pages in ocr_pages]
    s = score(zip(alone, wants, strict=True))
    rows.append(_row(f"{label}, page by page", "objector", s, ocr_seconds, pages_count))
    return rows


def miss_report(
    label: str, corpus: list[Synthetic], ocr_pages: list[list[Page]],
    extracted: list[list[dict[str, Any]]],
) -> list[dict[str, Any]]:  # fmt: skip
    """What went wrong in each document, with its OCR text: for reading the misses."""
    out = []
    for i, (doc, pages, persons) in enumerate(zip(corpus, ocr_pages, extracted, strict=True)):
        by_key = {key(p["last"], p["first"], p["middle"]): p for p in persons}
        want = {key(p["last"], p["first"], p["middle"]): p for p in doc.persons}
        wrong_attr = []
        for k, w in want.items():
            g = by_key.get(k)
            if g is not None:
                bad = {a: [w[a], g[a]] for a in ATTRIBUTES if (g[a] or None) != (w[a] or None)}
                if bad:
                    wrong_attr.append({"person": " ".join(k), **bad})
        missed = sorted(set(want) - set(by_key))
        spurious = sorted(set(by_key) - set(want))
        if missed or spurious or wrong_attr:
            out.append({
                "input": label, "doc": i, "layout": doc.layout,
                "missed": [" ".join(k) for k in missed],
                "spurious": [" ".join(k) for k in spurious],
                "attributes": wrong_attr,
                "ocr": "\f".join(p.text for p in pages),
                "text": doc.text,
            })  # fmt: skip
    return out


def review(corpus: list[Synthetic], ocr_pages: list[list[Page]]) -> dict[str, int]:
    """How many persons OCR marks for a lawyer's check (needs_review), and whether the ones read
    wrong are among them."""
    found = flagged = wrong = wrong_flagged = 0
    for doc, pages in zip(corpus, ocr_pages, strict=True):
        want = truth(doc)
        for p in extract_pages(pages).persons:
            is_wrong = key(p.last, p.first, p.middle) not in want
            found += 1
            flagged += p.needs_review
            wrong += is_wrong
            wrong_flagged += is_wrong and p.needs_review
    return {"found": found, "flagged": flagged, "wrong": wrong, "wrong_flagged": wrong_flagged}


def run_parallel(pages: int) -> list[dict[str, Any]]:
    """One long order scanned at 300 dpi, read with one OCR worker and with one per core: what
    processing pages in parallel buys."""
    doc = Generator(7).order(n=pages * 20, layout="list")
    images = render_scan(doc.text, dpi=300, noise=6, seed=7)
    rows = []
    for workers in sorted({1, os.cpu_count() or 1}):
        start = time.perf_counter()
        recognised = recognise(images, workers=workers)
        seconds = time.perf_counter() - start
        s = score([(ours(recognised), truth(doc))])
        rows.append(
            _row(
                f"{len(images)}-page scan, {workers} worker(s)", "objector", s, seconds, len(images)
            )
        )
    return rows


def run_sizes(sizes: list[float]) -> list[dict[str, Any]]:
    """The time to extract one text of each size (MB of UTF-8) made of held-out orders: it must
    grow linearly with the size (issue #13, finding 9)."""
    generator = Generator(99, "heldout")
    parts: list[str] = []
    length = 0
    rows = []
    for mb in sorted(sizes):
        while length < mb * 1_000_000:
            doc = generator.order() if len(parts) % 3 else generator.hard("far_number")
            parts.append(doc.text)
            length += len(doc.text.encode())
        text = "\n".join(parts)
        seconds = float("inf")
        for _ in range(2):  # the machine is shared: the less disturbed of two runs
            start = time.perf_counter()
            found = len(extract_pages([Page(1, text)]).persons)
            seconds = min(seconds, time.perf_counter() - start)
        megabytes = len(text.encode()) / 1e6
        rows.append(
            {"mb": megabytes, "seconds": seconds, "seconds_per_mb": seconds / megabytes,
             "persons": found}
        )  # fmt: skip
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300, help="text documents in each split")
    parser.add_argument(
        "--scan-docs", type=int, default=50, help="documents scanned in each scan pool"
    )
    parser.add_argument("--long-pages", type=int, default=2, help="pages of the parallel OCR run")
    parser.add_argument("--sizes", default="0.5,1,2,8", help="MB of text for the linear run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--heldout", default="heldout2,heldout3", help="held-out splits for text, comma-separated"
    )
    parser.add_argument(
        "--train", action=argparse.BooleanOptionalAction, default=True, help="the train split"
    )
    parser.add_argument(
        "--scan-pools", default="heldout2,heldout3", help="splits whose documents are scanned"
    )
    parser.add_argument("--scans", default="300,150,photo", help="kinds of scan: 300,150,photo")
    parser.add_argument(
        "--scan-seed", type=int, default=None, help="seed of the scanned documents (round 1: 5026)"
    )
    parser.add_argument("--ocr-cache", default=None, help="directory for Tesseract's output")
    parser.add_argument("--bootstrap", type=int, default=1000, help="resamples for the intervals")
    parser.add_argument("--natasha", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--misses", default=None, help="write the scans' misses here (JSON)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for pool in {*args.heldout.split(","), *args.scan_pools.split(",")} - {""}:
        if pool not in SPLITS:
            parser.error(f"unknown split {pool!r}: one of {', '.join(SPLITS)}")

    natasha = Natasha() if args.natasha else None
    ours([Page(1, "рядового Иванова Петра Сергеевича")])  # load the dictionaries before timing
    cache = OcrCache(args.ocr_cache)
    misses: list[dict[str, Any]] | None = [] if args.misses else None
    reps = args.bootstrap
    rows: list[dict[str, Any]] = []
    text_splits = (["train"] if args.train else []) + [p for p in args.heldout.split(",") if p]
    if args.docs:
        for pool in text_splits:
            corpus = Generator(split_seed(args.seed, pool), pool).corpus(args.docs, hard=True)
            rows += run_text(pool, corpus, natasha, reps)
    for pool in [p for p in args.scan_pools.split(",") if p and args.scan_docs]:
        # The hard classes in turn, as fresh documents of the split's pool.
        seed = split_seed(args.seed, pool) + SCAN_SEED if args.scan_seed is None else args.scan_seed
        generator = Generator(seed, pool)
        scans = [generator.hard(CLASSES[i % len(CLASSES)]) for i in range(args.scan_docs)]
        for kind in [k for k in args.scans.split(",") if k]:
            rows += run_scans(scans, natasha, kind, pool, cache, reps, misses)
    if args.long_pages:
        rows += run_parallel(args.long_pages)
    sizes = run_sizes([float(x) for x in args.sizes.split(",") if x])
    if args.misses and misses is not None:
        Path(args.misses).write_text(json.dumps(misses, ensure_ascii=False, indent=1), "utf-8")
    if args.json:
        out = {"machine": machine(), "rows": rows, "sizes": sizes}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    report(rows, sizes)
    return 0


def _ci(pair: Any) -> str:
    return f"{pair[0]:.3f}–{pair[1]:.3f}" if pair else "—"


def report(rows: list[dict[str, Any]], sizes: list[dict[str, Any]]) -> None:
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print("| input | extractor | documents | persons | precision | recall | F1 | F1 95 % "
          "interval | pages/s | persons/s | persons/CPU-s |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for r in rows:
        cpu = f"{r['persons_per_cpu_s']:.0f}" if "persons_per_cpu_s" in r else ""
        print(f"| {r['input']} | {r['extractor']} | {r.get('documents', '')} | {r['persons']} | "
              f"{r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | "
              f"{_ci(r.get('f1_ci'))} | {r['pages_per_s']:.2f} | "
              f"{r['persons_per_s']:.0f} | {cpu} |")  # fmt: skip
    print()
    print("| input (objector) | matched persons | role | rank | personal number | unit |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        if isinstance(a := r.get("attributes"), dict):
            cells = " | ".join(f"{a[x]:.4f} ({_ci(a.get(f'{x}_ci'))})" for x in ATTRIBUTES)
            print(f"| {r['input']} | {a['matched']} | {cells} |")
    print()
    text_rows = [r for r in rows if isinstance(r.get("classes"), dict)]
    if text_rows:
        _classes(text_rows)
    print()
    print("| input | persons found | flagged for review | read wrong | read wrong and flagged |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        if isinstance(v := r.get("review"), dict):
            print(f"| {r['input']} | {v['found']} | {v['flagged']} | {v['wrong']} | "
                  f"{v['wrong_flagged']} |")  # fmt: skip
    if sizes:
        _sizes(sizes)


def _classes(text_rows: list[dict[str, Any]]) -> None:
    print("| class | " + " | ".join(f"persons, {r['input']} | F1" for r in text_rows) + " |")
    print("|---|" + "---:|---:|" * len(text_rows))
    for cls in ("plain", *CLASSES):
        cells = []
        for r in text_rows:
            c = r["classes"].get(cls)
            cells.append(f"{c['persons']} | {c['f1']:.4f}" if c else "— | —")
        print(f"| {cls} | " + " | ".join(cells) + " |")


def _sizes(sizes: list[dict[str, Any]]) -> None:
    print()
    print("| text | seconds | seconds per MB | persons |")
    print("|---:|---:|---:|---:|")
    for z in sizes:
        print(f"| {z['mb']:.2f} MB | {z['seconds']:.2f} | {z['seconds_per_mb']:.2f} | "
              f"{z['persons']} |")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
