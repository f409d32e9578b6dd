"""``kb export``: command-line access to the export code (filled in by the tender-kit work)."""

from __future__ import annotations


def add_arguments(parser) -> None:
    """Declare the export options."""
    parser.add_argument("--format", default="md")


def main(root, args) -> int:
    """Run an export."""
    print("kb export: not implemented yet")
    return 2
