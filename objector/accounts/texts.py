"""Text of the staff pages, in Russian and English. Each page gets it as `st` in its context."""

from __future__ import annotations

from django.http import HttpRequest

STAFF_UI: dict[str, dict[str, str]] = {
    # accounts
    "login": {"ru": "Вход для сотрудников", "en": "Staff sign-in"},
    "username": {"ru": "Имя пользователя", "en": "Username"},
    "password": {"ru": "Пароль", "en": "Password"},
    "sign_in": {"ru": "Войти", "en": "Sign in"},
    "sign_out": {"ru": "Выйти", "en": "Sign out"},
    "bad_login": {
        "ru": "Неверное имя пользователя или пароль.",
        "en": "Wrong username or password.",
    },
    "locked": {
        "ru": "Слишком много неудачных попыток входа. Подождите 15 минут.",
        "en": "Too many failed sign-ins. Wait 15 minutes.",
    },
    "otp": {"ru": "Второй фактор", "en": "Second factor"},
    "otp_enrol": {
        "ru": "Вход требует второго фактора. Отсканируйте код приложением-аутентификатором "
        "(например, Aegis, andOTP или FreeOTP) или введите ключ вручную, затем введите "
        "шестизначный код из приложения.",
        "en": "Signing in needs a second factor. Scan the code with an authenticator app (such "
        "as Aegis, andOTP or FreeOTP) or type the key in by hand, then enter the six-digit code "
        "it shows.",
    },
    "otp_ask": {
        "ru": "Введите шестизначный код из приложения-аутентификатора.",
        "en": "Enter the six-digit code from your authenticator app.",
    },
    "otp_key": {"ru": "Ключ", "en": "Key"},
    "otp_code": {"ru": "Код", "en": "Code"},
    "busy": {
        "ru": "Сейчас идёт слишком много попыток входа. Повторите через {seconds} с.",
        "en": "Too many sign-in attempts are arriving right now. Try again in {seconds} s.",
    },
    "slow_down": {
        "ru": "Слишком много неудачных попыток входа отсюда. Подождите {seconds} с.",
        "en": "Too many failed sign-ins from here. Wait {seconds} s.",
    },
    "otp_throttled": {
        "ru": "Слишком много попыток ввести код. Подождите {seconds} с и введите новый код.",
        "en": "Too many attempts at the code. Wait {seconds} s, then enter a new code.",
    },
    "otp_wrong": {
        "ru": "Код не подошёл. Проверьте время на телефоне и введите новый код.",
        "en": "That code did not work. Check your phone's clock and enter a new code.",
    },
    "confirm": {"ru": "Подтвердить", "en": "Confirm"},
    "vault": {"ru": "Хранилище", "en": "Vault"},
    "vault_sealed": {"ru": "Хранилище запечатано.", "en": "The vault is sealed."},
    "vault_unlocked": {"ru": "Хранилище открыто.", "en": "The vault is unlocked."},
    "page_sealed": {
        "ru": "Эта страница показывает личные данные, а хранилище запечатано.",
        "en": "This page shows personal data, and the vault is sealed.",
    },
    "ask_to_unlock": {
        "ru": "У вашей учётной записи нет ключа: попросите открыть хранилище того, у кого он есть.",
        "en": "Your account holds no key: ask someone who holds one to unlock the vault.",
    },
    "shredded": {"ru": "данные уничтожены", "en": "data destroyed"},
    "shred": {"ru": "Уничтожить данные обращения", "en": "Destroy this request's data"},
    "shred_confirm": {
        "ru": "Я понимаю, что имя, история, переписка и заметки будут уничтожены безвозвратно.",
        "en": "I understand that the name, story, messages and notes will be destroyed for good.",
    },
    "shred_unconfirmed": {
        "ru": "Подтвердите уничтожение галочкой.",
        "en": "Tick the box to confirm the destruction.",
    },
    "search": {"ru": "Найти", "en": "Find"},
    "search_hint": {
        "ru": "код обращения или полное имя, как в обращении",
        "en": "a reference code, or the full name as the request gives it",
    },
    "search_sealed": {
        "ru": "Искать по имени можно, только когда хранилище открыто.",
        "en": "Searching by name needs the vault unlocked.",
    },
    "no_such_code": {
        "ru": "Среди доступных вам обращений нет обращения с таким кодом.",
        "en": "None of the requests you can see has this code.",
    },
    "person_filter": {
        "ru": "Показаны обращения одного человека (поиск по имени).",
        "en": "Showing one person's requests (search by name).",
    },
    "clear_search": {"ru": "Сбросить поиск", "en": "Clear the search"},
    "same_person": {
        "ru": "Другие обращения с тем же именем",
        "en": "Other requests with the same name",
    },
    "change_password": {"ru": "Сменить пароль", "en": "Change password"},
    "current_password": {"ru": "Текущий пароль", "en": "Current password"},
    "new_password": {
        "ru": "Новый пароль (не короче 12 символов)",
        "en": "New password (12 characters or more)",
    },
    "new_password_again": {"ru": "Новый пароль ещё раз", "en": "New password again"},
    "password_hint": {
        "ru": "После смены пароля все ваши сеансы завершатся, и нужно будет войти снова.",
        "en": "Changing the password ends all your sessions: you will sign in again.",
    },
    "password_changed": {
        "ru": "Пароль изменён. Войдите с новым паролем.",
        "en": "Your password has been changed. Sign in with the new one.",
    },
    "queue_sealed": {
        "ru": "Хранилище запечатано: имена скрыты, но сортировать и назначать обращения можно.",
        "en": "The vault is sealed: names are hidden, but requests can still be sorted and "
        "assigned.",
    },
    "vault_intro": {
        "ru": "Пока хранилище запечатано, личные данные нельзя прочитать, а приём обращений "
        "работает. После перезапуска сервер всегда запечатан.",
        "en": "While the vault is sealed, personal data cannot be read, and intake keeps "
        "working. After a restart the server is always sealed.",
    },
    "unlock": {"ru": "Открыть", "en": "Unlock"},
    "seal": {"ru": "Запечатать сейчас", "en": "Seal now"},
    "seal_hint": {
        "ru": "Ключ сразу удаляется из памяти, все сотрудники выходят из системы.",
        "en": "The key is dropped from memory at once, and every staff member is signed out.",
    },
    "bad_passphrase": {"ru": "Фраза не подошла.", "en": "Wrong passphrase."},
    "may_not_unlock": {
        "ru": "Этой учётной записи не выдан ключ хранилища.",
        "en": "This account holds no key to the vault.",
    },
    "keyholder_down": {
        "ru": "Хранитель ключа не запущен. Перезапустите «objector run».",
        "en": "The key-holder is not running. Restart “objector run”.",
    },
    "unlock_access": {"ru": "Ключ хранилища", "en": "Vault key"},
    "holds_key": {"ru": "есть", "en": "holds one"},
    "key_pending": {"ru": "выдан, ждёт фразы", "en": "granted, awaiting a passphrase"},
    "grant_key": {"ru": "Выдать ключ", "en": "Grant a key"},
    "revoke_key": {"ru": "Отозвать ключ", "en": "Revoke the key"},
    "cosign": {
        "ru": "Коллега, у которого уже есть ключ, подтверждает это своей фразой разблокировки "
        "(он вводит её здесь сам).",
        "en": "A colleague who already holds a key confirms this with their own unlock "
        "passphrase (they type it here themselves).",
    },
    "cosign_username": {"ru": "Имя пользователя коллеги", "en": "Colleague's username"},
    "cosign_passphrase": {
        "ru": "Фраза разблокировки коллеги",
        "en": "Colleague's unlock passphrase",
    },
    "cosign_refused": {
        "ru": "Подтверждение не подошло: нужен коллега с ключом и его фраза разблокировки.",
        "en": "The confirmation did not work: it needs a colleague who holds a key, and their "
        "unlock passphrase.",
    },
    "set_passphrase": {
        "ru": "Вам выдан ключ хранилища. Задайте свою фразу разблокировки (не короче 12 "
        "символов, не ваш пароль).",
        "en": "You have been granted a key to the vault. Choose your unlock passphrase (at "
        "least 12 characters, not your password).",
    },
    "set_passphrase_sealed": {
        "ru": "Вам выдан ключ хранилища. Задать фразу можно, когда хранилище открыто.",
        "en": "You have been granted a key to the vault. You can choose your passphrase "
        "while the vault is unlocked.",
    },
    "weak_passphrase": {
        "ru": "Фраза должна быть не короче 12 символов и не совпадать с паролем.",
        "en": "The passphrase must be at least 12 characters and not your password.",
    },
    "forbidden": {
        "ru": "У вашей роли нет доступа к этой странице.",
        "en": "Your role has no access to this page.",
    },
    "setup": {"ru": "Первый запуск", "en": "First run"},
    "setup_intro": {
        "ru": "Создайте организацию и первую учётную запись администратора. Код настройки "
        "напечатан в консоли, где запущена команда «objector run».",
        "en": "Create the organisation and its first administrator. The setup code is printed "
        "in the console where \u201cobjector run\u201d is running.",
    },
    "setup_code": {"ru": "Код настройки", "en": "Setup code"},
    "bad_setup_code": {"ru": "Неверный код настройки.", "en": "Wrong setup code."},
    "organisation": {"ru": "Название организации", "en": "Organisation's name"},
    "passphrase": {"ru": "Фраза разблокировки", "en": "Unlock passphrase"},
    "passphrase_again": {"ru": "Фраза разблокировки ещё раз", "en": "Unlock passphrase again"},
    "passphrase_hint": {
        "ru": "Не короче 12 символов и не совпадает с паролем. Ею открывается хранилище с "
        "личными данными; без неё их не прочитать.",
        "en": "At least 12 characters, not the password. It unlocks the store of personal data; "
        "without it nobody can read them.",
    },
    "passphrase_mismatch": {"ru": "Фразы не совпадают.", "en": "The passphrases differ."},
    "create": {"ru": "Создать", "en": "Create"},
    "team": {"ru": "Сотрудники", "en": "Team"},
    "add_staff": {"ru": "Добавить сотрудника", "en": "Add a staff member"},
    "first_name": {"ru": "Имя", "en": "First name"},
    "last_name": {"ru": "Фамилия", "en": "Last name"},
    "role": {"ru": "Роль", "en": "Role"},
    "districts": {"ru": "Округа", "en": "Districts"},
    "active": {"ru": "Активен", "en": "Active"},
    "deactivate": {"ru": "Отключить", "en": "Deactivate"},
    "role_administrator": {"ru": "администратор", "en": "administrator"},
    "role_coordinator": {"ru": "координатор", "en": "coordinator"},
    "role_lawyer": {"ru": "юрист", "en": "lawyer"},
    "role_analyst": {"ru": "аналитик", "en": "analyst"},
    "switch": {"ru": "English", "en": "Русский"},
    "yes": {"ru": "да", "en": "yes"},
    "no": {"ru": "нет", "en": "no"},
    "saved": {"ru": "Сохранено.", "en": "Saved."},
    # navigation
    "queue": {"ru": "Очередь", "en": "Queue"},
    "my_cases": {"ru": "Мои дела", "en": "My cases"},
    "deadlines": {"ru": "Сроки", "en": "Deadlines"},
    "my_deadlines": {"ru": "Мои сроки", "en": "My deadlines"},
    "team_deadlines": {"ru": "Сроки команды", "en": "The team's deadlines"},
    "stats": {"ru": "Статистика", "en": "Statistics"},
    "templates": {"ru": "Шаблоны ответов", "en": "Answer templates"},
    # queue
    "filters": {"ru": "Фильтры", "en": "Filters"},
    "apply": {"ru": "Показать", "en": "Show"},
    "reset": {"ru": "Сбросить", "en": "Reset"},
    "any": {"ru": "любой", "en": "any"},
    "open": {"ru": "открытые", "en": "open"},
    "category": {"ru": "Категория", "en": "Category"},
    "personnel": {"ru": "Кто по службе", "en": "Service"},
    "district": {"ru": "Округ", "en": "District"},
    "status": {"ru": "Статус", "en": "Status"},
    "channel": {"ru": "Канал", "en": "Channel"},
    "date_from": {"ru": "Поступило с", "en": "Received from"},
    "date_to": {"ru": "по", "en": "to"},
    "bad_date": {
        "ru": "Дата должна быть в виде ГГГГ-ММ-ДД.",
        "en": "Dates must be written as YYYY-MM-DD.",
    },
    "bad_filter": {"ru": "Неизвестное значение фильтра.", "en": "Unknown filter value."},
    "found": {"ru": "Найдено", "en": "Found"},
    "reference": {"ru": "Код", "en": "Code"},
    "received": {"ru": "Поступило", "en": "Received"},
    "urgency": {"ru": "Срочность", "en": "Urgency"},
    "categories": {"ru": "Категории", "en": "Categories"},
    "assignee": {"ru": "Юрист", "en": "Lawyer"},
    "nobody": {"ru": "не назначен", "en": "unassigned"},
    "previous": {"ru": "← Назад", "en": "← Previous"},
    "next": {"ru": "Дальше →", "en": "Next →"},
    "page": {"ru": "Страница", "en": "Page"},
    "with_selected": {"ru": "С отмеченными", "en": "With the selected"},
    "assign_to": {"ru": "Назначить юристу", "en": "Assign to"},
    "suggested": {
        "ru": "предложенному (по нагрузке и округу)",
        "en": "the suggested (by load and district)",
    },
    "set_status": {"ru": "Поставить статус", "en": "Set status"},
    "send_template": {"ru": "Отправить ответ по шаблону", "en": "Send a templated answer"},
    "do": {"ru": "Выполнить", "en": "Do it"},
    "none_selected": {"ru": "Ничего не отмечено.", "en": "Nothing is selected."},
    "bulk_done": {"ru": "Готово: {n}.", "en": "Done: {n}."},
    "choose_action": {"ru": "Выберите одно действие.", "en": "Choose one action."},
    # case
    "case": {"ru": "Дело", "en": "Case"},
    "facts": {"ru": "Факты", "en": "Facts"},
    "name": {"ru": "Имя", "en": "Name"},
    "unit": {"ru": "Часть", "en": "Unit"},
    "region": {"ru": "Регион", "en": "Region"},
    "story": {"ru": "Рассказ", "en": "Story"},
    "contact": {"ru": "Связь", "en": "Contact"},
    "writer": {"ru": "Кто пишет", "en": "Who is writing"},
    "events": {"ru": "События", "en": "Events"},
    "assessment": {"ru": "Оценка", "en": "Assessment"},
    "what_changed": {"ru": "Что изменилось", "en": "What changed"},
    "timeline": {"ru": "Хронология", "en": "Timeline"},
    "add_event": {"ru": "Добавить событие", "en": "Add an event"},
    "event": {"ru": "Событие", "en": "Event"},
    "date": {"ru": "Дата", "en": "Date"},
    "combat": {"ru": "Приказ касался участия в боевых действиях", "en": "The order was to fight"},
    "note": {"ru": "Заметка", "en": "Note"},
    "add_note": {"ru": "Добавить заметку", "en": "Add a note"},
    "notes_private": {
        "ru": "Заметки видят только сотрудники.",
        "en": "Notes are seen by staff only.",
    },
    "message": {"ru": "Сообщение заявителю", "en": "Message to the requester"},
    "send": {"ru": "Отправить", "en": "Send"},
    "outcome": {"ru": "Итог", "en": "Outcome"},
    "change_status": {"ru": "Изменить статус", "en": "Change the status"},
    "assign": {"ru": "Назначить", "en": "Assign"},
    "load": {"ru": "открытых дел", "en": "open cases"},
    "suggestion": {"ru": "Предложение", "en": "Suggestion"},
    "add_deadline": {"ru": "Добавить срок", "en": "Add a deadline"},
    "what": {"ru": "Что", "en": "What"},
    "due": {"ru": "До", "en": "Due"},
    "days_left": {"ru": "Осталось дней", "en": "Days left"},
    "done": {"ru": "Выполнено", "en": "Done"},
    "mark_done": {"ru": "Отметить выполненным", "en": "Mark done"},
    "expired": {"ru": "просрочен", "en": "expired"},
    "no_deadlines": {"ru": "Открытых сроков нет.", "en": "No open deadlines."},
    "attachments": {"ru": "Документы", "en": "Documents"},
    "documents_org": {"ru": "Документы организации", "en": "Organisation documents"},
    "documents_org_help": {
        "ru": "Приказы и решения, не привязанные к одному делу: "
        "лица из них сверяются со всеми делами.",
        "en": "Orders and rulings not tied to one case: "
        "the persons in them are matched to every case.",
    },
    "upload": {"ru": "Загрузить", "en": "Upload"},
    "back": {"ru": "Назад", "en": "Back"},
    "named_in": {
        "ru": "Заявитель назван в других документах",
        "en": "The client is named in other documents",
    },
    "upload_help": {
        "ru": "PDF, JPEG, PNG, TIFF, HEIC, DOCX или текст; тип определяется по содержимому.",
        "en": "PDF, JPEG, PNG, TIFF, HEIC, DOCX or text; the type is judged by the content.",
    },
    "no_documents": {"ru": "Документов нет.", "en": "No documents."},
    "file_missing": {"ru": "Файл не выбран.", "en": "No file was chosen."},
    "sealed_name": {"ru": "(хранилище закрыто)", "en": "(the vault is sealed)"},
    "document": {"ru": "Документ", "en": "Document"},
    "document_pending": {"ru": "распознаётся", "en": "being read"},
    "document_extracted": {"ru": "обработан", "en": "read"},
    "document_failed": {"ru": "не прочитан", "en": "could not be read"},
    "document_pending_help": {
        "ru": "Текст распознаётся; обновите страницу через минуту.",
        "en": "The text is being read; reload this page in a minute.",
    },
    "kind": {"ru": "Вид", "en": "Kind"},
    "kind_order": {"ru": "приказ", "en": "order"},
    "kind_ruling": {"ru": "судебный акт", "en": "court ruling"},
    "kind_letter": {"ru": "письмо", "en": "letter"},
    "kind_other": {"ru": "иной документ", "en": "other document"},
    "number": {"ru": "Номер", "en": "Number"},
    "court": {"ru": "Суд", "en": "Court"},
    "articles": {"ru": "Статьи", "en": "Articles"},
    "anonymized": {"ru": "Обезличено лиц", "en": "Anonymized persons"},
    "custody": {"ru": "Хранение", "en": "Custody"},
    "original": {"ru": "Оригинал", "en": "Original"},
    "same_file": {"ru": "Тот же файл загружен также", "en": "The same file was also uploaded"},
    "download": {"ru": "Скачать", "en": "Download"},
    "open_document": {"ru": "Открыть документ", "en": "Open the document"},
    "uploaded": {"ru": "Загружен", "en": "Uploaded"},
    "uploaded_by": {"ru": "кем", "en": "by"},
    "channel_web": {"ru": "страница дела", "en": "case page"},
    "channel_telegram": {"ru": "Telegram-бот", "en": "Telegram bot"},
    "channel_bulk": {"ru": "загрузка для организации", "en": "organisation upload"},
    "size": {"ru": "Размер", "en": "Size"},
    "pages": {"ru": "Страниц", "en": "Pages"},
    "persons": {"ru": "Лица", "en": "Persons"},
    "no_persons": {"ru": "Лица не найдены.", "en": "No persons found."},
    "rank": {"ru": "Звание", "en": "Rank"},
    "middle_name": {"ru": "Отчество", "en": "Middle name"},
    "personal_number": {"ru": "Личный номер", "en": "Personal number"},
    "person_role": {"ru": "Роль", "en": "Role"},
    "mentions": {"ru": "Упоминания на страницах", "en": "Mentioned on pages"},
    "initials_only": {"ru": "только инициалы", "en": "initials only"},
    "check_image": {
        "ru": "распознано неуверенно, сверьте с изображением",
        "en": "read with low confidence: check it against the image",
    },
    "corrected": {"ru": "исправлено", "en": "corrected"},
    "correct": {"ru": "Исправить", "en": "Correct"},
    "save": {"ru": "Сохранить", "en": "Save"},
    "matching_cases": {"ru": "Совпадает с делами", "en": "Matches cases"},
    "page_image": {"ru": "Изображение страницы", "en": "Page image"},
    "page_text": {"ru": "Текст страницы", "en": "Page text"},
    "role_person_subject": {"ru": "субъект приказа", "en": "subject of the order"},
    "role_person_plaintiff": {"ru": "истец", "en": "plaintiff"},
    "role_person_judge": {"ru": "судья", "en": "judge"},
    "role_person_secretary": {"ru": "секретарь", "en": "secretary"},
    "role_person_signatory": {"ru": "подписант", "en": "signatory"},
    "role_person_representative": {"ru": "представитель", "en": "representative"},
    "role_person_mentioned": {"ru": "упомянут", "en": "mentioned"},
    # Why the nominative of a name may be wrong though every letter was read right
    # (extraction.model.UNCERTAIN).
    "uncertain_case": {
        "ru": "падеж не определён, форма имени может быть неверной",
        "en": "the case is not settled: the form of the name may be wrong",
    },
    "uncertain_fleeting_vowel": {
        "ru": "беглая гласная фамилии не определена (-ок/-ек)",
        "en": "the surname's fleeting vowel is not settled (-ок/-ек)",
    },
    "uncertain_surname_form": {
        "ru": "фамилия может быть и на -ая, и на -а (Луговая или Лугова)",
        "en": "the surname may end in -ая or in -а (Луговая or Лугова)",
    },
    "uncertain_first_name": {
        "ru": "имени нет в словаре, начальная форма выведена по окончанию",
        "en": "the first name is not in the dictionary: its nominative is inferred",
    },
    "uncertain_ambiguous_initials": {
        "ru": "инициалы подходят к нескольким однофамильцам",
        "en": "the initials fit more than one namesake",
    },
    "person_last_required": {"ru": "Укажите фамилию.", "en": "The last name is required."},
    "person_bad_role": {"ru": "Неизвестная роль.", "en": "Unknown role."},
    "staff": {"ru": "сотрудник", "en": "staff"},
    "requester": {"ru": "заявитель", "en": "requester"},
    "entry_event": {"ru": "событие", "en": "event"},
    "entry_note": {"ru": "заметка", "en": "note"},
    "entry_message_out": {"ru": "ответ заявителю", "en": "answer to the requester"},
    "entry_message_in": {"ru": "сообщение заявителя", "en": "message from the requester"},
    "entry_status": {"ru": "статус", "en": "status"},
    "entry_assignment": {"ru": "назначение", "en": "assignment"},
    "no_change": {"ru": "Оценка не изменилась.", "en": "The assessment did not change."},
    "outcome_needed": {
        "ru": "Чтобы закрыть дело, укажите итог.",
        "en": "To close a case, give its outcome.",
    },
    "bad_transition": {
        "ru": "Такой переход статуса невозможен.",
        "en": "The status cannot change that way.",
    },
    "empty_text": {"ru": "Текст пустой.", "en": "The text is empty."},
    "too_long": {"ru": "Текст слишком длинный.", "en": "The text is too long."},
    "not_a_lawyer": {"ru": "Выберите юриста из списка.", "en": "Choose a lawyer from the list."},
    # templates
    "title": {"ru": "Название", "en": "Title"},
    "body_ru": {"ru": "Текст по-русски", "en": "Text in Russian"},
    "body_en": {"ru": "Текст по-английски", "en": "Text in English"},
    "no_templates": {"ru": "Шаблонов пока нет.", "en": "No templates yet."},
    # statistics
    "stats_intro": {
        "ru": "Только счётчики, без личных данных. Значения меньше {k} скрыты, чтобы по ним "
        "нельзя было узнать человека.",
        "en": "Counts only, no personal data. Values below {k} are hidden, so that no figure "
        "identifies a person.",
    },
    "by_week": {"ru": "По неделям", "en": "By week"},
    "count": {"ru": "Число", "en": "Count"},
    "week": {"ru": "Неделя", "en": "Week"},
    "total": {"ru": "Всего", "en": "Total"},
}

STATUS = {
    "new": {"ru": "новое", "en": "new"},
    "triaged": {"ru": "разобрано", "en": "triaged"},
    "assigned": {"ru": "назначено", "en": "assigned"},
    "in_progress": {"ru": "в работе", "en": "in progress"},
    "closed": {"ru": "закрыто", "en": "closed"},
}

OUTCOME = {
    "appeal_won": {"ru": "обжалование выиграно", "en": "appeal won"},
    "appeal_lost": {"ru": "обжалование проиграно", "en": "appeal lost"},
    "charges_dropped": {"ru": "преследование прекращено", "en": "charges dropped"},
    "sentenced": {"ru": "вынесен приговор", "en": "sentenced"},
    "discharged": {"ru": "уволен со службы", "en": "discharged"},
    "left_country": {"ru": "уехал из страны", "en": "left the country"},
    "advice_given": {"ru": "дана консультация", "en": "advice given"},
    "no_contact": {"ru": "нет связи", "en": "no contact"},
    "withdrawn": {"ru": "обращение отозвано", "en": "request withdrawn"},
}

CHANNEL = {"web": {"ru": "сайт", "en": "web"}, "telegram": {"ru": "Telegram", "en": "Telegram"}}


def staff_lang(request: HttpRequest) -> str:
    lang = getattr(request.user, "language", None)
    if lang in ("ru", "en"):
        return str(lang)
    return "en" if request.GET.get("lang") == "en" else "ru"


def pick(table: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    return {key: texts[lang] for key, texts in table.items()}


def staff_texts(request: HttpRequest) -> dict[str, object]:
    """Context processor: the staff pages' words in the reader's language."""
    if not request.path.startswith(("/staff/", "/setup")):
        return {}
    lang = staff_lang(request)
    texts = pick(STAFF_UI, lang)
    role = getattr(request.user, "role", "")
    return {
        "st": texts,
        "staff_lang": lang,
        "lang": lang,
        "role_label": texts.get(f"role_{role}", ""),
    }
