"""`objector link`: the command line, bad lines included."""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from objector.linking import cli

GOOD = [
    {"id": "o1", "name": "рядового Хабибуллина А.Р.", "unit": "в/ч 12345", "source": "order"},
    {
        "id": "r1",
        "name": "Хабибуллин Айдар Рустамович",
        "unit": "12345",
        "birth_date": "1999-04-05",
    },
    {"id": "w1", "name": "Айдар Хабибуллин", "unit": None, "birth_date": "1999-04-05"},
    {"id": "t1", "name": "айдарчик хабибуллин", "source": "telegram"},
    {"id": "p1", "name": "Aidar Khabibullin", "source": "press"},
    {"id": "s1", "name": "Хабибуллина Алия Рустамовна", "birth_date": "2001-01-01"},
]


def run(tmp_path: Path, lines: list[bytes], *args: str) -> tuple[int, list[dict[str, object]], str]:
    path = tmp_path / "mentions.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(path), *args], stdout=out, stderr=err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def encoded(rows: list[dict[str, object]]) -> list[bytes]:
    return [json.dumps(r, ensure_ascii=False).encode() for r in rows]


def test_it_links_one_man_across_sources_and_keeps_his_sister_apart(tmp_path: Path) -> None:
    code, rows, err = run(tmp_path, encoded(GOOD))
    assert code == 0, err
    person = {r["id"]: r["person"] for r in rows}
    assert person["o1"] == person["r1"] == person["w1"] == person["t1"] == person["p1"]
    assert person["s1"] != person["o1"]
    assert "6 mentions, 2 persons" in err


def test_it_explains_each_link(tmp_path: Path) -> None:
    _, rows, _ = run(tmp_path, encoded(GOOD), "--explain")
    by_id = {r["id"]: r for r in rows}
    links = by_id["r1"]["links"]
    assert isinstance(links, list) and links
    assert {"with", "score", "evidence"} <= set(links[0])
    evidence = [link["evidence"] for r in rows for link in r["links"]]  # type: ignore[union-attr]
    assert any(e["birth_date"] == "same" for e in evidence)
    assert by_id["s1"]["links"] == []


def test_it_names_each_bad_line_and_links_the_rest(tmp_path: Path) -> None:
    # Round 9: a value people write that is no value (an impossible date), a line in another
    # encoding, an id repeated and an export's own fields are warnings, and the mention is
    # linked; only a line that holds no mention is rejected.
    bad = [
        b"not json",
        b"[1, 2]",
        b'{"name": "Without Id"}',
        b'{"id": "x1", "name": ""}',
        b'{"id": "x6", "name": "' + b"a" * 5000 + b'"}',
        b'{"id": "x7", "name": "12345 !!!"}',
        '{"id": "x9", "name": "Зорин", "unit": [1]}'.encode(),
    ]
    warned = [
        '{"id": "x2", "name": "Зорин Павел", "birth_date": "1999-02-30"}'.encode(),
        '{"id": "x3", "name": "Зорин Павел", "birth_date": "1066-10-14"}'.encode(),
        b'{"id": "o1", "name": "Duplicate Id"}',
        b'{"id": "x5", "name": "\xff\xfe broken"}',
    ]
    kept = [
        '{"id": "x4", "name": "Зорин Павел", "colour": "red"}'.encode(),
        '{"id": "x8", "name": "Зорин", "unit": 12345}'.encode(),
    ]
    code, rows, err = run(tmp_path, encoded(GOOD) + bad + warned + kept)
    assert code == 1
    assert [r["id"] for r in rows] == [g["id"] for g in GOOD] + [
        "x2", "x3", "o1", "x5", "x4", "x8"
    ]  # fmt: skip
    lines = err.splitlines()
    for number in range(7, 7 + len(bad) + len(warned)):
        assert any(f"line {number}:" in line and f"строка {number}:" in line for line in lines), (
            number
        )
    assert "not JSON" in err
    assert "expected a JSON object" in err
    assert "no id" in err
    assert "no name" in err
    assert "line 14: warning: birth_date: no such date, read as none" in err
    assert "1999-02-30" not in err  # personal data is not echoed
    assert "the year 1066 is impossible, read as none" in err
    assert "fields not read, left out: colour" in err
    assert "the id 'o1' came before, on line 1; both linked" in err
    assert "not UTF-8" in err
    assert "longer than 4096 characters" in err
    assert "the name has no letters" in err
    assert "unit: a string, a number or null" in err


def test_it_reports_a_missing_file(tmp_path: Path) -> None:
    err = io.StringIO()
    assert cli.main([str(tmp_path / "nope.jsonl")], stdout=io.StringIO(), stderr=err) == 2
    assert "cannot read" in err.getvalue()


def test_it_runs_as_objector_link_without_django(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(b"\n".join(encoded(GOOD)) + b"\n")
    code = (
        "import sys; from objector.cli import main; rc = main(['link', sys.argv[1]]); "
        "assert 'django' not in sys.modules, 'imported Django'; sys.exit(rc)"
    )
    done = subprocess.run(  # noqa: S603 - our own entry point
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(GOOD)


def test_it_reads_names_in_several_processes_as_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linking = importlib.import_module("objector.linking.link")  # the module, not link()
    monkeypatch.setattr(linking, "_POOL_MIN", 4)  # a pool even for this small file
    rows = [*GOOD, {"id": "bad", "name": "№ 12"}, *GOOD[:2]]
    rows[-2:] = [{**r, "id": f"again-{r['id']}"} for r in rows[-2:]]
    lines = [*encoded(rows[:3]), b"{not json", *encoded(rows[3:])]
    one = run(tmp_path, lines)
    two = run(tmp_path, lines, "--jobs", "2")
    assert one == two
    code, out, err = two
    assert code == 1 and len(out) == len(rows) - 1
    assert err.index("line 4:") < err.index("line 8:")  # in the order of the lines
    assert "the name has no letters" in err


def test_the_pool_is_sent_one_persons_written_forms_side_by_side() -> None:
    # Speed only (round 10): sorted by this key, a surname's forms go to one process, whose
    # caches read them once. The rank and the initials are not the key; the surname is.
    linking = importlib.import_module("objector.linking.link")
    forms = ["рядового Хабибуллина А.Р.", "Хабибуллин Айдар Рустамович", "хабибулин айдар"]
    assert {linking._locality(t) for t in forms} == {"хаби"}
    assert linking._locality("№ 12") == "12" and linking._locality("") == ""


def test_a_name_comes_back_from_the_pool_whole() -> None:
    # The pool's readers pickle each name by its fields in order (Name.__reduce__, for speed):
    # every field, set or left at its default, must come back as it was.
    import pickle

    from objector.linking.normalise import Name, read

    names = [read(t) for t in ("Хабибуллин Айдар Рустамович", "Слава Зорин", "KHABIBULLIN A.")]
    names.append(Name("зорин", ("зорин",), None, "в", None, None, None, False, ("в",), "веня"))
    for name in names:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            back = pickle.loads(pickle.dumps(name, protocol))  # noqa: S301 - our own bytes
            assert back == name and type(back) is Name
            assert [getattr(back, f) for f in Name.__slots__] == [
                getattr(name, f) for f in Name.__slots__
            ]


def test_it_refuses_a_number_of_processes_that_is_not_one_to_sixty_four(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for bad in ("0", "-2", "two", "65"):
        with pytest.raises(SystemExit) as exit_:
            run(tmp_path, encoded(GOOD), "--jobs", bad)
        assert exit_.value.code == 2
        assert "the number of processes, 1 to 64" in capsys.readouterr().err


def test_it_writes_each_line_as_json_dumps_would_whatever_the_id(tmp_path: Path) -> None:
    ids = ['o"1', "back\\slash", "ид-1", "tab\there", "\u2028", "😀", 7]
    rows = [{**GOOD[i % len(GOOD)], "id": ident} for i, ident in enumerate(ids)]
    path = tmp_path / "mentions.jsonl"
    path.write_bytes(b"\n".join(encoded(rows)) + b"\n")
    out = io.StringIO()
    assert cli.main([str(path)], stdout=out, stderr=io.StringIO()) == 0
    lines = [line + "\n" for line in out.getvalue().split("\n")[:-1]]  # not at U+2028
    assert len(lines) == len(ids)
    for line, ident in zip(lines, ids, strict=True):
        person = json.loads(line)["person"]
        assert line == json.dumps({"id": str(ident), "person": person}, ensure_ascii=False) + "\n"


# Two namesakes told apart by unit and birth date, and a Telegram message naming neither: it
# fits both, so its link is uncertain whichever it joins. A unit-only order, and two date-only
# requests of that name with two dates: the order fits both, and only the name joins it to one.
NAMESAKES = [
    {"id": "a1", "name": "Зорин Павел Андреевич", "unit": "12345", "birth_date": "1990-03-04"},
    {"id": "a2", "name": "Зорин П.А.", "unit": "12345", "source": "order"},
    {"id": "b1", "name": "Зорин Павел Андреевич", "unit": "54321", "birth_date": "1987-11-12"},
    {"id": "b2", "name": "Зорина Павла Андреевича", "unit": "54321", "source": "order"},
    {"id": "t1", "name": "павел зорин", "source": "telegram"},
    {"id": "k1", "name": "Кравцов Иван Петрович", "unit": "11111", "source": "order"},
    {"id": "k2", "name": "Кравцов Иван Петрович", "birth_date": "1992-01-01", "source": "web"},
    {"id": "k3", "name": "Кравцов Иван Петрович", "birth_date": "1985-05-05", "source": "web"},
    *GOOD[1:3],  # one man, unit and date in common: certain
]


def test_it_marks_links_only_the_name_supports_uncertain_and_says_why(tmp_path: Path) -> None:
    """Round 9: links that score high although nothing but the name supports them, where a
    namesake is in sight, are uncertain; --explain says why in both languages, and the summary
    counts them and widens the range (the persons do not change)."""
    path = tmp_path / "m.jsonl"
    path.write_bytes(b"\n".join(encoded(NAMESAKES)) + b"\n")
    done = subprocess.run(  # noqa: S603 - our own entry point
        [sys.executable, "-c", "import sys; from objector.cli import main; sys.exit(main())",
         "link", str(path), "--explain"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}
    person = {k: r["person"] for k, r in rows.items()}
    assert person["a1"] == person["a2"] != person["b1"] == person["b2"]
    assert person["t1"] in (person["a1"], person["b1"])
    assert person["k2"] != person["k3"] and person["k1"] in (person["k2"], person["k3"])
    why = {(k, link["with"]): link.get("uncertain") for k, r in rows.items() for link in r["links"]}
    thin = why.get(("t1", "a1")) or why.get(("t1", "b1"))
    assert thin["why"] == "thin" and "neither unit nor birth date" in thin["en"]
    assert "ни части, ни даты рождения" in thin["ru"]
    k = "k2" if person["k1"] == person["k2"] else "k3"
    assert why[("k1", k)]["why"] == why[(k, "k1")]["why"] == "complementary"
    assert "только дата рождения" in why[("k1", k)]["ru"]
    assert why[("a1", "a2")] is None and why[("r1", "w1")] is None  # unit or date in common
    assert "5 persons (5 to 7), 2 uncertain links (0 scored near the decision, 1 a mention" in (
        done.stderr
    )
    assert "лиц 5 (от 5 до 7), неуверенных связей 2 (оценка у порога 0" in done.stderr


def test_it_counts_two_units_of_one_name_as_a_possible_transfer(tmp_path: Path) -> None:
    """Round 9: one full name in two units, no birth date: two persons (the units keep them
    apart), but one man transferred is as plausible, so the range reaches one."""
    rows = [
        {"id": "u1", "name": "Лапин Олег Игоревич", "unit": "12345", "source": "order"},
        {"id": "u2", "name": "Лапина Олега Игоревича", "unit": "67890", "source": "order"},
    ]
    path = tmp_path / "m.jsonl"
    path.write_bytes(b"\n".join(encoded(rows)) + b"\n")
    done = subprocess.run(  # noqa: S603 - our own entry point
        [sys.executable, "-c", "import sys; from objector.cli import main; sys.exit(main())",
         "link", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len({json.loads(line)["person"] for line in done.stdout.splitlines()}) == 2
    assert "2 persons (1 to 2), 0 uncertain links" in done.stderr
    assert "1 uncertain non-links" in done.stderr and "неуверенных несвязей 1" in done.stderr


def test_it_reports_json_nested_too_deeply_and_links_the_rest(tmp_path: Path) -> None:
    """Red team, round 9: two thousand "[" within the line's 4096 characters made json's
    decoder raise RecursionError, which ended the whole run with a traceback."""
    deep = [
        b"[" * 2000,
        b'{"id": "x1", "name": "Zorin", "unit": ' + b"[" * 2000 + b"]" * 2000 + b"}",
    ]
    code, rows, err = run(tmp_path, encoded(GOOD) + deep)
    assert code == 1
    assert [r["id"] for r in rows] == [g["id"] for g in GOOD]
    assert "line 7: not JSON (nested too deeply)" in err
    assert "line 8: not JSON (nested too deeply)" in err


def test_it_reads_past_a_huge_line_without_holding_it(tmp_path: Path) -> None:
    """Red team, round 9: a line was read whole, then decoded, before its length was checked
    (a line of 200 MB took 420 MB; a file with no newline, all of it). A line longer than any
    mention is refused by its first bytes and read past in chunks."""
    path = tmp_path / "mentions.jsonl"
    huge = b'{"id": "h1", "name": "' + "ж".encode() * (16 << 20) + b'"}'
    edge_id = "𝟙" * 4063  # four bytes each: the longest line allowed, in bytes
    edge = json.dumps({"id": edge_id, "name": "Зорин Павел"}, ensure_ascii=False)
    assert len(edge) == cli.MAX_LINE and len(edge.encode()) > 4 * cli.MAX_LINE - 200
    path.write_bytes(
        b"\n".join([*encoded(GOOD[:3]), huge, *encoded(GOOD[3:]), edge.encode(), huge])
    )
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    try:
        code = cli.main([str(path)], stdout=out, stderr=err)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 24 << 20, peak  # each huge line is 32 MB; 134 MB were held before
    assert code == 1
    ids = [json.loads(line)["id"] for line in out.getvalue().splitlines()]
    assert ids == [g["id"] for g in GOOD] + [edge_id]
    assert "line 4: the line is longer than 4096 characters" in err.getvalue()
    assert "line 9: the line is longer than 4096 characters" in err.getvalue()


def test_it_reads_lower_case_initials_without_dots_as_initials(tmp_path: Path) -> None:
    # «андреева нс» in a chat: two consonants are her initials, not a first name, and so are
    # two letters with a vowel that are no name («ав»); a short name in lower case («ия»,
    # «ян») stays a name.
    rows = [
        {"id": "r1", "name": "Андреева Наталья Сергеевна", "unit": "54321"},
        {"id": "t1", "name": "андреева нс", "unit": "54321", "source": "telegram"},
        {"id": "t2", "name": "андреев вп", "unit": "54322", "source": "telegram"},
        {"id": "r2", "name": "Андреев Виктор Павлович", "unit": "54322"},
        {"id": "r3", "name": "Андреева Ия Петровна", "unit": "54323"},
        {"id": "t3", "name": "ия андреева", "unit": "54323", "source": "telegram"},
        {"id": "r4", "name": "Андреева Инна Петровна", "unit": "54323"},
        {"id": "t4", "name": "андреев ав", "unit": "54324", "source": "telegram"},
        {"id": "r5", "name": "Андреев Алексей Викторович", "unit": "54324"},
    ]
    code, out, err = run(tmp_path, encoded(rows))
    assert code == 0, err
    person = {r["id"]: r["person"] for r in out}
    assert person["t1"] == person["r1"]
    assert person["t2"] == person["r2"]
    assert person["t3"] == person["r3"] != person["r4"]
    assert person["t4"] == person["r5"]  # a vowel among them, and no name: initials too
