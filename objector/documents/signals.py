"""What other parts of the product may react to, without documents importing them."""

from django.dispatch import Signal

# A document read again: its extracted persons were replaced (document=Document, replaced=the
# number of rows deleted). Sent inside the transaction that replaces them, so that what a
# receiver writes commits or rolls back with the new reading.
persons_replaced = Signal()

# A lawyer corrected the name (or unit, or birth date) of a document's extracted person
# (document=Document, person=DocumentPerson). The row stays, and so may its registry mention,
# which was linked under the old spelling. Sent inside the correction's transaction.
person_corrected = Signal()

# Documents of cases shredded while the vault was sealed, deleted at the next unlock (ids=the
# documents' ids; their persons and mentions went with them, by the cascade). Sent inside the
# transaction that deletes them.
documents_forgotten = Signal()

# Cases shredded while the vault was sealed, their documents now deleted at the next unlock
# (case_ids=the requests' ids): what else only the key finds of them goes too (the bot's
# receipts, telegram.receivers). Sent inside the same transaction, before the cases' notes go.
cases_forgotten = Signal()
