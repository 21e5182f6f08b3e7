"""OCR with Tesseract (Debian's tesseract-ocr and tesseract-ocr-rus).

The image goes to Tesseract on its standard input and the words come back on its standard
output, so no page of a client's document is ever written to disk. Tesseract is run as a
process rather than through a binding: each page is its own process, which gives parallelism
across cores for free and confines a crash to one page.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import warnings
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageOps

from objector import undumpable

from .model import Page, Word
from .names import known_word, word_forms
from .reader import DocumentError, Limits

TARGET_DPI = 300
TESSERACT = os.environ.get("OBJECTOR_TESSERACT", "tesseract")
TIMEOUT = 120  # seconds per page


def available() -> bool:
    return shutil.which(TESSERACT) is not None


def open_images(
    content: bytes, mime: str, limits: Limits, *, only: int | None = None
) -> list[Image.Image]:
    """The pages of an image file, each checked against the pixel limit before it is decoded;
    with `only`, just that page (0-based), for showing one page of a long TIFF."""
    if mime == "image/heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
    # Pillow warns past its limit and refuses past twice that; here the warning is the refusal.
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
        frames = getattr(image, "n_frames", 1)
        if frames > limits.max_pages:
            raise DocumentError("too_many_pages", f"{frames} > {limits.max_pages}")
        pages = []
        for index in range(frames) if only is None else [only]:
            image.seek(index)
            width, height = image.size
            if width * height > limits.max_pixels:
                raise DocumentError(
                    "bomb", (f"{width}×{height} пикселей", f"{width}×{height} pixels")
                )
            frame = ImageOps.exif_transpose(image.copy()) or image.copy()
            frame.load()
            pages.append(frame)
        return pages
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DocumentError("bomb", ("слишком много пикселей", "too many pixels")) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DocumentError(
            "malformed", ("изображение не декодируется", "the image cannot be decoded")
        ) from exc


def recognise(images: list[Image.Image], *, workers: int | None = None) -> list[Page]:
    """OCR every page, in parallel, keeping each word's box."""
    if not available():
        raise DocumentError("no_ocr")
    workers = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pages = list(pool.map(_page, images))
    for number, page in enumerate(pages, 1):
        page.number = number
    return pages


def _page(image: Image.Image) -> Page:
    cleaned, scale = preprocess(image)
    ok, png = cv2.imencode(".png", cleaned)
    if not ok:
        raise DocumentError(
            "malformed",
            (
                "страницу не удалось подготовить к распознаванию",
                "the page cannot be prepared for OCR",
            ),
        )
    tsv = _tesseract(png.tobytes())
    page = read_tsv(tsv, scale)
    page.width, page.height = image.size
    return page


def preprocess(image: Image.Image) -> tuple[np.ndarray[Any, Any], float]:
    """Grey, upscaled to ~300 dpi, denoised, lighting evened out, deskewed and binarised; and the
    scale applied."""
    gray = np.asarray(image.convert("L"))
    dpi = _dpi(image.info.get("dpi", (0, 0))[0], gray.shape)
    scale = 1.0
    if dpi < TARGET_DPI * 0.8:
        scale = min(TARGET_DPI / dpi, 3.0)
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    gray = cv2.medianBlur(gray, 3)  # speckle and salt-and-pepper noise
    gray = _flatten(gray)
    gray = _deskew(gray)
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary, scale


def _flatten(gray: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Even out the lighting: divide by the page's background (a closing wider than any letter
    removes the ink). A phone photo with a shadow across it defeats one global threshold."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (41, 41))
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    flat: np.ndarray[Any, Any] = cv2.divide(gray, background, scale=255)
    return flat


def _dpi(declared: float, shape: tuple[int, ...]) -> float:
    """The resolution to work at: the header's, unless it is missing or is the 72 or 96 dpi that
    cameras write into any photo (a 3000-pixel photo of a page is not 42 inches tall). Then the
    page is taken for A4 and judged by its height."""
    guess = max(72, round(max(shape[:2]) / 11.69))
    if not declared or (round(declared) in (72, 96) and guess > declared * 1.6):
        return guess
    return float(declared)


def _deskew(gray: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Straighten text lines: the angle whose row profile is sharpest (a projection-profile
    search on a small copy; fast and robust to the noise that fools a Hough transform)."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = (small < 128).astype(np.float32)
    if ink.sum() < 50:
        return gray
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best_angle, best_score = 0.0, -1.0
    for angle in np.arange(-5.0, 5.01, 0.25):
        m = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        score = float(np.var(rotated.sum(axis=1)))
        if score > best_score:
            best_angle, best_score = float(angle), score
    if abs(best_angle) < 0.2:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), best_angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def command() -> list[str]:
    """How Tesseract is run on a page (the image on standard input, TSV on standard output)."""
    return [
        TESSERACT,
        "stdin",
        "stdout",
        "-l",
        "rus",
        "--psm",
        "4",
        "--dpi",
        str(TARGET_DPI),
        "tsv",
    ]


def _tesseract(png: bytes) -> str:
    # Parallel pages, not threads within one; and nothing else of the service's environment (its
    # secret key, the database's password; red team, round 11). Started from an execute-only
    # copy (undumpable.spawn), so that the service's user cannot read the page out of its
    # memory while it runs (round 12; before, exec made it dumpable); the page is sent only
    # once it is known to be out of reach.
    env = undumpable.exec_environment(OMP_THREAD_LIMIT="1")
    try:
        process = undumpable.spawn(
            command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    except FileNotFoundError as exc:
        raise DocumentError("no_ocr") from exc
    except undumpable.ReadableChild as exc:
        raise DocumentError(
            "malformed",
            (
                "распознавание не начато: Tesseract был бы доступен для чтения",
                "text recognition not started: Tesseract would have been readable",
            ),
        ) from exc
    try:
        out, _ = process.communicate(input=png, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise DocumentError(
            "malformed",
            (
                "распознавание страницы заняло слишком много времени",
                "text recognition took too long on a page",
            ),
        ) from exc
    if process.returncode != 0:
        raise DocumentError(
            "malformed",
            (
                "распознавание страницы не удалось",
                "text recognition failed on a page",
            ),
        )
    return out.decode("utf-8", "replace")


# What Tesseract's rus model gets wrong in names, where the right reading is certain:
# "ьё" as "ьъё" ("Воробьъёва"; "ьъ" never occurs in Russian), and a speck before a capital read
# as an apostrophe ("'Тимуровича").
_SOFT_HARD = re.compile("ьъ", re.IGNORECASE)
_SPECK = re.compile(r"^['‘’`]+(?=[А-ЯЁ])")

# Specks and the edges of a table's rules, read as marks no typed Russian text puts alone
# between words ("подполковник _ Р.Т. Хабибуллин", "Мищенко |", "С уважением, ,").
_NOISE = "_‘’`'°~=¦"
_RULES = "|│[]{}"
_INNER_BRACKETS = str.maketrans("", "", "[]{}")
_NOISE_TOKEN = re.compile(rf"^[{re.escape(_NOISE + _RULES)}.,;:—–-]*$")
# A stop or comma alone, or a dash run into one ("—."), is a speck as well.
_LONE_MARK = re.compile(r"^(?:[.,;:]|[—–-]+[.,;:]+|[.,;:]+[—–-]+)$")
# Brackets are kept on a word: "[данные изъяты]" marks what an anonymised ruling hides.
_EDGE_NOISE = re.compile(rf"^[{re.escape(_NOISE)}|│]+|[{re.escape(_NOISE)}|│]+$")
# Two initials whose first full stop the scan lost ("РА. Седых", "Пантелеева РТ.,"): beside a
# capitalised word they are initials, as in typed text.
_MERGED_INITIALS = re.compile(r"^([А-ЯЁ])([А-ЯЁ])\.([,;:]?)$")
_SURNAME_SHAPE = re.compile(r"^[А-ЯЁ][а-яё]")
# A speck between two words read as a full stop ("Ондара.Айдыса"): the stop of an abbreviation
# follows at most a short word ("г.Москва", "ул.Ленина"), so two capitalised words are two words.
_GLUED_STOP = re.compile(r"^([А-ЯЁ][а-яё]{2,})\.(?=[А-ЯЁ][а-яё]{2})")
# A table's rule read as a capital glued to the cell's first word ("ГАскарович"): no Russian
# word but an acronym opens with two capitals and goes on in lower case.
_GLUED_CAPITAL = re.compile(r"^[А-ЯЁ](?=[А-ЯЁ][а-яё]{2})")


def _repair(word: str) -> str:
    return _SPECK.sub("", _SOFT_HARD.sub(lambda m: m.group(0)[0], word))


# The words of rank phrases. A rank word misread by one letter ("канитана", "нодполковника") is
# a word no dictionary holds, one edit from a rank's form: it is that form. The dictionary
# gives every form; the ranks keep to their own module's list (ranks.py) for the phrases.
_RANK_WORDS = (
    *("рядовой", "ефрейтор", "сержант", "старшина", "прапорщик", "лейтенант", "капитан"),
    *("майор", "подполковник", "полковник", "матрос", "мичман", "генерал", "адмирал"),
    *("младший", "старший", "главный", "корабельный"),
)
_WORD = re.compile(r"^([а-яё]{6,})([.,;:]?)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _rank_forms() -> dict[int, list[str]]:
    by_length: dict[int, list[str]] = {}
    for word in _RANK_WORDS:
        for form in word_forms(word):
            by_length.setdefault(len(form), []).append(form)
    return by_length


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one letter changed, added or dropped."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i:] == b[i + 1 :]


@lru_cache(maxsize=16384)
def _rank_word(token: str) -> str:
    m = _WORD.match(token)
    if m is None:
        return token
    word, tail = m.groups()
    low = word.lower()
    if known_word(low):
        return token
    near = {
        form
        for n in (len(low) - 1, len(low), len(low) + 1)
        for form in _rank_forms().get(n, ())
        if _one_edit(low, form)
    }
    if len(near) != 1:
        return token
    (form,) = near
    if word.isupper():
        form = form.upper()
    elif word[:1].isupper():
        form = form.capitalize()
    return form + tail


def _is_table_row(tokens: list[str]) -> bool:
    """Three rules, or two with a word between them, make a line a table row."""
    rules = [i for i, t in enumerate(tokens) if any(c in "|│" for c in t)]
    if sum(t.count("|") + t.count("│") for t in tokens) >= 3:
        return True
    return len(rules) == 2 and any(
        any(c.isalnum() for c in t) for t in tokens[rules[0] + 1 : rules[1]]
    )


def tidy(tokens: list[str]) -> list[str]:
    """One line's words as Tesseract read them, with the scan's specks taken out: marks standing
    alone, a table's rules outside a table, two initials run together, a capital a rule left
    on a word. Marks inside a word and the rules of a table row are kept."""
    return [token for _, token in _tidy(tokens)]


def _tidy(tokens: list[str]) -> list[tuple[int, str]]:
    """`tidy`, each kept word with the index of the word it came from."""
    table = _is_table_row(tokens)
    out: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if table:
            token = token.translate({ord(c): None for c in _NOISE})
            if len(token) > 2:  # a rule's bracket inside a cell's word ("УП]-173932") is a speck
                token = token[0] + token[1:-1].translate(_INNER_BRACKETS) + token[-1]
            if not token:
                continue
        else:
            if _NOISE_TOKEN.match(token) and (
                _LONE_MARK.match(token) or any(c in _NOISE + _RULES for c in token)
            ):
                continue
            token = _EDGE_NOISE.sub("", token)
            if not token:
                continue
        token = _GLUED_CAPITAL.sub("", _GLUED_STOP.sub(r"\1 ", token))
        out.append((index, _rank_word(token)))
    for i, (index, token) in enumerate(out):
        neighbours = out[max(i - 1, 0) : i] + out[i + 1 : i + 2]
        m = _MERGED_INITIALS.match(token)
        if m and any(_SURNAME_SHAPE.match(n) for _, n in neighbours):
            out[i] = (index, f"{m.group(1)}.{m.group(2)}.{m.group(3)}")
    return out


def read_tsv(tsv: str, scale: float) -> Page:
    """Page text with a line per Tesseract line (specks taken out, `tidy`), and each word's box
    in the original pixels."""
    lines: list[list[tuple[str, tuple[int, int, int, int], float]]] = []
    current: tuple[str, str, str] | None = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        line = (cols[2], cols[3], cols[4])
        if line != current:
            lines.append([])
            current = line
        left, top, width, height = (int(c) for c in cols[6:10])
        box = (
            round(left / scale),
            round(top / scale),
            round((left + width) / scale),
            round((top + height) / scale),
        )
        lines[-1].append((_repair(cols[11].strip()), box, float(cols[10])))
    parts: list[str] = []
    words: list[Word] = []
    length = 0
    for line_words in lines:
        kept = _tidy([w[0] for w in line_words])
        if not kept:
            continue
        if parts:
            parts.append("\n")
            length += 1
        for n, (index, text) in enumerate(kept):
            if n:
                parts.append(" ")
                length += 1
            _, box, confidence = line_words[index]
            words.append(Word(length, length + len(text), box, confidence))
            parts.append(text)
            length += len(text)
    return Page(0, "".join(parts), words, source="ocr")
