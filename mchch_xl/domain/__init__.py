"""The domain: THE workbook schema, the models parsed from cells, the issue catalogue, places,
personal data and Thai text conventions. Imports nothing of the package above it."""
