"""The command line (Thai argparse): a thin layer over the flows."""

from mchch_xl.cli.commands import main

__all__ = ["main"]
