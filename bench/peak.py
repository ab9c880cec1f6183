"""Run a command and write its peak resident set (KiB) to a file: ``peak.py OUT CMD ARGS...``.

Linux keeps a process's memory high-water mark across ``exec``, so a child started directly by
a bench that holds a large workspace in memory reports the bench's size as its own peak. This
launcher is small when it starts the command, so the command's figure is its own.
"""

import os
import sys

pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w", encoding="ascii") as out:
    out.write(f"{usage.ru_maxrss}\n")
sys.exit(os.waitstatus_to_exitcode(status))
