"""Placeholder: the exports command is being written."""
HELP = "(exports: not yet available)"


def add_arguments(parser) -> None:
    pass


def main(args) -> int:
    return 2
