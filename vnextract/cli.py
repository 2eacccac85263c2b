"""`vnextract` command line: one sub-command per module, registered by name.

Each command module exposes `HELP` (one line), `add_arguments(parser)` and
`main(args) -> int`, so a command's options live next to the code that uses them.
"""
from __future__ import annotations

import argparse
import sys
from importlib import import_module

from pipeline.exitcodes import ENVIRONMENT, EPILOG, INTERRUPTED, USAGE, UserError

COMMANDS = {
    "run": "vnextract.run_command",
    "tasks": "vnextract.exports",
    "audit": "vnextract.audit",
    "report": "vnextract.report",
    "forget": "vnextract.forget",
    "serve": "vnextract.serve",
}

DESCRIPTION = """\
Turn Vietnamese meeting reports and official notices (.txt, .html, .pdf, .docx) into
structured records: officials, criteria counts, tasks with deadlines, and document
metadata.  Start with `vnextract run` (processes the bundled corpus/ into outputs/),
then query the accumulated database with `tasks`, `audit` and `report`.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnextract", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version="vnextract 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = import_module(module_name)
        cmd = sub.add_parser(name, help=module.HELP, description=module.__doc__, epilog=EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(cmd)
        cmd.set_defaults(handler=module.main)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return USAGE
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"vnextract {args.command}: {exc.message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        hint = getattr(import_module(COMMANDS[args.command]), "INTERRUPTED_HINT", "nothing was changed")
        print(f"vnextract {args.command}: interrupted; {hint}", file=sys.stderr)
        return INTERRUPTED
    except OSError as exc:  # a path or server of the environment: name it, no traceback
        what = (f"cannot use {exc.filename}: {exc.strerror or exc}" if exc.filename
                else " ".join(str(exc).split()) or exc.__class__.__name__)
        print(f"vnextract {args.command}: {what}; check the path, its permissions or the "
              "server address", file=sys.stderr)
        return ENVIRONMENT


if __name__ == "__main__":
    raise SystemExit(main())
