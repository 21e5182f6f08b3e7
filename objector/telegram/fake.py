"""`objector fake-telegram`: a Bot API server on loopback, for tests, the demo and the surge
benchmark, so the bot can be tried without Telegram.

It implements the methods the bot uses (getMe, getUpdates, setWebhook, deleteWebhook,
getWebhookInfo, sendMessage, deleteMessage(s), editMessageReplyMarkup, answerCallbackQuery,
getFile and the file download) with Telegram's shapes and error codes, including 429 with
`retry_after` on demand. Scripted users write to the bot through a small control API under
/_fake/ (see FakeUser below). No library offers this server, hence our own; aiohttp serves it.

It is a test double, not a Telegram: one bot, private chats, state in memory.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import ipaddress
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Objector", "username": "objector_bot"}
MAX_TEXT = 4096


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int = 0) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


@dataclass
class ChatLog:
    """One private chat, as its user's phone would show it."""

    user_id: int
    next_id: int = 1
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # visible, by id
    events: list[dict[str, Any]] = field(default_factory=list)  # what the bot did, in order
    # One condition per chat: a thousand users waiting for their replies are not all woken
    # by every message.
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)


def _number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: expected a number, got {value!r}") from None


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.updates: list[dict[str, Any]] = []  # not yet acknowledged
        self.next_update_id = 1
        self.chats: dict[int, ChatLog] = {}
        self.files: dict[str, bytes] = {}
        self.callbacks: set[str] = set()
        self.webhook: dict[str, Any] | None = None
        self.calls: Counter[str] = Counter()
        self.deliveries: Counter[int] = Counter()  # update_id -> times handed to the bot
        self.flood_every = 0  # every Nth sendMessage gets 429
        self.retry_after = 1
        self.new_updates = asyncio.Condition()

    # The Bot API

    async def api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        self.calls[method] += 1
        try:
            result = await handler(params)
        except ApiError as exc:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.retry_after:
                body["parameters"] = {"retry_after": exc.retry_after}
            return web.json_response(body, status=exc.code)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post() if request.can_read_body else {}
        params: dict[str, Any] = dict(request.query)
        for key, value in form.items():
            text = value if isinstance(value, str) else ""
            # The library sends lists and objects as JSON strings.
            params[key] = json.loads(text) if text[:1] in ("[", "{") else text
        return params

    async def _m_getMe(self, p: dict[str, Any]) -> Any:
        return BOT_USER

    async def _m_getUpdates(self, p: dict[str, Any]) -> Any:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = _number(p.get("offset") or 0)
        limit = min(_number(p.get("limit") or 100), 100)
        timeout = min(float(p.get("timeout") or 0), 50.0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout:
            async with self.new_updates:  # checked again under the lock: no wake-up is missed
                if not self.updates:
                    await _wait(self.new_updates, timeout)
        batch = self.updates[:limit]
        for update in batch:
            self.deliveries[update["update_id"]] += 1
        return batch

    async def _m_setWebhook(self, p: dict[str, Any]) -> Any:
        self.webhook = {"url": p["url"], "secret": p.get("secret_token", "")}
        return True

    async def _m_deleteWebhook(self, p: dict[str, Any]) -> Any:
        self.webhook = None
        return True

    async def _m_getWebhookInfo(self, p: dict[str, Any]) -> Any:
        return {"url": (self.webhook or {}).get("url", ""), "pending_update_count": 0}

    def _chat(self, p: dict[str, Any]) -> ChatLog:
        chat_id = _number(p.get("chat_id"))
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[chat_id]

    async def _m_sendMessage(self, p: dict[str, Any]) -> Any:
        chat = self._chat(p)
        if self.flood_every and self.calls["sendMessage"] % self.flood_every == 0:
            raise ApiError(
                429, f"Too Many Requests: retry after {self.retry_after}", self.retry_after
            )
        text = str(p.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        message: dict[str, Any] = {
            "message_id": chat.next_id,
            "date": int(time.time()),
            "chat": {"id": chat.user_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        chat.messages[chat.next_id] = message
        chat.next_id += 1
        await self._event(chat, {"kind": "message", "message": message})
        return message

    async def _m_editMessageReplyMarkup(self, p: dict[str, Any]) -> Any:
        chat = self._chat(p)
        message = chat.messages.get(_number(p.get("message_id")))
        if message is None or message["from"] is not BOT_USER:
            raise ApiError(400, "Bad Request: message to edit not found")
        message["reply_markup"] = p.get("reply_markup") or {}
        await self._event(chat, {"kind": "edit", "message": message})
        return message

    async def _m_deleteMessage(self, p: dict[str, Any]) -> Any:
        chat = self._chat(p)
        if chat.messages.pop(_number(p.get("message_id")), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _m_deleteMessages(self, p: dict[str, Any]) -> Any:
        chat = self._chat(p)
        ids = p.get("message_ids") or []
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise ApiError(400, "Bad Request: message_ids must list 1-100 messages")
        for message_id in ids:  # missing ones are skipped, as Telegram does
            chat.messages.pop(_number(message_id), None)
        return True

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> Any:
        query = str(p.get("callback_query_id"))
        if query not in self.callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        self.callbacks.discard(query)
        return True

    async def _m_getFile(self, p: dict[str, Any]) -> Any:
        file_id = str(p.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": f"documents/{file_id}",
        }

    async def download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        content = self.files.get(request.match_info["path"].rsplit("/", 1)[-1])
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content, content_type="application/octet-stream")

    async def _event(self, chat: ChatLog, event: dict[str, Any]) -> None:
        chat.events.append(json.loads(json.dumps(event)))
        async with chat.changed:
            chat.changed.notify_all()

    # What scripted users do

    async def user_action(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
            update = self._user_update(body)
        except (ValueError, KeyError, TypeError) as exc:
            return web.json_response({"error": f"bad action: {exc}"}, status=400)
        self.updates.append(update)
        async with self.new_updates:
            self.new_updates.notify_all()
        return web.json_response(update)

    def _user_update(self, body: dict[str, Any]) -> dict[str, Any]:
        user_id = int(body["user"])
        chat = self.chats.setdefault(user_id, ChatLog(user_id))
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User {user_id}",
            "language_code": body.get("language_code", "ru"),
        }
        update: dict[str, Any] = {"update_id": self.next_update_id}
        self.next_update_id += 1
        if "callback" in body:
            message = chat.messages.get(int(body["message_id"]))
            if message is None:
                raise ValueError("that message is not in the chat")
            query_id = f"q{update['update_id']}"
            self.callbacks.add(query_id)
            update["callback_query"] = {
                "id": query_id,
                "from": user,
                "chat_instance": str(user_id),
                "message": message,
                "data": body["callback"],
            }
            return update
        message = {
            "message_id": chat.next_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": body.get("chat_type", "private"), "first_name": "U"},
            "from": user,
        }
        chat.next_id += 1
        for key in ("text", "caption"):
            if key in body:
                message[key] = str(body[key])
        if "sticker" in body:
            message["sticker"] = {
                "file_id": "sticker",
                "file_unique_id": "sticker",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        if "voice" in body:
            message["voice"] = {"file_id": "v", "file_unique_id": "v", "duration": 3}
        for kind in ("document", "photo"):
            if kind in body:
                content = base64.b64decode(body[kind]["content"])
                file_id = f"f{update['update_id']}"
                self.files[file_id] = content
                size = int(body[kind].get("size", len(content)))
                ref = {"file_id": file_id, "file_unique_id": file_id, "file_size": size}
                if kind == "photo":
                    message["photo"] = [{**ref, "width": 800, "height": 600}]
                else:
                    message["document"] = {
                        **ref,
                        "file_name": body[kind].get("name", "file"),
                        "mime_type": body[kind].get("mime", "application/octet-stream"),
                    }
        if body.get("forward"):
            message["forward_origin"] = {"type": "hidden_user", "date": 0, "sender_user_name": "X"}
        chat.messages[message["message_id"]] = message
        update["edited_message" if body.get("edited") else "message"] = message
        return update

    async def chat_events(self, request: web.Request) -> web.Response:
        """The bot's actions in one chat after `after`, waiting up to `wait` seconds for one."""
        user_id = int(request.match_info["user"])
        after = int(request.query.get("after", 0))
        deadline = time.monotonic() + float(request.query.get("wait", 0))
        chat = self.chats.setdefault(user_id, ChatLog(user_id))
        async with chat.changed:
            while len(chat.events) <= after and (left := deadline - time.monotonic()) > 0:
                await _wait(chat.changed, left)
        events = chat.events[after:]
        visible = sorted(chat.messages)
        return web.json_response(
            {"events": events, "visible": visible, "next": after + len(events)}
        )

    async def state(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "pending_updates": len(self.updates),
                "created_updates": self.next_update_id - 1,
                "deliveries": {
                    "max": max(self.deliveries.values(), default=0),
                    "delivered": len(self.deliveries),
                },
                "calls": dict(self.calls),
                "webhook": bool(self.webhook),
                "chats": len(self.chats),
            }
        )

    async def configure(self, request: web.Request) -> web.Response:
        """429s on demand: every `flood_every`-th sendMessage, with `retry_after` seconds."""
        try:
            body = await request.json()
            flood_every = int(body.get("flood_every", self.flood_every))
            retry_after = int(body.get("retry_after", self.retry_after))
        except (ValueError, TypeError, AttributeError) as exc:
            return web.json_response({"error": f"bad configuration: {exc}"}, status=400)
        self.flood_every, self.retry_after = flood_every, retry_after
        return web.json_response({"flood_every": flood_every, "retry_after": retry_after})

    # Webhook mode: updates are pushed, in order, until the bot answers 200.

    async def push(self, app: web.Application) -> None:
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:
            while True:
                hook = self.webhook
                if not hook or not self.updates:
                    await asyncio.sleep(0.05)
                    continue
                update = self.updates[0]
                self.deliveries[update["update_id"]] += 1
                try:
                    async with session.post(
                        hook["url"],
                        json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": hook["secret"]},
                    ) as response:
                        if response.status == 200:
                            self.updates.pop(0)
                            continue
                except OSError:
                    pass
                await asyncio.sleep(0.2)


async def _wait(condition: asyncio.Condition, timeout: float) -> None:
    """Wait (holding the condition) until notified or `timeout` seconds pass."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(condition.wait(), max(timeout, 0))


FAKE = web.AppKey("fake", FakeTelegram)


def make_app(token: str) -> web.Application:
    fake = FakeTelegram(token)
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[FAKE] = fake
    app.router.add_route("*", "/bot{token}/{method}", fake.api)
    app.router.add_get("/file/bot{token}/{path:.+}", fake.download)
    app.router.add_post("/_fake/act", fake.user_action)
    app.router.add_get("/_fake/chat/{user}", fake.chat_events)
    app.router.add_get("/_fake/state", fake.state)
    app.router.add_post("/_fake/config", fake.configure)

    async def start_push(app: web.Application) -> Any:
        task = asyncio.create_task(fake.push(app))
        yield
        task.cancel()

    app.cleanup_ctx.append(start_push)
    return app


DEFAULT_TOKEN = "1000001:fake-token"  # noqa: S105 - the fake's, not a credential


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="objector fake-telegram",
        description="A fake Telegram Bot API on loopback, for trying the bot without Telegram.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    args = parser.parse_args(argv)
    try:
        loopback = ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        parser.error(
            f"--host must be a loopback address such as 127.0.0.1, not {args.host!r}"
            f" / --host должен быть локальным адресом, например 127.0.0.1, а не {args.host!r}"
        )
    url = f"http://{args.host}:{args.port}/"
    print(f"fake Telegram Bot API on {url} (token {args.token}) / тестовый Bot API: {url}")
    web.run_app(make_app(args.token), host=args.host, port=args.port, print=None, access_log=None)
    return 0
