"""The ``kvalitet`` command line (one module per command group)."""
