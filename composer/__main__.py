"""Entry point for ``python -m composer``."""
from composer.cli import PROG_NAME, main

main(prog_name=PROG_NAME)
