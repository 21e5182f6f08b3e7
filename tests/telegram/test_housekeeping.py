"""What the bot forgets, and when: handled updates after Telegram's re-delivery window (but never
the newest, which polling resumes from), sent calls, and conversations abandoned before they
became a request. Against the real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from objector.telegram import actions
from objector.telegram.keys import user_index
from objector.telegram.models import Chat, InboxUpdate, Outbox

pytestmark = pytest.mark.django_db


def test_old_handled_updates_go_but_the_newest_stays_for_the_offset(settings) -> None:
    old = timezone.now() - timedelta(days=3)
    for update_id in (10, 11, 12):
        InboxUpdate.objects.create(update_id=update_id, received_at=old, processed_at=old)
    InboxUpdate.objects.create(update_id=9, received_at=old)  # never processed: kept
    assert actions.inbox_offset() == 13
    forgotten = actions.housekeeping()
    assert forgotten["inbox"] == 2
    assert sorted(InboxUpdate.objects.values_list("update_id", flat=True)) == [9, 12]
    assert actions.inbox_offset() == 13


def test_abandoned_conversations_and_sent_calls_are_forgotten(settings) -> None:
    settings.TELEGRAM_IDLE_DAYS = 14
    long_ago = timezone.now() - timedelta(days=15)
    idle = Chat.objects.create(user_index=user_index(1), updated_at=long_ago)
    active = Chat.objects.create(user_index=user_index(2))
    actions.outbox_add(idle, "sendMessage", {"chat_id": 1, "text": "x"})
    actions.outbox_add(active, "sendMessage", {"chat_id": 2, "text": "y"})
    Outbox.objects.filter(chat=active).update(sent_at=long_ago, payload=b"")
    forgotten = actions.housekeeping()
    assert forgotten == {"inbox": 0, "outbox": 1, "chats": 1}
    assert list(Chat.objects.all()) == [active]
    assert not Outbox.objects.exists()  # the idle chat's unsent call went with it


def test_a_message_over_telegrams_limit_goes_as_several_in_order() -> None:
    text = "а" * 4096 + "б" * 4096 + "в" * 10
    actions.outbox_add(None, "sendMessage", {"chat_id": 3, "text": text, "reply_markup": {"k": 1}})
    calls = actions.outbox_due()
    assert [len(c.params["text"]) for c in calls] == [4096, 4096, 10]
    assert "".join(c.params["text"] for c in calls) == text
    assert [("reply_markup" in c.params) for c in calls] == [False, False, True]


def test_one_chats_deletions_go_in_one_call_once_the_oldest_is_due() -> None:
    chat = Chat.objects.create(user_index=user_index(4))
    for ids in ([1, 2], [3], [4, 5]):
        actions.outbox_add(chat, "deleteMessages", {"chat_id": 4, "message_ids": ids})
    assert actions.outbox_due() == []  # not yet: deletions wait to be merged
    Outbox.objects.filter(pk=Outbox.objects.order_by("id").first().pk).update(
        not_before=timezone.now() - timedelta(seconds=1)
    )
    (call,) = actions.outbox_due()
    assert call.method == "deleteMessages" and call.params["message_ids"] == [1, 2, 3, 4, 5]
    assert len(call.pks) == 3


def test_a_malformed_update_is_set_aside_and_the_others_processed(admin) -> None:
    """The webhook stores any object with a whole-number update_id; one that is not a Telegram
    update must not stop everyone else's (it would fail its batch on every try)."""
    good = {
        "update_id": 21,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 77, "type": "private"},
            "from": {"id": 77, "is_bot": False, "first_name": "U"},
            "text": "/start",
        },
    }
    bad = {"update_id": 20, "message": {"from": {}, "chat": {}}}
    actions.inbox_store([bad, good])
    assert actions.inbox_process() == 2
    kept = InboxUpdate.objects.get(update_id=20)
    assert kept.processed_at is None and kept.attempts == 1 and kept.error == "KeyError"
    assert InboxUpdate.objects.get(update_id=21).processed_at is not None
    assert Chat.objects.count() == 1
    for _ in range(actions.MAX_ATTEMPTS - 1):
        actions.inbox_process()
    kept.refresh_from_db()
    assert kept.processed_at is not None and kept.attempts == actions.MAX_ATTEMPTS
