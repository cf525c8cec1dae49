"""Which of our migrations a data file records, read straight from SQLite.

Opening a file for reading (list, check, export) needs to know this, and nothing else
of the schema: read here without importing sqlite-utils (its import, with the
plugin entry points it scans, costs a command about as much as all the rest of its
work). The migrations themselves, which do need sqlite-utils, are in
storage.store.schema, imported only to upgrade a file and by the first write.

sqlite-utils records each applied migration as a row (migration_set, name, applied_at)
of ``_sqlite_migrations``; tests/test_store_reading.py checks that this reads the same
names as sqlite-utils' ``Migrations.applied``.
"""

from __future__ import annotations

import sqlite3

SET_NAME = "zeping"  # the name of our Migrations set
# Our migrations in order, each with the table it creates: a file that records the
# migration must hold it. Other tables and indexes in a file of ours are someone else's
# and left alone. A new migration is added here and in storage.store.schema.
MIGRATION_TABLES = {"m001_reports": "reports", "m002_report_versions": "report_versions"}
KNOWN_MIGRATIONS = frozenset(MIGRATION_TABLES)


def applied_migrations(conn: sqlite3.Connection) -> set[str]:
    """The names of the migrations of our set that this file records; reads only."""
    exists = conn.execute("select 1 from sqlite_master where type = 'table' and name = '_sqlite_migrations'").fetchone()
    if exists is None:
        return set()
    rows = conn.execute("select name from _sqlite_migrations where migration_set = ?", [SET_NAME]).fetchall()
    return {name for (name,) in rows}


def has_pending(conn: sqlite3.Connection) -> bool:
    """Whether the file lacks one of our migrations (then it is upgraded, by sqlite-utils)."""
    return bool(KNOWN_MIGRATIONS - applied_migrations(conn))
