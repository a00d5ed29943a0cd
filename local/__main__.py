"""``python -m local`` (``make run``). The stop signals are caught before anything heavy is imported, so that
Ctrl-C at any moment of a start stops the stack without a traceback.

Once ``main`` has stopped everything it started (server, workers, moto, state file), the process ends without
tearing down the interpreter, which with moto and the app imported took seconds on a busy machine and had nothing
left to clean up: one collection runs the finalizers still due (multiprocessing unlinks its semaphores in them),
and the output is flushed.
"""

import gc
import os
import sys

from local.stopping import Stop, raise_on_signal

if __name__ == "__main__":
    raise_on_signal()
    try:
        from local.stack import main

        code = main()
    except Stop:
        code = 0
    gc.collect()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
