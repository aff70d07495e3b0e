#!/usr/bin/python3
"""maxrss.py OUT CMD [ARGS...] - run CMD (stdin/stdout/stderr passed
through), write its peak resident memory in KB to the file OUT, exit with
CMD's status.  Used by tests instead of /usr/bin/time (not always installed)."""
import resource
import subprocess
import sys

rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc if rc >= 0 else 128 - rc)
