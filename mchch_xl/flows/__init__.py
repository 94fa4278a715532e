"""Flows: orchestration only (read, check, compute, lay out, write) for recalc, import,
templates, documents, the national roll-up, the new year and the demo."""
