"""Placeholder: the report command is being written."""
HELP = "(report: not yet available)"


def add_arguments(parser) -> None:
    pass


def main(args) -> int:
    return 2
