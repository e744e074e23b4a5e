"""Charts as files (PNG at 16:9 slide size and 2× scale, SVG, PDF) through one kaleido export server per
process: Debian's Chromium, the plotly.js shipped with plotly, MathJax off, so no network at run time.

An exported chart keeps its title (the indicator) and caption (quarter, region, branches) and gains a footnote
with the source form, the filters and the data time (exports.provenance)."""
import copy
import threading

import kaleido
import plotly.graph_objects as go

from exports.provenance import Provenance

WIDTH, HEIGHT, SCALE = 1280, 720, 2          # a 13.33 × 7.5 in slide at 96 px per inch, drawn twice as fine
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
_lock = threading.Lock()
_started = {"count": 0}                       # how often this process started the server (once)


def page_generator() -> kaleido.PageGenerator:
    """The page kaleido renders in: plotly.js from the installed package and no MathJax (its default is a CDN)."""
    return kaleido.PageGenerator(mathjax=False)


def _server():
    """Start the export server the first time a chart is exported; later calls reuse it (about 0.2 s a chart
    instead of 2 s for a browser each time)."""
    with _lock:
        if not _started["count"]:
            kaleido.start_sync_server(page_generator=page_generator(), silence_warnings=True)
            _started["count"] += 1


def servers_started() -> int:
    return _started["count"]


def for_export(fig: go.Figure, provenance: Provenance, width: int = WIDTH, height: int = HEIGHT,
               note: bool = True) -> go.Figure:
    """A copy of the figure laid out for a slide: fixed size, the legend above the plot, the footnote below
    (without `note` when the page around it already prints the provenance, as the briefing pack does)."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    margin = out.layout.margin
    out.update_layout(width=width, height=height, margin={"l": max(margin.l or 0, 40), "r": max(margin.r or 0, 30),
                                                          "t": max(margin.t or 0, 90), "b": 110 if note else 40},
                      legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"})
    if not note:
        return out
    out.add_annotation(text=provenance.source_line(), showarrow=False, xref="paper", yref="paper", x=0, y=0,
                       xanchor="left", yanchor="top", yshift=-75, align="left", font={"size": 11, "color": "#555"})
    return out


def image(fig: go.Figure, fmt: str, provenance: Provenance, width: int = WIDTH, height: int = HEIGHT,
          scale: int = SCALE, note: bool = True) -> bytes:
    """The chart as PNG, SVG or PDF bytes, with its footnote unless `note` is off."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    _server()
    spec = for_export(fig, provenance, width, height, note).to_dict()
    with _lock:   # one server, one page: requests from several sessions take turns
        return kaleido.calc_fig_sync(spec, opts={"format": fmt, "width": width, "height": height,
                                                 "scale": scale if fmt == "png" else 1})
