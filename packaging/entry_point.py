"""The frozen program's start: the ``mydata-wallet`` command (wallet.cli:main), which opens the app with no command;
or, asked with ``--mydata-wallet-worker MODULE``, one of the wallet's worker processes (wallet.imports.offload)."""

import sys

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--mydata-wallet-worker":
        from wallet.imports.offload import run_worker

        run_worker(sys.argv[2])
    else:
        from wallet.cli import main

        main()
