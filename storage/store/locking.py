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
import os
import pathlib
import sys

LOCK_SUFFIX = ".lock"


def lock_path(data_path: pathlib.Path) -> pathlib.Path:
    return data_path.with_name(data_path.name + LOCK_SUFFIX)


class WriterLock:
    """An exclusive, non-blocking lock held while a Store may write."""

    def __init__(self, path: pathlib.Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_path: pathlib.Path) -> WriterLock | None:
        """The lock, or None when another live process (or Store) holds it.

        OSError propagates when the lock file cannot be created at all.
        """
        path = lock_path(data_path)
        for _attempt in range(5):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd):
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
                return cls(path, fd)
            _unlock(fd)
            os.close(fd)
        return None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            _unlock(fd)
            os.close(fd)
            with contextlib.suppress(OSError):  # another process opened it meanwhile: harmless
                os.unlink(self.path)
            return
        # POSIX: unlink while still holding the lock, so nobody locks a doomed file.
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        _unlock(fd)
        os.close(fd)


def _write_pid(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        os.lseek(fd, 0, os.SEEK_SET)
    except OSError:
        pass  # the pid is only informative


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock locks belong to the open file description: a second Store in the
        # same process is refused too (fcntl/POSIX record locks would not be).
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
