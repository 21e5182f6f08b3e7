import asyncio
from typing import Any

import aiohttp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from objector.telegram.scripted import SAMPLE_ANSWERS, FakeUser, ScriptError


class Command(BaseCommand):
    help = (
        "A scripted conversation with the bot through the fake Bot API: a synthetic person "
        "answers the questionnaire, gets a receipt, writes to their lawyer and asks /status. "
        "Start `objector run --fake-telegram` first. Prints the conversation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--api", default=settings.TELEGRAM_API, help="the fake Bot API")
        parser.add_argument("--user", type=int, default=424242, help="the fake Telegram user")
        parser.add_argument("--lang", choices=["ru", "en"], default="ru")

    def handle(self, *args: Any, api: str, user: int, lang: str, **options: Any) -> None:
        if api.startswith("https://api.telegram.org"):
            raise CommandError(
                "point --api (or OBJECTOR_TELEGRAM_API) at `objector fake-telegram`, not Telegram"
                " / укажите в --api адрес `objector fake-telegram`, а не Telegram"
            )
        try:
            transcript = asyncio.run(self._converse(api, user, lang))
        except (ScriptError, aiohttp.ClientError) as exc:
            raise CommandError(f"the conversation failed / разговор не удался: {exc}") from exc
        self.stdout.write("\n".join(transcript))

    async def _converse(self, api: str, user_id: int, lang: str) -> list[str]:
        async with aiohttp.ClientSession() as session:
            person = FakeUser(session, api, user_id, lang)
            await person.complete_intake(SAMPLE_ANSWERS)
            await person.say("Синтетическое дополнение: сегодня пришла повестка.")
            await person.until(lambda m: m["text"].startswith("✓"))
            await person.say("/status")
            await person.until(lambda m: "Обращение" in m["text"] or "Request" in m["text"])
            return person.transcript
