"""Pictures of a council's safeguarding arrangements.

``extract.select`` picks the council's bodies, relations and evidence from a
graph (plain data: a ``Picture``); ``dot.to_dot`` / ``dot.render`` draw it with
Graphviz; ``html.to_html`` makes an offline interactive page. ``draw`` chains
them and writes the file the output extension asks for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg import atomic
from kg.draw.dot import render, to_dot
from kg.draw.extract import Picture, load_graphs, select
from kg.draw.html import to_html
from kg.errors import InputError

OUTPUT_FORMATS = (".dot", ".gv", ".svg", ".png", ".html")

__all__ = [
    "OUTPUT_FORMATS",
    "Picture",
    "draw",
    "load_graphs",
    "render",
    "select",
    "to_dot",
    "to_html",
]


def draw(
    graphs: Iterable[str],
    council: str,
    output: str,
    focus: str | None = None,
    depth: int | None = None,
) -> Picture:
    """Draw ``council`` from the RDF files ``graphs`` into ``output`` (format by extension)."""
    suffix = Path(output).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(
            f"unknown picture format {suffix or '(none)'!r}; use one of "
            + ", ".join(OUTPUT_FORMATS),
            output,
        )
    picture = select(load_graphs(graphs), council, focus=focus, depth=depth)
    if suffix == ".html":
        data = to_html(picture).encode("utf-8")
    else:
        source = to_dot(picture)
        data = source.encode("utf-8") if suffix in (".dot", ".gv") else render(source, suffix[1:])
    atomic.write_bytes(output, data)
    return picture
