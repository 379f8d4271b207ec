"""Testing tools for standards and for code that uses kvalitet (needs ``hypothesis``).

``kvalitet.testing.strategies`` draws valid profiles, near the boundaries a standard uses.
"""
