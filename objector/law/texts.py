"""Words shown to requesters and lawyers: guidance texts and labels, in Russian and English.

Requesters read these, often on a phone and under stress: plain words, short sentences, no promise
of an outcome, the legal basis named, and always the reminder that a lawyer will check.
"""

from __future__ import annotations

LANGS = ("ru", "en")

# Every key REFERENCE.md names, and `personnel_unknown`, which this engine adds.
GUIDANCE: dict[str, dict[str, str]] = {
    "intent_matters": {
        "ru": (
            "Суд оценивает, на какой срок вы собирались уйти, а не только сколько дней прошло. "
            "Если вас задержат раньше, могут обвинить в покушении на более долгое отсутствие. "
            "Каждый день отсутствия может повысить риск. "
            "Основание: постановление Пленума Верховного суда № 11 от 18.05.2023."
        ),
        "en": (
            "Courts look at how long you meant to stay away, not only at the days that passed. "
            "If you are caught early, you may be charged with an attempt at a longer absence. "
            "Each day away can raise the risk. "
            "Basis: Supreme Court Plenum resolution No. 11 of 18.05.2023."
        ),
    },
    "desertion_risk": {
        "ru": (
            "Если кажется, что вы не собираетесь возвращаться на службу, это могут считать "
            "дезертирством. За него грозит более суровое наказание, чем за самовольное "
            "оставление части. Не пишите о своих планах в открытых чатах. "
            "Основание: ст. 338 УК РФ."
        ),
        "en": (
            "If it looks as if you do not mean to return to service, this may be treated as "
            "desertion. Desertion carries harsher penalties than absence without leave. "
            "Do not discuss your plans in open chats. Basis: art. 338 of the Criminal Code."
        ),
    },
    "dismissal_route": {
        "ru": (
            "До 24.09.2022 за отказ выполнять приказ обычно не возбуждали уголовное дело, "
            "а увольняли со службы. Увольнение можно обжаловать. Уголовная ответственность "
            "по ч. 1 ст. 332 УК РФ возможна, но на практике применялась редко. "
            "Основание: ст. 51 Федерального закона № 53-ФЗ, ст. 332 УК РФ."
        ),
        "en": (
            "Before 24.09.2022, refusing an order usually led to dismissal, not to a criminal "
            "case. A dismissal can be appealed. Prosecution under art. 332(1) of the Criminal Code "
            "is possible, but was rare in practice. "
            "Basis: art. 51 of Federal Law 53-FZ, art. 332 of the Criminal Code."
        ),
    },
    "unlawful_order_defence": {
        "ru": (
            "Не выполнять заведомо незаконный приказ — не преступление. Но суды пока не "
            "признавали незаконными приказы об отправке в зону боевых действий. Сохраните всё, "
            "что показывает, какой был приказ и кто его отдал. "
            "Основание: ч. 2 ст. 42 УК РФ."
        ),
        "en": (
            "Not carrying out a knowingly unlawful order is not a crime. But courts have not yet "
            "accepted deployment orders as unlawful. Keep anything that shows what the order was "
            "and who gave it. Basis: art. 42(2) of the Criminal Code."
        ),
    },
    "treason_risk": {
        "ru": (
            "Сдача в плен может повлечь обвинение по ст. 352.1 УК РФ, а в некоторых случаях — "
            "в государственной измене по ст. 275 УК РФ. Не рассказывайте подробности никому, "
            "кроме юриста."
        ),
        "en": (
            "Surrender can lead to a charge under art. 352.1 of the Criminal Code, and in some "
            "cases to a treason charge under art. 275. Do not share details with anyone but your "
            "lawyer."
        ),
    },
    "not_military_crime": {
        "ru": (
            "По тому, кто вы, и по дате событий статьи о преступлениях против военной службы "
            "(гл. 33 УК РФ) к вам, скорее всего, не применяются. Обычно это ведёт к увольнению "
            "и дисциплинарным мерам, а не к уголовному делу. Другие последствия возможны. "
            "Основание: ст. 331 УК РФ, Федеральный закон № 342-ФЗ."
        ),
        "en": (
            "Given who you are and when this happened, the articles on crimes against military "
            "service (chapter 33 of the Criminal Code) most likely do not apply to you. This "
            "usually leads to dismissal and disciplinary measures rather than a criminal case. "
            "Other consequences are possible. "
            "Basis: art. 331 of the Criminal Code, Federal Law 342-FZ."
        ),
    },
    "restore_missed_deadline": {
        "ru": (
            "Срок уже прошёл. Суд может восстановить пропущенный срок, если причина уважительная: "
            "болезнь, служба в зоне боевых действий, отсутствие документов. Соберите "
            "подтверждения и обратитесь к юристу как можно скорее. "
            "Основание: ст. 95 КАС РФ."
        ),
        "en": (
            "A deadline has passed. A court can restore a missed deadline for a valid reason: "
            "illness, service in the combat zone, missing documents. Gather proof and contact a "
            "lawyer as soon as you can. Basis: art. 95 of the Code of Administrative Procedure."
        ),
    },
    "alternative_service_closed": {
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
    "personnel_unknown": {
        "ru": (
            "Вы не указали, кто вы по статусу службы. Оценка исходит из худшего случая: что вы "
            "военнослужащий. Для сотрудников полиции и Росгвардии со специальными званиями сроки "
            "и последствия другие, например срок обжалования увольнения — 1 месяц."
        ),
        "en": (
            "You did not say what kind of service you are in. This assessment assumes the worst "
            "case: that you are a serviceman. For police and National Guard staff with special "
            "ranks, deadlines and consequences differ: for example, a dismissal must be appealed "
            "within 1 month."
        ),
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
        "ru": "принуждение к контракту",
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
    "2_to_10_days": {"ru": "от 2 до 10 суток", "en": "2 to 10 days"},
    "10_days_to_1_month": {"ru": "от 10 суток до 1 месяца", "en": "10 days to 1 month"},
    "over_1_month": {"ru": "более 1 месяца", "en": "over 1 month"},
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


def guidance_text(key: str, lang: str) -> str:
    return GUIDANCE[key][lang]
