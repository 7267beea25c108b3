"""The frozen program's start: the ``mydata-wallet`` command (wallet.cli:main), which opens the app with no command."""

from wallet.cli import main

if __name__ == "__main__":
    main()
