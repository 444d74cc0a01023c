"""gunicorn settings for yanvar, used by ``yanvar serve`` and by the production command::

    gunicorn --config python:yanvar.gunicorn_conf --workers 2 --bind 127.0.0.1:8080 \\
        'yanvar:create_app()'

Every name below is a gunicorn setting; command-line flags override them.
"""

from __future__ import annotations

import logging
import os
from typing import Any

# Load the app (the store, the query workers' zygote) once, before forking the workers.
preload_app = True
# Threads let one server process wait on several query workers at once.
worker_class = "gthread"
threads = 4
# gunicorn's own worker timeout must outlast the query timeout (SPARQL_TIMEOUT answers 503).
timeout = 90
# The default control socket is one per user: several servers on one machine would clash.
control_socket_disable = True


def worker_exit(server: Any, worker: Any) -> None:
    """End a worker without running C++ static destructors.

    Once RocksDB (an on-disk ``--data`` store) has been used, a process forked after that
    crashes (SIGSEGV) when it exits normally: RocksDB's static state joins threads that
    only the parent had. The worker's own work is done here, so it leaves at once.
    """
    logging.shutdown()
    os._exit(0)
