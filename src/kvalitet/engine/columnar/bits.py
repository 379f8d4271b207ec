"""Fast paths over Arrow's bit-packed booleans, and between Arrow columns and numpy.

Arrow keeps a boolean column as two bitmaps, validity (known) and value; "known to be true" is
their bitwise AND, computed here on bytes instead of through a general kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

Mask = npt.NDArray[np.bool_]


def _bytes(buffer: Any, bits: int) -> npt.NDArray[np.uint8]:  # noqa: ANN401 - a pyarrow buffer
    return np.frombuffer(buffer, np.uint8, count=(bits + 7) // 8)


def is_true(truth: Any) -> Any:  # noqa: ANN401 - a pyarrow boolean array
    """Where a Kleene truth is known to be true (a boolean column without nulls)."""
    if truth.null_count == 0:
        return truth
    validity, values = truth.buffers()
    bits = truth.offset + len(truth)
    both = _bytes(validity, bits) & _bytes(values, bits)
    return pa.Array.from_buffers(
        pa.bool_(), len(truth), [None, pa.py_buffer(both)], offset=truth.offset
    )


def is_false(truth: Any) -> Any:  # noqa: ANN401 - a pyarrow boolean array
    """Where a Kleene truth is known to be false (a boolean column without nulls)."""
    if truth.null_count == 0:
        return pc.invert(truth)
    validity, values = truth.buffers()
    bits = truth.offset + len(truth)
    known_false = _bytes(validity, bits) & ~_bytes(values, bits)
    return pa.Array.from_buffers(
        pa.bool_(), len(truth), [None, pa.py_buffer(known_false)], offset=truth.offset
    )


def to_mask(column: Any) -> Mask:  # noqa: ANN401 - a pyarrow boolean array without nulls
    """A boolean column as a numpy mask (nulls, if any, read as false)."""
    if column.null_count:
        column = is_true(column)
    bits = np.unpackbits(
        _bytes(column.buffers()[1], column.offset + len(column)), bitorder="little"
    )
    return np.asarray(bits[column.offset : column.offset + len(column)], np.bool_)


def from_mask(mask: Mask, *, valid: Mask | None = None) -> Any:  # noqa: ANN401
    """A boolean column from a numpy mask, null where ``valid`` is false."""
    values = pa.py_buffer(np.packbits(mask, bitorder="little"))
    validity = None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(mask), [validity, values])


def numbers(column: Any) -> npt.NDArray[np.float64]:  # noqa: ANN401 - a float64 array
    """The values of a float64 column (whatever is stored under its nulls)."""
    data = np.frombuffer(column.buffers()[1], np.float64, count=column.offset + len(column))
    return data[column.offset :]


def known(column: Any) -> Mask:  # noqa: ANN401 - a pyarrow array
    """Where a column has a value."""
    if column.null_count == 0:
        return np.ones(len(column), np.bool_)
    return to_mask(pc.is_valid(column))


def from_numbers(values: npt.NDArray[np.float64], valid: Mask) -> Any:  # noqa: ANN401
    """A float64 column from numpy values, null where ``valid`` is false."""
    return pa.array(values, mask=~valid)


def truth_codes(truth: Any) -> npt.NDArray[np.uint8]:  # noqa: ANN401 - a pyarrow boolean array
    """0 where a Kleene truth is true, 1 where false, 2 where unknown."""
    bits = truth.offset + len(truth)
    values = np.unpackbits(_bytes(truth.buffers()[1], bits), bitorder="little")
    if truth.null_count:
        known = np.unpackbits(_bytes(truth.buffers()[0], bits), bitorder="little")
    else:
        known = np.ones_like(values)
    codes = 2 - known * (1 + values)
    return np.asarray(codes[truth.offset : bits], np.uint8)


def texts(
    codes: npt.NDArray[np.int8],
    values: Any,  # noqa: ANN401 - a pyarrow string array
    *,
    compact: bool,
    valid: Mask | None = None,
) -> Any:  # noqa: ANN401 - a pyarrow array
    """The texts ``values[code]`` per row (null where not ``valid``).

    ``compact`` gives a dictionary-encoded column (the codes and the few texts), which a
    Parquet writer stores without looking at each text; otherwise a plain string column.
    """
    indices = pa.array(codes, mask=None if valid is None else ~valid)
    if compact:
        return pa.DictionaryArray.from_arrays(indices, values)
    return pc.take(values, indices)
