"""Output batches as JSON Lines, built column by column with Arrow's string kernels.

Each column becomes a text column of ``"name":value`` pieces, and a row's line is its pieces
joined. The service columns hold only known words (outcomes, access, packages, fact names)
and finite numbers, so they need no escaping; the ``id`` column, which may hold any text, is
written by Python's ``json``.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NULL = pa.scalar("null")
SLICE_ROWS = 8_192  # rows turned into text at a time (a line is a few kilobytes)


def write_json_lines(batch: Any, out: BinaryIO) -> None:  # noqa: ANN401 - a pyarrow.RecordBatch
    """Write the rows of an output batch as JSON Lines (UTF-8, one object a line)."""
    for start in range(0, batch.num_rows, SLICE_ROWS):
        part = batch.slice(start, SLICE_ROWS)
        pieces = [_piece(n, c) for n, c in zip(part.schema.names, part.columns, strict=True)]
        if not pieces:
            out.write(b"{}\n" * part.num_rows)
            continue
        pieces[0] = pc.binary_join_element_wise("{", pieces[0], "")
        pieces[-1] = pc.binary_join_element_wise(pieces[-1], "}\n", "")
        lines = pc.binary_join_element_wise(*pieces, ",")
        # The lines lie one after the other in the text column's data: write them as they are.
        _, offsets, data = lines.buffers()
        ends = np.frombuffer(offsets, np.int32, count=lines.offset + len(lines) + 1)
        out.write(memoryview(data)[int(ends[lines.offset]) : int(ends[-1])])


def _piece(name: str, column: Any) -> Any:  # noqa: ANN401 - pyarrow arrays
    """``"name":value`` for every row of a column."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.dictionary_decode()
        kind = column.type
    if pa.types.is_floating(kind) or pa.types.is_integer(kind):
        values = pc.cast(column, pa.string())
    elif pa.types.is_list(kind) and pa.types.is_string(kind.value_type):
        joined = pc.binary_join(column, '","')
        empty = pc.equal(pc.list_value_length(column), 0)
        values = pc.if_else(empty, "[]", pc.binary_join_element_wise('["', joined, '"]', ""))
    elif pa.types.is_string(kind) and name != "id":
        values = pc.binary_join_element_wise('"', column, '"', "")
    else:  # the id: any type, any text
        values = pa.array(
            [json.dumps(value, ensure_ascii=False, default=str) for value in column.to_pylist()]
        )
    prefix = json.dumps(name, ensure_ascii=False) + ":"
    return pc.binary_join_element_wise(prefix, pc.fill_null(values, NULL), "")
