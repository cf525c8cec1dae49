"""One writer per data file: an operating-system lock on the data file itself.

The lock belongs to the file, not to a name. It is taken on an open descriptor of the
data file, so every way of reaching the file — a symbolic link, a hard link, the file
renamed or moved while open — meets the same lock, and there is no lock file that could
be deleted. The operating system releases it when the process ends, however it ends, so
a crash never blocks the next start. (Versions before this one locked a ``FILE.lock``
beside the file; such a file left behind is ignored.)

- POSIX (Linux, UOS, Kylin, macOS): ``flock(LOCK_EX | LOCK_NB)`` on the descriptor.
  flock locks belong to the open file description and are independent of the fcntl
  record locks SQLite takes on the same file, so they never disturb SQLite's own locking;
  and a second Store in the same process is refused too (record locks would not be).
  On NFS, Linux emulates flock with record locks: the data file belongs on a local disk
  or a USB stick.
- Windows: ``msvcrt.locking`` of one byte at :data:`LOCK_OFFSET`. Windows byte-range locks
  are mandatory — a locked byte cannot be read or written through any other handle,
  SQLite's own included — so the byte is one SQLite never touches: in its lock-byte page
  (the page holding offset 2**30, never used for data), just past the 512 bytes SQLite
  locks there itself (PENDING, RESERVED and the SHARED range). A data file is far smaller
  than 1 GB, so the byte lies beyond the end of the file (lockable, and no reader of the
  file ever reaches it), and below 2**31 for C runtimes with 32-bit offsets. The lock is
  undone before the descriptor is closed (Windows releases a closed handle's locks only
  "eventually").

:func:`platform_calls` picks the pair of functions for a platform; tests inject a
stand-in ``msvcrt`` to run the Windows branch anywhere.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pathlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import Any

# SQLite's own Windows locks: PENDING_BYTE = 2**30, RESERVED = +1, SHARED = +2 … +511.
SQLITE_LOCK_BYTES = range(0x40000000, 0x40000200)
LOCK_OFFSET = 0x40000200


@dataclass(frozen=True)
class LockCalls:
    """Taking (without waiting) and undoing the writer's lock on an open descriptor."""

    try_lock: Callable[[int], bool]
    unlock: Callable[[int], None]


def posix_calls(fcntl: Any) -> LockCalls:
    def try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    return LockCalls(try_lock, unlock)


def windows_calls(msvcrt: Any) -> LockCalls:
    def try_lock(fd: int) -> bool:
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)  # msvcrt.locking locks from the current position
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # held by another handle (another process, or another Store here)
            return False
        return True

    def unlock(fd: int) -> None:
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):  # not held: nothing to undo
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    return LockCalls(try_lock, unlock)


def platform_calls(platform: str = sys.platform,
                   import_module: Callable[[str], ModuleType] = importlib.import_module) -> LockCalls:
    if platform == "win32":
        return windows_calls(import_module("msvcrt"))
    return posix_calls(import_module("fcntl"))


SYSTEM_CALLS = platform_calls()


class WriterLock:
    """An exclusive, non-blocking lock on a data file, held while a Store may write."""

    def __init__(self, fd: int, calls: LockCalls) -> None:
        self._fd: int | None = fd
        self._calls = calls

    @classmethod
    def acquire(cls, data_path: pathlib.Path, calls: LockCalls | None = None) -> WriterLock | None:
        """The lock on the file at ``data_path`` (created empty when missing), or None when
        another writer holds it. OSError when the file cannot be opened for writing."""
        calls = calls or SYSTEM_CALLS
        fd = os.open(data_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        if not calls.try_lock(fd):
            os.close(fd)
            return None
        return cls(fd, calls)

    def holds(self, path: pathlib.Path) -> bool:
        """Whether the file now at ``path`` is the locked one (not replaced meanwhile)."""
        if self._fd is None:
            return False
        try:
            return os.path.samestat(os.fstat(self._fd), os.stat(path))
        except OSError:
            return False

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            self._calls.unlock(fd)
        finally:
            os.close(fd)


def held_elsewhere(path: pathlib.Path) -> bool:
    """Whether a writer (in another process, or another Store here) holds the file at ``path``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        if not SYSTEM_CALLS.try_lock(fd):
            return True
        SYSTEM_CALLS.unlock(fd)
        return False
    finally:
        os.close(fd)
