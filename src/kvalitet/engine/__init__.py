"""The engine layer: compile validated standards and evaluate profiles against them.

The compiler turns a standard into a program (closures over the rule AST, in dependency order);
the backends (``compiled``, ``durable``) give the truth of every rule; the assembler turns rule
results into a :class:`~kvalitet.engine.decision.Decision`. :class:`Standards` is the facade
that loads once and evaluates many.
"""
