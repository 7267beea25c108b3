"""The built-in connectors, one plug-in package each; wallet.imports.registry finds them by their entry points."""
