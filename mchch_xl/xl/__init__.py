"""The only code that imports xlwings: actions on any ``xw.Book``, ribbon callbacks, UDFs.

Importing this package does not import xlwings (every ribbon click starts Python; see
``ribbon``). ``actions`` takes a book from any engine: desktop Excel, xlwings' remote engine
(``xw.Book(json=...)``) or its read engine (``xw.Book(path, mode="r")``).
"""
