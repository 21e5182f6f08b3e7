"""The person registry: who is who across requests, Telegram and documents (issue #16).

A thin Django app over the plain-Python linking core (`objector.linking`): every request's
subject, every Telegram requester and every person extracted from a document is a `Mention`;
the worker links each new one (`registry`) while the vault is unlocked, and lawyers merge and
split persons (`actions`). Persisted persons hold only ids: the names stay sealed in the rows
they came from.
"""
