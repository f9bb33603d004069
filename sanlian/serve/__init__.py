"""Serve a whole meeting at once: N Streamlit replicas behind nginx, supervised.

    python -m sanlian.serve --replicas N [--port 8501] [--address 0.0.0.0]
"""
