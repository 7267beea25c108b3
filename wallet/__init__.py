"""MyData Wallet: a local-first, encrypted personal data wallet.

The core (everything in this package except :mod:`wallet.ui`) imports no Qt,
so the CLI, the tests and the desktop app all call the same functions.
"""


def _version() -> str:
    """The one version number: pyproject.toml's (a checkout), else the installed package's metadata.

    A checkout reads pyproject.toml itself, so an editable install whose metadata predates a version
    change still says the new one; an installed wheel and the frozen build (which carries the
    package's metadata, see packaging/mydata-wallet.spec) have no pyproject.toml beside the package.
    """
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            project = {}
        if project.get("name") == "mydata-wallet" and isinstance(project.get("version"), str):
            return str(project["version"])
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mydata-wallet")
    except PackageNotFoundError:
        return "0+unknown"


__version__: str = _version()
