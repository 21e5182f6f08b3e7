"""The web intake: a few pages, one section of questions each, plain forms; the draft is
kept sealed in the browser's cookies (drafts.py)."""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from objector.accounts.actions import organisation_exists
from objector.cases.actions import assessment_today, event_add, message_receive, requests_shred
from objector.cases.models import Entry
from objector.law import EVENT_TYPES, FactsError
from objector.law.render import render_text
from objector.service.csrf import lazy_csrf_token
from objector.vault import throttle
from objector.vault.keys import NotReady

from . import actions, receipt_pass
from .dates import human_date, parse_user_date
from .drafts import (
    browser_open,
    browser_seal,
    draft_clear,
    draft_lang,
    draft_load,
    draft_save,
    receipt_hand_over,
    receipt_take,
    with_draft_cookie,
)
from .models import Request
from .questionnaire import (
    BY_KEY,
    EVENT_CHOICES,
    PAGE_BY_KEY,
    AnswerError,
    Page,
    Question,
    next_page,
    next_question,
    page_of,
    page_questions,
    pages_for,
    parse_page,
    questions_for,
    region_names,
    shown,
    visible_answer,
)
from .receipt import summarize
from .texts import ui

MESSAGE_MAX = 5000
View = Callable[[HttpRequest], HttpResponse]


def _lang(request: HttpRequest, asked: str | None) -> str:
    """The language asked for, if it is one we speak; else the draft's, else Russian."""
    if asked in ("ru", "en"):
        return asked
    return draft_lang(request)


def _not_ready(request: HttpRequest, lang: str) -> HttpResponse:
    """Before setup there is no key to seal requests to: say so rather than lose them."""
    context = {"lang": lang, "t": ui(lang), "error": ui(lang)["not_ready"]}
    return _render(request, "intake/not_ready.html", context, status=503)


@require_GET
@cache_control(no_store=True)
@with_draft_cookie
def start(request: HttpRequest) -> HttpResponse:
    """The start page carries the first page's questions itself: on a slow phone connection
    each round trip costs a second, and a separate GET for the first page is one more. The form
    posts to the first page's own address, so an error and the phone's Back button from the
    second page both land on a page with its own URL; the answers come from the draft, so a
    person who comes back here sees what they wrote (hence no-store, as every page with answers)."""
    draft = draft_load(request)
    draft["lang"] = lang = _lang(request, request.GET.get("lang"))
    if not organisation_exists():
        return _not_ready(request, lang)
    draft_save(request, draft)
    page = pages_for(draft["answers"])[0]
    context = _page_context(page, draft["answers"], lang, None, {}, None)
    context["switch_url"] = f"{_url('intake:start', get_script_prefix())}?lang={context['other']}"
    return _render(request, "intake/start.html", context)


def _page_url(page: Page | None) -> str:
    """Each page has its own address (its key is no personal data), so the phone's Back
    button goes to the page before, not to the same one again."""
    if page is None:
        return _url("intake:review", get_script_prefix())
    return f"{_url('intake:question', get_script_prefix())}?at={page.key}"


@functools.lru_cache(maxsize=64)
def _url(name: str, prefix: str) -> str:
    # reverse() resolves the URL patterns each time: a page asks for a dozen links.
    return reverse(name)


class _Urls(dict[str, str]):
    """The intake's addresses for the pages' templates (`{{ urls.review }}`), each reversed once
    per process: `{% url %}` reversed it on every render, 30–40 µs each."""

    def __missing__(self, name: str) -> str:
        return _url(f"intake:{name}", get_script_prefix())


URLS = _Urls()


def _shown_page(answers: dict[str, Any], at: str | None) -> Page | None:
    """The page at `at` (a page's key, or a question's, as the review's links give) if this
    conversation shows it and it was reached (all answered, or the next one to fill); else the
    next page to fill."""
    upcoming = next_page(answers)
    wanted = PAGE_BY_KEY.get(at or "") or (page_of(at) if at in BY_KEY else None)
    if wanted is None or wanted not in pages_for(answers):
        return upcoming
    applies = {q.key for q in questions_for(answers)}
    done = all(k in answers for k in wanted.keys if k in applies)
    return wanted if done or wanted == upcoming else upcoming


def _field_id(key: str) -> str:
    return "q-" + key.replace(":", "-")


def _fields(
    page: Page, answers: dict[str, Any], lang: str, sent: dict[str, Any] | None, errors: Any
) -> list[dict[str, str]]:
    """What the page's template shows for each question: its fieldset (`_fieldset`), and for
    the list of errors above the form its id, prompt and error. On an error the fieldset shows
    what was sent, so that nothing typed is lost; else the stored answer (a date in words)."""
    fields = []
    for q in page_questions(page, answers):
        stored = answers.get(q.key)
        if sent is not None:
            value: Any = sent.get(q.key, [] if q.kind == "multi" else "")
        elif q.kind == "date" and stored:
            value = human_date(stored, lang)
        elif q.kind == "birth" and stored:
            value = shown(q, stored, lang)
        else:
            value = stored if stored is not None else ""
        note = page.note(q.key)
        fid = _field_id(q.key)
        prompt = q.prompt[lang]
        error = errors[q.key].text(lang) if q.key in errors else ""
        html = _fieldset(q, fid, prompt, note[lang] if note else "", error, value, lang)
        fields.append({"id": fid, "prompt": prompt, "error": error, "html": html})
    return fields


# Where a choice's line takes " checked" and " required": a marker no escaped label holds (a
# brace in a translated label would have broken str.format).
CHECKED = "\x00"


@functools.lru_cache(maxsize=256)
def _choice_parts(key: str, choices: tuple[Any, ...], lang: str) -> tuple[tuple[str, str], ...]:
    """A question's choices as (value, the rest of its line), escaped once per wording and
    language."""
    return tuple(
        (c.value, f' value="{escape(c.value)}"{CHECKED}> {escape(c.label[lang])}</label></p>\n')
        for c in choices
    )


LIST_REGIONS = ' list="regions"'


def _fieldset(
    q: Question, fid: str, prompt: str, note: str, error: str, value: Any, lang: str
) -> SafeString:
    """One question's fieldset, built here rather than in the template: the template engine
    spent half of a page's CPU on the choices' few dozen lines (bench/intake.py). The markup is
    the same as the template's was: one fieldset per question, the field's name its key."""
    hint = q.hint[lang] if q.hint else ""
    # A conditional answer (with a note saying when it applies) is never required by the
    # browser: it may not apply.
    required = q.required and not note and q.kind != "multi"
    textarea = q.kind == "text" and q.max_length > 300
    out = [f'<fieldset id="{fid}" class="question{" invalid" if error else ""}">\n']
    prompt = escape(prompt)
    if q.kind in ("choice", "multi"):
        out.append(f"<legend>{prompt}</legend>\n")
    else:
        out.append(f'<legend><label for="{fid}-answer">{prompt}</label></legend>\n')
    if note:
        out.append(f'<p class="note" id="{fid}-note">{escape(note)}</p>\n')
    if hint:
        out.append(f'<p class="hint" id="{fid}-hint">{escape(hint)}</p>\n')
    if error:
        out.append(
            f'<p class="field-error" id="{fid}-error"><strong>{escape(error)}</strong></p>\n'
        )
    if q.kind in ("choice", "multi"):
        kind = "radio" if q.kind == "choice" else "checkbox"
        start = f'<p><label><input type="{kind}" name="{escape(q.key)}"'
        required_attr = " required" if required and q.kind == "choice" else ""
        picked = value if isinstance(value, list) else [value]
        for choice, rest in _choice_parts(q.key, q.choices, lang):
            out.append(
                start
                + rest.replace(CHECKED, (" checked" if choice in picked else "") + required_attr)
            )
    else:
        described = []
        if note and not textarea:
            described.append(f"{fid}-note ")
        if hint:
            described.append(f"{fid}-hint ")
        if error:
            described.append(f"{fid}-error")
        aria = f' aria-describedby="{"".join(described)}"' if described else ""
        if error:
            aria += ' aria-invalid="true"'
        name, shown_value = escape(q.key), escape(value)
        if textarea:
            out.append(
                f'<p><textarea id="{fid}-answer" name="{name}" rows="8"{aria}>{shown_value}'
                "</textarea></p>\n"
            )
        else:
            region = q.kind == "region"
            out.append(
                f'<p><input type="text" id="{fid}-answer" name="{name}" value="{shown_value}" '
                f'autocomplete="off"{LIST_REGIONS if region else ""}{aria}'
                f"{' required' if required else ''}></p>\n"
            )
            if region:
                out.append(f'<datalist id="regions">{_region_options(lang)}</datalist>\n')
    out.append("</fieldset>\n")
    return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


@functools.lru_cache(maxsize=4)
def _region_options(lang: str) -> SafeString:
    """The region datalist's options, escaped once per language: the template engine spent
    more on these ninety options than on the rest of the page."""
    return format_html_join("", '<option value="{}">', ((name,) for name in region_names(lang)))


def _sent(request: HttpRequest, page: Page) -> dict[str, Any]:
    return {
        key: request.POST.getlist(key) if BY_KEY[key].kind == "multi" else request.POST.get(key, "")
        for key in page.keys
    }


def _visible(sent: dict[str, Any]) -> tuple[dict[str, Any], dict[str, AnswerError]]:
    """The typed answers without the characters that change how text reads and do not show
    (direction controls, zero-width characters: questionnaire.visible_answer). Nothing is taken
    out unseen: a page that held any comes back with the answers as they will be kept, saying
    what was removed, and is taken when sent again."""
    removed: dict[str, AnswerError] = {}
    for key, raw in list(sent.items()):
        if isinstance(raw, str) and BY_KEY[key].kind in ("text", "region", "date", "birth"):
            sent[key], count = visible_answer(BY_KEY[key], raw)
            if count:
                removed[key] = AnswerError(key, *_removed_text(count))
    return sent, removed


def _removed_text(count: int) -> tuple[str, str]:
    """What a page sent with invisible characters says beside the answer, in words a soldier's
    mother reads (English, Russian): nothing is wrong, the answer is to be checked and sent."""
    ru_next, en_next = ui("ru")["next"], ui("en")["next"]
    if count % 10 == 1 and count % 100 != 11:
        signs = "невидимый знак"
    elif count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        signs = "невидимых знака"
    else:
        signs = "невидимых знаков"
    return (
        f"We removed {count} invisible character{'' if count == 1 else 's'} from this answer: "
        "such characters come in with copied text and can change how it reads. Check the "
        f"answer as it will be kept and press “{en_next}”.",
        f"Мы убрали из ответа {count} {signs}: такие знаки попадают в текст при копировании "
        f"и могут изменить, как он читается. Проверьте ответ в том виде, в каком он будет "
        f"сохранён, и нажмите «{ru_next}».",
    )


@require_http_methods(["GET", "POST"])
@cache_control(no_store=True)
@with_draft_cookie
def question(request: HttpRequest) -> HttpResponse:
    """One page of the questionnaire: a section's questions in one form, checked together."""
    draft = draft_load(request)
    lang = _lang(request, request.GET.get("lang"))
    if draft["lang"] != lang:  # write the cookie only when something changed
        draft["lang"] = lang
        draft_save(request, draft)
    answers = draft["answers"]
    page = _shown_page(answers, request.GET.get("at"))
    if page is None:
        return redirect("intake:review")
    error = None
    errors: dict[str, Any] = {}
    sent = None
    only_removed = False
    if request.method == "POST":
        if request.POST.get("page") != page.key:  # a page left open in another tab
            error = ui(lang)["expired"]
        else:
            sent, removed = _visible(_sent(request, page))
            merged, errors = parse_page(page, sent, answers, today=timezone.localdate())
            only_removed = bool(removed) and not errors  # nothing to correct, only to check
            errors = {**removed, **errors}
            if not errors:
                draft["answers"] = merged
                draft_save(request, draft)
                return redirect(_page_url(next_page(merged)))
    context = _page_context(page, answers, lang, sent, errors, error)
    if only_removed:
        context["fix"] = ui(lang)["check_answers"]
    status = 400 if error or errors else 200
    return _render(request, "intake/question.html", context, status=status)


def _page_context(
    page: Page,
    answers: dict[str, Any],
    lang: str,
    sent: dict[str, Any] | None,
    errors: dict[str, Any],
    error: str | None,
) -> dict[str, Any]:
    """What a page of questions shows (the question page's, and the start page's first)."""
    shown_pages = pages_for(answers)
    number = shown_pages.index(page) + 1
    fields = _fields(page, answers, lang, sent, errors)
    other = "en" if lang == "ru" else "ru"
    return {
        "lang": lang,
        "other": other,
        "t": ui(lang),
        "page": page,
        "title": page.title[lang],
        "fields": fields,
        "error": error,
        "wrong": [f for f in fields if f["error"]],
        "step": ui(lang)["step"] % {"n": number, "total": len(shown_pages)},
        "previous": shown_pages[number - 2].key if number > 1 else "",
        "switch_url": f"{_page_url(page)}&lang={other}",
    }


@require_POST
@with_draft_cookie
def back(request: HttpRequest) -> HttpResponse:
    """The page before the one this form was on (the last page, from the review). Nothing is
    lost: the answers stay in the draft, and the next page keeps them when it comes again.

    Back is a second button in the page's own form, so what was typed on the page comes with
    it and is kept too (round 7's phone walk: Back was a form of its own, and a date typed on
    the page before tapping it was gone on the way forward again). Each answer that reads is
    kept; one that does not (a half-typed date, a required answer left blank) leaves the
    draft's earlier answer to that question as it was, with no error shown: the person is
    going back, not forward. A blank answer is not kept either: Back never erases."""
    draft = draft_load(request)
    answers = draft["answers"]
    shown_pages = pages_for(answers)
    at = PAGE_BY_KEY.get(request.POST.get("page", ""))
    if at not in shown_pages:
        return redirect(_page_url(shown_pages[-1]))
    if any(key in request.POST for key in at.keys):
        merged, errors = parse_page(at, _sent(request, at), answers, today=timezone.localdate())
        kept = dict(answers)
        for key in at.keys:
            # Only what was given: a blank answer would mark the page answered, and the way
            # forward would then skip it.
            if key in merged and key not in errors and merged[key] not in ("", []):
                kept[key] = merged[key]
        asked = {q.key for q in questions_for(kept)}
        kept = {key: value for key, value in kept.items() if key in asked}
        # The page's answers together, kept and typed, as the way forward checks them: one
        # that no longer fits beside the others (a return before the new date of leaving, a
        # contact that is not the new way's) is unanswered again, so the way forward stops at
        # it (red team, round 8: kept as it was, it reached the final submit, which failed).
        together = {k: _as_sent(BY_KEY[k], kept.get(k)) for k in at.keys}
        _, clashes = parse_page(at, together, kept, today=timezone.localdate())
        kept = {key: value for key, value in kept.items() if key not in clashes}
        if kept != answers:
            draft["answers"] = kept
            draft_save(request, draft)
        shown_pages = pages_for(kept)
        if at not in shown_pages:  # the page's own answers took it out of the way
            return redirect(_page_url(shown_pages[-1]))
    number = shown_pages.index(at)
    return redirect(_page_url(shown_pages[max(number - 1, 0)]))


def _as_sent(question: Any, value: Any) -> Any:
    """A stored answer as its form would send it (a region by its name, not its key)."""
    if value is None:
        return [] if question.kind == "multi" else ""
    return shown(question, value, "ru") if question.kind == "region" and value else value


def _summary(answers: dict[str, Any], lang: str) -> list[tuple[str, str, str]]:
    """Each answer as the person wrote it (dates in words), with the address to change it:
    its page, at the question."""
    rows = []
    for q in questions_for(answers):
        value = answers.get(q.key)
        text = human_date(value, lang) if q.kind == "date" and value else shown(q, value, lang)
        change = f"{_page_url(page_of(q.key))}#{_field_id(q.key)}"
        rows.append((q.prompt[lang], text or ui(lang)["not_given"], change))
    return rows


STATUS_SESSION_CONTEXT = "intake.status"


@require_http_methods(["GET", "POST"])
@cache_control(no_store=True)
@with_draft_cookie
def review(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("idempotency_key", "")
    handed = receipt_take(request)
    if key and handed is not None and key == handed.get("key"):
        # A double click: the browser shows the second response, so it must be the receipt too.
        return redirect("intake:receipt")
    draft = draft_load(request)
    lang = _lang(request, request.GET.get("lang"))
    if draft["lang"] != lang:  # the language link on the review page
        draft["lang"] = lang
        draft_save(request, draft)
    if next_question(draft["answers"]) is not None:
        return redirect("intake:question")
    if request.method == "GET":
        context = {
            "lang": lang,
            "t": ui(lang),
            "rows": _summary(draft["answers"], lang),
            "idempotency_key": draft["key"],
        }
        return _render(request, "intake/review.html", context)
    if key != draft["key"]:
        return redirect("intake:review")
    try:
        created, secret = actions.request_create(
            answers=draft["answers"],
            channel=Request.Channel.WEB,
            language=lang,
            idempotency_key=key,
            today=timezone.localdate(),
            secret=draft["secret"],
        )
    except NotReady:
        return _not_ready(request, lang)
    # The answers leave the browser; the receipt goes to its page once, sealed in a cookie.
    # The server keeps neither the secret nor anything that derives it.
    draft_clear(request)
    receipt_hand_over(
        request, {"reference": created.reference, "secret": secret, "lang": lang, "key": key}
    )
    return redirect("intake:receipt")


def _receipt_context(
    request: HttpRequest, found: Request, secret: str, lang: str
) -> dict[str, Any]:
    """What the receipt pages show: the page, the file and the print."""
    result = found.personal["assessment"]
    with translation.override(lang):
        summary = summarize(
            result,
            lang=lang,
            today=timezone.localdate(),
            contact_method=found.personal["contact_method"],
            events={e["type"] for e in found.personal["facts"]["events"]},
        )
    return {
        "lang": lang,
        "t": ui(lang),
        "reference": found.reference,
        "secret": secret,
        "summary": summary,
        "assessment": render_text(result, lang),
        "status_url": request.build_absolute_uri(reverse("intake:status")),
        "other_lang": "en" if lang == "ru" else "ru",
    }


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], **kw: Any
) -> HttpResponse:
    """Render in the page's language: templates say {% translate %}. The forms' CSRF token is
    masked with one read of the random source, not 32 (service/csrf.py)."""
    context.setdefault("csrf_token", lazy_csrf_token(request))
    context.setdefault("urls", URLS)
    with translation.override(context["lang"]):
        return render(request, template, context, **kw)


def _receipt_proven(request: HttpRequest) -> tuple[Request, str] | HttpResponse:
    """The request whose code and key this POST carries, or the status page's refusal. The
    server keeps no secret to show the receipt again: the page's own forms (another language,
    save as a file, print) send the code and key back, and they are checked like a status
    check, throttled per address, except right after the submit for the request the page's
    pass names (intake/receipt_pass.py)."""
    lang = _lang(request, request.POST.get("lang"))
    address = throttle.client_address(request)
    reference = request.POST.get("reference", "")[:40]
    pass_tag = receipt_pass.of(request)
    if receipt_pass.covers(pass_tag, reference):
        wait = throttle.wait_seconds("receipt_pass", address=str(pass_tag))
    else:
        wait = throttle.wait_seconds("receipt", address=address)
        if wait and pass_tag is not None:
            # The guard let this pass through for its request; another code from an address
            # over its limit spends the pass's allowance, so that the guard soon refuses it
            # before Django (red team, round 7).
            throttle.failed("receipt_pass", address=pass_tag)
    if wait:
        seconds = math.ceil(wait)
        page = _status_page(
            request, None, lang, error=ui(lang)["slow_down"] % {"seconds": seconds}, status=429
        )
        page["Retry-After"] = str(seconds)
        return page
    secret = request.POST.get("secret", "")[:60]
    found = actions.request_by_receipt(reference=reference, secret=secret)
    if found is None:
        throttle.failed("receipt", address=address)
        if pass_tag is not None:
            throttle.failed("receipt_pass", address=pass_tag)
        return _status_page(request, None, lang, error=ui(lang)["not_found"], status=403)
    return found, secret


@require_http_methods(["GET", "POST"])
@cache_control(no_store=True)
@with_draft_cookie
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt. On GET it is shown once: the page deletes the cookie that brought it, so a
    reload or a later visit leads back to the start rather than to the secret. On POST (the
    page's language switch) the code and key come back in the body."""
    if request.method == "POST":
        proven = _receipt_proven(request)
        if isinstance(proven, HttpResponse):
            return proven
        found, secret = proven
        lang = _lang(request, request.POST.get("lang"))
    else:
        handed = receipt_take(request)
        found_or_none = (
            actions.request_by_receipt(reference=handed["reference"], secret=handed["secret"])
            if handed
            else None
        )
        if handed is None or found_or_none is None:
            return redirect("intake:start")
        request._objector_receipt_shown = True  # type: ignore[attr-defined]
        found, secret, lang = found_or_none, handed["secret"], handed.get("lang", "ru")
        page = _render(
            request, "intake/receipt.html", _receipt_context(request, found, secret, lang)
        )
        receipt_pass.issue(page, found.reference)
        return page
    return _render(request, "intake/receipt.html", _receipt_context(request, found, secret, lang))


@require_http_methods(["GET", "POST"])
@cache_control(no_store=True)
def receipt_file(request: HttpRequest) -> HttpResponse:
    """The code, the key and what to do, as a text file to keep: a plain form, no JavaScript."""
    if request.method == "GET":  # nothing to show without the code and key
        return redirect("intake:status")
    proven = _receipt_proven(request)
    if isinstance(proven, HttpResponse):
        return proven
    found, secret = proven
    context = _receipt_context(request, found, secret, _lang(request, request.POST.get("lang")))
    response = _render(
        request, "intake/receipt.txt", context, content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="objector-receipt.txt"'
    return response


@require_http_methods(["GET", "POST"])
@cache_control(no_store=True)
def receipt_print(request: HttpRequest) -> HttpResponse:
    """The receipt on one plain page, to print from the browser's menu (no JavaScript)."""
    if request.method == "GET":
        return redirect("intake:status")
    proven = _receipt_proven(request)
    if isinstance(proven, HttpResponse):
        return proven
    found, secret = proven
    context = _receipt_context(request, found, secret, _lang(request, request.POST.get("lang")))
    return _render(request, "intake/receipt_print.html", context)


STATUS_SESSION = "status_request"
STATUS_MINUTES = 30  # how long a checked code stays open in this browser


def _status_request(request: HttpRequest) -> Request | None:
    """The request this browser proved it holds the receipt for, while that is fresh, opened
    with the data key the session keeps under the browser's key."""
    held = request.session.get(STATUS_SESSION)
    if not held or held.get("until", 0) < time.time():
        return None
    data_key = browser_open(request, held.get("key"), context=STATUS_SESSION_CONTEXT)
    found = Request.objects.filter(pk=held["id"], shredded_at=None).first()
    if data_key is None or found is None:
        return None
    found.open(bytes.fromhex(data_key))
    return found


@require_http_methods(["GET", "POST"])
@cache_control(no_store=True)
@with_draft_cookie
def status(request: HttpRequest) -> HttpResponse:
    """Come back with the code and the secret. Both travel in the POST body, never in the URL;
    after that this browser may read and write for STATUS_MINUTES."""
    lang = _lang(request, request.POST.get("lang") or request.GET.get("lang"))
    t = ui(lang)
    error = None
    found = _status_request(request)
    if request.method == "POST":
        address = throttle.client_address(request)
        wait = throttle.wait_seconds("receipt", address=address)
        if wait:
            # Too many wrong receipts from this address: refused before any look-up.
            seconds = math.ceil(wait)
            page = _status_page(
                request, None, lang, error=t["slow_down"] % {"seconds": seconds}, status=429
            )
            page["Retry-After"] = str(seconds)
            return page
        found = actions.request_by_receipt(
            reference=request.POST.get("reference", "")[:40],
            secret=request.POST.get("secret", "")[:60],
        )
        if found is None:
            throttle.failed("receipt", address=address)
            error = t["not_found"]
            request.session.pop(STATUS_SESSION, None)
        else:
            request.session.cycle_key()
            request.session[STATUS_SESSION] = {
                "id": found.pk,
                "until": time.time() + STATUS_MINUTES * 60,
                "key": browser_seal(request, found.key.hex(), context=STATUS_SESSION_CONTEXT),
            }
    return _status_page(request, found, lang, error=error, status=403 if error else 200)


def _status_page(
    request: HttpRequest,
    found: Request | None,
    lang: str,
    *,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
    where: str = "",
    kept: dict[str, str] | None = None,
) -> HttpResponse:
    """`where` puts the error beside the form it is about ("message", "event", "erase"); `kept`
    is what the person typed or chose there, shown again so nothing is lost."""
    t = ui(lang)
    context: dict[str, Any] = {
        "lang": lang,
        "t": t,
        "found": found,
        "error": error,
        "where": where,
        "kept": kept or {},
        "notice": notice,
        "message_max": MESSAGE_MAX,
        # Always the status page itself: the POST-only addresses have nothing to show on GET.
        "switch_url": f"{reverse('intake:status')}?lang={'en' if lang == 'ru' else 'ru'}",
    }
    if found is not None:
        today = timezone.localdate()
        result = assessment_today(found.facts, today)
        with translation.override(lang):
            summary = summarize(
                result,
                lang=lang,
                today=today,
                contact_method=found.personal["contact_method"],
                events={e["type"] for e in found.facts["events"]},
            )
        context.update(
            status_text=t[f"status_{found.status}"],
            summary=summary,
            assessment=render_text(result, lang),
            messages=_messages(found),
            events=[(c.value, c.label[lang]) for c in EVENT_CHOICES],
        )
    return _render(request, "intake/status.html", context, status=status)


def _messages(found: Request) -> list[Entry]:
    """The messages both ways, decrypted with the key the receipt opened."""
    messages = list(
        found.entries.filter(kind__in=(Entry.Kind.MESSAGE_OUT, Entry.Kind.MESSAGE_IN)).order_by(
            "created_at", "id"
        )
    )
    for message in messages:
        message.open(found.key)
    return messages


def _under_receipt(view: Callable[[HttpRequest, Request, str], HttpResponse]) -> View:
    """A requester's POST under the code this browser checked; 403 once that has lapsed."""

    @require_http_methods(["GET", "POST"])
    @cache_control(no_store=True)
    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        if request.method == "GET":
            # A language switch or a reload after a POST: the status page, not a blank 405.
            lang = _lang(request, request.GET.get("lang"))
            return redirect(f"{reverse('intake:status')}?lang={lang}")
        lang = _lang(request, request.POST.get("lang"))
        found = _status_request(request)
        if found is None:
            return _status_page(request, None, lang, error=ui(lang)["session_over"], status=403)
        return view(request, found, lang)

    return wrapped


@_under_receipt
def status_message(request: HttpRequest, found: Request, lang: str) -> HttpResponse:
    """The requester writes to their lawyer."""
    text = request.POST.get("text", "").strip()
    if not text or len(text) > MESSAGE_MAX:
        error = ui(lang)["empty_message"]
        if text:
            error = ui(lang)["long_message"] % {"n": len(text), "max": MESSAGE_MAX}
        return _status_page(
            request, found, lang, error=error, status=400, where="message", kept={"text": text}
        )
    message_receive(request=found, text=text)
    return _status_page(request, found, lang, notice=ui(lang)["sent"])


@_under_receipt
def status_event(request: HttpRequest, found: Request, lang: str) -> HttpResponse:
    """The requester adds what has happened since ("I returned on 20 November"); the
    assessment is recomputed at once and the lawyer sees it on the timeline."""
    event_type = request.POST.get("type", "")
    today = timezone.localdate()
    try:
        if event_type not in EVENT_TYPES:
            raise FactsError("type", "choose from the list", "выберите из списка")
        when = parse_user_date(
            request.POST.get("date", ""),
            today=today,
            expect_future=event_type == "call_up_expected",
        )
        event_add(request=found, event_type=event_type, when=when.isoformat(), by=None, today=today)
    except FactsError as exc:
        kept = {"type": event_type, "date": request.POST.get("date", "")[:40]}
        return _status_page(
            request, found, lang, error=exc.text(lang), status=400, where="event", kept=kept
        )
    # event_add updated `found` in place: no need to read it again.
    return _status_page(request, found, lang, notice=ui(lang)["added"])


@_under_receipt
def status_erase(request: HttpRequest, found: Request, lang: str) -> HttpResponse:
    """The requester destroys their own data: crypto-shredding, as staff would (#4)."""
    if request.POST.get("confirm") != "yes":
        return _status_page(
            request, found, lang, error=ui(lang)["erase_unconfirmed"], status=400, where="erase"
        )
    requests_shred(requests=[found], by=None, action="erased_by_requester")
    request.session.pop(STATUS_SESSION, None)
    return _status_page(request, None, lang, notice=ui(lang)["erased"])


@require_POST
def status_leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(STATUS_SESSION, None)
    return redirect("intake:status")
