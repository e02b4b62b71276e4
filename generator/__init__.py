"""newsbrief: structured YAML news briefs → Markdown → a static briefing site.

The pipeline, one module per stage::

    load (YAML → data with positions) → validate (typed model, cross-references)
        → render (Markdown through templates) → write (atomic, incremental)

Adapters: :mod:`generator.cli` (the ``newsbrief`` command) and
:mod:`generator.hook` (MkDocs hooks for ``mkdocs build`` and ``mkdocs serve``).
"""

__version__ = "0.1.0"
