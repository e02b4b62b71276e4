"""The benchmark: a synthetic corpus (:mod:`bench.corpus`), measured by :mod:`bench.run`."""
