"""The GitHub Pages workflow: valid against GitHub's schema (offline), least privilege, pinned.

GitHub only reports a broken workflow after a push; these checks catch it
before, with check-jsonschema's vendored copy of the workflow schema.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, build_site

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
DEPENDABOT = REPO / ".github" / "dependabot.yml"
MKDOCS_YML = (REPO / "mkdocs.yml").read_text("utf-8")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    checker = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(checker), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load(WORKFLOW)


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def test_workflow_is_valid_against_github_schema() -> None:
    result = check_jsonschema("vendor.github-workflows", WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text("utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest")
    broken.write_text(text, "utf-8")
    assert check_jsonschema("vendor.github-workflows", broken).returncode != 0


def test_dependabot_config_is_valid() -> None:
    result = check_jsonschema("vendor.dependabot", DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr
    ecosystems = [u["package-ecosystem"] for u in load(DEPENDABOT)["updates"]]
    assert "github-actions" in ecosystems


def test_runs_on_push_to_main(workflow: dict[str, Any]) -> None:
    assert workflow["on"]["push"] == {"branches": ["main"]}


def test_permissions_are_the_least_that_work(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {}  # nothing unless a job asks
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    checkout = steps(workflow, "build")[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["persist-credentials"] is False


def test_every_action_is_pinned_to_a_commit(workflow: dict[str, Any]) -> None:
    used = [s["uses"] for job in workflow["jobs"] for s in steps(workflow, job) if "uses" in s]
    assert used and all(PINNED.match(u) for u in used), used
    names = {u.split("@")[0] for u in used}
    pages = {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}
    assert pages <= names
    for line in WORKFLOW.read_text("utf-8").splitlines():  # a reader sees the version too
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_validates_then_builds_strict_and_uploads_the_site(workflow: dict[str, Any]) -> None:
    build = steps(workflow, "build")
    python = next(s for s in build if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    assert "constraints.txt" in python["with"]["cache-dependency-path"]
    runs = [s.get("run", "") for s in build]
    validate = next(i for i, r in enumerate(runs) if r.startswith("newsbrief validate"))
    compile_ = next(i for i, r in enumerate(runs) if r.startswith("mkdocs build"))
    assert validate < compile_ and "--strict" in runs[compile_]
    assert "SITE_URL" in build[compile_]["env"]
    assert "--dirty" in runs[compile_]  # incremental: see test_the_build_reuses_the_last_one
    upload = next(
        s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    site_dir = re.search(r"^site_dir: *(\S+)", (REPO / "mkdocs.yml").read_text("utf-8"), re.M)
    assert site_dir and upload["with"]["path"] == site_dir.group(1)


def test_the_workflow_refuses_a_site_built_for_the_local_address(
    workflow: dict[str, Any], site: Path, tmp_path: Path
) -> None:
    """The address check passes on a site built with SITE_URL and fails on one built
    with the local default (the shipped site fixture)."""
    (step,) = [
        s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Check the site address"
    ]
    local = subprocess.run(
        ["bash", "-c", step["run"]], cwd=site.parent, capture_output=True, text=True
    )
    assert local.returncode == 1 and "::error title=Site address::" in local.stdout
    published = build_site(tmp_path, env={"SITE_URL": "https://example.org/briefs/"})
    good = subprocess.run(
        ["bash", "-c", step["run"]], cwd=published.parent, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout


def test_the_build_reuses_the_last_one(workflow: dict[str, Any]) -> None:
    """The cache holds what an incremental build reuses (generated Markdown, site, stamp),
    is restored before the build, and only from runs of the same generator and settings."""
    build = steps(workflow, "build")
    at = next(i for i, s in enumerate(build) if s.get("uses", "").startswith("actions/cache@"))
    compile_ = next(i for i, s in enumerate(build) if s.get("run", "").startswith("mkdocs build"))
    assert at < compile_
    cache = build[at]["with"]
    docs_dir = re.search(r"docs_dir: !ENV \[NEWSBRIEF_DOCS, (\S+)\]", MKDOCS_YML)
    assert docs_dir
    assert set(cache["path"].split()) == {docs_dir.group(1), "site", ".site.newsbrief-stamp"}
    inputs = "hashFiles('mkdocs.yml', 'overrides/**', 'generator/**', 'pyproject.toml', "
    assert inputs in cache["key"] and cache["key"].endswith("${{ github.sha }}")
    assert all(inputs in line for line in cache["restore-keys"].splitlines())
