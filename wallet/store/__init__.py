"""Storage layer: the encrypted vault, its keys, migrations, audit log and files."""
