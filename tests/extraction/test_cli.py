"""`objector extract` as a user runs it: a real process on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from objector.extraction.synthetic import Generator
from tests.extraction.files import scan_png

OBJECTOR = [sys.executable, "-m", "objector.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 — this interpreter, fixed arguments
        [*OBJECTOR, "extract", *args], capture_output=True, text=True, check=False
    )


def test_it_prints_the_issue_json_shape(tmp_path: Path) -> None:
    doc = Generator(seed=2).order(n=4, layout="list")
    path = tmp_path / "order.txt"
    path.write_text(doc.text, encoding="utf-8")
    done = _run(str(path))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {"kind", "number", "date", "unit", "court", "articles", "persons",
                        "anonymized_count"}  # fmt: skip
    assert (out["kind"], out["number"], out["date"]) == ("order", doc.number, doc.date)
    assert len(out["persons"]) == 5
    assert set(out["persons"][0]) >= {"role", "rank", "last", "first", "middle", "initials_only",
                                      "personal_number", "mentions"}  # fmt: skip
    assert out["persons"][0]["mentions"][0]["page"] == 1


def test_it_prints_readable_text(tmp_path: Path) -> None:
    path = tmp_path / "order.txt"
    path.write_text(Generator(seed=3).order(n=2).text, encoding="utf-8")
    done = _run(str(path), "--format", "text")
    assert done.returncode == 0
    assert "Лица / persons: 3" in done.stdout


def test_it_names_what_was_wrong_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "order.pdf"  # the name says PDF; the content is not one
    path.write_bytes(b"\x00\x01\x02 not a document")
    done = _run(str(path))
    assert done.returncode == 2
    assert "Тип файла не поддерживается" in done.stderr and "not supported" in done.stderr
    missing = _run(str(tmp_path / "absent.txt"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_it_reads_a_scan_through_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(
        scan_png("ПРИКАЗ\nрядового Синтетова Петра Сергеевича, личный номер АБ-123456;", seed=8)
    )
    done = _run(str(path))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["ocr_pages"] == 1
    [person] = out["persons"]
    assert (person["last"], person["first"], person["middle"]) == ("Синтетов", "Петр", "Сергеевич")
    assert person["personal_number"] == "АБ-123456"
    assert len(person["mentions"][0]["box"]) == 4


def test_it_stops_quietly_when_its_reader_does(tmp_path: Path) -> None:
    """`objector extract big.txt | head`: no traceback when the pipe closes early."""
    path = tmp_path / "order.txt"
    path.write_text(Generator(seed=4).order(n=300, layout="list").text, encoding="utf-8")
    process = subprocess.Popen(  # noqa: S603 — this interpreter, fixed arguments
        [*OBJECTOR, "extract", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10).startswith(b"{")
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_it_stops_a_file_that_takes_too_long(tmp_path: Path, monkeypatch) -> None:
    """Issue #13: `objector extract` had no time limit."""
    import io
    import time

    from objector.extraction import cli

    def forever(pages):
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(cli, "extract_pages", forever)
    path = tmp_path / "order.txt"
    path.write_text("ПРИКАЗ\nрядового Синтетического Петра Сергеевича\n", encoding="utf-8")
    stderr = io.StringIO()
    start = time.monotonic()
    assert cli.main([str(path), "--time-limit", "1"], stdout=io.StringIO(), stderr=stderr) == 2
    assert time.monotonic() - start < 5
    assert "took too long" in stderr.getvalue() and "слишком много времени" in stderr.getvalue()
