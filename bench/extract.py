"""Person extraction: precision, recall and F1 on synthetic documents with ground truth, on text,
on scans (300 dpi, and noisy 150 dpi) and on phone photos, with throughput; a plain natasha
pipeline (NER, NamesExtractor, normalize) on the same texts in the same run.

    .venv/bin/python bench/extract.py [--docs 300] [--scan-docs 18]

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
from objector.extraction.synthetic import Generator, Synthetic, render_photo, render_scan

Key = tuple[str, str, str]


def key(last: str | None, first: str | None, middle: str | None) -> Key:
    return (fold(last or ""), fold(first or ""), fold(middle or ""))


def truth(doc: Synthetic) -> set[Key]:
    return {key(p["last"], p["first"], p["middle"]) for p in doc.persons}


def ours(pages: list[Page]) -> set[Key]:
    return {key(p.last, p.first, p.middle) for p in extract_pages(pages).persons}


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


def _row(
    label: str, name: str, s: dict[str, float], seconds: float, pages: int
) -> dict[str, object]:
    return {
        "input": label,
        "extractor": name,
        **s,
        "seconds": seconds,
        "pages": pages,
        "pages_per_s": pages / seconds,
        "persons_per_s": s["persons"] / seconds,
    }


def run_text(corpus: list[Synthetic], natasha: Natasha) -> list[dict[str, object]]:
    docs = [[Page(1, d.text)] for d in corpus]
    rows = []
    for name, fn in (("objector", ours), ("natasha", natasha)):
        got, seconds = timed(fn, docs)
        s = score(zip(got, (truth(d) for d in corpus), strict=True))
        rows.append(_row("text", name, s, seconds, len(docs)))
    return rows


def run_scans(
    corpus: list[Synthetic], natasha: Natasha, dpi: int, noise: float, skew: float, label: str
) -> list[dict[str, object]]:
    rng = random.Random(dpi)
    images = [
        render_scan(d.text, dpi=dpi, noise=noise, skew=rng.uniform(-skew, skew), seed=i)
        for i, d in enumerate(corpus)
    ]
    return run_images(corpus, images, natasha, label)


def run_photos(corpus: list[Synthetic], natasha: Natasha) -> list[dict[str, object]]:
    images = [render_photo(d.text, seed=i) for i, d in enumerate(corpus)]
    return run_images(corpus, images, natasha, "phone photo")


def run_images(
    corpus: list[Synthetic], images: list[list[Any]], natasha: Natasha, label: str
) -> list[dict[str, object]]:
    pages_count = sum(len(i) for i in images)
    start = time.perf_counter()
    ocr_pages = [recognise(i) for i in images]
    ocr_seconds = time.perf_counter() - start
    rows = []
    for name, fn in (("objector", ours), ("natasha", natasha)):
        got, seconds = timed(fn, ocr_pages)
        s = score(zip(got, (truth(d) for d in corpus), strict=True))
        total = ocr_seconds + seconds
        rows.append(_row(label, name, s, total, pages_count))
    rows[0]["review"] = review(corpus, ocr_pages)
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


def run_parallel(pages: int) -> list[dict[str, object]]:
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300, help="text documents")
    parser.add_argument("--scan-docs", type=int, default=40, help="documents scanned at each dpi")
    parser.add_argument("--long-pages", type=int, default=6, help="pages of the parallel OCR run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    natasha = Natasha()
    ours([Page(1, "рядового Иванова Петра Сергеевича")])  # load the dictionaries before timing
    rows = run_text(Generator(args.seed).corpus(args.docs), natasha)
    scans = Generator(args.seed + 1).corpus(args.scan_docs)
    rows += run_scans(scans, natasha, 300, 6, 1.0, "scan 300 dpi")
    rows += run_scans(scans, natasha, 150, 22, 1.5, "scan 150 dpi, noisy")
    rows += run_photos(scans, natasha)
    rows += run_parallel(args.long_pages)
    if args.json:
        print(json.dumps({"machine": machine(), "rows": rows}, ensure_ascii=False, indent=2))
        return 0
    print(f"machine: {machine()}")
    print("| input | persons found | flagged for review | read wrong | read wrong and flagged |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        if isinstance(v := r.get("review"), dict):
            print(f"| {r['input']} | {v['found']} | {v['flagged']} | {v['wrong']} | "
                  f"{v['wrong_flagged']} |")  # fmt: skip
    print()
    print("| input | extractor | persons | precision | recall | F1 | pages/s | persons/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['input']} | {r['extractor']} | {r['persons']} | {r['precision']:.4f} | "
              f"{r['recall']:.4f} | {r['f1']:.4f} | {r['pages_per_s']:.2f} | "
              f"{r['persons_per_s']:.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
