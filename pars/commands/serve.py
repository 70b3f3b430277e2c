"""``pars serve``: the portal and API behind a production WSGI server (waitress)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the portal and API (production WSGI server, static files included)",
        description="Serve PARS with waitress. Static files are collected and served by WhiteNoise.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    serve(host=args.host, port=args.port, threads=args.threads)
    return 0


def serve(*, host: str, port: int, threads: int = 8) -> None:
    from pars import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    import waitress

    from pars.wsgi import application

    print(f"PARS listening on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    waitress.serve(application, host=host, port=port, threads=threads, ident="PARS")
