"""Write query results as an aligned table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.namespaces import PREFIXES

_NUMERIC = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def lexical(term: Identifier | None) -> str:
    """IRIs as IRIs, literals as their lexical form, unbound as ''."""
    return "" if term is None else str(term)


def compact(term: Identifier | None) -> str:
    """A short form for reading: ``sg:Post`` for IRIs under a known prefix."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = None
        for prefix, ns in PREFIXES.items():
            ns = str(ns)
            if text.startswith(ns) and (best is None or len(ns) > len(best[1])):
                best = (prefix, ns)
        return f"{best[0]}:{text[len(best[1]) :]}" if best else text
    return " ".join(str(term).split())


def _safe_cell(text: str) -> str:
    """Keep spreadsheets from reading a cell as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_delimited(variables: Sequence[str], rows, delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(
        buf, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n"
    )
    writer.writerow(variables)
    for row in rows:
        cells = [lexical(t) for t in row]
        if delimiter == "\t":
            cells = [" ".join(c.split()) for c in cells]
        writer.writerow([_safe_cell(c) for c in cells])
    return buf.getvalue()


def _json_value(term: Identifier | None):
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype in _NUMERIC:
        value = term.toPython()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    return str(term)


def to_json(variables: Sequence[str], rows) -> str:
    data = [{v: _json_value(t) for v, t in zip(variables, row, strict=True)} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_table(variables: Sequence[str], rows, max_width: int | None = 60) -> str:
    """Aligned columns; a column ``x`` with a companion ``xLabel`` shows the label."""
    index = {v: i for i, v in enumerate(variables)}
    shown = [v for v in variables if not (v.endswith("Label") and v[: -len("Label")] in index)]
    header = list(shown)
    body = []
    for row in rows:
        cells = []
        for v in shown:
            term = row[index[v]]
            label_col = index.get(f"{v}Label")
            if label_col is not None and row[label_col] is not None:
                term = row[label_col]
            text = compact(term)
            if max_width and len(text) > max_width:
                text = text[: max_width - 1] + "…"
            cells.append(text)
        body.append(cells)
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    return "\n".join(lines) + "\n"


def render(variables: Sequence[str], rows, fmt: str = "table", max_width: int | None = 60) -> str:
    """Rows in one of the formats; ``max_width`` cuts long table cells (None: never)."""
    if fmt == "csv":
        return to_delimited(variables, rows, ",")
    if fmt == "tsv":
        return to_delimited(variables, rows, "\t")
    if fmt == "json":
        return to_json(variables, rows)
    return to_table(variables, rows, max_width)
