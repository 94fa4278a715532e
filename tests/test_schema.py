"""domain/schema.py: the one column-letter rule, equal to openpyxl's for every column Excel has."""

from __future__ import annotations

from openpyxl.utils import column_index_from_string, get_column_letter

from mchch_xl.domain.schema import column_number, letter


def test_column_letters_equal_openpyxl_for_all_16384_columns():
    for col in range(1, 16_385):
        text = get_column_letter(col)
        assert letter(col) == text
        assert column_number(text) == column_index_from_string(text) == col
        assert column_number(text.lower()) == col
