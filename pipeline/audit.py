"""Placeholder: the audit command is being written."""
HELP = "(audit: not yet available)"


def add_arguments(parser) -> None:
    pass


def main(args) -> int:
    return 2
