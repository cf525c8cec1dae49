"""The data file's schema: the sqlite-utils ``Migrations`` that build it, in order.

Each migration runs in its own transaction (sqlite-utils records it in
``_sqlite_migrations`` under the set name ``zeping``). Opening a file compares what it
records against :data:`KNOWN_MIGRATIONS`: none of ours means another program's database,
one we do not know means a newer version of this program, and each one's table
(:data:`MIGRATION_TABLES`) must be there. The names are kept in our own
list as each migration is registered, because sqlite-utils lists a set's migrations only
through a private attribute.

A new migration is one more ``@_migration`` function below the others, never an edit of
an existing one (files in the field have already run those).
"""

from __future__ import annotations

from typing import Protocol

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage.store.history import size_of, summary_of


class _Step(Protocol):
    __name__: str

    def __call__(self, db: Database, /) -> None: ...


migrations = Migrations("zeping")
_names: list[str] = []


def _migration(step: _Step) -> _Step:
    """Register ``step`` as the next migration, named after the function."""
    migrations()(step)
    _names.append(step.__name__)
    return step


@_migration
def m001_reports(db: Database) -> None:
    db["reports"].create(  # type: ignore[union-attr]
        {
            "id": int,
            "year": int,
            "unit": str,
            "project": str,
            "title": str,
            "ruleset": str,
            "document": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"year", "unit", "project", "document", "created_at", "updated_at"},
    )
    db["reports"].create_index(["year", "project"])  # type: ignore[union-attr]


@_migration
def m002_report_versions(db: Database) -> None:
    # No foreign key to reports: deleting a report keeps its history.
    db.execute(
        "create table report_versions ("
        " id integer primary key,"
        " report_id integer not null,"
        " version integer not null,"
        " saved_at text not null,"
        " action text not null,"
        " restored_from integer,"
        " size integer not null,"
        " summary text not null,"
        " document text not null,"
        " unique (report_id, version))"
    )
    rows = db.execute("select id, document, updated_at from reports order by id").fetchall()
    for report_id, document, updated_at in rows:
        db.execute(
            "insert into report_versions (report_id, version, saved_at, action, size, summary, document)"
            " values (?, 1, ?, 'migrate', ?, ?, ?)",
            [report_id, updated_at, size_of(document), summary_of(document), document],
        )


KNOWN_MIGRATIONS = frozenset(_names)  # below the last migration: every one is registered
# The table each migration creates: a file that records the migration must hold it.
# Other tables and indexes in a file of ours are someone else's and left alone.
MIGRATION_TABLES = {"m001_reports": "reports", "m002_report_versions": "report_versions"}


def applied_migrations(db: Database) -> set[str]:
    """The names of the migrations of our set that this file records; reads only."""
    return {applied.name for applied in migrations.applied(db)}
