"""The speed benchmark (`python -m sanlian.bench`): cli runs it; databases builds the sample per
scale; pages, naive, server and load are the measurements, each in its own process."""

from sanlian.bench.cli import main, parse_args

__all__ = ["main", "parse_args"]
