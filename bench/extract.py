"""Person extraction: precision, recall and F1 on synthetic documents with ground truth, on text,
on scans (300 dpi, and noisy 150 dpi; whole documents, and each page alone) and on phone photos,
with throughput; a plain natasha pipeline (NER, NamesExtractor, normalize) on the same texts in
the same run.

Splits: "train" (the generator's own name pool, which the extractor was tuned on) and held-out
ones (another seed and other names, names_data/heldout*.json, never tuned on; `--heldout`).
Half of each corpus shows the hard classes of issue #15 (synthetic.CLASSES), each scored apart;
among matched persons, the accuracy of role, rank, personal number and unit. Last, the time to
extract 0.5, 1, 2 and 8 MB of text in one piece: it must grow linearly.

    .venv/bin/python bench/extract.py [--docs 300] [--scan-docs 15] [--sizes 0.5,1,2,8]
        [--heldout heldout,heldout2]

A match is a person whose last, first and middle names agree after folding ё to е. Persons named
only by initials count with their initials ("Кузнецов С. В.").
"""

from __future__ import annotations

import argparse
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
from objector.extraction import extract_pages
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


def key(last: str | None, first: str | None, middle: str | None) -> Key:
    return (fold(last or ""), fold(first or ""), fold(middle or ""))


def truth(doc: Synthetic) -> set[Key]:
    return {key(p["last"], p["first"], p["middle"]) for p in doc.persons}


def ours(pages: list[Page]) -> set[Key]:
    return {key(p.last, p.first, p.middle) for p in extract_pages(pages).persons}


def pages_of(doc: Synthetic) -> list[Page]:
    """A document's text as its pages (a form feed between them)."""
    return [Page(i + 1, t) for i, t in enumerate(doc.text.split("\f"))]


def attributes(corpus: list[Synthetic], found: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Among persons whose name matched, the share whose role, rank, personal number and unit
    are right."""
    right = dict.fromkeys(ATTRIBUTES, 0)
    matched = 0
    for doc, persons in zip(corpus, found, strict=True):
        by_key = {key(p["last"], p["first"], p["middle"]): p for p in persons}
        for want in doc.persons:
            got = by_key.get(key(want["last"], want["first"], want["middle"]))
            if got is None:
                continue
            matched += 1
            for a in ATTRIBUTES:
                right[a] += (got[a] or None) == (want[a] or None)
    shares: dict[str, Any] = {a: right[a] / matched if matched else 0.0 for a in ATTRIBUTES}
    return shares | {"matched": matched}


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


def score(pairs: Iterable[tuple[set[Key], set[Key]]]) -> dict[str, float]:
    tp = fp = fn = 0
    for got, want in pairs:
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "persons": tp + fn}


def timed(
    fn: Callable[[list[Page]], set[Key]], docs: list[list[Page]]
) -> tuple[list[set[Key]], float]:
    start = time.perf_counter()
    out = [fn(pages) for pages in docs]
    return out, time.perf_counter() - start


def _row(label: str, name: str, s: dict[str, float], seconds: float, pages: int) -> dict[str, Any]:
    return {
        "input": label,
        "extractor": name,
        **s,
        "seconds": seconds,
        "pages": pages,
        "pages_per_s": pages / seconds,
        "persons_per_s": s["persons"] / seconds,
    }


def run_text(split: str, corpus: list[Synthetic], natasha: Natasha) -> list[dict[str, Any]]:
    docs = [pages_of(d) for d in corpus]
    start = time.perf_counter()
    extracted = [[p.as_dict() for p in extract_pages(pages).persons] for pages in docs]
    seconds = time.perf_counter() - start
    got = [{key(p["last"], p["first"], p["middle"]) for p in ps} for ps in extracted]
    wants = [truth(d) for d in corpus]
    s = score(zip(got, wants, strict=True))
    row = _row(f"text, {split}", "objector", s, seconds, len(docs))
    row["attributes"] = attributes(corpus, extracted)
    by_class: dict[str, list[tuple[set[Key], set[Key]]]] = {}
    for doc, g, w in zip(corpus, got, wants, strict=True):
        by_class.setdefault(doc.layout if doc.layout in CLASSES else "plain", []).append((g, w))
    row["classes"] = {c: score(pairs) for c, pairs in sorted(by_class.items())}
    natasha_got, natasha_seconds = timed(natasha, docs)
    n = score(zip(natasha_got, wants, strict=True))
    return [row, _row(f"text, {split}", "natasha", n, natasha_seconds, len(docs))]


def run_scans(
    corpus: list[Synthetic], natasha: Natasha, dpi: int, noise: float, skew: float, label: str
) -> list[dict[str, Any]]:
    rng = random.Random(dpi)
    images = [
        render_scan(d.text, dpi=dpi, noise=noise, skew=rng.uniform(-skew, skew), seed=i)
        for i, d in enumerate(corpus)
    ]
    return run_images(corpus, images, natasha, label)


def run_photos(corpus: list[Synthetic], natasha: Natasha) -> list[dict[str, Any]]:
    images = [render_photo(d.text, seed=i) for i, d in enumerate(corpus)]
    return run_images(corpus, images, natasha, "phone photo")


def run_images(
    corpus: list[Synthetic], images: list[list[Any]], natasha: Natasha, label: str
) -> list[dict[str, Any]]:
    pages_count = sum(len(i) for i in images)
    start = time.perf_counter()
    ocr_pages = [recognise(i) for i in images]
    ocr_seconds = time.perf_counter() - start
    wants = [truth(d) for d in corpus]
    rows = []
    for name, fn in (("objector", ours), ("natasha", natasha)):
        got, seconds = timed(fn, ocr_pages)
        s = score(zip(got, wants, strict=True))
        rows.append(_row(label, name, s, ocr_seconds + seconds, pages_count))
    extracted = [[p.as_dict() for p in extract_pages(pages).persons] for pages in ocr_pages]
    rows[0]["attributes"] = attributes(corpus, extracted)
    rows[0]["review"] = review(corpus, ocr_pages)
    # Each page read alone, as if the document were not one unit: the persons of all its pages.
    alone = [set().union(*(ours([p]) for p in pages)) for pages in ocr_pages]
    s = score(zip(alone, wants, strict=True))
    rows.append(_row(f"{label}, page by page", "objector", s, ocr_seconds, pages_count))
    return rows


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
        "--scan-docs", type=int, default=15, help="documents scanned at each dpi (hard classes)"
    )
    parser.add_argument("--long-pages", type=int, default=2, help="pages of the parallel OCR run")
    parser.add_argument("--sizes", default="0.5,1,2,8", help="MB of text for the linear run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--heldout", default="heldout2", help="held-out name pools (names_data/), comma-separated"
    )
    parser.add_argument("--scan-seed", type=int, default=None, help="seed of the scanned documents")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    natasha = Natasha()
    ours([Page(1, "рядового Иванова Петра Сергеевича")])  # load the dictionaries before timing
    rows = run_text("train", Generator(args.seed).corpus(args.docs, hard=True), natasha)
    # The held-out splits: another seed and other names, never tuned on. The scans are of the
    # last one named.
    for offset, pool in enumerate(args.heldout.split(","), 1):
        heldout = Generator(args.seed + 1000 * offset, pool)
        rows += run_text(pool, heldout.corpus(args.docs, hard=True), natasha)
    if args.scan_docs:
        # Scans of the hard classes, in turn, from the last held-out pool.
        if args.scan_seed is not None:  # fresh documents, from the same pool
            heldout = Generator(args.scan_seed, pool)
        scans = [heldout.hard(CLASSES[i % len(CLASSES)]) for i in range(args.scan_docs)]
        rows += run_scans(scans, natasha, 300, 6, 1.0, f"scan 300 dpi, {pool}")
        rows += run_scans(scans, natasha, 150, 22, 1.5, f"scan 150 dpi noisy, {pool}")
        rows += run_photos(scans, natasha)
    if args.long_pages:
        rows += run_parallel(args.long_pages)
    sizes = run_sizes([float(x) for x in args.sizes.split(",") if x])
    if args.json:
        out = {"machine": machine(), "rows": rows, "sizes": sizes}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    report(rows, sizes)
    return 0


def report(rows: list[dict[str, Any]], sizes: list[dict[str, Any]]) -> None:
    print(f"machine: {machine()}")
    print("| input | extractor | persons | precision | recall | F1 | pages/s | persons/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['input']} | {r['extractor']} | {r['persons']} | {r['precision']:.4f} | "
              f"{r['recall']:.4f} | {r['f1']:.4f} | {r['pages_per_s']:.2f} | "
              f"{r['persons_per_s']:.0f} |")  # fmt: skip
    print()
    print("| input (objector) | matched persons | role | rank | personal number | unit |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        if isinstance(a := r.get("attributes"), dict):
            print(f"| {r['input']} | {a['matched']} | {a['role']:.4f} | {a['rank']:.4f} | "
                  f"{a['personal_number']:.4f} | {a['unit']:.4f} |")  # fmt: skip
    print()
    text_rows = [r for r in rows if isinstance(r.get("classes"), dict)]
    print("| class | " + " | ".join(f"persons, {r['input']} | F1" for r in text_rows) + " |")
    print("|---|" + "---:|---:|" * len(text_rows))
    for cls in ("plain", *CLASSES):
        cells = []
        for r in text_rows:
            c = r["classes"].get(cls)
            cells.append(f"{c['persons']} | {c['f1']:.4f}" if c else "— | —")
        print(f"| {cls} | " + " | ".join(cells) + " |")
    print()
    print("| input | persons found | flagged for review | read wrong | read wrong and flagged |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        if isinstance(v := r.get("review"), dict):
            print(f"| {r['input']} | {v['found']} | {v['flagged']} | {v['wrong']} | "
                  f"{v['wrong_flagged']} |")  # fmt: skip
    print()
    print("| text | seconds | seconds per MB | persons |")
    print("|---:|---:|---:|---:|")
    for z in sizes:
        print(f"| {z['mb']:.2f} MB | {z['seconds']:.2f} | {z['seconds_per_mb']:.2f} | "
              f"{z['persons']} |")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
