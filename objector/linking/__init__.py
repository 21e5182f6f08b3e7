"""Person linking: which mentions (in orders, rulings, requests, Telegram, the press) name one
person. Plain Python, no Django.

`link(mentions)` reads each name (`normalise`), blocks on its surname key, scores pairs
(`link.compare`) and clusters them without crossing cannot-link evidence. `objector link` is its
command line (`cli`).
"""

from __future__ import annotations

from .link import Evidence, Mention, Result, link

__all__ = ["Evidence", "Mention", "Result", "link"]
