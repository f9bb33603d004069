"""Start the dashboard: `streamlit run serve.py` (or `python serve.py`).

The pages are app.py and pages/; this wraps them in Streamlit's st.App with the sign-in cookie's
route and the gate in front of export files (sanlian.server).
"""

import streamlit as st
from starlette.middleware import Middleware

from sanlian import server

app = st.App("app.py", routes=server.routes(), middleware=[Middleware(server.ExportGate)])

if __name__ == "__main__":
    app.run()
