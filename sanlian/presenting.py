"""Presentation mode (投影模式) and masked exports: the switches that hide personal data."""

import streamlit as st

from sanlian import auth

PRESENT_WIDGET = "w_present"

# Presentation mode: no sidebar or toolbar, large type and high contrast for a projector.
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
html {font-size: 19px;}
.st-key-exit_present {position: fixed; top: 0.5rem; right: 1.2rem; z-index: 1000; width: auto !important;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding: 0.6rem 2.2rem 1rem;}
[data-testid="stMetricValue"] {font-size: 2.2rem; color: #000;}
[data-testid="stMetricLabel"] p {font-size: 1rem; color: #222;}
h1 {color: #a50d25; font-size: 1.5rem !important; padding: 0 !important;}
h3 {font-size: 1.3rem !important;}
</style>"""


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
