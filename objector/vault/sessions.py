"""Sessions stored under a hash of their key (SESSION_ENGINE = "objector.vault.sessions").

Django's database engine stores the session key as the browser sends it, so a copy of the
database (a backup, a seized disk) holds live cookies: replayed, a staff session opened cases on
the running server past the password and the second factor. Here the row's primary key is a
hash of the cookie's key. The key has about 165 random bits, so an unkeyed hash cannot be
reversed, and none of the service's secrets is needed to check it: a stolen SECRET_KEY adds
nothing. The cookie still carries the key itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone


def stored_key(session_key: str) -> str:
    """What the database keeps for a session key: 40 hex characters, the column's width."""
    return hashlib.blake2b(
        session_key.encode(), digest_size=20, person=b"objector-session"
    ).hexdigest()


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        if not self.session_key:
            return None
        found = Session.objects.filter(
            session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
        ).first()
        if found is None:
            self._session_key = None
        return found

    async def _aget_session_from_db(self) -> Session | None:
        if not self.session_key:
            return None
        found = await Session.objects.filter(
            session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
        ).afirst()
        if found is None:
            self._session_key = None
        return found

    def exists(self, session_key: str) -> bool:
        return Session.objects.filter(session_key=stored_key(session_key)).exists()

    async def aexists(self, session_key: str) -> bool:
        return await Session.objects.filter(session_key=stored_key(session_key)).aexists()

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        return Session(
            session_key=stored_key(self._get_or_create_session_key()),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )

    async def acreate_model_instance(self, data: dict[str, Any]) -> Session:
        return Session(
            session_key=stored_key(await self._aget_or_create_session_key()),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=await self.aget_expiry_date(),
        )

    def delete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key:
            Session.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key:
            await Session.objects.filter(session_key=stored_key(session_key)).adelete()
