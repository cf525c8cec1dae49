"""One writer per data file: an OS lock on ``<file>.lock`` that dies with its process.

The lock is taken with ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows), both
released by the operating system when the process ends, however it ends; so a lock
file left behind by a killed process never blocks the next start. The file only names
the holder (its process id) for a curious human. It lives beside the data file, because
the lock must be seen by every program that can reach the data file, and it is removed
on a clean close.
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

LOCK_SUFFIX = ".lock"


def lock_path(data_path: pathlib.Path) -> pathlib.Path:
    return data_path.with_name(data_path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockCalls:
    """One platform's lock primitives on an open file descriptor."""

    try_lock: Callable[[int], bool]  # False when another holder has the lock
    unlock: Callable[[int], None]
    # POSIX can unlink a file that is open (and should, before unlocking, so that nobody
    # locks a doomed file); Windows cannot delete an open file: close first, then unlink.
    unlink_while_open: bool


def posix_calls(fcntl: ModuleType) -> LockCalls:
    def try_lock(fd: int) -> bool:
        # flock locks belong to the open file description: a second Store in the
        # same process is refused too (fcntl/POSIX record locks would not be).
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    return LockCalls(try_lock, unlock, unlink_while_open=True)


def windows_calls(msvcrt: ModuleType) -> LockCalls:
    """``msvcrt.locking`` locks bytes from the file position on: always byte 0 here, so
    every holder competes for the same byte (the pid written after locking moves the
    position, hence the seeks). The lock belongs to the handle: a second open of the
    same file in the same process is refused too, as with flock."""

    def try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # PermissionError (EACCES) while another handle holds it
            return False
        return True

    def unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    return LockCalls(try_lock, unlock, unlink_while_open=False)


SYSTEM_CALLS = windows_calls(importlib.import_module("msvcrt")) if sys.platform == "win32" else posix_calls(importlib.import_module("fcntl"))


class WriterLock:
    """An exclusive, non-blocking lock held while a Store may write."""

    def __init__(self, path: pathlib.Path, fd: int, calls: LockCalls) -> None:
        self.path = path
        self._fd: int | None = fd
        self._calls = calls

    @classmethod
    def acquire(cls, data_path: pathlib.Path, calls: LockCalls | None = None) -> WriterLock | None:
        """The lock, or None when another live process (or Store) holds it.

        OSError propagates when the lock file cannot be created at all. ``calls``: the
        platform's primitives, default SYSTEM_CALLS (tests run the Windows ones on Linux
        with a stand-in).
        """
        calls = calls or SYSTEM_CALLS
        path = lock_path(data_path)
        for _attempt in range(5):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            if not calls.try_lock(fd):
                os.close(fd)
                return None
            # A holder that closed between our open and our lock has unlinked the
            # file we locked; lock the file that is now at the path instead.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if same:
                _write_pid(fd)
                return cls(path, fd, calls)
            calls.unlock(fd)
            os.close(fd)
        return None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if self._calls.unlink_while_open:
            # POSIX: unlink while still holding the lock, so nobody locks a doomed file.
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self._calls.unlock(fd)
            os.close(fd)
            return
        self._calls.unlock(fd)
        os.close(fd)
        with contextlib.suppress(OSError):  # another process opened it meanwhile: harmless
            os.unlink(self.path)


def _write_pid(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.lseek(fd, 0, os.SEEK_SET)
    except OSError:
        pass  # the pid is only informative
