"""汇报: eight slides for a meeting room, one message in numbers and one chart each, masked."""

import streamlit as st

from sanlian import brief, charts, data, dataset, slides, text, widgets
from sanlian.frame import frame
from sanlian.presenting import SLIDES_CSS, is_presenting

ctx = frame("汇报", ":material/slideshow:")
summary = data.summary(ctx.params)
if not dataset.has_activity(summary):
    widgets.empty_state()
    st.stop()
deck = slides.build_slides(lambda name: data.query(name, **ctx.params), summary)
count = len(deck)
st.session_state.setdefault("slide", 0)
STATUS_DELTA_COLOURS = {"green": "green", "amber": "orange", "red": "red"}


def step(by: int) -> None:
    st.session_state["slide"] = (st.session_state["slide"] + by) % count


if is_presenting():
    st.html(SLIDES_CSS)  # one compact bar: the frame's title and stamp give way to it
with st.container(key="slide_bar", horizontal=True, vertical_alignment="center"):
    st.button("上一页", icon=":material/arrow_back:", on_click=step, args=(-1,), shortcut="Left",
              key="slide_back")
    st.markdown(f"**第 {st.session_state['slide'] + 1} / {count} 页**", width="content")
    st.button("下一页", icon=":material/arrow_forward:", on_click=step, args=(1,), shortcut="Right",
              key="slide_next")
    with st.container(key="slide_hint", width="content"):  # hidden on touch screens (SLIDES_CSS)
        st.markdown("键盘 ← → 翻页", width="content")
    if is_presenting():
        st.caption(f"数据截至 {ctx.info.as_of:%Y年%-m月%-d日}", width="content")  # the scope is on the cover


def make_brief(run=data.runner(ctx.params), log=data.audit_recorder("下载汇报材料", "汇报"),  # noqa: B008 (bound once per run)
               run_year_ago=data.runner(data.params(ctx.filters.year_earlier(), ctx.info))) -> bytes:  # noqa: B008
    """The PowerPoint brief for the session's (scoped) filters, with 同比 from a year earlier; logged
    when made."""
    log(ctx.filters.describe())
    return brief.brief_bytes(run, ctx.filters, ctx.info, run_year_ago)


if not is_presenting():
    st.download_button("下载汇报材料（PPT）", make_brief,
                       brief.file_name(ctx.filters), icon=":material/download:", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")

slide = deck[st.session_state["slide"]]
st.subheader(f"{st.session_state['slide'] + 1}. {slide.title}：{text.for_markdown(slide.message)}", anchor=False)
if slide.numbers:
    for cell, (label, value) in zip(st.columns(len(slide.numbers)), slide.numbers):
        shown, judgement, status = slides.judged_parts(value)
        cell.metric(label, shown, judgement or None, delta_color=STATUS_DELTA_COLOURS.get(status, "off"),
                    delta_arrow="off", border=True)
for line in slide.bullets:
    st.markdown(f"- {text.for_markdown(line)}")  # slides are plain text: names, summaries, units
if slide.chart:
    # theme=None: the slide's own sizes and colours, not Streamlit's smaller grey axis text
    st.plotly_chart(charts.slide_chart(slide.chart), config=widgets.CHART_CONFIG, theme=None)
