"""DataFrame → plotly Figure builders: pure, no Streamlit, Chinese text throughout."""

import pandas as pd
import plotly.graph_objects as go

from sanlian import labels, settings

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
RED, GOLD, BLUE, GREY = "#c8102e", "#d4a017", "#1f5fa8", "#9e9e9e"
RAG_COLORS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", None: GREY}
MONTH_AXIS = dict(tickformat="%Y年%-m月", hoverformat="%Y年%-m月", title=None)


def rag(metric: str, value) -> str | None:
    """'green', 'amber' or 'red' for a rate against settings.RAG_THRESHOLDS; None if unjudged."""
    if metric not in settings.RAG_THRESHOLDS or labels.is_missing(value):
        return None
    green, amber = settings.RAG_THRESHOLDS[metric]
    return "green" if value >= green else "amber" if value >= amber else "red"


def _styled(fig: go.Figure, title: str, height: int = 360) -> go.Figure:
    """Common look: Chinese font, title, compact margins, legend on top."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"), height=height, font=dict(family=FONT, size=14),
        margin=dict(l=10, r=10, t=60, b=10), legend=dict(orientation="h", y=1.02, x=1, xanchor="right",
                                                         yanchor="bottom"),
        hoverlabel=dict(font_family=FONT), separators=".,", plot_bgcolor="white",
    )
    fig.update_yaxes(gridcolor="#eeeeee", zerolinecolor="#cccccc")
    return fig


def visits_by_month_chart(frame: pd.DataFrame) -> go.Figure:
    """Member visits per month (bars) and the monthly visit completion rate (line, right axis)."""
    fig = go.Figure()
    fig.add_bar(x=frame["month"], y=frame["visits"], name="走访户次", marker_color=BLUE,
                hovertemplate="%{x|%Y年%-m月}<br>走访 %{y:,} 户次<extra></extra>")
    fig.add_scatter(x=frame["month"], y=frame["visit_completion_rate"], name="月度走访完成率",
                    yaxis="y2", mode="lines+markers", line=dict(color=RED, width=3),
                    hovertemplate="%{x|%Y年%-m月}<br>完成率 %{y:.1%}<extra></extra>")
    fig.update_layout(xaxis=MONTH_AXIS, yaxis=dict(title="走访户次", tickformat=",d"),
                      yaxis2=dict(title="完成率", overlaying="y", side="right", tickformat=".0%",
                                  range=[0, 1.05], dtick=0.2, showgrid=False))
    return _styled(fig, "每月走访与完成率")


def issues_by_month_chart(frame: pd.DataFrame) -> go.Figure:
    """Issues raised per month and how many of them are closed by now."""
    fig = go.Figure()
    fig.add_bar(x=frame["month"], y=frame["issues_raised"], name="收集", marker_color=GOLD,
                hovertemplate="%{x|%Y年%-m月}<br>收集 %{y:,} 件<extra></extra>")
    fig.add_bar(x=frame["month"], y=frame["closed"], name="其中已办结", marker_color=RED,
                hovertemplate="%{x|%Y年%-m月}<br>已办结 %{y:,} 件<extra></extra>")
    fig.update_layout(barmode="group", xaxis=MONTH_AXIS, yaxis=dict(title="件", tickformat=",d"))
    return _styled(fig, "每月收集与办结的民情问题")


def township_bar_chart(frame: pd.DataFrame, value: str, title: str) -> go.Figure:
    """One horizontal bar per township, coloured red/amber/green; clicking a bar picks the township."""
    ordered = frame.sort_values(value, ascending=True, na_position="first")
    metric = labels.METRICS.get(value)
    fmt = metric.fmt if metric else labels.count
    fig = go.Figure(go.Bar(
        x=ordered[value], y=ordered["township"], orientation="h",
        marker_color=[RAG_COLORS[rag(value, v)] if rag(value, v) else BLUE for v in ordered[value]],
        text=[fmt(v) for v in ordered[value]], textposition="auto", customdata=ordered["township"],
        hovertemplate="%{y}<br>" + labels.column(value) + " %{text}<extra>点击选中该乡镇</extra>",
    ))
    fig.update_layout(xaxis=dict(title=labels.column(value),
                                 tickformat=".0%" if fmt is labels.percent else ",d"),
                      yaxis=dict(title=None), showlegend=False)
    return _styled(fig, title, height=max(320, 40 * len(ordered) + 90))


def category_bar_chart(frame: pd.DataFrame, category: str, value: str, title: str) -> go.Figure:
    """Horizontal bars of one value per category (issue category, co-building area, industry)."""
    ordered = frame.sort_values(value, ascending=True)
    metric = labels.METRICS.get(value)
    fmt = metric.fmt if metric else labels.count
    fig = go.Figure(go.Bar(x=ordered[value], y=ordered[category], orientation="h", marker_color=RED,
                           text=[fmt(v) for v in ordered[value]], textposition="auto",
                           hovertemplate="%{y}<br>%{text}<extra></extra>"))
    fig.update_layout(xaxis=dict(title=labels.column(value)), yaxis=dict(title=None), showlegend=False)
    return _styled(fig, title, height=max(300, 36 * len(ordered) + 90))


def gain_distribution_chart(frame: pd.DataFrame, group: str, title: str) -> go.Figure:
    """Box per group from precomputed quartiles: median, interquartile range, 5th–95th percentile."""
    fig = go.Figure(go.Box(
        y=frame[group], q1=frame["q1_gain_yuan"], median=frame["median_gain_yuan"],
        q3=frame["q3_gain_yuan"],
        lowerfence=frame.get("p5_gain_yuan", frame["q1_gain_yuan"]),
        upperfence=frame.get("p95_gain_yuan", frame["q3_gain_yuan"]),
        orientation="h", marker_color=RED, fillcolor="rgba(200,16,46,0.25)", name="户增收",
        hoverinfo="y+x",
    ))
    fig.update_layout(xaxis=dict(title="户增收（元）", tickformat=",d", zeroline=True),
                      yaxis=dict(title=None, autorange="reversed"), showlegend=False)
    return _styled(fig, title, height=max(320, 44 * len(frame) + 90))


def overdue_age_chart(frame: pd.DataFrame) -> go.Figure:
    """Open overdue issues by how long they are overdue."""
    buckets = ["0–15天", "16–30天", "31–60天", "60天以上"]
    counts = frame["age_bucket"].value_counts().reindex(buckets, fill_value=0)
    fig = go.Figure(go.Bar(x=buckets, y=counts.values, marker_color=["#f9a825", "#ef6c00", "#c62828", "#7f0000"],
                           text=counts.values, textposition="auto",
                           hovertemplate="逾期 %{x}<br>%{y} 件<extra></extra>"))
    fig.update_layout(xaxis=dict(title="逾期时长"), yaxis=dict(title="件", tickformat=",d"))
    return _styled(fig, "逾期未办结问题（按逾期时长）", height=320)


def slide_chart(spec) -> go.Figure:
    """A `slides.ChartSpec` drawn large enough to read from the back of a meeting room."""
    fig = go.Figure()
    colours = [RED, GOLD, BLUE, GREY]
    for (name, values), colour in zip(spec.series.items(), colours):
        if spec.kind == "line":
            fig.add_scatter(x=spec.categories, y=values, name=name, mode="lines+markers",
                            line=dict(color=colour, width=4))
        else:
            horizontal = spec.kind == "bar"
            fig.add_bar(x=values if horizontal else spec.categories, y=spec.categories if horizontal else values,
                        orientation="h" if horizontal else "v", name=name, marker_color=colour,
                        texttemplate="%{x:.0%}" if spec.percent and horizontal else None,
                        textposition="auto")
    value_axis = dict(tickformat=".0%" if spec.percent else ",", title=None)
    fig.update_layout(barmode="group", showlegend=len(spec.series) > 1,
                      xaxis=value_axis if spec.kind == "bar" else dict(title=None),
                      yaxis=dict(title=None) if spec.kind == "bar" else value_axis)
    fig = _styled(fig, spec.title, height=320)
    fig.update_layout(font=dict(size=18), title_font_size=22, margin=dict(t=50))
    return fig
