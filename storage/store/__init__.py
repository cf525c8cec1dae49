"""The clerk's data file: one SQLite file holding many reports (years, projects).

Each report is stored as its canonical interchange JSON (storage.interchange) plus the
columns the report list needs, so that what is saved is exactly what is exported and a
single code path maps dataclasses to rows and back. The schema is built by sqlite-utils
``Migrations`` (``schema``); every write runs inside ``db.atomic()``: one save, one
transaction (``store``).

The API the window uses:

- ``open_store(path, create=True)`` → :class:`Store` open for writing (the window,
  import, restore), or :class:`StoreError` with a Chinese message when the file is
  refused (not a regular file, not SQLite, empty, corrupt or truncated — naming the
  newest backup —, busy in another program, cut short by a crash on read-only media,
  written by a newer version, another program's database, or holding triggers/views this
  program never creates). ``open_store(path, read_only=True)`` opens for viewing (the
  reading commands): nothing is created, locked, upgraded or written. Nothing is written
  to a refused file (``opening``; the messages are put together in ``failures``).
- ``Store.read_only`` / ``Store.read_only_reason``: the file or its folder is read-only,
  or another window or process already has it open for writing (one writer per file,
  by the file's identity: a lock on the data file itself, see ``locking``). Reading works; every write raises StoreError ``store.read-only``.
- ``list_reports()``, ``load(id)``, ``add(report)`` → id, ``delete(id)``. A report is
  checked before it is written (InputRefused naming the field), so whatever is stored
  loads back exactly. Disk full / I/O errors raise StoreError ``store.disk-full`` /
  ``store.io-error`` and leave the previous state.
- Saving is a compare-and-swap on the report's version (the number of its newest
  history entry): ``load_with_version(id)`` → (report, version), ``version_of(id)``,
  ``save(id, report, expected_version)`` → the version now current. When the report
  changed or was deleted since the caller loaded ``expected_version``, the save raises
  :class:`storage.errors.SaveConflict` (``store.conflict``) and writes nothing.
  ``storage.workspace.Workspace`` keeps the version for the window and resolves a
  conflict by keeping both.
- History (``history``): every add/save/restore/delete keeps a snapshot in
  ``report_versions``; ``history(id)`` → [:class:`Version`] newest first,
  ``restore(id, version)`` (recorded as a new version; works for deleted reports too),
  ``list_deleted()``. Thinning keeps the newest 20, all of the last 7 days, one a day for
  90 days.
- Backups (``backups``): the first write of a session first copies the file (SQLite backup
  API) into ``backups/`` beside it, keeping 10 (:func:`list_backups`). ``close()`` — call
  it when the window closes — takes the backup if the session wrote but none was taken yet
  (a new file), then releases the lock. A failed backup never blocks a save: it is
  reported in ``Store.backup_error``.

The error types are in storage.errors.
"""

from storage.store.backups import backup_dir, list_backups
from storage.store.history import Clock, Version
from storage.store.opening import open_store
from storage.store.store import ReportInfo, Store, open_data_files

__all__ = ["Clock", "ReportInfo", "Store", "Version", "backup_dir", "list_backups", "open_data_files", "open_store"]
