"""One configuration: ``newsbrief`` reads the site's settings from ``mkdocs.yml``.

``mkdocs build`` (through the hook) and ``newsbrief build`` must write the same
files, so they take the site's address, name and description, and the content
and docs folders, from the same place.  Only those keys are read, with
``!ENV`` resolved as MkDocs resolves it; MkDocs itself (themes, plugins) is
not loaded.  A command-line flag still overrides a setting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]

from .site import DEFAULT_SITE_NAME, DEFAULT_SITE_URL, SiteInfo

CONFIG_FILE = Path("mkdocs.yml")
DEFAULT_CONTENT = Path("content")
DEFAULT_DOCS = Path("docs")


class SettingsError(Exception):
    """mkdocs.yml cannot be read: the message names the file and the cause."""


@dataclass(frozen=True)
class Settings:
    site: SiteInfo
    content: Path
    docs: Path


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml: ``!ENV`` as MkDocs resolves it, other tags as nothing."""


_Loader.add_constructor("!ENV", construct_env_tag)
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(path: Path = CONFIG_FILE) -> Settings:
    """The settings in ``path``; the defaults when there is no such file."""
    if not path.is_file():
        site = SiteInfo(url=os.environ.get("SITE_URL") or DEFAULT_SITE_URL)
        return Settings(site, DEFAULT_CONTENT, DEFAULT_DOCS)
    try:
        config: Any = yaml.load(path.read_text("utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: cannot read it: {exc}") from None
    if not isinstance(config, dict):
        raise SettingsError(f"{path}: expected a mapping of settings")
    here = path.parent
    extra = (config.get("extra") or {}).get("newsbrief") or {}
    site = SiteInfo(
        url=config.get("site_url") or DEFAULT_SITE_URL,
        name=config.get("site_name") or DEFAULT_SITE_NAME,
        description=config.get("site_description") or "",
    )
    return Settings(
        site=site,
        content=here / (extra.get("content") or DEFAULT_CONTENT),
        docs=here / (config.get("docs_dir") or DEFAULT_DOCS),
    )
