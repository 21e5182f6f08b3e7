"""What other parts of the product may react to, without cases importing them."""

from django.dispatch import Signal

# After a lawyer's answer is stored: request=Request (opened), entry=Entry. Sent inside the
# transaction, so that what a receiver writes commits or rolls back with the answer.
message_sent = Signal()
# Requests were crypto-shredded: ids=list[int]. Inside the transaction, likewise.
requests_shredded = Signal()
