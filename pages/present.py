"""汇报: eight slides for a meeting room, one message in numbers and one chart each, masked."""

import streamlit as st

from sanlian import brief, charts, data, dataset, slides, text, widgets
from sanlian.frame import frame
from sanlian.presenting import is_presenting

ctx = frame("汇报", ":material/slideshow:")
summary = data.summary(ctx.params)
if not dataset.has_activity(summary):
    widgets.empty_state()
    st.stop()
deck = slides.build_slides(lambda name: data.query(name, **ctx.params), summary)
count = len(deck)
st.session_state.setdefault("slide", 0)


def step(by: int) -> None:
    st.session_state["slide"] = (st.session_state["slide"] + by) % count


back, where, forward, tools = st.columns([1, 2, 1, 3], vertical_alignment="center")
back.button("上一页", icon=":material/arrow_back:", on_click=step, args=(-1,), shortcut="Left",
            width="stretch", key="slide_back")
forward.button("下一页", icon=":material/arrow_forward:", on_click=step, args=(1,), shortcut="Right",
               width="stretch", key="slide_next")
where.markdown(f"**第 {st.session_state['slide'] + 1} / {count} 页** · 键盘 ← → 翻页")
def make_brief(run=data.runner(ctx.params), log=data.audit_recorder("下载汇报材料", "汇报")) -> bytes:  # noqa: B008 (bound once per run)
    """The PowerPoint brief for the session's (scoped) filters; logged when made."""
    log(ctx.filters.describe())
    return brief.brief_bytes(run, ctx.filters, ctx.info)


if not is_presenting():
    with tools:
        st.download_button("下载汇报材料（PPT）", make_brief,
                           brief.file_name(ctx.filters), icon=":material/download:", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")

slide = deck[st.session_state["slide"]]
st.subheader(f"{st.session_state['slide'] + 1}. {slide.title}：{text.for_markdown(slide.message)}", anchor=False)
if slide.numbers:
    for cell, (label, value) in zip(st.columns(len(slide.numbers)), slide.numbers):
        cell.metric(label, value, border=True)
for line in slide.bullets:
    st.markdown(f"- {text.for_markdown(line)}")  # slides are plain text: names, summaries, units
if slide.chart:
    st.plotly_chart(charts.slide_chart(slide.chart), config=widgets.CHART_CONFIG)
