"""One self-contained interactive HTML page for a picture (works offline).

The page inlines Cytoscape.js and cytoscape-dagre (vendored in
``kg/draw_assets`` with their licence) and the picture as JSON inside
``<script type="application/json">``. Report text never becomes markup: the
JSON has every ``<``, ``>`` and ``&`` escaped, the page builds its DOM with
``textContent``, and a Content-Security-Policy allows only the page's own
scripts (by hash), so even an injected event handler could not run.

Test hooks: ``window.kgSelect(nodeId)`` selects a node as a click does; the URL
fragment ``#select=<node IRI>`` does so on load; ``#kg-root`` carries
``data-node-count``, ``data-edge-count``, ``data-visible-node-count``,
``data-selected`` and ``data-ready``; ``<html data-dialogs>`` counts calls to
``alert``/``confirm``/``prompt`` (the page never makes any).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import asdict

from kg.draw.extract import Picture
from kg.draw.style import KINDS, RELATIONS
from kg.resources import PACKAGE_DIR

ASSETS = PACKAGE_DIR / "draw_assets"

GUARD = (
    "(function(){var r=document.documentElement,n=0;"
    "function rec(k){return function(){n+=1;r.setAttribute('data-dialogs',String(n));"
    "r.setAttribute('data-last-dialog',k);return null;};}"
    "window.alert=rec('alert');window.confirm=rec('confirm');window.prompt=rec('prompt');})();"
)


def _script_safe_json(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def _vendored(name: str) -> str:
    text = (ASSETS / name).read_text(encoding="utf-8")
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:  # would end the inline script early
        raise RuntimeError(f"{name} cannot be inlined in a <script> element")
    return text


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def picture_data(picture: Picture) -> dict:
    """The JSON the page reads: kinds and relations present, nodes, edges, evidence."""
    present = {n.kind for n in picture.nodes}
    title = f"{picture.council_label}: safeguarding arrangements"
    if picture.focus:
        focus = next(n.label for n in picture.nodes if n.id == picture.focus)
        title += f" around {focus} ({picture.depth} steps)"

    def ev(items):
        return [
            {
                "text": e.text,
                "report": e.report,
                "reportLabel": e.report_label,
                "section": e.section,
            }
            for e in items
        ]

    return {
        "title": title,
        "council": picture.council,
        "focus": picture.focus,
        "kinds": [asdict(k) for k in KINDS if k.key in present],
        "relations": [asdict(r) for r in RELATIONS],
        "nodes": [
            {
                "id": n.id,
                "label": n.label,
                "kind": n.kind,
                "types": list(n.types),
                "alt": list(n.alt_labels),
                "evidence": ev(n.evidence),
            }
            for n in picture.nodes
        ],
        "edges": [
            {
                "id": e.id,
                "source": e.source,
                "target": e.target,
                "predicate": e.predicate,
                "evidence": ev(e.evidence),
            }
            for e in picture.edges
        ],
    }


def to_html(picture: Picture) -> str:
    """The interactive page for ``picture`` as one HTML string."""
    scripts = {
        "GUARD": GUARD,
        "CYTOSCAPE": _vendored("cytoscape.min.js"),
        "DAGRE": _vendored("cytoscape-dagre.min.js"),
        "APP": _vendored("viz.js"),
    }
    csp = (
        "default-src 'none'; script-src "
        + " ".join(_sha256(s) for s in scripts.values())
        + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    parts = dict(scripts, CSP=csp, DATA=_script_safe_json(picture_data(picture)))
    template = (ASSETS / "viz.html").read_text(encoding="utf-8")
    # one pass, so nothing substituted is scanned again for markers
    return re.sub(r"/\*KG:([A-Z]+)\*/", lambda m: parts[m.group(1)], template)
