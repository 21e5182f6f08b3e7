"""Drafting every kind of FORMS.md from synthetic data: the text, the blanks, consent, deadlines
and hostile input."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest

from objector.filings import core

from .data import CONSENT, case_data, persons
from .docx_text import paragraphs, table_rows, text

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("kind", core.KINDS)
def test_it_drafts_each_kind_as_its_golden_text(kind: str) -> None:
    data = case_data(kind)
    if kind == "claim_dismissal_joint":
        data["persons"] = persons(3, without_consent=1)
    result = core.draft(kind, data)
    got = text(result.docx).splitlines()
    golden = GOLDEN / f"{kind}.txt"
    if os.environ.get("OBJECTOR_UPDATE_GOLDEN"):
        golden.write_text("\n".join(got) + "\n", encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8").splitlines()
    # Every kind: a title, the date in words and no template tag left over.
    assert any(p == p.upper() and len(p) > 5 for p in got)
    assert "20 апреля 2025 г." in got
    assert not any("{{" in p or "{%" in p for p in got)


def test_it_names_the_person_in_the_case_each_sentence_needs() -> None:
    body = "\n".join(paragraphs(core.draft("claim_dismissal", case_data()).docx))
    assert "в интересах рядового Хабибуллина Айдара Рустамовича." in body
    assert "в части увольнения рядового Хабибуллина Айдара Рустамовича с военной службы" in body
    assert "приказа командира войсковой части 12345 от 4 марта 2025 г. № 32-лс" in body
    report = core.draft("report_dismissal", case_data("report_dismissal"))
    lines = paragraphs(report.docx)
    assert "полковнику Петрову Ивану Сергеевичу" in lines
    assert "рядового Хабибуллина Айдара Рустамовича," in lines
    assert lines[-1].startswith("Падежные формы (проверить): полковник Петров Иван Сергеевич")


def test_it_drafts_a_joint_claim_for_115_plaintiffs_and_leaves_out_those_without_consent() -> None:
    order = persons(130, without_consent=15)
    result = core.draft("claim_dismissal_joint", case_data("claim_dismissal_joint", persons=order))
    rows = table_rows(result.docx)
    assert rows[0][:5] == [
        "№",
        "Фамилия, имя, отчество",
        "Дата рождения",
        "Адрес места жительства",
        "Пункт приказа",
    ]
    body_rows = rows[1:]
    assert result.plaintiffs == len(body_rows) == 115
    consenting = [p for p in order if p["consent"]]
    for row, person in zip(body_rows, consenting, strict=True):
        full = f"{person['surname']} {person['first_name']} {person['patronymic']}"
        assert row[1] == full
        assert row[4] == person["item"]
    assert [r[0] for r in body_rows] == [str(i) for i in range(1, 116)]
    everything = text(result.docx)
    for person in order[115:]:
        assert f"{person['surname']} {person['first_name']} {person['patronymic']}" not in (
            everything
        )
    assert [p["item"] for p in result.outreach] == [p["item"] for p in order[115:]]
    assert "Административные истцы: 115 человек (список — в таблице ниже)" in everything


def test_it_never_names_a_person_without_consent() -> None:
    with pytest.raises(core.FilingError) as caught:
        core.draft("claim_dismissal", case_data(client__consent=None))
    assert caught.value.field == "client.consent"
    with pytest.raises(core.FilingError) as caught:
        core.draft("claim_dismissal_joint", case_data(persons=persons(5, without_consent=5)))
    assert caught.value.field == "persons"
    with pytest.raises(core.FilingError) as caught:
        core.draft("claim_dismissal", case_data(client__consent={"date": "2025-04-01"}))
    assert caught.value.field == "client.consent.channel"


def test_it_shows_and_lists_every_blank() -> None:
    data = case_data(person__address=None, document__number=None, directory__court=None)
    result = core.draft("claim_dismissal", data)
    lines = paragraphs(result.docx)
    assert "адрес места жительства: [____: адрес места жительства]" in lines
    assert any("№ [____: номер приказа]" in p for p in lines)
    assert lines[0] == "В [____: наименование суда]"
    assert result.blanks == [
        "наименование суда (directory.court.name)",
        "адрес суда (directory.court.address)",
        "адрес места жительства (person.address)",
        "номер приказа (document.number)",
    ]
    notes = lines[lines.index("ДЛЯ ЮРИСТА — удалить перед подачей") + 1 :]
    assert [n for n in notes if n.startswith("Не заполнено")] == [
        f"Не заполнено: {b}" for b in result.blanks
    ]
    assert [a for a in result.cover.advice if a.startswith("Не заполнено")] == [
        f"Не заполнено: {b}" for b in result.blanks
    ]


def test_it_leaves_out_an_optional_field_rather_than_blanking_it() -> None:
    lines = paragraphs(core.draft("claim_dismissal", case_data(representative=None)).docx)
    assert not any(p.startswith("Представитель") for p in lines)
    assert "_________________ / А.Р. Хабибуллин" in lines
    data = case_data(representative={"surname": "Соколова", "first_name": "Мария"})
    result = core.draft("claim_dismissal", data)
    assert "адрес представителя (representative.address)" in result.blanks
    assert "_________________ / М. Соколова" in paragraphs(result.docx)


def test_its_cover_note_gives_the_deadline_and_whether_it_has_passed() -> None:
    result = core.draft("claim_dismissal", case_data())
    assert (result.cover.deadline_kind, result.cover.due) == ("appeal_dismissal", date(2025, 6, 10))
    assert (result.cover.expired, result.cover.days) == (False, 51)
    assert result.companions == []
    assert result.cover.lines()[0] == (
        "Срок (обжалование увольнения): до 10 июня 2025 г., КАС РФ ст. 219 ч. 1; осталось 51 дн."
    )
    # Dismissed on 1 December 2024: three months end on 1 March 2025, 50 days before 20 April.
    late = case_data(
        case__facts={"events": [{"type": "dismissed", "date": "2024-12-01"}]},
        case__learned_date="2024-12-01",
    )
    result = core.draft("claim_dismissal", late)
    assert (result.cover.expired, result.cover.days) == (True, 50)
    assert result.companions == ["motion_restore_deadline"]
    assert "пропущен на 50 дн." in " ".join(result.cover.advice)


def test_an_expired_court_deadline_brings_a_motion_but_a_prosecutors_answer_never_does() -> None:
    appeal = case_data(
        "appeal_court_decision",
        case__facts={"events": [{"type": "court_decision", "date": "2025-02-01"}]},
    )
    assert core.draft("appeal_court_decision", appeal).companions == ["motion_restore_deadline"]
    late_answer = case_data(
        "complaint_prosecutor",
        case__facts={"events": [{"type": "complaint_filed", "date": "2025-01-10"}]},
    )
    result = core.draft("complaint_prosecutor", late_answer)
    assert result.cover.deadline_kind == "prosecutor_answer"
    assert result.cover.expired is True
    assert result.companions == []
    assert "вышестоящему прокурору" in result.cover.advice[0]
    found = core.assessment(late_answer, date(2025, 4, 20))
    assert "motion_restore_deadline" not in core.kinds_for(found)
    assert "complaint_prosecutor" in core.kinds_for(found)
    with pytest.raises(core.FilingError) as caught:
        core.draft("motion_restore_deadline", case_data(input__restore_for="complaint_prosecutor"))
    assert caught.value.field == "input.restore_for"


def test_a_motion_to_restore_states_the_missed_deadline() -> None:
    lines = paragraphs(
        core.draft("motion_restore_deadline", case_data("motion_restore_deadline")).docx
    )
    # Dismissed 1 October 2024: due 1 January 2025, 109 days before 20 April 2025.
    assert (
        "Срок подачи (КАС РФ ст. 219 ч. 1) истёк 1 января 2025 г.; он пропущен на 109 дн." in lines
    )
    with pytest.raises(core.FilingError) as caught:
        core.draft("motion_restore_deadline", case_data())  # the deadline has not passed
    assert caught.value.field == "input.restore_for"


def test_detention_abuse_is_urgent_from_the_first_line() -> None:
    result = core.draft("complaint_prosecutor", case_data("complaint_prosecutor"))
    assert paragraphs(result.docx)[0] == "СРОЧНО: незаконное удержание военнослужащего"
    assert result.cover.advice[0].startswith("СРОЧНО: подайте жалобу сегодня же")


def test_it_offers_only_the_kinds_the_facts_call_for() -> None:
    def kinds(*events: tuple[str, str], personnel: str = "contract") -> list[str]:
        facts = {"personnel": personnel, "events": [{"type": t, "date": d} for t, d in events]}
        return core.kinds_for(core.assessment({"case": {"facts": facts}}, date(2025, 4, 20)))

    assert kinds(("dismissed", "2025-03-10")) == ["claim_dismissal"]
    assert kinds(("dismissed", "2024-10-01")) == ["claim_dismissal", "motion_restore_deadline"]
    assert kinds(("detained_by_unit", "2025-04-01")) == ["complaint_prosecutor"]
    assert kinds(("court_decision", "2025-04-01")) == ["appeal_court_decision"]
    assert kinds(("call_up_expected", "2025-11-01"), personnel="civilian") == ["application_ags"]
    assert kinds(("discharge_requested", "2025-04-01")) == ["report_dismissal"]
    assert kinds(("left_unit", "2025-04-01")) == []


HOSTILE = (
    "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {{ ''.__class__.__mro__ }}"
    " </w:t></w:r><w:r><w:t>injected & <b>bold</b> {%p if true %}"
)


def test_hostile_fields_are_text_never_code() -> None:
    data = case_data("complaint_prosecutor", case__story=HOSTILE, person__surname="{{ person }}")
    result = core.draft("complaint_prosecutor", data)
    lines = paragraphs(result.docx)
    assert f"Обстоятельства: {HOSTILE}" in lines
    assert "49" not in "\n".join(lines)
    assert "looploop" not in "\n".join(lines)
    assert any("{{ person }}" in p for p in lines)
    # The XML stayed whole: one paragraph, one run of text.
    document = docx.Document(io.BytesIO(result.docx))
    story = next(p for p in document.paragraphs if p.text.startswith("Обстоятельства"))
    assert story.text == f"Обстоятельства: {HOSTILE}"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"as_of": "2025-02-30"}, "as_of"),
        ({"document__date": "4 марта"}, "document.date"),
        ({"person__surname": None}, "person.surname"),
        ({"person__surname": ["Иванов"]}, "person.surname"),
        ({"person__rank": "генералиссимус всея"}, "person.rank"),
        (
            {"case__facts": {"events": [{"type": "flew_away", "date": "2025-01-01"}]}},
            "case.facts.type",
        ),
        ({"case__story": "я" * 20_001}, "case.story"),
    ],
)
def test_bad_data_gets_an_error_naming_the_field(changes: dict[str, object], field: str) -> None:
    kind = "complaint_prosecutor" if "case__story" in changes else "claim_dismissal"
    with pytest.raises(core.FilingError) as caught:
        core.draft(kind, case_data(kind, **changes))
    assert caught.value.field == field
    assert caught.value.message and caught.value.message_ru


def test_an_unknown_kind_or_a_non_object_is_refused() -> None:
    with pytest.raises(core.FilingError) as caught:
        core.draft("petition_to_the_tsar", case_data())
    assert caught.value.field == "kind"
    with pytest.raises(core.FilingError) as caught:
        core.draft("claim_dismissal", ["not", "an", "object"])
    assert caught.value.field == "data"


def test_an_organisation_replaces_a_template_without_touching_code(tmp_path: Path) -> None:
    own = docx.Document(str(core.TEMPLATES / "claim_dismissal.docx"))
    own.paragraphs[0].runs[0].text = "В суд организации: {{ directory.court.name }}"
    own.save(str(tmp_path / "claim_dismissal.docx"))
    result = core.draft("claim_dismissal", case_data(), override_dir=tmp_path)
    assert paragraphs(result.docx)[0] == "В суд организации: Казанский гарнизонный военный суд"
    assert result.template_version == "1-org"
    builtin = core.draft("claim_dismissal", case_data(), override_dir=tmp_path / "none")
    assert builtin.template_version == "1"
    assert builtin.template_sha256 != result.template_sha256
    # A template that is not valid Jinja is refused by name, not with a traceback.
    broken = docx.Document(str(core.TEMPLATES / "report_dismissal.docx"))
    broken.paragraphs[0].runs[0].text = "{{ unclosed"
    broken.save(str(tmp_path / "report_dismissal.docx"))
    with pytest.raises(core.FilingError) as caught:
        core.draft("report_dismissal", case_data("report_dismissal"), override_dir=tmp_path)
    assert caught.value.field == "template"


def test_the_committed_templates_are_the_ones_the_script_makes(tmp_path: Path) -> None:
    script = Path(__file__).parents[2] / "scripts" / "make-filing-templates"
    # S603: a fixed command, the project's own script.
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)  # noqa: S603
    for kind in core.KINDS:
        made = paragraphs((tmp_path / f"{kind}.docx").read_bytes())
        assert made == paragraphs((core.TEMPLATES / f"{kind}.docx").read_bytes()), kind


def test_consent_channel_is_checked() -> None:
    data = case_data(client__consent={**CONSENT, "channel": "carrier pigeon"})
    with pytest.raises(core.FilingError) as caught:
        core.draft("claim_dismissal", data)
    assert caught.value.field == "client.consent.channel"


def test_the_dismissal_deadline_runs_from_when_the_person_learned_of_the_order() -> None:
    # Dismissed on 1 December 2024, learned on 1 March 2025: due 1 June 2025, not 1 March.
    data = case_data(
        case__facts={"events": [{"type": "dismissed", "date": "2024-12-01"}]},
        case__learned_date="2025-03-01",
    )
    result = core.draft("claim_dismissal", data)
    assert (result.cover.due, result.cover.expired) == (date(2025, 6, 1), False)
    assert result.companions == []
