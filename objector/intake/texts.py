"""Page text for the intake form, in Russian and English."""

UI: dict[str, dict[str, str]] = {
    "title": {"ru": "Обращение за помощью", "en": "Request for help"},
    "intro": {
        "ru": "Ответьте на несколько коротких вопросов. Сразу после этого вы получите "
        "предварительную оценку рисков и сроков, а юрист проверит её и ответит.",
        "en": "Answer a few short questions. Right after that you get a preliminary assessment "
        "of the risks and deadlines; a lawyer then checks it and answers.",
    },
    "start": {"ru": "Начать", "en": "Start"},
    "step": {"ru": "Вопрос {n} из {total}", "en": "Question {n} of {total}"},
    "next": {"ru": "Дальше", "en": "Next"},
    "back": {"ru": "Назад", "en": "Back"},
    "review": {"ru": "Проверьте ответы", "en": "Check your answers"},
    "submit": {"ru": "Отправить", "en": "Send"},
    "not_given": {"ru": "не указано", "en": "not given"},
    "receipt": {"ru": "Обращение принято", "en": "Your request has been received"},
    "code": {"ru": "Код обращения", "en": "Reference code"},
    "secret": {"ru": "Секретный ключ", "en": "Secret key"},
    "keep": {
        "ru": "Запишите код и ключ и храните их в надёжном месте. Ключ показывается только "
        "здесь. С ними вы сможете вернуться, прочитать ответ юриста и дописать обращение.",
        "en": "Write down the code and the key and keep them safe. The key is shown only here. "
        "With them you can come back, read the lawyer's answer and add to your request.",
    },
    "assessment": {"ru": "Предварительная оценка", "en": "Preliminary assessment"},
    "what_next": {"ru": "Что дальше", "en": "What happens next"},
    "next_steps": {
        "ru": "Координатор прочитает обращение и передаст его юристу. Срочные обращения "
        "рассматриваются первыми. Юрист ответит способом, который вы выбрали, или здесь, по "
        "вашему коду.",
        "en": "A coordinator reads your request and passes it to a lawyer; urgent requests come "
        "first. The lawyer answers the way you chose, or here, under your code.",
    },
    "incomplete": {
        "ru": "Не на все вопросы есть ответы.",
        "en": "Some questions are not answered yet.",
    },
    "expired": {
        "ru": "Эта форма устарела. Ваши ответы сохранены, проверьте их ещё раз.",
        "en": "This form is out of date. Your answers are kept; please check them again.",
    },
    "switch": {"ru": "English", "en": "Русский"},
    "status_title": {"ru": "Проверить обращение", "en": "Check your request"},
    "status_intro": {
        "ru": "Введите код обращения и секретный ключ, которые вы получили.",
        "en": "Enter the reference code and the secret key you were given.",
    },
    "check": {"ru": "Проверить", "en": "Check"},
    "slow_down": {
        "ru": "Слишком много неверных попыток отсюда. Подождите {seconds} с и попробуйте снова.",
        "en": "Too many wrong attempts from here. Wait {seconds} s and try again.",
    },
    "not_found": {
        "ru": "Код или ключ не подходят. Проверьте, как они записаны.",
        "en": "The code or the key does not match. Check how you wrote them down.",
    },
    "status": {"ru": "Состояние", "en": "Status"},
    "status_new": {
        "ru": "получено, ждёт координатора",
        "en": "received, waiting for a coordinator",
    },
    "status_triaged": {"ru": "прочитано координатором", "en": "read by a coordinator"},
    "status_assigned": {"ru": "передано юристу", "en": "passed to a lawyer"},
    "status_in_progress": {"ru": "юрист работает", "en": "a lawyer is working on it"},
    "status_closed": {"ru": "закрыто", "en": "closed"},
    "messages": {"ru": "Переписка", "en": "Messages"},
    "no_messages": {"ru": "Ответов пока нет.", "en": "No answers yet."},
    "from_lawyer": {"ru": "Юрист", "en": "Lawyer"},
    "from_you": {"ru": "Вы", "en": "You"},
    "write": {"ru": "Написать юристу", "en": "Write to the lawyer"},
    "write_hint": {
        "ru": "Можно дописать, что изменилось: например, дату возвращения в часть.",
        "en": "You can add what has changed, such as the date you returned to the unit.",
    },
    "send": {"ru": "Отправить", "en": "Send"},
    "sent": {"ru": "Сообщение отправлено.", "en": "Your message has been sent."},
    "what_changed": {"ru": "Что-то изменилось?", "en": "Has something changed?"},
    "what_changed_hint": {
        "ru": "Отметьте, что произошло и когда. Оценка сразу пересчитается, юрист увидит это.",
        "en": "Say what happened and when. The assessment is recomputed at once, and the lawyer "
        "sees it.",
    },
    "event": {"ru": "Что произошло", "en": "What happened"},
    "when": {"ru": "Когда", "en": "When"},
    "add": {"ru": "Добавить", "en": "Add"},
    "added": {
        "ru": "Добавлено. Оценка ниже пересчитана.",
        "en": "Added. The assessment below has been recomputed.",
    },
    "empty_message": {"ru": "Сообщение пустое.", "en": "The message is empty."},
    "long_message": {
        "ru": "Сообщение слишком длинное (не больше 5000 символов).",
        "en": "The message is too long (5,000 characters at most).",
    },
    "leave": {"ru": "Выйти", "en": "Leave"},
    "session_over": {
        "ru": "Время просмотра истекло. Введите код и ключ снова.",
        "en": "Your viewing time is over. Enter the code and the key again.",
    },
    "received_on": {"ru": "Получено", "en": "Received"},
    "erase": {"ru": "Удалить мои данные", "en": "Delete my data"},
    "erase_hint": {
        "ru": "Имя, история, переписка и всё, что вы сообщили, будут уничтожены безвозвратно: "
        "их ключ стирается, и прочитать их больше нельзя, в том числе из резервных копий на "
        "этом сервере. Юрист больше не увидит обращение. В статистике останется только "
        "обезличенная строка (неделя, округ, категория).",
        "en": "Your name, story, messages and everything you told us will be destroyed for "
        "good: their key is erased, and nobody can read them again, including from the backups "
        "on this server. The lawyer will no longer see the request. The statistics keep only an "
        "anonymous row (week, district, category).",
    },
    "erase_confirm": {
        "ru": "Да, уничтожить мои данные безвозвратно",
        "en": "Yes, destroy my data for good",
    },
    "erase_unconfirmed": {
        "ru": "Отметьте галочку, чтобы подтвердить удаление.",
        "en": "Tick the box to confirm the deletion.",
    },
    "erased": {
        "ru": "Ваши данные уничтожены. Код и ключ больше не действуют.",
        "en": "Your data has been destroyed. The code and the key no longer work.",
    },
    "not_ready": {
        "ru": "Сервис ещё не настроен и пока не принимает обращения. Попробуйте позже.",
        "en": "This service has not been set up yet and cannot take requests. Try again later.",
    },
}


def ui(lang: str) -> dict[str, str]:
    return {key: value[lang] for key, value in UI.items()}
