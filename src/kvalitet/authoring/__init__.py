"""Tools for policy authors: lint, coverage, cases, compare, render, JSON Schemas."""
