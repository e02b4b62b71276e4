"""Rewrite ``tests/invalid/expected.txt`` from what validation says now.

``.venv/bin/python -m tests.update_catalogue``, then review the diff before
committing, as for the golden file: the catalogue is what editors see.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.validate import validate_content
from tests.conftest import CONTENT
from tests.test_invalid_corpus import CASES, CASES_DIR


def main() -> None:
    lines: list[str] = []
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(CONTENT, Path(folder) / "content")
        os.chdir(folder)
        try:
            for case in CASES:
                target = Path("content") / "briefs" / case
                target.write_bytes((CASES_DIR / case).read_bytes())
                _, problems = validate_content(Path("content"))
                lines += [str(p) for p in problems if p.file == f"content/briefs/{case}"]
                target.unlink()
        finally:
            os.chdir(here)
    (CASES_DIR / "expected.txt").write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{CASES_DIR / 'expected.txt'}: {len(lines)} lines for {len(CASES)} cases")


if __name__ == "__main__":
    main()
