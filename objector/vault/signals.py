"""What other parts of the product may react to, without the vault importing them."""

from django.dispatch import Signal

# The vault was unlocked (staff=Staff): work that waited for the key may run now.
unlocked = Signal()
