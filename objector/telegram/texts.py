"""What the bot says, in Russian and English. Plain Python, no Django."""

from __future__ import annotations

from typing import Any

BOT: dict[str, dict[str, str]] = {
    "welcome": {
        "ru": "Здравствуйте. Это бот юридической помощи для тех, кто отказывается воевать, и их "
        "близких. Я задам несколько вопросов, чтобы передать обращение юристу.\n\n"
        "Для вашей безопасности я удаляю ваши сообщения из этого чата сразу после того, как "
        "сохраню их, и удаляю свои вопросы, когда на них есть ответ. Ответы хранятся "
        "зашифрованными. /delete стирает всё, что вы прислали.",
        "en": "Hello. This is a legal-aid bot for people who refuse to fight, and their families. "
        "I will ask a few questions to pass your request to a lawyer.\n\n"
        "For your safety I delete your messages from this chat as soon as I have stored them, "
        "and delete my questions once they are answered. Answers are stored encrypted. "
        "/delete erases everything you sent.",
    },
    "help": {
        "ru": "Команды:\n/start — начать заново\n/lang — English\n/status — ответы юриста\n"
        "/delete — стереть ваши данные\n\nВаши сообщения удаляются из чата после сохранения.",
        "en": "Commands:\n/start — start again\n/lang — Русский\n/status — the lawyer's answers\n"
        "/delete — erase your data\n\nYour messages are deleted from the chat once stored.",
    },
    "lang_set": {"ru": "Язык: русский.", "en": "Language: English."},
    "multi_hint": {
        "ru": "Нажмите на всё, что подходит, затем «Готово».",
        "en": "Tap everything that applies, then \u201cDone\u201d.",
    },
    "done": {"ru": "Готово", "en": "Done"},
    "skip": {"ru": "Пропустить", "en": "Skip"},
    "saved": {"ru": "✓ Записано.", "en": "✓ Saved."},
    "saved_as": {"ru": "✓ {answer}", "en": "✓ {answer}"},
    "skipped": {"ru": "✓ Пропущено.", "en": "✓ Skipped."},
    "invalid": {
        "ru": "✗ Не получилось: {why}. Попробуйте ещё раз.",
        "en": "✗ Not taken: {why}. Please try again.",
    },
    "use_buttons": {
        "ru": "✗ Выберите вариант кнопкой под вопросом.",
        "en": "✗ Please choose with a button under the question.",
    },
    "stale": {
        "ru": "На этот вопрос уже есть ответ.",
        "en": "This question has already been answered.",
    },
    "too_long": {
        "ru": "Сообщение слишком длинное: {length} символов, можно не больше {limit}. "
        "Разделите его на части.",
        "en": "The message is too long: {length} characters, at most {limit}. Please split it.",
    },
    "edited": {
        "ru": "Исправления сообщений я не вижу. Отправьте исправленный текст новым сообщением.",
        "en": "I do not see edits. Please send the corrected text as a new message.",
    },
    "forwarded": {
        "ru": "Пересланные сообщения я не принимаю: в них видно, от кого они. Скопируйте "
        "текст и отправьте его своим сообщением.",
        "en": "I do not take forwarded messages: they show who sent them. Copy the text and "
        "send it as your own message.",
    },
    "unsupported": {
        "ru": "Я понимаю только текст, фото и документы (PDF, JPEG, PNG, TIFF, HEIC, DOCX, TXT).",
        "en": "I understand only text, photos and documents "
        "(PDF, JPEG, PNG, TIFF, HEIC, DOCX, TXT).",
    },
    "file_type": {
        "ru": "Такие файлы я не принимаю. Можно: PDF, JPEG, PNG, TIFF, HEIC, DOCX, TXT, до 20 МБ.",
        "en": "I do not take this kind of file. Allowed: PDF, JPEG, PNG, TIFF, HEIC, DOCX, TXT, "
        "up to 20 MB.",
    },
    "file_too_big": {
        "ru": "Файл больше 20 МБ. Отправьте его частями или через веб-форму.",
        "en": "The file is over 20 MB. Please send it in parts or through the web form.",
    },
    "file_damaged": {
        "ru": "Файл повреждён или слишком сложен для проверки (например, защищён паролем). "
        "Сохраните его заново и отправьте ещё раз.",
        "en": "The file is damaged or cannot be checked (for example, it has a password). "
        "Please save it again and resend it.",
    },
    "file_unreachable": {
        "ru": "Файл не удалось получить из Telegram. Отправьте его ещё раз или через веб-форму.",
        "en": "The file could not be fetched from Telegram. Please send it again or use the web "
        "form.",
    },
    "file_received": {
        "ru": "Файл получен, проверяю и сохраняю.",
        "en": "File received; checking and storing it.",
    },
    "file_stored": {
        "ru": "✓ Файл сохранён в вашем обращении.",
        "en": "✓ The file is stored with your request.",
    },
    "files_later": {
        "ru": "Файлы можно будет прислать после ответов на вопросы.",
        "en": "You can send files once the questions are answered.",
    },
    "unknown_command": {
        "ru": "Такой команды нет. /help — список команд.",
        "en": "There is no such command. /help lists them.",
    },
    "flood": {
        "ru": "Слишком много сообщений подряд. Подождите {seconds} секунд и отправьте "
        "непринятые сообщения ещё раз.",
        "en": "Too many messages at once. Please wait {seconds} seconds and send again what was "
        "not taken.",
    },
    "private_only": {
        "ru": "Я работаю только в личном чате: здесь вас видят другие.",
        "en": "I work only in a private chat: others can see you here.",
    },
    "already": {
        "ru": "Ваше обращение уже у нас. Пишите сюда — сообщения получит юрист. "
        "/status — ответы юриста, /delete — стереть данные.",
        "en": "We already have your request. Write here and your lawyer gets it. "
        "/status shows the lawyer's answers; /delete erases your data.",
    },
    "forwarded_ok": {"ru": "✓ Передано юристу.", "en": "✓ Passed to your lawyer."},
    "no_request": {
        "ru": "Обращения ещё нет. /start — начать.",
        "en": "There is no request yet. /start begins one.",
    },
    "erase_confirm": {
        "ru": "Стереть обращение и всё, что вы прислали? Это нельзя отменить.",
        "en": "Erase your request and everything you sent? This cannot be undone.",
    },
    "erase_yes": {"ru": "Да, стереть", "en": "Yes, erase"},
    "erase_no": {"ru": "Нет", "en": "No"},
    "erase_kept": {"ru": "Ничего не стёрто.", "en": "Nothing was erased."},
    "erased": {
        "ru": "Стёрто. Ключ вашего обращения уничтожен: прочитать его больше нельзя. Удалите "
        "и этот чат.",
        "en": "Erased. Your request's key is destroyed, so it can no longer be read. Delete "
        "this chat too.",
    },
    "receipt": {
        "ru": "Обращение принято. Код: {reference}\n\n{assessment}\n\nЧто дальше: координатор "
        "прочитает обращение и передаст его юристу; срочные — первыми. Ответ юриста придёт "
        "сюда, /status покажет его снова.\n\nДокументы и то, что вы не хотите писать в "
        "Telegram, можно добавить в веб-форме: {url} — код {reference}, ключ {secret}. "
        "Запишите их вне телефона и удалите это сообщение.",
        "en": "Your request is in. Code: {reference}\n\n{assessment}\n\nWhat happens next: a "
        "coordinator reads your request and passes it to a lawyer; urgent ones come first. "
        "The lawyer's answer arrives here, and /status shows it again.\n\nDocuments, and what "
        "you would rather not write in Telegram, can be added in the web form: {url} — code "
        "{reference}, key {secret}. Write them down off this phone and delete this message.",
    },
    "not_ready": {
        "ru": "Приём обращений ещё не настроен. Ваши ответы сохранены; попробуйте позже: /start.",
        "en": "Intake is not set up yet. Your answers are kept; please try later: /start.",
    },
    "status": {"ru": "Обращение {reference}: {status}.", "en": "Request {reference}: {status}."},
    "no_answers": {
        "ru": "Ответов юриста пока нет.",
        "en": "No answers from the lawyer yet.",
    },
    "answer": {"ru": "Ответ юриста ({date}):\n{text}", "en": "Lawyer's answer ({date}):\n{text}"},
    "gone": {
        "ru": "Это обращение стёрто. /start — начать новое.",
        "en": "This request has been erased. /start begins a new one.",
    },
}


def t(key: str, lang: str, **values: Any) -> str:
    text = BOT[key][lang if lang in ("ru", "en") else "ru"]
    return text.format(**values) if values else text
