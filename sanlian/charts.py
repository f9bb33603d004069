"""DataFrame → plotly Figure builders: pure, no Streamlit, Chinese text throughout.

Figures are written as plain dicts (plotly's JSON schema) and wrapped once without validation:
building them through plotly's validating setters costs ~10 ms a chart, most of a cached page
run. tests/test_charts.py validates every builder's output against the schema instead.
"""

import pandas as pd
import plotly.graph_objects as go

from sanlian import labels, palette, text

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
RAG_COLORS = {**palette.STATUS, None: palette.MUTED}  # status only; categories take palette.series_colour
MONTH_AXIS = {"tickformat": "%Y年%-m月", "hoverformat": "%Y年%-m月", "title": {"text": None}}


def figure(data: list[dict], layout: dict, title: str, height: int = 360) -> go.Figure:
    """The app's look (Chinese font, title, compact margins, legend on top) around traces and
    layout given as plain dicts."""
    axis_style = {"gridcolor": "#eeeeee", "zerolinecolor": "#cccccc"}
    styled = {
        "title": {"text": title, "x": 0, "xanchor": "left"}, "height": height,
        "font": {"family": FONT, "size": 14}, "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
        "hoverlabel": {"font": {"family": FONT}}, "separators": ".,", "plot_bgcolor": "white",
        **layout,
    }
    styled["yaxis"] = {**axis_style, **layout.get("yaxis", {})}
    return go.Figure({"data": data, "layout": styled}, _validate=False)


def _names(values) -> list[str]:
    """Category names from the data (townships, industries, areas) as plotly text: plotly reads
    <b>, <a href> and the like in ticks and hovers, so they are escaped."""
    return [text.for_html(v) for v in values]


def _axis(title: str | None = None, **options) -> dict:
    return {"title": {"text": title}, **options}


def target_text(name: str, value: float) -> str:
    """'目标 85%' (or '目标 87.5%', '目标 3'): a target line's label, short enough for a chart."""
    metric = labels.METRICS[name]
    shown = f"{labels.percent_points(value):g}%" if metric.fmt is labels.percent else metric.fmt(value)
    return f"目标 {shown}"


def target_line(name: str, axis: str, targets: dict | None = None, size: int = 12) -> list[dict]:
    """A dashed line at a metric's target (in force unless `targets` are given) across the plot, on the
    value axis `axis` ('x' for horizontal bars, 'y2' for a rate on the right), labelled '目标 85%'; no
    line for a metric without a target."""
    pair = labels.targets_in_force(targets).get(name)
    if pair is None:
        return []
    at, across = ("x", "y") if axis.startswith("x") else ("y", "x")
    return [{"type": "line", f"{at}ref": axis, f"{across}ref": "paper", f"{at}0": pair[0], f"{at}1": pair[0],
             f"{across}0": 0, f"{across}1": 1, "line": {"color": palette.TARGET_LINE, "width": 2, "dash": "dash"},
             "label": {"text": target_text(name, pair[0]), "textposition": "end", "textangle": 0,
                       "xanchor": "right" if at == "y" else "center", "yanchor": "bottom",
                       "font": {"color": palette.TARGET_LINE, "size": size}}}]


def visits_by_month_chart(frame: pd.DataFrame, targets: dict | None = None) -> go.Figure:
    """Member visits per month (bars) and the monthly visit completion rate (line, right axis), with
    the completion rate's target as a dashed line."""
    months = frame["month"].tolist()
    data = [
        {"type": "bar", "x": months, "y": frame["visits"].tolist(), "name": "走访户次",
         "marker": {"color": palette.series_colour("走访户次")}, "hovertemplate": "%{x|%Y年%-m月}<br>走访 %{y:,} 户次<extra></extra>"},
        {"type": "scatter", "x": months, "y": frame["visit_completion_rate"].tolist(),
         "name": "月度走访完成率", "yaxis": "y2", "mode": "lines+markers",
         "line": {"color": palette.series_colour("月度走访完成率"), "width": 3},
         "hovertemplate": "%{x|%Y年%-m月}<br>完成率 %{y:.1%}<extra></extra>"},
    ]
    layout = {"xaxis": MONTH_AXIS, "yaxis": _axis("走访户次", tickformat=",d"),
              "yaxis2": _axis("完成率", overlaying="y", side="right", tickformat=".0%",
                              range=[0, 1.05], dtick=0.2, showgrid=False),
              "shapes": target_line("visit_completion_rate", "y2", targets)}
    running = frame.loc[~frame["month_complete"].astype(bool), "month"] if "month_complete" in frame else []
    note = f"（{labels.month(running.iloc[-1])}未满一个月，不计完成率）" if len(running) else ""
    return figure(data, layout, f"每月走访与完成率{note}")


def issues_by_month_chart(frame: pd.DataFrame) -> go.Figure:
    """Issues raised per month and how many of them are closed by now."""
    months = frame["month"].tolist()
    data = [
        {"type": "bar", "x": months, "y": frame["issues_raised"].tolist(), "name": "收集",
         "marker": {"color": palette.series_colour("收集")}, "hovertemplate": "%{x|%Y年%-m月}<br>收集 %{y:,} 件<extra></extra>"},
        {"type": "bar", "x": months, "y": frame["closed"].tolist(), "name": "其中已办结",
         "marker": {"color": palette.series_colour("其中已办结")}, "hovertemplate": "%{x|%Y年%-m月}<br>已办结 %{y:,} 件<extra></extra>"},
    ]
    layout = {"barmode": "group", "xaxis": MONTH_AXIS, "yaxis": _axis("件", tickformat=",d")}
    return figure(data, layout, "每月收集与办结的民情问题")


def township_bar_chart(frame: pd.DataFrame, value: str, title: str, chosen: tuple = (),
                       targets: dict | None = None) -> go.Figure:
    """One horizontal bar per township, coloured red/amber/green against the target (in force unless
    `targets` are given; blue when the metric has none) with the target as a dashed line, the `chosen`
    townships' bars solid and the others faded when some are chosen; clicking a bar picks the township."""
    ordered = frame.sort_values(value, ascending=True, na_position="first")
    metric = labels.METRICS.get(value)
    fmt = metric.fmt if metric else labels.count
    values = ordered[value].tolist()
    status = [labels.status(value, v, targets) for v in values]
    data = [{
        "type": "bar", "x": values, "y": _names(ordered["township"]), "orientation": "h",
        "marker": {"color": [RAG_COLORS[s] if s else palette.QUALITATIVE[0] for s in status],
                   "opacity": [1 if not chosen or t in chosen else 0.35 for t in ordered["township"]]},
        "text": [fmt(v) for v in values], "textposition": "auto", "customdata": ordered["township"].tolist(),
        "hovertemplate": "%{y}<br>" + labels.column(value) + " %{text}<extra>点击选中该乡镇</extra>",
    }]
    layout = {"xaxis": _axis(labels.column(value), tickformat=".0%" if fmt is labels.percent else ",d"),
              "yaxis": _axis(), "showlegend": False, "shapes": target_line(value, "x", targets)}
    return figure(data, layout, title, height=max(320, 40 * len(ordered) + 90))


def category_bar_chart(frame: pd.DataFrame, category: str, value: str, title: str) -> go.Figure:
    """Horizontal bars of one value per category (issue category, co-building area, industry)."""
    ordered = frame.sort_values(value, ascending=True)
    metric = labels.METRICS.get(value)
    fmt = metric.fmt if metric else labels.count
    values = ordered[value].tolist()
    data = [{"type": "bar", "x": values, "y": _names(ordered[category]), "orientation": "h",
             "marker": {"color": [palette.series_colour(c) for c in ordered[category]]},
             "text": [fmt(v) for v in values], "textposition": "auto",
             "hovertemplate": "%{y}<br>%{text}<extra></extra>"}]
    layout = {"xaxis": _axis(labels.column(value)), "yaxis": _axis(), "showlegend": False}
    return figure(data, layout, title, height=max(300, 36 * len(ordered) + 90))


def gain_distribution_chart(frame: pd.DataFrame, group: str, title: str) -> go.Figure:
    """Box per group from precomputed quartiles: median, interquartile range, 5th–95th percentile."""
    low = frame.get("p5_gain_yuan", frame["q1_gain_yuan"])
    high = frame.get("p95_gain_yuan", frame["q3_gain_yuan"])
    data = [{
        "type": "box", "y": _names(frame[group]), "q1": frame["q1_gain_yuan"].tolist(),
        "median": frame["median_gain_yuan"].tolist(), "q3": frame["q3_gain_yuan"].tolist(),
        "lowerfence": low.tolist(), "upperfence": high.tolist(),
        "orientation": "h", "marker": {"color": palette.QUALITATIVE[0]}, "fillcolor": palette.QUALITATIVE[2],
        "name": "户增收", "hoverinfo": "skip",  # plotly's own box hover is English (median:, q1:, lower fence:)
    }, {  # the Chinese hover instead, on an invisible point at each median
        "type": "scatter", "mode": "markers", "x": frame["median_gain_yuan"].tolist(),
        "y": _names(frame[group]), "marker": {"size": 14, "opacity": 0}, "name": "户增收",
        "customdata": list(zip(frame["q1_gain_yuan"].tolist(), frame["q3_gain_yuan"].tolist(),
                               low.tolist(), high.tolist(), strict=True)),
        "hovertemplate": "%{y}<br>中位数 %{x:,.0f} 元（一半农户增收高于此数）<br>中间一半农户 %{customdata[0]:,.0f} 至 "
                         "%{customdata[1]:,.0f} 元<br>除最高、最低各 5% 外 %{customdata[2]:,.0f} 至 "
                         "%{customdata[3]:,.0f} 元<extra></extra>",
    }]
    layout = {"xaxis": _axis("户增收（元）", tickformat=",d", zeroline=True),
              "yaxis": _axis(autorange="reversed"), "showlegend": False}
    return figure(data, layout, title, height=max(320, 44 * len(frame) + 90))


def overdue_age_chart(frame: pd.DataFrame) -> go.Figure:
    """Open overdue issues by how long they are overdue."""
    counts = frame["age_bucket"].value_counts().reindex(labels.OVERDUE_BUCKETS, fill_value=0).tolist()
    data = [{"type": "bar", "x": labels.OVERDUE_BUCKETS, "y": counts,
             "marker": {"color": list(palette.OVERDUE_STEPS)},
             "text": counts, "textposition": "auto", "hovertemplate": "逾期 %{x}<br>%{y} 件<extra></extra>"}]
    layout = {"xaxis": _axis("逾期时长"), "yaxis": _axis("件", tickformat=",d")}
    return figure(data, layout, "逾期未办结问题（按逾期时长）", height=320)


# Projector sizes (px at 1280×720): every text at least 24, values on the bars at least 20.
SLIDE_TEXT_PX, SLIDE_TITLE_PX, SLIDE_VALUE_PX = 24, 26, 22


def slide_chart(spec) -> go.Figure:
    """A `slides.ChartSpec` drawn large enough to read from the back of a meeting room: 24-px text,
    values on the bars (never shrunk below 20 px: a value that does not fit is left off), axis
    labels given the margin they need, bars coloured by status against the target where there is
    one (with the target as a dashed line), else each series in its fixed colour."""
    horizontal = spec.kind == "bar"
    categories = _names(spec.categories)  # plain text in the spec (PowerPoint draws it as such)
    value_format = ".0%" if spec.percent else ",.0f"
    data = []
    for index, (name, values) in enumerate(spec.series.items()):
        colour = palette.series_colour(name, index)
        if spec.colours is not None and len(spec.series) == 1:
            colour = spec.colours
        if spec.kind == "line":
            data.append({"type": "scatter", "x": categories, "y": values, "name": name,
                         "mode": "lines+markers+text", "line": {"color": colour, "width": 4},
                         "texttemplate": f"%{{y:{value_format}}}", "textposition": "top center"})
            continue
        inside = spec.stacked and len(spec.series) > 1
        data.append({"type": "bar", "x": values if horizontal else categories,
                     "y": categories if horizontal else values, "name": name,
                     "orientation": "h" if horizontal else "v", "marker": {"color": colour},
                     "texttemplate": f"%{{{'x' if horizontal else 'y'}:{value_format}}}",
                     "textposition": "inside" if inside else "outside", "constraintext": "none",
                     "cliponaxis": False, "textfont": {"size": SLIDE_VALUE_PX}, "textangle": 0})
    ticks = {"tickfont": {"size": SLIDE_TEXT_PX, "color": palette.TEXT}, "automargin": True}
    value_axis = _axis(tickformat=".0%" if spec.percent else ",", **ticks)
    category_axis = _axis(type="category", **ticks)  # every label, none skipped
    count = len(spec.categories)
    legend = len(spec.series) > 1
    # 36 px a category: room for a 24-px label each, so plotly skips none
    height = max(300, 36 * count + (130 if legend else 90)) if horizontal else 340
    layout = {"barmode": "stack" if spec.stacked else "group", "showlegend": len(spec.series) > 1,
              "xaxis": value_axis if horizontal else category_axis,
              "yaxis": category_axis if horizontal else value_axis,
              "font": {"family": FONT, "size": SLIDE_TEXT_PX, "color": palette.TEXT},
              "uniformtext": {"minsize": 20, "mode": "hide"},
              "legend": {"orientation": "h", "y": 1.0, "x": 1, "xanchor": "right", "yanchor": "bottom",
                         "font": {"size": SLIDE_TEXT_PX}},
              "title": {"text": spec.title, "x": 0, "xanchor": "left", "font": {"size": SLIDE_TITLE_PX}},
              "margin": {"l": 10, "r": 40, "t": 90 if len(spec.series) > 1 else 56, "b": 10},
              "shapes": target_line(spec.target, "x" if horizontal else "y", size=SLIDE_TEXT_PX) if spec.target else []}
    return figure(data, layout, spec.title, height=height)
