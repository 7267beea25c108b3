"""``python -m wallet.cli``: the same command line as ``mydata-wallet``."""

from wallet.cli import main

if __name__ == "__main__":
    main()
