"""Import openpyxl without numpy. Import this module before openpyxl (``io/writer.py`` does).

openpyxl imports numpy whenever it is installed (pandas brings it), only to accept numpy
scalars as cell values; we never write any. That import was a third of `mchch-xl recalc`'s
start-up (`python -X importtime`). numpy is hidden only while openpyxl loads, and only if
nothing has loaded it already; it stays importable afterwards for anyone who needs it.
"""

import sys

if "numpy" not in sys.modules and "openpyxl" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` -> ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]
