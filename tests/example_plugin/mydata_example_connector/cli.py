"""The example plug-in's command-line part: ``mydata-wallet example-weight``.

Registered in the entry-point group ``mydata_wallet.cli`` under the connector's id,
as every plug-in part is (see wallet/imports/connector.py).
"""

from __future__ import annotations

import click

from mydata_example_connector import WeightLogConnector
from wallet.cli.termsafe import echo


def register(group: click.Group) -> None:
    """Add ``example-weight`` to the ``mydata-wallet`` command."""

    @group.command("example-weight")
    def example_weight() -> None:
        """Say what the example weight log connector reads."""
        echo(f"{WeightLogConnector.name}: {WeightLogConnector.accepts}")
