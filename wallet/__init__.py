"""MyData Wallet: a local-first, encrypted personal data wallet.

The core (everything in this package except :mod:`wallet.ui`) imports no Qt,
so the CLI, the tests and the desktop app all call the same functions.
"""

__version__ = "0.1.0"
