"""What other parts of the product may react to, without the vault importing them."""

from django.dispatch import Signal

# The vault was unlocked (staff=Staff): work that waited for the key may run now.
unlocked = Signal()

# The key was dropped (seal, or the key-holder went away) and this process is clearing what it
# kept in plaintext (objector.vault.plaintext.drop): apps that hold names in memory forget them.
sealed = Signal()
