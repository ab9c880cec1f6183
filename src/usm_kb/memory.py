"""Give memory freed by a finished phase back to the operating system.

Validation holds its data twice, once per engine (an Oxigraph store for the SHACL-SPARQL
constraints, an rdflib graph for pyshacl), and runs the two phases one after the other so
that a big workspace is never held twice at once. The store's memory is Rust heap, which the
C allocator keeps for reuse once freed; Python's own small objects come from separate
arenas and would not reuse it, so the peak would still be the sum of both phases. glibc's
``malloc_trim`` returns the free pages; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import sys


def release_free_memory() -> bool:
    """Return free heap pages to the OS (glibc); False where the C library cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # musl and others: no malloc_trim
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return bool(trim(0))
