"""Smoke check: a program runs as one of the wallet's worker processes when asked (``--mydata-wallet-worker``).

    python3 packaging/worker_check.py PROGRAM [ARGS...]

Sends the worker a request it can answer with the standard library alone (``dict(context=...)``: one item,
the word ``context``) and checks its answer: the items, then the end.  Run by ``packaging/smoke.sh`` against
the built program, and by the tests against ``packaging/entry_point.py`` (wallet/imports/offload.py).
"""

import pickle
import subprocess
import sys


def main() -> int:
    command = [*sys.argv[1:], "--mydata-wallet-worker", "wallet.imports.offload"]
    request = pickle.dumps(("builtins:dict", ()))
    out = subprocess.run(command, input=request, capture_output=True, timeout=120, check=False).stdout
    answers = []
    while out:
        size = int.from_bytes(out[:8], "little")
        answers.append(pickle.loads(out[8 : 8 + size]))  # noqa: S301 - from the program this started
        out = out[8 + size :]
    if answers != [("items", ["context"], None, None), ("end",)]:
        print(f"the worker answered {answers!r}", file=sys.stderr)
        return 1
    print("the program runs as a reading worker")
    return 0


if __name__ == "__main__":
    sys.exit(main())
