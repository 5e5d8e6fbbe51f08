"""Select values are coerced to ids before any service sees them."""

import pytest

from portal.forms import optional_int


@pytest.mark.parametrize(("value", "expected"), [("", None), (None, None), ("42", 42), ("-1", -1)])
def test_select_values_become_ids(value, expected):
    assert optional_int(value) == expected


@pytest.mark.parametrize("value", ["2147483648", "-99999999999999999999", "abc"])
def test_values_no_id_column_holds_are_refused(value):
    with pytest.raises(ValueError):
        optional_int(value)
