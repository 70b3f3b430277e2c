"""Benchmarks (interface 8): one module per benchmark, run by ``pars bench NAME``.

Each module ``pars/bench/<name>.py`` has a docstring whose first line is its
help, an optional ``add_arguments(parser)`` for its options, and
``run(args) -> dict`` that measures and returns its figures (rates, ratios,
memory). Benchmarks report numbers; they never pass or fail on timings.

Keep a benchmark module's top-level imports light (stdlib only): the names are
discovered without importing them, but ``pars bench all`` imports every one.
Copy ``code.py`` to add one.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from types import ModuleType

__all__ = ["available", "load", "parser_for"]


def available() -> list[str]:
    """Names of the benchmark modules in this package, sorted; found without importing them."""
    return sorted(
        info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")
    )


def load(name: str) -> ModuleType:
    """The benchmark module ``name``; KeyError when there is none."""
    if name not in available():
        raise KeyError(name)
    module = importlib.import_module(f"{__name__}.{name}")
    if not callable(getattr(module, "run", None)):
        raise KeyError(name)
    return module


def parser_for(name: str, module: ModuleType) -> argparse.ArgumentParser:
    """The option parser of one benchmark, from its ``add_arguments``."""
    doc = (module.__doc__ or name).strip()
    parser = argparse.ArgumentParser(prog=f"pars bench {name}", description=doc)
    add_arguments = getattr(module, "add_arguments", None)
    if callable(add_arguments):
        add_arguments(parser)
    return parser
