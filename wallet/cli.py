"""The ``mydata-wallet`` command line.  It calls the same core functions as the GUI.

Every user error prints one line on stderr and exits non-zero; no traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from wallet import __version__

# Feature modules that add their own commands; each exposes register(group).
FEATURE_MODULES: tuple[str, ...] = ()


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="mydata-wallet")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """MyData Wallet: your personal data, encrypted, on your own computer."""


def _register_features() -> None:
    for name in FEATURE_MODULES:
        importlib.import_module(f"wallet.{name}").register(cli)


_register_features()


def main() -> None:
    cli(prog_name="mydata-wallet")


if __name__ == "__main__":
    sys.exit(main())
