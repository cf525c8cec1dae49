"""model/ and storage/ never load Qt (the design card's layering)."""

from __future__ import annotations

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


def test_cli_commands_do_not_load_pyside6(tmp_path) -> None:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['main.py', 'list', {str(tmp_path / 'x.db')!r}]\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print([m for m in sys.modules if m.startswith('PySide6')])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip().endswith("[]"), result.stdout + result.stderr
