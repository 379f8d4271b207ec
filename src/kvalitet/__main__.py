"""``python -m kvalitet`` runs the command line."""

from kvalitet.cli import run

run()
