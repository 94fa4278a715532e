"""mchch-xl: มาตรฐานการพัฒนาชุมชน (มชช.) master workbook, checks and meeting documents.

The heavy modules load on first use, so that ``import mchch_xl`` (and every Excel button
click, which starts Python) stays fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["recalc", "evaluate", "new_master", "demo_master", "summary", "__version__"]


def __getattr__(name: str):
    if name in ("recalc", "evaluate", "new_master", "demo_master"):
        from mchch_xl.flows import pipeline

        return getattr(pipeline, name)
    if name == "summary":
        from mchch_xl.compute import summary_dict

        return summary_dict
    raise AttributeError(name)
