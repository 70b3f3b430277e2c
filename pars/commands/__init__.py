"""Subcommands of ``pars``, one module each; the order here is the order in ``--help``.

To add a command: copy ``init.py``, give it ``register(subparsers)``, add its
module name below. Keep the first line of its help to one sentence.
"""

COMMAND_MODULES: list[str] = [
    "init",
    "createuser",
    "import_",
    "serve",
    "code",
    "train",
    "evaluate",
    "cost",
    "reconcile",
    "synth",
    "bench",
    "demo",
]
