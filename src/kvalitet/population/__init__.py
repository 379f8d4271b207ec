"""Tools for whole populations of profiles: synthetic populations and reform impact.

A tool layer above the engine: it reads tables of profiles through
``Standards.evaluate_table`` and never reaches into a backend. Needs the ``columnar`` extra
(pyarrow, numpy); the impact report's charts need the ``report`` extra (matplotlib).
"""
