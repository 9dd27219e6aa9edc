"""Entry point for ``python -m composer``."""
from composer.cli import main

main()
