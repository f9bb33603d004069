"""Presentation mode (投影模式) and masked exports: the switches that hide personal data."""

import streamlit as st
import streamlit.components.v1 as components

from sanlian import auth

PRESENT_WIDGET = "w_present"

# Presentation mode (投影模式): no sidebar or toolbar; at 1280×720 every text is at least 24 px (the
# root font size: Streamlit sizes text in rem), with high contrast for a projector.
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
html {font-size: 24px;}
[data-testid="stMain"] * {font-size: max(1rem, 1em);}
.st-key-exit_present {position: fixed; top: 0.25rem; right: 0.8rem; z-index: 1000; width: auto !important;}
.st-key-exit_present button {min-height: 0; padding: 0.1rem 0.5rem;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding: 0.2rem 1.4rem 0.6rem;}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.45rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {font-size: 1.6rem; color: #000; line-height: 1.2;}
[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"] > div {color: #222; white-space: normal;}
[data-testid="stMetric"] {padding: 0.2rem 0.5rem;}
[data-testid="stMetricDelta"] {padding: 0 0.3rem;}
[data-testid="stCaptionContainer"] {color: #333;}
h1 {color: #a50d25; font-size: 1.3rem !important; padding: 0 !important;}
h3, h3 * {font-size: 1.1rem !important; padding: 0.2rem 0 0.35rem !important; line-height: 1.35;}
</style>"""

# The 汇报 page while presenting: its one bar of controls (at most 60 px high) replaces the page title
# and the data stamp, which the bar repeats; room on the right for the fixed 退出投影 button.
SLIDES_CSS = """<style>
[data-testid="stElementContainer"]:has(h1),
[data-testid="stElementContainer"]:not(.st-key-slide_bar *):has([data-testid="stCaptionContainer"]) {display: none;}
.st-key-slide_bar {padding-right: 7.5rem; gap: 0.6rem; min-height: 0; flex-wrap: nowrap; overflow: hidden;}
.st-key-slide_bar button {min-height: 0; padding: 0 0.5rem; line-height: 1.5;}
.st-key-slide_bar [data-testid="stCaptionContainer"] {white-space: nowrap;}
</style>"""

# Every page, every mode: phones (two cards a row, tables and maps scroll inside their frame), touch
# screens (no keyboard hint) and paper (A4 landscape, no sidebar or controls, nothing split).
MEDIA_CSS = """<style>
@media (pointer: coarse) {.st-key-slide_hint {display: none !important;}}
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] {padding-left: 0.6rem; padding-right: 0.6rem;}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-flow: row wrap !important; gap: 0.5rem !important;}
  [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has([data-testid="stMetric"]) {
    flex: 1 1 calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important;}
  [data-testid="stMetricValue"] {font-size: 1.6rem;}
  [data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"] div {white-space: normal;}
  [data-testid="stDataFrame"], [data-testid="stTable"], [data-testid="stDeckGlJsonChart"],
  .stPlotlyChart {max-width: 100%; overflow-x: auto;}
}
@media print {
  @page {size: A4 landscape; margin: 8mm;}
  section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], .st-key-exit_present,
  .st-key-slide_bar, [data-testid="stElementContainer"]:has(> [data-testid="stDownloadButton"]),
  [data-testid="stElementContainer"]:has(> [data-testid="stButton"]),
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]), [data-testid="stExpander"],
  [data-testid="stElementContainer"]:has(> [data-testid="stPopover"]) {display: none !important;}
  [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"] {
    overflow: visible !important; height: auto !important; max-width: 100% !important; padding: 0 !important;}
  /* The page's screen layout at 36 %: 总览's verdict, cards, charts, examples and township comparison
     on two A4 sheets (lists and their detail expanders are printed from their own pages). */
  [data-testid="stMain"] {zoom: 0.36;}
  [data-testid="stMetric"], .stPlotlyChart, [data-testid="stDeckGlJsonChart"] {break-inside: avoid;}
  [data-testid="stVerticalBlock"] {gap: 0.4rem;}
}
</style>"""


# After a township is picked on a phone, the open dropdown and the sidebar (which covers the whole
# screen there) close, so the result shows. Streamlit has no call for this: a zero-height component
# presses the sidebar's own collapse button (same origin, no outside request).
_CLOSE_SIDEBAR = """<script>
const host = window.parent, doc = host.document;
if (host.matchMedia("(max-width: 640px)").matches) {
  if (doc.activeElement) doc.activeElement.blur();
  const close = doc.querySelector('[data-testid="stSidebar"][data-collapsed="false"] '
                                  + '[data-testid="stSidebarCollapseButton"] button');
  if (close) close.click();
}
</script><!-- %d -->"""


def close_sidebar_on_phone() -> None:
    """Close the sidebar and its dropdown on a phone-sized screen (nothing happens on wider ones)."""
    st.session_state["sidebar_closes"] = st.session_state.get("sidebar_closes", 0) + 1
    with st.sidebar:  # the component's frame takes no room there
        components.html(_CLOSE_SIDEBAR % st.session_state["sidebar_closes"], height=0)


# The browser's own print dialog (A4 landscape per the print stylesheet above), where "另存为 PDF" is
# the PDF export: the page prints exactly as the stylesheet lays it out. The comment's counter makes
# each click a new component, so a second click prints again.
_PRINT = "<script>window.parent.print();</script><!-- %d -->"


def print_button() -> None:
    """The sidebar's 打印 / 导出 PDF action."""
    if st.button("打印 / 导出 PDF", icon=":material/print:", key="print_page", width="stretch",
                 help="用浏览器打印本页（A4 横向）；在打印对话框中选择“另存为 PDF”即可导出 PDF。"):
        st.session_state["prints"] = st.session_state.get("prints", 0) + 1
        components.html(_PRINT % st.session_state["prints"], height=0)


def is_presenting() -> bool:
    """True in presentation mode (?present=1 or the sidebar switch): personal data is masked."""
    return st.session_state.get("present", False)


def masks_exports() -> bool:
    """Exports are masked unless the user explicitly asked otherwise, and always when presenting
    or when the role may not export personal data (乡镇, 展示)."""
    return (is_presenting() or not auth.current().export_unmasked_allowed
            or not st.session_state.get("export_unmasked", False))


def set_present(on: bool) -> None:
    """Switch presentation mode (a 展示 account stays in it)."""
    on = on or auth.current().forced_present
    st.session_state["present"] = on
    st.session_state[PRESENT_WIDGET] = on
