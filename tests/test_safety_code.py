"""No code from data runs: no eval/pickle, SQL only with parameters, foreign triggers and views refused."""

from __future__ import annotations

import ast
import pathlib
import sqlite3

import pytest
from conftest import digest

from storage.errors import StoreError
from storage.store import open_store

ROOT = pathlib.Path(__file__).resolve().parent.parent
# rglob: packages (storage/store/ …) are read too; ids are paths, as names repeat (__init__.py).
SOURCES = sorted([*(ROOT / "storage").rglob("*.py"), *(ROOT / "model").rglob("*.py"), ROOT / "main.py"])


def _source_id(path: pathlib.Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("source", SOURCES, ids=_source_id)
def test_no_eval_exec_or_pickle(source: pathlib.Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in ("eval", "exec", "compile", "__import__"), f"{source.name}:{node.lineno}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            assert not {"pickle", "marshal", "shelve", "dill"} & {n.split(".")[0] for n in names}, f"{source.name}:{node.lineno}"


def _sql_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("execute", "executemany", "executescript") and node.args
    ]


@pytest.mark.parametrize("source", SOURCES, ids=_source_id)
def test_sql_is_never_built_from_values(source: pathlib.Path) -> None:
    """The SQL text is a literal; the one f-string allowed formats an integer constant (:d)."""
    for call in _sql_calls(ast.parse(source.read_text(encoding="utf-8"))):
        sql = call.args[0]
        if isinstance(sql, ast.Constant):
            continue
        assert isinstance(sql, ast.JoinedStr), f"{source.name}:{call.lineno}: SQL is not a literal"
        for part in sql.values:
            if isinstance(part, ast.FormattedValue):
                spec = part.format_spec
                is_int = isinstance(spec, ast.JoinedStr) and [getattr(v, "value", None) for v in spec.values] == ["d"]
                assert is_int, f"{source.name}:{call.lineno}: a value is formatted into SQL"





TAMPERING = {
    "trigger-writes-elsewhere": [
        "create table stolen (document text)",
        "create trigger copy_out after update on reports begin insert into stolen values (new.document); end",
    ],
    "trigger-deletes-history": [
        "create trigger wipe after insert on report_versions begin delete from report_versions; end",
    ],
    "trigger-calls-function": [
        "create trigger call_out after update on reports begin select load_extension('/tmp/evil.so'); end",
    ],
    "trigger-raises": [
        "create trigger block before update on reports begin select raise(abort, 'no'); end",
    ],
    "view-shadowing": [
        "create view report_list as select id, 'fake' as unit from reports",
    ],
    "view-calling-function": [
        "create view leak as select readfile('/etc/passwd') as secret",
    ],
}


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_file_with_foreign_triggers_or_views_is_refused_untouched(
    sample_db: pathlib.Path, sample_report, name: str
) -> None:
    conn = sqlite3.connect(sample_db)
    for statement in TAMPERING[name]:
        conn.execute(statement)
    conn.commit()
    conn.close()
    before = digest(sample_db)
    with pytest.raises(StoreError) as info:
        open_store(sample_db)
    assert info.value.code == "store.foreign-schema"
    assert "触发器或视图" in info.value.message and "未做任何改动" in info.value.message
    assert digest(sample_db) == before
    conn = sqlite3.connect(sample_db)
    names = [row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")]
    if "stolen" in names:
        assert conn.execute("select count(*) from stolen").fetchone()[0] == 0
    conn.close()


def test_trusted_schema_off_stops_functions_in_schema(sample_db: pathlib.Path) -> None:
    """Even on our own connection, a function used inside a view is refused (defence in depth)."""
    with open_store(sample_db) as store:
        store.db.execute("create temp view t as select 1")  # temp objects are not in the file
        store.db.conn.create_function("side_effect", 0, lambda: 1)
        store.db.execute("create view main.uses_function as select side_effect() as x")
        with pytest.raises(sqlite3.OperationalError, match="unsafe use of side_effect"):
            store.db.execute("select * from uses_function").fetchall()
