"""`objector link` on input written as real lists write it (round 9): each class of the
real-style set (bench/linkdata/real) through the real command in a subprocess, and the names
through `link`. Every mention below is a synthetic person."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from objector.linking.link import Mention, link, unit_key

ROOT = Path(__file__).resolve().parents[2]

# One man, written cleanly: the anchor each messy mention must join.
CLEAN = {
    "id": "c",
    "name": "Кравчук Александр Николаевич",
    "unit": "в/ч 30512",
    "birth_date": "1985-11-23",
    "source": "ruling",
}
# His namesake in another unit, born another day: must stay apart.
NAMESAKE = {
    "id": "n",
    "name": "Кравчук Александр Николаевич",
    "unit": "в/ч 41870",
    "birth_date": "1990-04-02",
    "source": "ruling",
}


def command(tmp_path: Path, data: bytes, *args: str) -> tuple[int, list[dict[str, object]], str]:
    """`objector link FILE` in a process of its own, as a user runs it."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    done = subprocess.run(  # noqa: S603 - our own entry point on our own file
        [
            sys.executable,
            "-c",
            "import sys; from objector.cli import main; sys.exit(main(sys.argv[1:]))",
            "link",
            str(path),
            *args,
        ],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr, stderr
    rows = [json.loads(x) for x in done.stdout.decode("utf-8").splitlines()]
    return done.returncode, rows, stderr


def jsonl(*rows: dict[str, object]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def persons(rows: list[dict[str, object]]) -> dict[str, object]:
    return {str(r["id"]): r["person"] for r in rows}


def assert_joins(rows: list[dict[str, object]], messy: str = "m") -> None:
    p = persons(rows)
    assert p[messy] == p["c"], rows
    assert p["n"] != p["c"], rows


# --- birth dates, as people write them ---------------------------------------------------------

DATES = [
    "23.11.1985",
    "23.11.85",
    "23/11/1985",
    "23-11-1985",
    "23 ноября 1985 г.",
    "23 ноября 1985 года",
    "1985-11-23T00:00",
    "1985-11-23T00:00:00Z",
    "1985-11-23 00:00:00",
]


@pytest.mark.parametrize("written", DATES)
def test_a_birth_date_written_any_common_way_is_read(tmp_path: Path, written: str) -> None:
    messy = {"id": "m", "name": "Кравчук Александр", "birth_date": written, "source": "web"}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err
    assert_joins(rows)
    assert "warning" not in err


def test_a_birth_date_in_an_object_of_parts_is_read(tmp_path: Path) -> None:
    born = {"year": 1985, "month": 11, "day": 23}
    messy = {"id": "m", "name": "Кравчук Александр", "birth_date": born}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err
    assert_joins(rows)


@pytest.mark.parametrize(
    ("written", "warning"),
    [
        ("31.02.1985", "no such date, read as none"),
        ("1985-11-31", "no such date, read as none"),
        ("23.11.2985", "the year 2985 is impossible"),
        ("вчера", "not a date"),
    ],
)
def test_a_date_that_is_none_is_a_warning_and_the_mention_still_links(
    tmp_path: Path, written: str, warning: str
) -> None:
    messy = {"id": "m", "name": "Кравчук Александр", "unit": "30512", "birth_date": written}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err  # a warning is no rejected line
    assert_joins(rows)
    assert f"line 3: warning: birth_date: {warning}" in err
    assert "строка 3: предупреждение: birth_date" in err
    assert written not in err or written == "1985"  # the value is not echoed


@pytest.mark.parametrize("written", ["", "null", "NULL", " ", "-"])
def test_an_empty_date_written_as_text_is_no_date(tmp_path: Path, written: str) -> None:
    messy = {"id": "m", "name": "Кравчук Александр", "unit": "30512", "birth_date": written}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err
    assert_joins(rows)
    assert "warning" not in err


def test_two_digit_years_fall_in_the_past() -> None:
    from objector.linking import fields

    today = date(2026, 12, 5)
    assert fields.birth_date("16.02.88", today)[0] == date(1988, 2, 16)
    assert fields.birth_date("14.02.04", today)[0] == date(2004, 2, 14)
    assert fields.birth_date("14.02.27", today)[0] == date(1927, 2, 14)


# --- units, as people write them ---------------------------------------------------------------

UNITS = [
    "в/ч № 30512",
    "в/ч№30512",
    "войсковая часть 30512",
    "войсковой части № 30512",
    "ВЧ-30512",
    "В/Ч 30512",
    "military unit 30512",
    "military unit No. 30512",
    "в/ч 30 512",
    "в/ч 30512-А",
    "в/ч 30512, 3 мсб, 2 рота",
    "в/ч 30512 (1 батальон)",
]


@pytest.mark.parametrize("written", UNITS)
def test_a_unit_written_any_common_way_is_one_unit(written: str) -> None:
    assert unit_key(written) == "30512"


@pytest.mark.parametrize("written", [30512, "в/ч 30512, 2 рота", {"number": "30512"}])
def test_a_unit_as_a_number_or_with_a_subunit_links(tmp_path: Path, written: object) -> None:
    # Only the initials and the unit tell him from his namesake.
    messy = {"id": "m", "name": "рядового Кравчука А.Н.", "unit": written, "source": "order"}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err
    assert_joins(rows)


# --- JSON as exports write it ------------------------------------------------------------------


def test_a_byte_order_mark_crlf_and_blank_lines_are_read(tmp_path: Path) -> None:
    lines = jsonl(CLEAN, NAMESAKE, {"id": "m", "name": "Кравчук А.Н.", "unit": "30512"})
    data = b"\xef\xbb\xbf" + lines.replace(b"\n", b"\r\n\r\n  \t\r\n")
    code, rows, err = command(tmp_path, data)
    assert code == 0, err
    assert_joins(rows)


def test_a_line_in_windows_1251_is_read_with_a_warning(tmp_path: Path) -> None:
    cp1251 = json.dumps(
        {"id": "m", "name": "Кравчук Александр", "birth_date": "23.11.1985"}, ensure_ascii=False
    ).encode("cp1251")
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE) + cp1251 + b"\n")
    assert code == 0, err
    assert_joins(rows)
    assert "line 3: warning: not UTF-8: read as Windows-1251" in err


def test_a_stray_byte_in_utf8_is_read_as_a_space_with_a_warning(tmp_path: Path) -> None:
    line = jsonl({"id": "m", "name": "Кравчук Александр", "birth_date": "23.11.1985"})
    line = line.replace(" Александр".encode(), b"\xa0" + "Александр".encode())
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE) + line)
    assert code == 0, err
    assert_joins(rows)
    assert "line 3: warning: not UTF-8 (byte" in err


def test_a_name_as_an_object_of_parts_and_an_export_s_own_fields(tmp_path: Path) -> None:
    parts = {"last_name": "Кравчук", "first_name": "Александр", "middle_name": "Николаевич"}
    messy = {"id": 17, "name": parts, "unit": 30512, "phone_hash": "x", "extra": {"a": 1}}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err
    p = persons(rows)
    assert p["17"] == p["c"] != p["n"]
    assert "fields not read, left out: extra, phone_hash" in err


def test_a_repeated_line_is_one_mention_and_a_reused_id_keeps_both(tmp_path: Path) -> None:
    again = {"id": "m", "name": "Кравчук Александр", "birth_date": "1985-11-23"}
    other = {"id": "m", "name": "Кравчук Александр", "unit": "41870", "birth_date": "1990-04-02"}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, again, again, other))
    assert code == 0, err
    assert [r["id"] for r in rows] == ["c", "n", "m", "m"]
    assert rows[2]["person"] == rows[0]["person"]
    assert rows[3]["person"] == rows[1]["person"]
    assert "line 4: warning: the same as line 3, skipped" in err
    assert "line 5: warning: the id 'm' came before, on line 3; both linked" in err


def test_a_file_that_is_one_json_array_is_read(tmp_path: Path) -> None:
    messy = {"id": "m", "name": "Кравчук А.Н.", "unit": "в/ч 30512"}
    data = json.dumps([CLEAN, NAMESAKE, messy, {"id": "x"}], ensure_ascii=False, indent=2)
    code, rows, err = command(tmp_path, data.encode())
    assert code == 1
    assert_joins(rows)
    assert "record 4: no name" in err


def test_a_file_not_json_at_all_is_told_line_by_line_without_a_crash(tmp_path: Path) -> None:
    data = "id;name\n1;Кравчук Александр\n".encode()
    code, rows, err = command(tmp_path, data)
    assert code == 1 and rows == []
    assert "line 1: not JSON" in err and "line 2: not JSON" in err


def test_a_ten_megabyte_line_is_named_and_the_rest_linked(tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "name": "Кравчук " + "x" * 10_000_000}).encode() + b"\n"
    messy = {"id": "m", "name": "Кравчук А.Н.", "unit": "30512"}
    code, rows, err = command(tmp_path, jsonl(CLEAN) + big + jsonl(NAMESAKE, messy))
    assert code == 1
    assert_joins(rows)
    assert "line 2: the line is longer than 4096 characters" in err


# --- names: invisible characters, look-alikes, marks, titles, initials, Ukrainian --------------

NAMES = [
    ("look-alike Latin a", "Кравчук Aлександр Николaевич"),
    ("look-alike initials", "Кравчук A.H."),
    ("non-breaking spaces", "Кравчук\u00a0Александр\u00a0Николаевич"),
    ("thin and narrow spaces", "Кравчук\u2009Александр\u202fНиколаевич"),
    ("zero-width space", "Крав\u200bчук Александр"),
    ("word joiner", "Крав\u2060чук Александр Николаевич"),
    ("soft hyphen", "Крав\u00adчук Алек\u00adсандр"),
    ("stress accent", "Кравчу\u0301к Алекса\u0301ндр Никола\u0301евич"),
    ("quotes and punctuation", "«Кравчук Александр Николаевич»;"),
    ("tab and double spaces", "Кравчук\tАлександр  Николаевич"),
    ("initials without dots", "Кравчук АН"),
    ("initials glued", "А.Н.Кравчук"),
    ("title, genitive", "гражданина Кравчука А.Н."),
    ("title, abbreviated", "гр. Кравчук А.Н."),
    ("title, dative", "военнослужащему Кравчуку А.Н."),
    ("title and rank", "военнослужащего рядового Кравчука А.Н."),
    ("Ukrainian Cyrillic", "Кравчук Олександр Миколайович"),
]


@pytest.mark.parametrize(("what", "written"), NAMES, ids=[w for w, _ in NAMES])
def test_a_name_written_as_real_lists_write_it_links(
    tmp_path: Path, what: str, written: str
) -> None:
    messy = {"id": "m", "name": written, "unit": "в/ч 30512", "source": "order"}
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err
    assert_joins(rows)


def _one(written: str, other: str) -> bool:
    result = link([Mention("a", written, "30512"), Mention("b", other, "30512")])
    return result.labels[0] == result.labels[1]


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Ивaнов Андрей Сергеевич", "Иванов Андрей Сергеевич"),  # Latin a
        ("Boлков Артур Ренатович", "Волков Артур Ренатович"),  # Latin B, o
        ("Pаvel Kornilov", "Корнилов Павел Игоревич"),  # a Cyrillic а in a Latin word
        ("Андреев H.C.", "Андреев Николай Сергеевич"),  # Latin H, C
        ("Мельников Евгении\u0306 Андреевич", "Мельников Евгений Андреевич"),  # и + breve
        ("Семёнов Арте\u0308м Юрьевич", "Семенов Артем Юрьевич"),  # е + diaeresis
        ("Лукаше\u200bвич Сергей", "Лукашевич Сергей"),
        ("Семё\u00adнов Ар\u00adтём Юрьевич", "Семёнов Артём Юрьевич"),
        ("Шевчук Юрій Олексійович", "Шевчук Юрий Алексеевич"),
        ("Петренко Олег Віталійович", "Петренко Олег Витальевич"),
        ("Захарченко Ярослав Ігорович", "Захарченко Ярослав Игоревич"),
        ("Гусєв Василь Петрович", "Гусев Василий Петрович"),
        ("Жукоўскі Аляксей Віктаравіч", "Жуковский Алексей Викторович"),
        ("Соколов ИВ", "Соколов Игорь Владимирович"),
        ("гражданина Тихонова Ильи Романовича", "Тихонов Илья Романович"),
        ("гр. Сафиуллиной Г.Р.", "Сафиуллина Гульнара Ринатовна"),
        ("военнослужащей Фёдоровой А.В.", "Фёдорова Алёна Викторовна"),
    ],
)
def test_link_reads_the_messy_name_as_the_clean_one(written: str, other: str) -> None:
    assert _one(written, other)


@pytest.mark.parametrize(
    ("written", "other"),
    [
        # A father and son: the son's patronymic the father's Ukrainian name.
        ("Бондаренко Микола Петрович", "Бондаренко Петро Миколайович"),
        # Her title says she is a woman; he is not her.
        ("гражданки Соколовой И.В.", "Соколов Игорь Владимирович"),
        # Initials without dots are not a first name that happens to match.
        ("Соколов ИИ", "Соколов Игорь Владимирович"),
    ],
)
def test_link_keeps_the_hard_negatives_apart_after_cleaning(written: str, other: str) -> None:
    assert not _one(written, other)


def test_the_real_style_set_scores_as_committed() -> None:
    """The set in bench/linkdata/real: no crash, nothing lost, and most classes passing."""
    sys.path.insert(0, str(ROOT))
    from bench.link_real import score

    result = score(ROOT, failures=False)
    assert not result["crashed"]
    assert result["mentions_output"] == result["mentions_meant"]
    assert float(str(result["bcubed"])) >= 0.95


def test_a_surname_alone_after_a_rank_links_by_unit_and_date(tmp_path: Path) -> None:
    # An order names him in full above and by rank and surname below: no initial to block on.
    messy = {
        "id": "m",
        "name": "рядового Кравчука",
        "unit": "в/ч 30512",
        "birth_date": "1985-11-23",
    }
    code, rows, err = command(tmp_path, jsonl(CLEAN, NAMESAKE, messy))
    assert code == 0, err
    assert_joins(rows)
    assert _one("мл. сержанта Орлова", "Орлов Станислав Юрьевич")


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Лукашевич Сергей Иванович", "Лукашевич Сергей"),
        ("Абрамович Денис Аркадьевич", "Абрамович Денис"),
    ],
)
def test_a_surname_shaped_like_a_patronymic_is_the_surname(written: str, other: str) -> None:
    assert _one(written, other)


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Serhii Oliinyk", "Олейник Сергей Николаевич"),  # Ukrainian passport: h for г
        ("Ihor Hrebeniuk", "Гребенюк Игорь Олегович"),
        ("Siarhei Lukashevich", "Лукашевич Сергей Иванович"),  # Belarusian, -evich a surname
        ("LUKASHEVICH SIARHEI", "Лукашевич Сергей Иванович"),
    ],
)
def test_ukrainian_and_belarusian_latin_spellings_link(written: str, other: str) -> None:
    assert _one(written, other)


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("КИМ Виктор Эдуардович", "Ким Виктор Эдуардович"),
        ("ЦОЙ Виктор", "Цой Виктор Робертович"),
        ("ПАК Ен Сун", "Пак Ен Сун"),
    ],
)
def test_a_short_surname_in_capitals_is_no_initials(written: str, other: str) -> None:
    assert _one(written, other)
