"""Text of the staff pages. Each page gets it as `st` in its context; views read one as
`STAFF_UI[key][lang]`. The msgids are English; the Russian is in
locale/ru/LC_MESSAGES/django.po, written by hand (`makemessages` does not see `_t`);
tests/service/test_catalogues.py fails on one missing."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext, pgettext

# The msgctxt of a short word that other apps' catalogues translate otherwise: all apps share
# one gettext domain, so "Status" or "Done" must not mean two things there.
STAFF = "staff page"


@dataclass(frozen=True, slots=True)
class Text:
    """Words on a staff page: `text[lang]` is the msgid in that language; `text.now()` in the
    language active now (the reader's, set by StaffLanguageMiddleware)."""

    msgid: str
    context: str = ""

    def now(self) -> str:
        return pgettext(self.context, self.msgid) if self.context else gettext(self.msgid)

    def __getitem__(self, lang: str) -> str:
        with translation.override(lang):
            return self.now()


def _t(msgid: str, context: str = "") -> Text:
    return Text(msgid, context)


STAFF_UI: dict[str, Text] = {
    # accounts
    "login": _t("Staff sign-in"),
    "username": _t("Username"),
    "password": _t("Password"),
    "sign_in": _t("Sign in"),
    "sign_out": _t("Sign out"),
    "bad_login": _t("Wrong username or password."),
    "locked": _t("Too many failed sign-ins. Wait 15 minutes."),
    "otp": _t("Second factor"),
    "otp_enrol": _t(
        "Signing in needs a second factor. Scan the code with an authenticator app (such as "
        "Aegis, andOTP or FreeOTP) or type the key in by hand, then enter the six-digit code it "
        "shows."
    ),
    "otp_ask": _t("Enter the six-digit code from your authenticator app."),
    "otp_key": _t("Key"),
    "otp_code": _t("Code"),
    "busy": _t("Too many sign-in attempts are arriving right now. Try again in {seconds} s."),
    "slow_down": _t("Too many failed sign-ins from here. Wait {seconds} s."),
    "otp_throttled": _t("Too many attempts at the code. Wait {seconds} s, then enter a new code."),
    "otp_wrong": _t("That code did not work. Check your phone's clock and enter a new code."),
    "confirm": _t("Confirm"),
    "vault": _t("Vault"),
    "vault_sealed": _t("The vault is sealed."),
    "vault_unlocked": _t("The vault is unlocked."),
    "page_sealed": _t("This page shows personal data, and the vault is sealed."),
    "ask_to_unlock": _t(
        "Your account holds no key: ask someone who holds one to unlock the vault."
    ),
    "shredded": _t("data destroyed"),
    "shred": _t("Destroy this request's data"),
    "shred_confirm": _t(
        "I understand that the name, story, messages and notes will be destroyed for good."
    ),
    "shred_unconfirmed": _t("Tick the box to confirm the destruction."),
    "search": _t("Find"),
    "search_hint": _t("a reference code, or the full name as the request gives it"),
    "search_sealed": _t("Searching by name needs the vault unlocked."),
    "no_such_code": _t("None of the requests you can see has this code."),
    "person_filter": _t("Showing one person's requests (search by name)."),
    "clear_search": _t("Clear the search"),
    "same_person": _t("Other requests with the same name"),
    "change_password": _t("Change password"),
    "current_password": _t("Current password"),
    "new_password": _t("New password (12 characters or more)"),
    "new_password_again": _t("New password again"),
    "password_hint": _t("Changing the password ends all your sessions: you will sign in again."),
    "password_changed": _t("Your password has been changed. Sign in with the new one."),
    "queue_sealed": _t(
        "The vault is sealed: names and new-reply markers are hidden, but requests can still "
        "be sorted and assigned."
    ),
    "vault_intro": _t(
        "While the vault is sealed, personal data cannot be read, and intake keeps working. After "
        "a restart the server is always sealed."
    ),
    "unlock": _t("Unlock"),
    "seal": _t("Seal now"),
    "seal_hint": _t(
        "The key is dropped from memory at once, and every staff member is signed out."
    ),
    "bad_passphrase": _t("Wrong passphrase."),
    "may_not_unlock": _t("This account holds no key to the vault."),
    "keyholder_down": _t("The key-holder is not running. Restart “objector run”."),
    "unlock_access": _t("Vault key"),
    "holds_key": _t("holds one"),
    "key_pending": _t("granted, awaiting a passphrase"),
    "grant_key": _t("Grant a key"),
    "revoke_key": _t("Revoke the key"),
    "cosign": _t(
        "A colleague who already holds a key confirms this with their own unlock passphrase (they "
        "type it here themselves)."
    ),
    "cosign_username": _t("Colleague's username"),
    "cosign_passphrase": _t("Colleague's unlock passphrase"),
    "cosign_refused": _t(
        "The confirmation did not work: it needs a colleague who holds a key, and their unlock "
        "passphrase."
    ),
    "set_passphrase": _t(
        "You have been granted a key to the vault. Choose your unlock passphrase (at least 12 "
        "characters, not your password)."
    ),
    "set_passphrase_sealed": _t(
        "You have been granted a key to the vault. You can choose your passphrase while the vault "
        "is unlocked."
    ),
    "weak_passphrase": _t("The passphrase must be at least 12 characters and not your password."),
    "forbidden": _t("Your role has no access to this page."),
    "setup": _t("First run"),
    "setup_intro": _t(
        "Create the organisation and its first administrator. The setup code is printed in the "
        "console where “objector run” is running."
    ),
    "setup_code": _t("Setup code"),
    "bad_setup_code": _t("Wrong setup code."),
    "organisation": _t("Organisation's name"),
    "passphrase": _t("Unlock passphrase"),
    "passphrase_again": _t("Unlock passphrase again"),
    "passphrase_hint": _t(
        "At least 12 characters, not the password. It unlocks the store of personal data; without "
        "it nobody can read them."
    ),
    "passphrase_mismatch": _t("The passphrases differ."),
    "create": _t("Create"),
    "team": _t("Team"),
    "add_staff": _t("Add a staff member"),
    "first_name": _t("First name"),
    "last_name": _t("Last name"),
    "role": _t("Role"),
    "districts": _t("Districts"),
    "active": _t("Active"),
    "deactivate": _t("Deactivate"),
    "role_administrator": _t("administrator"),
    "role_coordinator": _t("coordinator"),
    "role_lawyer": _t("lawyer"),
    "role_analyst": _t("analyst"),
    "switch": _t("Русский"),
    "yes": _t("yes"),
    "no": _t("no"),
    "saved": _t("Saved."),
    # navigation
    "queue": _t("Queue"),
    "my_cases": _t("My cases"),
    "deadlines": _t("Deadlines"),
    "my_deadlines": _t("My deadlines"),
    "team_deadlines": _t("The team's deadlines"),
    "stats": _t("Statistics"),
    "templates": _t("Answer templates"),
    # queue
    "filters": _t("Filters"),
    "apply": _t("Show"),
    "reset": _t("Reset"),
    "any": _t("any"),
    "open": _t("open"),
    "category": _t("Category"),
    "personnel": _t("Service"),
    "district": _t("District"),
    "status": _t("Status", STAFF),
    "channel": _t("Channel"),
    "date_from": _t("Received from"),
    "date_to": _t("to"),
    "bad_date": _t("Dates must be written as YYYY-MM-DD."),
    "bad_filter": _t("Unknown filter value."),
    "found": _t("Found"),
    "reference": _t("Code"),
    "received": _t("Received", STAFF),
    "urgency": _t("Urgency"),
    "categories": _t("Categories"),
    "assignee": _t("Lawyer"),
    "nobody": _t("unassigned"),
    "previous": _t("← Previous"),
    "next": _t("Next →"),
    "page": _t("Page"),
    "with_selected": _t("With the selected"),
    "assign_to": _t("Assign to"),
    "suggested": _t("the suggested (by load and district)"),
    "set_status": _t("Set status"),
    "send_template": _t("Send a templated answer"),
    "do": _t("Do it"),
    "none_selected": _t("Nothing is selected."),
    "bulk_done": _t("Done: {n}."),
    "choose_action": _t("Choose one action."),
    # case
    "case": _t("Case"),
    "facts": _t("Facts"),
    "name": _t("Name"),
    "birth_date": _t("Date of birth"),
    "unit": _t("Unit"),
    "region": _t("Region"),
    "story": _t("Story"),
    "contact": _t("Contact"),
    "writer": _t("Who is writing"),
    "events": _t("Events"),
    "assessment": _t("Assessment"),
    "what_changed": _t("What changed"),
    "timeline": _t("Timeline"),
    "add_event": _t("Add an event"),
    "event": _t("Event"),
    "date": _t("Date"),
    "combat": _t("The order was to fight"),
    "note": _t("Note"),
    "add_note": _t("Add a note"),
    "notes_private": _t("Notes are seen by staff only."),
    "message": _t("Message to the requester"),
    "send": _t("Send"),
    "outcome": _t("Outcome"),
    "change_status": _t("Change the status"),
    "assign": _t("Assign"),
    "load": _t("open cases"),
    "suggestion": _t("Suggestion"),
    "add_deadline": _t("Add a deadline"),
    "what": _t("What"),
    "due": _t("Due", STAFF),
    "days_left": _t("Days left"),
    "done": _t("Done", STAFF),
    "mark_done": _t("Mark done"),
    "expired": _t("expired"),
    "no_deadlines": _t("No open deadlines."),
    "attachments": _t("Documents"),
    "documents_org": _t("Organisation documents"),
    "documents_org_help": _t(
        "Orders and rulings not tied to one case: the persons in them are matched to every case."
    ),
    "upload": _t("Upload"),
    "back": _t("Back"),
    "named_in": _t("The client is named in other documents"),
    "upload_help": _t(
        "PDF, JPEG, PNG, TIFF, HEIC, DOCX or text; the type is judged by the content."
    ),
    "no_documents": _t("No documents."),
    "file_missing": _t("No file was chosen."),
    "sealed_name": _t("(the vault is sealed)"),
    "document": _t("Document"),
    "document_pending": _t("being read"),
    "document_extracted": _t("read"),
    "document_failed": _t("could not be read"),
    "document_pending_help": _t("The text is being read; reload this page in a minute."),
    "kind": _t("Kind"),
    "kind_order": _t("order"),
    "kind_ruling": _t("court ruling"),
    "kind_letter": _t("letter"),
    "kind_other": _t("other document"),
    "number": _t("Number"),
    "court": _t("Court"),
    "articles": _t("Articles"),
    "anonymized": _t("Anonymized persons"),
    "custody": _t("Custody"),
    "original": _t("Original"),
    "same_file": _t("The same file was also uploaded"),
    "download": _t("Download"),
    "open_document": _t("Open the document"),
    "uploaded": _t("Uploaded"),
    "uploaded_by": _t("by"),
    "channel_web": _t("case page"),
    "channel_telegram": _t("Telegram bot"),
    "channel_bulk": _t("organisation upload"),
    "size": _t("Size"),
    "pages": _t("Pages"),
    "persons": _t("Persons"),
    "no_persons": _t("No persons found."),
    "rank": _t("Rank"),
    "middle_name": _t("Middle name"),
    "personal_number": _t("Personal number"),
    "person_role": _t("Role"),
    "mentions": _t("Mentioned on pages"),
    "initials_only": _t("initials only"),
    "check_image": _t("read with low confidence: check it against the image"),
    "corrected": _t("corrected"),
    "correct": _t("Correct"),
    "save": _t("Save"),
    "matching_cases": _t("Matches cases"),
    "page_image": _t("Page image"),
    "page_text": _t("Page text"),
    "role_person_subject": _t("subject of the order"),
    "role_person_plaintiff": _t("plaintiff"),
    "role_person_judge": _t("judge"),
    "role_person_secretary": _t("secretary"),
    "role_person_signatory": _t("signatory"),
    "role_person_representative": _t("representative"),
    "role_person_mentioned": _t("mentioned"),
    # Why the nominative of a name may be wrong though every letter was read right
    # (extraction.model.UNCERTAIN).
    "uncertain_case": _t("the case is not settled: the form of the name may be wrong"),
    "uncertain_fleeting_vowel": _t("the surname's fleeting vowel is not settled (-ок/-ек)"),
    "uncertain_surname_form": _t("the surname may end in -ая or in -а (Луговая or Лугова)"),
    "uncertain_first_name": _t(
        "the first name is not in the dictionary: its nominative is inferred"
    ),
    "uncertain_ambiguous_initials": _t("the initials fit more than one namesake"),
    "person_last_required": _t("The last name is required."),
    "person_bad_role": _t("Unknown role."),
    "person_bad_birth_date": _t(
        "Not a date of birth that can be: write 12.03.1999, 03.1999 or the year alone (1999), "
        "from 1940 and at least 16 years ago."
    ),
    "staff": _t("staff"),
    "requester": _t("requester"),
    "entry_event": _t("event"),
    "entry_note": _t("note"),
    "entry_message_out": _t("answer to the requester"),
    "entry_message_in": _t("message from the requester"),
    "entry_status": _t("status"),
    "entry_assignment": _t("assignment"),
    "no_change": _t("The assessment did not change."),
    "outcome_needed": _t("To close a case, give its outcome."),
    "bad_transition": _t("The status cannot change that way."),
    "empty_text": _t("The text is empty."),
    "too_long": _t("The text is too long."),
    "not_a_lawyer": _t("Choose a lawyer from the list."),
    # templates
    "title": _t("Title"),
    "body_ru": _t("Text in Russian"),
    "body_en": _t("Text in English"),
    "no_templates": _t("No templates yet."),
    # statistics
    "stats_intro": _t(
        "Counts only, no personal data. Values below {k} are hidden, so that no figure identifies "
        "a person."
    ),
    "by_week": _t("By week"),
    "count": _t("Count"),
    "week": _t("Week"),
    "total": _t("Total"),
}

STATUS = {
    "new": _t("new"),
    "triaged": _t("triaged"),
    "assigned": _t("assigned"),
    "in_progress": _t("in progress"),
    "closed": _t("closed"),
}

OUTCOME = {
    "appeal_won": _t("appeal won"),
    "appeal_lost": _t("appeal lost"),
    "charges_dropped": _t("charges dropped"),
    "sentenced": _t("sentenced"),
    "discharged": _t("discharged"),
    "left_country": _t("left the country"),
    "advice_given": _t("advice given"),
    "no_contact": _t("no contact"),
    "withdrawn": _t("request withdrawn"),
}

CHANNEL = {"web": _t("web"), "telegram": _t("Telegram")}


def staff_lang(request: HttpRequest) -> str:
    lang = getattr(request.user, "language", None)
    if lang in ("ru", "en"):
        return str(lang)
    return "en" if request.GET.get("lang") == "en" else "ru"


def pick(table: dict[str, Text], lang: str) -> dict[str, str]:
    with translation.override(lang):
        return {key: text.now() for key, text in table.items()}


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
