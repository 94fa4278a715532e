"""Layout: every sheet as a grid of values and style names, and the measures row heights need.
No file access."""
