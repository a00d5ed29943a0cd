"""``python -m local`` (``make run``). The stop signals are caught before anything heavy is imported, so that
Ctrl-C at any moment of a start stops the stack without a traceback."""

import sys

from local.stopping import Stop, raise_on_signal

if __name__ == "__main__":
    raise_on_signal()
    try:
        from local.stack import main

        code = main()
    except Stop:
        code = 0
    sys.exit(code)
