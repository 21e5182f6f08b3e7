"""`objector draft KIND --facts FILE`, without Django, and the PDF through LibreOffice."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from objector.filings import cli, pdf

from .data import case_data
from .docx_text import paragraphs

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "draft-claim.json"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_it_drafts_the_documented_example(tmp_path: Path) -> None:
    target = tmp_path / "claim.docx"
    code, out, err = run("claim_dismissal", "--facts", str(EXAMPLE), "--out", str(target))
    assert (code, err) == (0, "")
    body = "\n".join(paragraphs(target.read_bytes()))
    assert "в интересах рядового Хабибуллина Айдара Рустамовича." in body
    assert "Срок (обжалование увольнения): до 10 июня 2025 г." in out
    assert "Не заполнено: адрес воинской части (ответчика) (directory.defendant.address)" in out
    assert "Хабибуллин → Хабибуллина (gent)" in out


def test_it_reports_as_json(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(case_data()), encoding="utf-8")
    target = tmp_path / "out.docx"
    code, out, _ = run("claim_dismissal", "--facts", str(facts), "--out", str(target), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["files"] == [str(target)]
    assert report["cover"]["due"] == "2025-06-10"
    assert report["template_version"] == "1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "facts: not valid JSON (line 1, column 2)"),
        (b"\xff\xfe", "facts: the file is not UTF-8 text"),
        (json.dumps(case_data(document__date="2025-02-30")).encode(), "document.date: 2025-02-30"),
        (json.dumps(case_data(client__consent=None)).encode(), "client.consent: no consent"),
        (b" " * (cli.MAX_FACTS_BYTES + 1), "facts: the file is larger than 5 MB"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    tmp_path: Path, content: bytes, message: str
) -> None:
    facts = tmp_path / "facts.json"
    facts.write_bytes(content)
    code, out, err = run("claim_dismissal", "--facts", str(facts), "--out", str(tmp_path / "x"))
    assert code == 2
    assert out == ""
    assert message in err
    assert not (tmp_path / "x").exists()


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    code, _, err = run("claim_dismissal", "--facts", str(tmp_path / "nope.json"))
    assert code == 2
    assert "nope.json" in err


def test_the_command_runs_without_django(tmp_path: Path) -> None:
    # `objector draft` must not import Django: a script on a machine without a database uses it.
    code = (
        "import sys; from objector.cli import main; rc = main(sys.argv[1:]);"
        " assert 'django' not in sys.modules, 'django imported'; sys.exit(rc)"
    )
    target = tmp_path / "c.docx"
    done = subprocess.run(  # noqa: S603 (a fixed command)
        [
            sys.executable,
            "-c",
            code,
            "draft",
            "claim_dismissal",
            "--facts",
            str(EXAMPLE),
            "--out",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 10_000


needs_libreoffice = pytest.mark.skipif(
    pdf.soffice() is None, reason="LibreOffice is installed by scripts/install-libreoffice"
)


@needs_libreoffice
def test_it_renders_a_pdf(tmp_path: Path) -> None:
    target = tmp_path / "claim.docx"
    code, _, err = run("claim_dismissal", "--facts", str(EXAMPLE), "--out", str(target), "--pdf")
    assert (code, err) == (0, "")
    content = (tmp_path / "claim.pdf").read_bytes()
    assert content.startswith(b"%PDF-")
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    first = document[0].get_textpage().get_text_range()
    assert "АДМИНИСТРАТИВНОЕ ИСКОВОЕ ЗАЯВЛЕНИЕ" in first
    assert "Хабибуллин Айдар Рустамович" in first


@needs_libreoffice
def test_a_pdf_that_takes_too_long_is_stopped() -> None:
    with pytest.raises(pdf.PdfError) as caught:
        pdf.to_pdf((EXAMPLE.parent / "draft-claim.json").read_bytes(), timeout=0.01)
    assert "did not finish within 0.01 s" in caught.value.message


def test_a_missing_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.PdfError) as caught:
        pdf.to_pdf(b"PK")
    assert "scripts/install-libreoffice" in caught.value.message
