"""model/ and storage/ never load Qt (the design card's layering); the commands that only
read a data file never import sqlite-utils (issue 14)."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

from conftest import ROOT


def test_model_and_storage_do_not_load_pyside6() -> None:
    modules = [
        m.name for pkg in ("model", "storage") for m in pkgutil.walk_packages([str(ROOT / pkg)], prefix=f"{pkg}.")
    ]  # walk_packages: the modules inside packages (storage/store/ …) too
    assert "model.audit" in modules and "storage.store.opening" in modules and "storage.documents.pdf.document" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def _modules_after(argv: list[str], *, whole: bool = False) -> list[str]:
    """The top-level packages (``whole``: the modules) loaded by the command ``argv`` in a
    fresh process (a one-line list). Through main.main: run as a program, main.py ends
    without the interpreter's teardown (finish_command), before anything could be printed."""
    name = "m" if whole else "m.split('.')[0]"
    code = (
        "import sys\n"
        "sys.path.insert(0, '.')\n"
        "import main\n"
        f"try:\n    main.main({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted({{{name} for m in sys.modules}}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    return result.stdout.strip().splitlines()[-1:]


def test_cli_commands_do_not_load_pyside6(tmp_path) -> None:
    loaded = _modules_after(["list", str(tmp_path / "x.db")])
    assert loaded and "PySide6" not in loaded[0] and "shiboken6" not in loaded[0], loaded


def test_reading_commands_do_not_import_sqlite_utils(sample_db, tmp_path) -> None:
    # sqlite-utils is the store's library for the schema and every write; the commands
    # that only read (about as costly to import as all their other work) do without it.
    for argv in (["list", str(sample_db)], ["check", str(sample_db), "1"], ["history", str(sample_db), "1"],
                 ["export", str(sample_db), "1", "--pdf", str(tmp_path / "out.pdf")]):
        loaded = _modules_after(argv)
        assert loaded and "'storage'" in loaded[0], argv
        assert "sqlite_utils" not in loaded[0], argv
    assert "sqlite_utils" in _modules_after(["import", str(tmp_path / "new.db"), str(ROOT / "resources" / "sample" / "2022-kepu.json")])[0]


def test_a_writer_imports_sqlite_utils_at_its_first_write(sample_db) -> None:
    then = (
        "from storage.workspace import Workspace\n"
        f"ws = Workspace.open({str(sample_db)!r})\n"
        "ws.open_first()\n"
        "print('before', 'sqlite_utils' in sys.modules)\n"
        "ws.report.preamble += '。'\n"
        "ws.save()\n"
        "ws.close()\n"
    )
    code = f"import sys\n{then}print('after', 'sqlite_utils' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.split() == ["before", "False", "after", "True"], result.stdout + result.stderr


def test_list_loads_only_what_a_list_needs(sample_db) -> None:
    # `list` reads the report list: no rules, scores, audit, JSON parsing or PDF writer.
    loaded = _modules_after(["list", str(sample_db)], whole=True)[0]
    for module in ("model.scoring", "model.audit", "storage.interchange", "storage.rulesets", "reportlab"):
        assert f"'{module}'" not in loaded, module



def test_check_and_list_load_neither_the_export_formats_nor_typing(sample_db, tmp_path) -> None:
    # The registry's module and dataclass cost `check` and `list` 3 ms for options they
    # never parse; typing 5 ms for names only mypy reads (TYPE_CHECKING = False).
    for argv in (["list", str(sample_db)], ["check", str(sample_db), "1"]):
        loaded = _modules_after(argv, whole=True)
        assert loaded and "'storage.workspace'" in loaded[0], argv
        assert "'storage.documents.registry'" not in loaded[0], argv
        assert "'typing'" not in loaded[0], argv
    assert "'storage.documents.registry'" in _modules_after(["export", str(sample_db), "1", "--json", str(tmp_path / "o.json")],
                                                           whole=True)[0]


def test_the_window_starts_without_readers_or_writers() -> None:
    # The Word/Excel readers, the document writers and sqlite-utils load with their first use.
    code = (
        "import sys\n"
        "import gui.app, gui.main_window\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} | {m for m in sys.modules if m.startswith('storage.')}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.strip().splitlines()[-1]
    assert "'PySide6'" in loaded and "'storage.interchange'" in loaded
    for late in ("storage.reading", "storage.documents.pdf", "reportlab", "docx", "openpyxl", "sqlite_utils"):
        assert f"'{late}'" not in loaded, late
