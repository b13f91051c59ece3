"""Graphviz source for a picture, and rendering it with ``dot``.

Layout: top posts at the top, and every accountability, reporting and
membership line flows upward to them. Relations that point from a child to
its parent (reports to, part of, member of, embedded in) are written parent
first with ``dir=back``, so ``dot`` ranks the parent above while the arrow
still points at the parent. Commissioned providers sit in their own cluster;
a legend cluster shows each kind of body present.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import textwrap

from kg.draw.extract import Picture
from kg.draw.style import KIND_BY_KEY, KINDS, RELATION_BY_KEY
from kg.errors import InputError

ORDER = {k.key: i for i, k in enumerate(KINDS)}

FONT = "DejaVu Sans"
LEGEND_COLUMNS = 3
ALONE_COLUMNS = 6  # bodies without relations are drawn in rows this wide
FAN = 5  # more end nodes than this under one body are staggered


def _q(text: str) -> str:
    """A quoted Graphviz string: text shown as is (no escape sequences, no HTML)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", " ").replace("\n", "\\n") + '"'


def _wrap(label: str, width: int = 22) -> str:
    lines = textwrap.wrap(
        " ".join(label.split()), width=width, break_long_words=True, break_on_hyphens=False
    ) or [label]
    return "\n".join(lines)


def _node_attrs(kind_key: str, label: str) -> str:
    k = KIND_BY_KEY[kind_key]
    style = ["filled"]
    if k.dot_shape == "box":
        style.append("rounded")
    attrs = [
        f"label={_q(label)}",
        f"shape={k.dot_shape}",
        f"style={_q(','.join(style))}",
        f"fillcolor={_q(k.fill)}",
        f"color={_q(k.border)}",
        f"penwidth={2.4 if k.bold else 1.2}",
    ]
    if k.key in ("SafeguardingChildrenBoard", "SafeguardingPartnership"):
        attrs.append("peripheries=2")
    return ", ".join(attrs)


def to_dot(picture: Picture) -> str:
    """Deterministic Graphviz source for ``picture``."""
    title = f"{picture.council_label}: safeguarding arrangements"
    if picture.focus:
        focus = next(n.label for n in picture.nodes if n.id == picture.focus)
        title += f" around {focus} ({picture.depth} steps)"
    out = [
        "digraph kg {",
        (
            f"  graph [rankdir=TB, newrank=true, nodesep=0.3, ranksep=0.55, fontname={_q(FONT)},"
            f" fontsize=18, labelloc=t, label={_q(title)}];"
        ),
        f'  node [fontname={_q(FONT)}, fontsize=11, margin="0.12,0.06"];',
        f"  edge [fontname={_q(FONT)}, fontsize=9, arrowsize=0.8];",
    ]
    linked = {e.source for e in picture.edges} | {e.target for e in picture.edges}
    providers = [n for n in picture.nodes if n.kind == "Provider"]
    alone = [n for n in picture.nodes if n.id not in linked and n.kind != "Provider"]
    for n in picture.nodes:
        if n.kind != "Provider" and n.id in linked:
            out.append(f"  {_q(n.id)} [{_node_attrs(n.kind, _wrap(n.label))}];")
    if providers:
        out.append("  subgraph cluster_providers {")
        out.append(
            f'    label={_q("Commissioned providers")}; fontsize=12; style="rounded,dashed";'
            f" color={_q(KIND_BY_KEY['Provider'].border)};"
        )
        out.extend(_grid(providers, ALONE_COLUMNS, "    "))
        out.append("  }")
    if alone:
        # bodies the report names without a relation: a compact grid, not one endless row
        out.append("  subgraph cluster_alone {")
        out.append(
            f"    label={_q('Also named in the report (no relation found)')}; fontsize=12;"
            ' style="rounded,dashed"; color="#bbbbbb";'
        )
        ordered = sorted(alone, key=lambda n: (ORDER[n.kind], n.label.lower(), n.id))
        out.extend(_grid(ordered, ALONE_COLUMNS, "    "))
        out.append("  }")
    minlen = _stagger(picture)
    for e in picture.edges:
        r = RELATION_BY_KEY[e.predicate]
        attrs = [
            f"label={_q(r.label)}",
            f"color={_q(r.colour)}",
            f"fontcolor={_q(r.colour)}",
            f"penwidth={r.width}",
            f"style={r.style}",
        ]
        tail, head = (e.target, e.source) if r.upward else (e.source, e.target)
        if minlen.get((tail, head), 1) > 1:
            attrs.append(f"minlen={minlen[(tail, head)]}")
        if r.upward:
            attrs.append("dir=back")
        out.append(f"  {_q(tail)} -> {_q(head)} [{', '.join(attrs)}];")
    out.extend(_legend(picture))
    out.append("}")
    return "\n".join(out) + "\n"


def _grid(nodes: list, columns: int, indent: str) -> list[str]:
    """Node statements laid out in rows of ``columns`` (invisible edges keep the rows apart)."""
    out = [f"{indent}{_q(n.id)} [{_node_attrs(n.kind, _wrap(n.label))}];" for n in nodes]
    rows = [nodes[i : i + columns] for i in range(0, len(nodes), columns)]
    for r, row in enumerate(rows):
        if len(rows) > 1:
            out.append(f"{indent}{{ rank=same; " + " ".join(_q(n.id) for n in row) + " }")
        if r:
            out.append(f"{indent}{_q(rows[r - 1][0].id)} -> {_q(row[0].id)} [style=invis];")
    return out


def _stagger(picture: Picture) -> dict[tuple[str, str], int]:
    """Minimum edge lengths that spread a wide fan of end nodes over two or three rows.

    A plan addressing nine priorities would otherwise put them all on one very
    wide row (what Graphviz's ``unflatten`` does, kept here so the .dot is final).
    """
    pairs = sorted(
        (e.target, e.source) if RELATION_BY_KEY[e.predicate].upward else (e.source, e.target)
        for e in picture.edges
    )
    tails = {t for t, _ in pairs}
    fans: dict[str, list[str]] = {}
    for tail, head in pairs:
        if head not in tails:  # nothing is drawn below it
            fans.setdefault(tail, []).append(head)
    out = {}
    for tail, heads in fans.items():
        if len(heads) > FAN:
            rows = 2 if len(heads) <= 2 * FAN else 3
            for i, head in enumerate(heads):
                out[(tail, head)] = 1 + i % rows
    return out


def _legend(picture: Picture) -> list[str]:
    present = {n.kind for n in picture.nodes}
    kinds = [k for k in KINDS if k.key in present]
    if not kinds:
        return []
    out = [
        "  subgraph cluster_legend {",
        '    label="Legend"; fontsize=12; style="rounded"; color="#bbbbbb";',
    ]
    rows = [kinds[i : i + LEGEND_COLUMNS] for i in range(0, len(kinds), LEGEND_COLUMNS)]
    for r, row in enumerate(rows):
        ids = [f"legend:{k.key}" for k in row]
        for k, i in zip(row, ids, strict=True):
            out.append(f"    {_q(i)} [{_node_attrs(k.key, _wrap(k.title, 14))}, fontsize=9];")
        out.append("    { rank=same; " + " ".join(_q(i) for i in ids) + " }")
        for a, b in itertools.pairwise(ids):
            out.append(f"    {_q(a)} -> {_q(b)} [style=invis];")
        if r:
            out.append(f"    {_q(f'legend:{rows[r - 1][0].key}')} -> {_q(ids[0])} [style=invis];")
    note = (
        "Read an arrow A -> B as 'A chairs B',\n'A holds B to account', 'A reports to B'.\n"
        "Groups sit below the body they\nreport to or are part of."
    )
    out.append(f'    "legend:note" [shape=plaintext, fontsize=9, label={_q(note)}];')
    out.append(f'    {_q(f"legend:{rows[-1][0].key}")} -> "legend:note" [style=invis];')
    out.append("  }")
    return out


def dot_executable() -> str:
    """Path of Graphviz ``dot`` (``KG_DOT`` overrides the PATH search)."""
    override = os.environ.get("KG_DOT")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
    else:
        found = shutil.which("dot")
        if found:
            return found
    raise InputError(
        "Graphviz 'dot' is not installed, so .svg/.png cannot be drawn; install the "
        "Debian package 'graphviz' (apt-get install graphviz), or write .dot or .html"
    )


def render(source: str, fmt: str) -> bytes:
    """Render Graphviz source to ``fmt`` ("svg" or "png") with ``dot``."""
    exe = dot_executable()
    proc = subprocess.run(
        [exe, f"-T{fmt}"],
        input=source.encode("utf-8"),
        capture_output=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"dot failed: {err[0] if err else proc.returncode}")
    return proc.stdout
