"""Plotly figures in one house style, each captioned with its quarter, region and branch count.
The language of labels and of "—" is passed in (lang), as everywhere outside the UI."""
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from domain.indicators import ACCURACY, Indicator, fmt, is_missing

CJK_FONT = "Noto Sans CJK SC"     # Debian's fonts-noto-cjk; exports embed it (docs/platform-notes.md)
FONT = f"{CJK_FONT}, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
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


def region_bars(df, indicator: Indicator, caption: str, name_col="region_name", code_col="region_code",
                lang="zh") -> go.Figure:
    """Horizontal bars per region, worst at the top; undefined regions listed with '—'."""
    data = df.sort_values(indicator.key, ascending=indicator.higher_is_better, na_position="first")
    text = [fmt(indicator, v, lang) for v in data[indicator.key]]
    fig = go.Figure(go.Bar(
        x=data[indicator.key].fillna(0), y=data[name_col], orientation="h", text=text, textposition="auto",
        customdata=data[code_col], marker_color=COLOURS[1],
        hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(tickformat=_axis_format(indicator), rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return _style(fig, indicator.label(lang), caption, height=max(300, 90 + 26 * len(data)))


def trend(df, indicators, caption: str, title: str, period_col="period", lang="zh") -> go.Figure:
    """One line per indicator over the quarters; gaps where undefined."""
    fig = go.Figure()
    for ind in indicators:
        fig.add_trace(go.Scatter(x=df[period_col], y=df[ind.key], mode="lines+markers", name=ind.label(lang),
                                 text=[fmt(ind, v, lang) for v in df[ind.key]],
                                 hovertemplate="%{x} " + ind.label(lang) + ": %{text}<extra></extra>"))
    fig.update_yaxes(tickformat=_axis_format(indicators[0]))
    fig.update_xaxes(type="category")
    return _style(fig, title, caption)


def grouped_bars(df, category_col, indicators, caption: str, title: str, lang="zh") -> go.Figure:
    """Several rates side by side per category (e.g. org type)."""
    fig = go.Figure()
    for ind in indicators:
        fig.add_trace(go.Bar(x=df[category_col], y=df[ind.key], name=ind.label(lang),
                             text=[fmt(ind, v, lang) for v in df[ind.key]], textposition="outside"))
    fig.update_yaxes(tickformat=_axis_format(indicators[0]))
    fig.update_layout(barmode="group")
    return _style(fig, title, caption)


def histogram(df, bin_col, count_col, indicator: Indicator, caption: str, title: str, lang="zh") -> go.Figure:
    """A distribution already binned in SQL: one bar per bin."""
    fig = go.Figure(go.Bar(x=df[bin_col], y=df[count_col], marker_color=COLOURS[1],
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.update_xaxes(title=indicator.label(lang), type="category")
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


def small_trends(df, indicators, caption: str, title: str, period_col="period", lang="zh") -> go.Figure:
    """One small line chart per rate side by side, same 0–100% axis; gaps where undefined."""
    fig = make_subplots(rows=1, cols=len(indicators), shared_yaxes=True, horizontal_spacing=0.03,
                        subplot_titles=[ind.label(lang) for ind in indicators])
    for i, ind in enumerate(indicators, start=1):
        fig.add_trace(go.Scatter(x=df[period_col], y=df[ind.key], mode="lines+markers", name=ind.label(lang),
                                 text=[fmt(ind, v, lang) for v in df[ind.key]], marker_color=COLOURS[(i - 1) % len(COLOURS)],
                                 hovertemplate="%{x}: %{text}<extra></extra>", showlegend=False), row=1, col=i)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    fig.update_xaxes(type="category", tickangle=-45)
    _style(fig, title, caption, height=300)
    fig.update_layout(margin={"t": 90})
    return fig


def level_bars(df, indicators, caption: str, title: str, name_col="name", lang="zh") -> go.Figure:
    """Several rates side by side, one bar group per indicator and one colour per row of df
    (e.g. a branch, its county, the whole scope); undefined values are labelled '—'."""
    fig = go.Figure()
    labels = [ind.label(lang) for ind in indicators]
    for _, row in df.iterrows():
        values = [row[ind.key] for ind in indicators]
        fig.add_trace(go.Bar(x=labels, y=[None if is_missing(v) else float(v) for v in values], name=row[name_col],
                             text=[fmt(ind, v, lang) for ind, v in zip(indicators, values)], textposition="outside",
                             hovertemplate="%{x} " + str(row[name_col]) + ": %{text}<extra></extra>"))
    fig.update_yaxes(tickformat=".0%", range=[0, 1.15])
    fig.update_layout(barmode="group")
    return _style(fig, title, caption)


# Money: amounts are stored in yuan and drawn in 万元 (the label or axis carries the unit).
MONEY_COLOURS = (COLOURS[1], COLOURS[2], COLOURS[3], COLOURS[0])  # allocated, spent, on archives, misused


def money_region_bars(df, amounts: dict, caption: str, title: str, unit: str,
                      name_col="region_name", code_col="region_code") -> go.Figure:
    """Amounts per region (yuan, drawn in 万元) as grouped horizontal bars, largest first by the first
    amount; each bar carries its region code, so a click can drill into the region."""
    data = df.sort_values(next(iter(amounts)), ascending=False)
    fig = go.Figure()
    for colour, (col, label) in zip(MONEY_COLOURS, amounts.items()):
        fig.add_trace(go.Bar(
            x=data[col].fillna(0) / 10000, y=data[name_col], orientation="h", name=label, marker_color=colour,
            customdata=data[code_col], hovertemplate="%{y} " + label + ": %{x:,.2f} " + unit + "<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=unit, tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return _style(fig, title, caption, height=max(320, 120 + 12 * len(amounts) * len(data)))


def money_trend(df, amounts: dict, rates, caption: str, title: str, unit: str, period_col="period",
                lang="zh") -> go.Figure:
    """Amounts per quarter as grouped bars (万元, left axis) with rates as lines (0–100%, right axis)."""
    fig = go.Figure()
    for colour, (col, label) in zip(MONEY_COLOURS, amounts.items()):
        fig.add_trace(go.Bar(x=df[period_col], y=df[col].fillna(0) / 10000, name=label, marker_color=colour,
                             hovertemplate="%{x} " + label + ": %{y:,.2f} " + unit + "<extra></extra>"))
    for colour, ind in zip(COLOURS[4:], rates):
        fig.add_trace(go.Scatter(x=df[period_col], y=df[ind.key], name=ind.label(lang), mode="lines+markers",
                                 yaxis="y2", line={"color": colour}, text=[fmt(ind, v, lang) for v in df[ind.key]],
                                 hovertemplate="%{x} " + ind.label(lang) + ": %{text}<extra></extra>"))
    fig.update_layout(barmode="group",
                      yaxis={"title": unit, "tickformat": ",.0f", "rangemode": "tozero"},
                      yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "range": [0, 1.05],
                              "tickmode": "linear", "dtick": 0.2, "showgrid": False})
    fig.update_xaxes(type="category")
    return _style(fig, title, caption, height=420)


# Rates from small samples: each with its Wilson 95% interval (queries/build/stats.sql) as an error bar.
def _error_bars(data, key: str, low_col: str, high_col: str) -> dict:
    """Asymmetric error bars from interval bounds; none where the rate is undefined."""
    return {"type": "data", "symmetric": False, "color": "#444", "thickness": 1.2, "width": 3,
            "array": (data[high_col] - data[key]).astype(float).fillna(0).tolist(),
            "arrayminus": (data[key] - data[low_col]).astype(float).fillna(0).tolist()}


def interval_text(indicator: Indicator, low, high, lang="zh") -> str:
    """'82.9% – 84.0%', or '—' when the interval is undefined."""
    return fmt(indicator, None, lang) if is_missing(low) or is_missing(high) else f"{fmt(indicator, low, lang)} – {fmt(indicator, high, lang)}"


def region_interval_bars(df, indicator: Indicator, low_col: str, high_col: str, caption: str, interval_label: str,
                         name_col="region_name", code_col="region_code", lang="zh") -> go.Figure:
    """region_bars with each region's 95% interval as an error bar (wide where few were checked);
    each bar carries its region code first in customdata, so a click can drill into it."""
    data = df.sort_values(indicator.key, ascending=indicator.higher_is_better, na_position="first")
    values = data[indicator.key].astype(float)
    intervals = [interval_text(indicator, lo, hi, lang) for lo, hi in zip(data[low_col], data[high_col])]
    fig = go.Figure(go.Bar(
        x=values.fillna(0), y=data[name_col], orientation="h", marker_color=COLOURS[1],
        text=[fmt(indicator, v, lang) for v in values], insidetextanchor="middle",
        textposition=["outside" if missing else "inside" for missing in values.isna()],
        error_x=_error_bars(data, indicator.key, low_col, high_col),
        customdata=[[code, ci] for code, ci in zip(data[code_col], intervals)],
        hovertemplate="%{y}: %{text}<br>" + interval_label + ": %{customdata[1]}<extra></extra>"))
    fig.update_xaxes(tickformat=_axis_format(indicator), range=[0, 1.05])
    fig.update_yaxes(autorange="reversed")
    return _style(fig, indicator.label(lang), caption, height=max(300, 90 + 26 * len(data)))


def interval_bars(df, category_col: str, indicator: Indicator, low_col: str, high_col: str, caption: str,
                  title: str, interval_label: str, details: dict | None = None, lang="zh") -> go.Figure:
    """A pooled rate per group, in the order given, with its 95% interval as an error bar; `details`
    ({column: label}) adds counts to the hover."""
    values = df[indicator.key].astype(float)
    lines = [interval_label + ": %{customdata[0]}"]
    lines += [f"{label}: %{{customdata[{i}]:,}}" for i, label in enumerate((details or {}).values(), start=1)]
    custom = [[interval_text(indicator, lo, hi, lang), *extra] for lo, hi, *extra in
              zip(df[low_col], df[high_col], *(df[c].astype(int) for c in (details or {})))]
    fig = go.Figure(go.Bar(
        x=df[category_col], y=values.fillna(0), marker_color=COLOURS[1], text=[fmt(indicator, v, lang) for v in values],
        textposition=["outside" if missing else "inside" for missing in values.isna()], insidetextanchor="middle",
        customdata=custom,
        error_y=_error_bars(df, indicator.key, low_col, high_col),
        hovertemplate="%{x}: %{text}<br>" + "<br>".join(lines) + "<extra></extra>"))
    fig.update_yaxes(tickformat=_axis_format(indicator), range=[0, 1.05], title=indicator.label(lang))
    fig.update_xaxes(type="category")
    return _style(fig, title, caption)


def jitter_scatter(df, x: str, y: str, size: str, caption: str, title: str, x_title: str, y_title: str,
                   size_title: str, text: str | None = None, jitter=(0.04, 0.02)) -> go.Figure:
    """A scatter of rates that take few distinct values (2 of 3, 4 of 5 …): points are nudged by a small
    fixed random offset so that stacked points show; the hover gives the true values."""
    rng = np.random.default_rng(0)
    nudge = [rng.uniform(-spread, spread, len(df)) for spread in jitter]
    fig = go.Figure(go.Scatter(
        x=df[x].astype(float) + nudge[0], y=df[y].astype(float) + nudge[1], mode="markers",
        text=df[text] if text else None,
        customdata=list(zip(df[x].astype(float), df[y].astype(float), df[size].astype(int))),
        marker={"size": df[size], "sizemode": "area", "sizeref": _sizeref(df, size) * 2.5, "sizemin": 2,
                "color": COLOURS[1], "opacity": 0.35, "line": {"width": 0}},
        hovertemplate=("%{text}<br>" if text else "") + x_title + ": %{customdata[0]:.0%}<br>" + y_title
                      + ": %{customdata[1]:.0%}<br>" + size_title + ": %{customdata[2]}<extra></extra>"))
    fig.update_xaxes(title=x_title, tickformat=".0%", range=[-0.05, 1.05])
    fig.update_yaxes(title=y_title, tickformat=".0%", range=[-0.05, 1.05])
    return _style(fig, title, caption, height=420)


def rates_as_text(df, indicator: Indicator, *columns, lang="zh"):
    """A copy of a branch table with these rate columns written as the charts write them ('85.3%', '—')."""
    return df.assign(**{c: [fmt(indicator, v, lang) for v in df[c]] for c in columns})


def ranking_as_shown(rows, lang="zh"):
    """Rows of queries/classification_ranking.sql as 分类质量 shows them (and exports them): the raw accuracy's
    95% interval in words, the adjusted and county accuracies as text."""
    rows = rows.assign(interval=[interval_text(ACCURACY, lo, hi, lang) for lo, hi in zip(rows.accuracy_low, rows.accuracy_high)])
    return rates_as_text(rows, ACCURACY, "accuracy_shrunk", "prior_mean", lang=lang)


def amount_bars(df, name_col: str, series: dict, caption: str, title: str, unit: str) -> go.Figure:
    """Yuan amounts per region as horizontal bars, one bar per series side by side ({column: legend label}),
    e.g. a plan against last time, or several plans; missing values are left out."""
    fig = go.Figure()
    for i, (col, label) in enumerate(series.items()):
        values = df[col].astype("Float64")
        fig.add_trace(go.Bar(
            x=values.fillna(0), y=df[name_col], orientation="h", name=label, marker_color=COLOURS[(i + 1) % 6],
            text=[f"{v:,.0f}" if v == v else "—" for v in values.astype(float)],   # NaN != NaN
            textposition="auto", hovertemplate="%{y} " + label + ": %{x:,.0f} " + unit + "<extra></extra>"))
    fig.update_xaxes(tickformat=",.0f", rangemode="tozero", title=unit)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_layout(barmode="group")
    return _style(fig, title, caption, height=max(300, 110 + 22 * len(df) * max(len(series), 1)))


# 薄弱支部: two 0–100 scores against each other, split into quadrants at cut-offs.
QUADRANT_COLOURS = (COLOURS[0], COLOURS[2], COLOURS[1], COLOURS[3])


def quadrant_scatter(df, x: str, y: str, group_col: str, groups: dict, x_cut: float, y_cut: float, caption: str,
                     title: str, x_title: str, y_title: str, text: str | None = None, key_col: str | None = None
                     ) -> go.Figure:
    """One trace per group ({value: legend label}, coloured in that order), dashed lines at the cut-offs,
    both axes 0–100. With key_col each point carries that column first in customdata (e.g. a branch code)."""
    fig = go.Figure()
    for colour, (value, label) in zip(QUADRANT_COLOURS, groups.items()):
        data = df[df[group_col] == value]
        fig.add_trace(go.Scatter(
            x=data[x].astype(float), y=data[y].astype(float), mode="markers", name=label,
            text=data[text] if text else None, customdata=data[key_col] if key_col else None,
            marker={"color": colour, "size": 7, "opacity": 0.55, "line": {"width": 0}},
            hovertemplate=("%{text}<br>" if text else "") + x_title + ": %{x:.1f}<br>" + y_title
                          + ": %{y:.1f}<extra>" + label + "</extra>"))
    fig.add_vline(x=x_cut, line={"dash": "dash", "color": "#888", "width": 1})
    fig.add_hline(y=y_cut, line={"dash": "dash", "color": "#888", "width": 1})
    fig.update_xaxes(title=x_title, range=[-3, 103], zeroline=False)
    fig.update_yaxes(title=y_title, range=[-3, 103], zeroline=False)
    return _style(fig, title, caption, height=480)


def has_values(fig: go.Figure) -> bool:
    """Whether any trace holds a number to draw: regions whose rates are all undefined (a filter that leaves
    no branch with the figure) hold none, and their axes would only show Plotly's empty default range."""
    for trace in fig.data:
        for axis in ("x", "y", "z", "values"):
            data = getattr(trace, axis, None) if axis in trace else None
            if data is None:
                continue
            flat = np.asarray(list(data), dtype=object).ravel()
            numbers = [v for v in flat if isinstance(v, (int, float, np.number)) and not isinstance(v, bool)]
            if any(np.isfinite(float(v)) for v in numbers):
                return True
    return False
