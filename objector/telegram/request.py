"""python-telegram-bot's networking over aiohttp.

The library's default backend, httpx, spent about 3 ms of CPU per Bot API call in its connection
pool at the surge's concurrency (profiled with bench/telegram_surge.py: 80 % of the bot's time).
The library makes its backend pluggable (`telegram.request.BaseRequest`), and aiohttp, already
here for the fake server, is several times lighter; the Bot API semantics (error codes,
RetryAfter, timeouts) stay the library's.
"""

from __future__ import annotations

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_DEFAULT = type(BaseRequest.DEFAULT_NONE)


class AiohttpRequest(BaseRequest):
    def __init__(self, *, connections: int = 32, read_timeout: float = 20.0) -> None:
        self._connections = connections
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        if request_data is not None and request_data.contains_files:
            raise NotImplementedError("the bot never uploads files")
        read = self._read_timeout if isinstance(read_timeout, _DEFAULT) else read_timeout
        connect = 10.0 if isinstance(connect_timeout, _DEFAULT) else connect_timeout
        timeout = aiohttp.ClientTimeout(
            total=None,
            sock_read=read,  # type: ignore[arg-type]
            sock_connect=connect,  # type: ignore[arg-type]
        )
        data = request_data.json_parameters if request_data is not None else None
        try:
            async with self._session.request(method, url, data=data, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise NetworkError(f"aiohttp: {type(exc).__name__}") from exc
