"""Words shown to requesters and lawyers: guidance texts and labels, in Russian and English.

Requesters read these, often on a phone and under stress: plain words, short sentences, no promise
of an outcome, the legal basis named, and always the reminder that a lawyer will check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGS = ("ru", "en")

# Every key REFERENCE.md names, and `personnel_unknown`, which this engine adds. A key's text has
# variants: for the person writing about themselves ("self") or about someone else ("other"), and,
# where the law differs, for the date and the kind of service (see `guidance_variant`).
# These stay as data beside the engine rather than in a gettext catalogue: they are part of the
# engine's legal output, checked line by line against REFERENCE.md, and `objector assess --text`
# prints them without Django.
Texts = dict[str, str]
GUIDANCE: dict[str, dict[str, Texts]] = {
    "intent_matters": {
        "covered/self": {
            "ru": (
                "Суд оценивает, на какой срок вы собирались уйти, а не только сколько дней "
                "прошло. Если вас задержат раньше, могут обвинить в покушении на более долгое "
                "отсутствие. Каждый день отсутствия может повысить риск. "
                "Основание: постановление Пленума Верховного Суда РФ № 11 от 18.05.2023."
            ),
            "en": (
                "Courts look at how long you meant to stay away, not only at the days that "
                "passed. If you are caught early, you may be charged with an attempt at a longer "
                "absence. Each day away can raise the risk. "
                "Basis: Supreme Court Plenum resolution No. 11 of 18.05.2023."
            ),
        },
        "covered/other": {
            "ru": (
                "Суд оценивает, на какой срок человек собирался уйти, а не только сколько дней "
                "прошло. Если его задержат раньше, могут обвинить в покушении на более долгое "
                "отсутствие. Каждый день отсутствия может повысить риск. "
                "Основание: постановление Пленума Верховного Суда РФ № 11 от 18.05.2023."
            ),
            "en": (
                "Courts look at how long the person meant to stay away, not only at the days that "
                "passed. If he is caught early, he may be charged with an attempt at a longer "
                "absence. Each day away can raise the risk. "
                "Basis: Supreme Court Plenum resolution No. 11 of 18.05.2023."
            ),
        },
        "uncovered/self": {
            "ru": (
                "Каждый день отсутствия может повысить риск дисциплинарных мер и увольнения. "
                "Юрист уточнит, какие правила к вам применяются."
            ),
            "en": (
                "Each day away can raise the risk of disciplinary measures and dismissal. "
                "A lawyer will confirm which rules apply to you."
            ),
        },
        "uncovered/other": {
            "ru": (
                "Каждый день отсутствия может повысить риск дисциплинарных мер и увольнения. "
                "Юрист уточнит, какие правила к человеку применяются."
            ),
            "en": (
                "Each day away can raise the risk of disciplinary measures and dismissal. "
                "A lawyer will confirm which rules apply to the person."
            ),
        },
    },
    "desertion_risk": {
        "self": {
            "ru": (
                "Если следствие решит, что вы не собираетесь возвращаться на службу, это могут "
                "счесть дезертирством. За него грозит более суровое наказание, чем за "
                "самовольное оставление части. Не пишите о своих планах в открытых чатах. "
                "Основание: ст. 338 УК РФ."
            ),
            "en": (
                "If investigators decide that you do not mean to return to service, this may be "
                "treated as desertion. Desertion carries harsher penalties than absence without "
                "leave. Do not discuss your plans in open chats. "
                "Basis: art. 338 of the Criminal Code."
            ),
        },
        "other": {
            "ru": (
                "Если следствие решит, что человек не собирается возвращаться на службу, это "
                "могут счесть дезертирством. За него грозит более суровое наказание, чем за "
                "самовольное оставление части. Не пишите о его планах в открытых чатах. "
                "Основание: ст. 338 УК РФ."
            ),
            "en": (
                "If investigators decide that the person does not mean to return to service, this "
                "may be treated as desertion. Desertion carries harsher penalties than absence "
                "without leave. Do not discuss his plans in open chats. "
                "Basis: art. 338 of the Criminal Code."
            ),
        },
    },
    "dismissal_route": {
        "covered": {
            "ru": (
                "До 24.09.2022 за отказ выполнять приказ обычно не возбуждали уголовное дело, "
                "а увольняли со службы. Увольнение можно обжаловать. Уголовная ответственность "
                "по ч. 1 ст. 332 УК РФ возможна, но на практике применялась редко. "
                "Основание: ст. 51 Федерального закона № 53-ФЗ, ст. 332 УК РФ."
            ),
            "en": (
                "Before 24.09.2022, refusing an order usually led to dismissal, not to a criminal "
                "case. A dismissal can be appealed. Prosecution under art. 332(1) of the Criminal "
                "Code is possible, but was rare in practice. "
                "Basis: art. 51 of Federal Law 53-FZ, art. 332 of the Criminal Code."
            ),
        },
        # §2: chapter 33 does not cover the person, so only dismissal is spoken of.
        "uncovered": {
            "ru": (
                "За отказ выполнять приказ в этом случае обычно увольняют со службы или "
                "применяют дисциплинарные меры. Увольнение можно обжаловать в суде."
            ),
            "en": (
                "Refusing an order here usually leads to dismissal or disciplinary measures. "
                "A dismissal can be appealed in court."
            ),
        },
    },
    "unlawful_order_defence": {
        "any": {
            "ru": (
                "Не выполнять заведомо незаконный приказ — не преступление. Но суды пока не "
                "признавали незаконными приказы об отправке в зону боевых действий. Сохраните "
                "всё, что показывает, какой был приказ и кто его отдал. "
                "Основание: ч. 2 ст. 42 УК РФ."
            ),
            "en": (
                "Not carrying out a knowingly unlawful order is not a crime. But courts have not "
                "yet accepted deployment orders as unlawful. Keep anything that shows what the "
                "order was and who gave it. Basis: art. 42(2) of the Criminal Code."
            ),
        },
    },
    "treason_risk": {
        # §6: art. 352.1 only for a surrender on or after 24.09.2022 by a person chapter 33 covers.
        "352.1": {
            "ru": (
                "Добровольная сдача в плен с 24.09.2022 — преступление по ст. 352.1 УК РФ. "
                "В некоторых случаях могут обвинить и в государственной измене по ст. 275 УК РФ. "
                "Не рассказывайте подробностей никому, кроме юриста."
            ),
            "en": (
                "Voluntary surrender since 24.09.2022 is a crime under art. 352.1 of the Criminal "
                "Code. In some cases it can also lead to a treason charge under art. 275. "
                "Do not share details with anyone but your lawyer."
            ),
        },
        "275": {
            "ru": (
                "Добровольная сдача в плен в некоторых случаях может повлечь обвинение в "
                "государственной измене по ст. 275 УК РФ. Не рассказывайте подробностей никому, "
                "кроме юриста."
            ),
            "en": (
                "Voluntary surrender can in some cases lead to a treason charge under art. 275 of "
                "the Criminal Code. Do not share details with anyone but your lawyer."
            ),
        },
    },
    "not_military_crime": {
        "self": {
            "ru": (
                "С учётом того, кем вы служите, и даты событий статьи о преступлениях против "
                "военной службы (гл. 33 УК РФ) к вам, скорее всего, не применяются. За уход со "
                "службы или отказ выполнять приказ вам скорее грозят увольнение и "
                "дисциплинарные меры, чем уголовное дело. Другие последствия возможны. "
                "Основание: ст. 331 УК РФ."
            ),
            "en": (
                "Given how you serve and when this happened, the articles on crimes against "
                "military service (chapter 33 of the Criminal Code) most likely do not apply to "
                "you. Leaving or refusing an order is then more likely to lead to dismissal and "
                "disciplinary measures than to a criminal case. Other consequences are possible. "
                "Basis: art. 331 of the Criminal Code."
            ),
        },
        "other": {
            "ru": (
                "С учётом того, кем служит человек, и даты событий статьи о преступлениях против "
                "военной службы (гл. 33 УК РФ) к нему, скорее всего, не применяются. За уход со "
                "службы или отказ выполнять приказ ему скорее грозят увольнение и "
                "дисциплинарные меры, чем уголовное дело. Другие последствия возможны. "
                "Основание: ст. 331 УК РФ."
            ),
            "en": (
                "Given how the person serves and when this happened, the articles on crimes "
                "against military service (chapter 33 of the Criminal Code) most likely do not "
                "apply to him. Leaving or refusing an order is then more likely to lead to "
                "dismissal and disciplinary measures than to a criminal case. Other consequences "
                "are possible. Basis: art. 331 of the Criminal Code."
            ),
        },
    },
    # §8: one text per kind of expired deadline, each with its own basis.
    "restore_missed_deadline": {
        "appeal_dismissal/military": {
            "ru": (
                "Срок обжалования увольнения прошёл. Военный суд может восстановить его, если "
                "причина пропуска уважительная: болезнь, служба в зоне боевых действий, "
                "отсутствие документов. Соберите подтверждения и обратитесь к юристу как можно "
                "скорее. Основание: ст. 95 КАС РФ."
            ),
            "en": (
                "The time to appeal the dismissal has passed. The military court can restore it "
                "for a valid reason: illness, service in the combat zone, missing documents. "
                "Gather proof and contact a lawyer as soon as you can. "
                "Basis: art. 95 of the Code of Administrative Procedure."
            ),
        },
        "appeal_dismissal/police": {
            "ru": (
                "Срок обжалования увольнения прошёл. Суд может восстановить его, если причина "
                "пропуска уважительная. Спор об увольнении из полиции или Росгвардии "
                "рассматривает обычный (не военный) суд. Соберите подтверждения и обратитесь к "
                "юристу как можно скорее. Основание: ч. 4 ст. 72 Федерального закона № 342-ФЗ "
                "(требует проверки юристом)."
            ),
            "en": (
                "The time to appeal the dismissal has passed. A court can restore it for a valid "
                "reason. A dismissal from the police or the National Guard is disputed in an "
                "ordinary (not a military) court. Gather proof and contact a lawyer as soon as "
                "you can. Basis: art. 72(4) of Federal Law 342-FZ (a lawyer must check this)."
            ),
        },
        "appeal_court_decision": {
            "ru": (
                "Срок обжалования решения суда прошёл. Суд может восстановить его, если причина "
                "пропуска уважительная. Обратитесь к юристу как можно скорее. "
                "Основание: ст. 95 КАС РФ."
            ),
            "en": (
                "The time to appeal the court decision has passed. The court can restore it for a "
                "valid reason. Contact a lawyer as soon as you can. "
                "Basis: art. 95 of the Code of Administrative Procedure."
            ),
        },
        "prosecutor_answer": {
            "ru": (
                "Прокуратура не ответила на жалобу в срок. Это нарушение с её стороны, а не "
                "ваш пропущенный срок: на молчание можно пожаловаться вышестоящему прокурору или "
                "в суд. Основание: ст. 12 Федерального закона № 59-ФЗ."
            ),
            "en": (
                "The prosecutor's office did not answer the complaint in time. That is their "
                "delay, not a deadline you missed: the silence can be complained of to a higher "
                "prosecutor or in court. Basis: art. 12 of Federal Law 59-FZ."
            ),
        },
        "alternative_service_application": {
            "ru": (
                "Срок подачи заявления на альтернативную гражданскую службу прошёл. Опоздание не "
                "всегда лишает права на неё: важна причина. Юрист подскажет, как подать "
                "заявление сейчас. Основание: ст. 11 Федерального закона № 113-ФЗ."
            ),
            "en": (
                "The time to apply for alternative civil service has passed. Being late does not "
                "always mean losing the right: the reason matters. A lawyer can tell you how to "
                "apply now. Basis: art. 11 of Federal Law 113-FZ."
            ),
        },
    },
    "alternative_service_closed": {
        "any": {
            "ru": (
                "Альтернативная гражданская служба доступна только тем, кто ещё не служит и не "
                "состоит в запасе. Тем, кто уже служит по контракту, мобилизован или состоит в "
                "запасе, её не предоставляют. Юрист подскажет, какие пути остаются. "
                "Основание: ч. 3 ст. 59 Конституции РФ, Федеральный закон № 113-ФЗ."
            ),
            "en": (
                "Alternative civil service is open only to those not yet serving and not in the "
                "reserve. It is not available to contract soldiers, the mobilized or reservists. "
                "A lawyer can tell you which options remain. "
                "Basis: Constitution art. 59(3), Federal Law 113-FZ."
            ),
        },
    },
    "personnel_unknown": {
        "any": {
            "ru": (
                "Не указано, кем служит человек. Эта оценка считает его военнослужащим. "
                "Для сотрудников полиции и Росгвардии со специальными званиями правила другие: "
                "уголовные статьи о воинских преступлениях к ним не применяются, а срок "
                "обжалования увольнения, по-видимому, короче (требует проверки юристом). "
                "Юрист уточнит."
            ),
            "en": (
                "It is not said how the person serves. This assessment takes him to be a "
                "serviceman. For police and National Guard staff with special ranks the rules "
                "differ: the articles on military crimes do not apply to them, and the time to "
                "appeal a dismissal is probably shorter (a lawyer must check this). "
                "A lawyer will confirm."
            ),
        },
    },
}

LAWYER_WILL_CHECK = {
    "ru": (
        "Это предварительная автоматическая оценка, а не юридическая консультация. "
        "Её обязательно проверит юрист. Исход дела она не предсказывает."
    ),
    "en": (
        "This is a preliminary automatic assessment, not legal advice. A lawyer will check it. "
        "It does not predict the outcome of your case."
    ),
}

LABELS: dict[str, dict[str, str]] = {
    # §10 categories
    "awol": {"ru": "самовольное оставление части", "en": "absence without leave"},
    "plans_to_leave": {"ru": "планирует уйти", "en": "plans to leave"},
    "refusal_in_unit": {"ru": "отказ в части", "en": "refusal within the unit"},
    "dismissed": {"ru": "уволен", "en": "dismissed"},
    "criminal_case": {"ru": "уголовное дело", "en": "criminal case"},
    "detention_abuse": {
        "ru": "незаконное удержание, насилие",
        "en": "unlawful detention or abuse",
    },
    "wrongly_listed": {"ru": "ошибочно объявлен в СОЧ", "en": "wrongly listed as AWOL"},
    "wants_discharge": {"ru": "хочет уволиться", "en": "wants discharge"},
    "pressure_to_sign": {
        "ru": "принуждение к подписанию контракта",
        "en": "pressure to sign a contract",
    },
    "alternative_service": {
        "ru": "альтернативная гражданская служба",
        "en": "alternative civil service",
    },
    "mobilization_summons": {"ru": "повестка", "en": "call-up summons"},
    "captivity": {"ru": "плен", "en": "captivity"},
    # §3 bands and §1 regimes
    "up_to_2_days": {"ru": "до 2 суток", "en": "up to 2 days"},
    "2_to_10_days": {"ru": "свыше двух суток", "en": "over 2 days"},
    "10_days_to_1_month": {"ru": "свыше 10 суток", "en": "over 10 days"},
    "over_1_month": {"ru": "свыше 1 месяца", "en": "over 1 month"},
    "peacetime": {"ru": "правила мирного времени", "en": "peacetime rules"},
    "mobilization": {"ru": "правила периода мобилизации", "en": "mobilization rules"},
    # §13 certainty, §7 gravity, §11 urgency
    "applies": {"ru": "применяется", "en": "applies"},
    "possible": {"ru": "возможно", "en": "possible"},
    "minor": {"ru": "небольшой тяжести", "en": "minor"},
    "medium": {"ru": "средней тяжести", "en": "medium"},
    "grave": {"ru": "тяжкое", "en": "grave"},
    "especially_grave": {"ru": "особо тяжкое", "en": "especially grave"},
    "critical": {"ru": "критическая", "en": "critical"},
    "high": {"ru": "высокая", "en": "high"},
    "normal": {"ru": "обычная", "en": "normal"},
    "low": {"ru": "низкая", "en": "low"},
    # §8, §9 deadline kinds
    "appeal_dismissal": {"ru": "обжаловать увольнение", "en": "appeal the dismissal"},
    "appeal_court_decision": {
        "ru": "обжаловать решение суда",
        "en": "appeal the court decision",
    },
    "prosecutor_answer": {
        "ru": "ответ прокуратуры на жалобу",
        "en": "the prosecutor's answer to the complaint",
    },
    "alternative_service_application": {
        "ru": "подать заявление на альтернативную службу",
        "en": "apply for alternative civil service",
    },
}


def label(key: str, lang: str) -> str:
    entry = LABELS.get(key)
    return entry[lang] if entry else key


def _person(result: Mapping[str, Any]) -> str:
    return "self" if result.get("role") in (None, "self") else "other"


def guidance_variant(key: str, result: Mapping[str, Any]) -> str:
    """Which text of `key` fits the §13 assessment `result`: the person, the date, the service."""
    articles = {(e["article"], e["part"]) for e in result.get("exposure", ())}
    if key == "intent_matters":
        covered = any(a == "337" for a, _ in articles) or any(
            t["to_part"] for t in result.get("thresholds", ())
        )
        return f"{'covered' if covered else 'uncovered'}/{_person(result)}"
    if key in ("desertion_risk", "not_military_crime"):
        return _person(result)
    if key == "dismissal_route":
        # The engine gives 332(1) for a pre-mobilization refusal exactly when chapter 33 covers it.
        return "covered" if ("332", "1") in articles else "uncovered"
    if key == "treason_risk":
        return "352.1" if ("352.1", None) in articles else "275"
    return "any"


def _missed(result: Mapping[str, Any]) -> list[str]:
    """The `restore_missed_deadline` variants for the expired deadlines, without repeats."""
    out: list[str] = []
    for d in result.get("deadlines", ()):
        if not d["expired"]:
            continue
        variant = d["kind"]
        if variant == "appeal_dismissal":
            variant += "/police" if "342" in d["basis"] else "/military"
        if variant not in out:
            out.append(variant)
    return out or ["appeal_dismissal/military"]


def guidance_text(key: str, lang: str, result: Mapping[str, Any] | None = None) -> str:
    """The text of a guidance key that fits `result` (the whole §13 assessment)."""
    texts = GUIDANCE[key]
    if key == "restore_missed_deadline":
        return " ".join(texts[v][lang] for v in _missed(result or {}))
    variant = guidance_variant(key, result or {})
    return texts[variant][lang]
