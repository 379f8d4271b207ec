"""The language layer: what a standard file, a profile and national law data *are*.

YAML reading with positions, the standard-file models, the closed condition and arithmetic
languages, the citizen profile, national law data, dated amounts, the checks a schema cannot
express, and the loader that turns files into validated models with located problems. Nothing
here evaluates a profile; every layer above imports from here.
"""
