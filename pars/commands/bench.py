"""``pars bench NAME [options]``: run a benchmark from ``pars/bench`` and print its figures."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from pars.bench import available

    names = available()
    parser = subparsers.add_parser(
        "bench",
        help="run a benchmark (rates, ratios, memory) and print its figures",
        description="Run one benchmark, or all of them, and print its figures as JSON. "
        f"Benchmarks: {', '.join(names) or 'none'}. Options after NAME belong to the "
        "benchmark: `pars bench NAME --help` lists them. Benchmarks report numbers; "
        "they never pass or fail on timings.",
    )
    parser.add_argument("name", metavar="NAME", help=f"one of: all, {', '.join(names)}")
    parser.add_argument(
        "--save", metavar="FILE", help="also write the figures to FILE as JSON (before NAME)"
    )
    parser.add_argument("options", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pars.bench import available, load, parser_for
    from pars.cli import UserError

    names = available() if args.name == "all" else [args.name]
    if args.name == "all" and args.options:
        raise UserError("options are per benchmark: run `pars bench NAME OPTIONS` instead of all")
    results: dict[str, dict] = {}
    for name in names:
        try:
            module = load(name)
        except KeyError:
            raise UserError(
                f"no benchmark called {name!r} (choose from: all, {', '.join(available())})"
            ) from None
        options = parser_for(name, module).parse_args(args.options)
        print(f"== bench {name}", file=sys.stderr)
        results[name] = module.run(options)
    figures = results[names[0]] if len(names) == 1 else results
    text = json.dumps(figures, indent=2, default=str)
    print(text)
    if args.save:
        Path(args.save).write_text(text + "\n", encoding="utf-8")
    return 0
