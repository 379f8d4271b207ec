"""Tools for caseworkers: explain, what-if, the missing-fact interview, computations, summaries."""
