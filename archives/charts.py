"""Plotly figures in one house style, each captioned with its quarter, region and branch count."""
import plotly.graph_objects as go

from archives.indicators import Indicator, fmt

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
COLOURS = ("#c0392b", "#2c6fbb", "#e67e22", "#27ae60", "#8e44ad", "#7f8c8d")


def _style(fig: go.Figure, title: str, caption: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": f"{title}<br><sup>{caption}</sup>", "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 13}, height=height, margin={"l": 10, "r": 10, "t": 70, "b": 10},
        plot_bgcolor="white", paper_bgcolor="white", colorway=COLOURS, legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(gridcolor="#eee")
    fig.update_yaxes(gridcolor="#eee")
    return fig


def _axis_format(indicator: Indicator):
    return ".0%" if indicator.kind == "rate" else ",.0f"


def region_bars(df, indicator: Indicator, caption: str, name_col="region_name", code_col="region_code") -> go.Figure:
    """Horizontal bars per region, worst at the top; undefined regions listed with '—'."""
    data = df.sort_values(indicator.key, ascending=indicator.higher_is_better, na_position="first")
    text = [fmt(indicator, v) for v in data[indicator.key]]
    fig = go.Figure(go.Bar(
        x=data[indicator.key].fillna(0), y=data[name_col], orientation="h", text=text, textposition="auto",
        customdata=data[code_col], marker_color=COLOURS[1],
        hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(tickformat=_axis_format(indicator), rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return _style(fig, indicator.label, caption, height=max(300, 90 + 26 * len(data)))


def trend(df, indicators, caption: str, title: str, period_col="period") -> go.Figure:
    """One line per indicator over the quarters; gaps where undefined."""
    fig = go.Figure()
    for ind in indicators:
        fig.add_trace(go.Scatter(x=df[period_col], y=df[ind.key], mode="lines+markers", name=ind.label,
                                 text=[fmt(ind, v) for v in df[ind.key]],
                                 hovertemplate="%{x} " + ind.label + ": %{text}<extra></extra>"))
    fig.update_yaxes(tickformat=_axis_format(indicators[0]))
    fig.update_xaxes(type="category")
    return _style(fig, title, caption)


def grouped_bars(df, category_col, indicators, caption: str, title: str) -> go.Figure:
    """Several rates side by side per category (e.g. org type)."""
    fig = go.Figure()
    for ind in indicators:
        fig.add_trace(go.Bar(x=df[category_col], y=df[ind.key], name=ind.label,
                             text=[fmt(ind, v) for v in df[ind.key]], textposition="outside"))
    fig.update_yaxes(tickformat=_axis_format(indicators[0]))
    fig.update_layout(barmode="group")
    return _style(fig, title, caption)


def histogram(df, bin_col, count_col, indicator: Indicator, caption: str, title: str) -> go.Figure:
    """A distribution already binned in SQL: one bar per bin."""
    fig = go.Figure(go.Bar(x=df[bin_col], y=df[count_col], marker_color=COLOURS[1],
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.update_xaxes(title=indicator.label, type="category")
    return _style(fig, title, caption)


def scatter(df, x: str, y: str, caption: str, title: str, x_title: str, y_title: str,
            size: str | None = None, text: str | None = None, x_format=".0%", y_format=".0%") -> go.Figure:
    fig = go.Figure(go.Scatter(
        x=df[x], y=df[y], mode="markers", text=df[text] if text else None,
        marker={"size": df[size] if size else 8, "sizemode": "area", "sizeref": _sizeref(df, size),
                "color": COLOURS[1], "opacity": 0.6},
        hovertemplate="%{text}<br>%{x}, %{y}<extra></extra>" if text else None))
    fig.update_xaxes(title=x_title, tickformat=x_format)
    fig.update_yaxes(title=y_title, tickformat=y_format)
    return _style(fig, title, caption, height=420)


def _sizeref(df, size):
    if not size or df.empty:
        return 1
    return max(float(df[size].max()), 1) / 30 ** 2 * 2
