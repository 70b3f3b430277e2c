"""``pars createuser``: create a login for the portal and the admin."""

from __future__ import annotations

import argparse
import getpass
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "createuser",
        help="create a user who can sign in to the portal",
        description="Create a PARS user. Without --password-stdin the password is asked for "
        "on the terminal; with no terminal the user is created without a usable password "
        "(set one later). Passwords must pass the configured password validators.",
    )
    parser.add_argument("username")
    parser.add_argument("--email", default="", help="e-mail address")
    parser.add_argument(
        "--superuser", action="store_true", help="give full rights, including the admin"
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    parser.set_defaults(handler=run)


def _read_password(args: argparse.Namespace) -> str | None:
    from pars.cli import UserError

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("no password on standard input")
        return password
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise UserError("the passwords do not match")
        return password
    return None


def run(args: argparse.Namespace) -> int:
    from pars.cli import UserError

    username = args.username.strip()
    if not username:
        raise UserError("the username is empty")

    from pars import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import transaction

    user_model = get_user_model()
    if args.email:
        try:
            validate_email(args.email)
        except ValidationError:
            raise UserError(f"{args.email!r} is not an e-mail address") from None
    if user_model.objects.filter(username=username).exists():
        raise UserError(f"user {username!r} already exists")
    password = _read_password(args)
    user = user_model(username=username, email=args.email)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise UserError(" ".join(exc.messages)) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.is_staff = user.is_superuser = bool(args.superuser)
    from pars.audit.record import record_event

    with transaction.atomic():
        user.save()
        record_event(
            action="user.create",
            by=None,
            target_type="user",
            target_id=user.pk,
            detail={"username": username, "superuser": user.is_superuser},
        )
    kind = "superuser" if args.superuser else "user"
    note = "" if password is not None else " (no password set: none was given)"
    print(f"created {kind} {username}{note}")
    return 0
