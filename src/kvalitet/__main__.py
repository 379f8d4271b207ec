"""``python -m kvalitet`` runs the command line."""

from kvalitet.cli.app import run

if __name__ == "__main__":
    run()
