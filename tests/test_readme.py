"""The README's command-line examples run as written (in a temporary folder, with the shipped
sample files) and exit 0, writing only into out/."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
COMMANDS = [
    line.split("  #")[0].strip()
    for block in BLOCKS
    for line in block.splitlines()
    if line.startswith(".venv/bin/python -m geo ") and "/data/" not in line  # a user's own file
]


def test_the_readme_has_import_raster_and_export_examples():
    kinds = {shlex.split(c)[3] for c in COMMANDS}
    assert {"import", "raster", "export", "validate", "summary"} <= kinds
    for command in COMMANDS:
        for word in shlex.split(command):
            if word.startswith("examples/"):
                assert (ROOT / word).is_file(), f"{word} is named in the README but not shipped"


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_example_runs(command, tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)[3:]
    assert main(args) == 0, capsys.readouterr().err
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*") if p.is_file()}
    assert written <= {"examples", "out"}
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0
