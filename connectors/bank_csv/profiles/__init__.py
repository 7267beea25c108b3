"""Built-in bank CSV layout profiles (TOML data files)."""
