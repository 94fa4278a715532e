"""The only code that imports openpyxl or python-calamine."""
