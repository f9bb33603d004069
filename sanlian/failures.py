"""Unexpected errors: the user sees a Chinese message and a reference number, never a traceback; the
traceback goes to the log under that number (the server's log for pages, settings.log_path() for
the command lines), so an administrator can find it."""

import functools
import logging
import secrets
import sys

from sanlian import settings

LOG = logging.getLogger("sanlian.failures")


def record(exc: BaseException) -> str:
    """Log the traceback under a new reference number (8 hex digits); returns the number."""
    reference = secrets.token_hex(4)
    LOG.error("意外错误，参考编号 %s", reference, exc_info=exc)
    return reference


def page_message(reference: str) -> str:
    return (f"页面出现了意外错误，已记录在服务器日志中（参考编号 {reference}）。请刷新页面重试；"
            "如果仍然出现，请把参考编号告诉数据管理员。")


def cli_message(reference: str) -> str:
    return (f"错误：出现了意外错误，操作没有完成（参考编号 {reference}）。详细信息已写入错误日志"
            "（SANLIAN_LOG）；请把参考编号告诉系统管理员。")


def _show_in_page(exc: Exception) -> bool:
    """Streamlit's handler for an exception from the page script: our message instead of its own."""
    import streamlit as st

    st.error(page_message(record(exc)), icon=":material/error:")
    return True  # Streamlit shows nothing more (no traceback, no English)


def catch_page_errors() -> None:
    """From here to the end of this run of the page script, an exception shows page_message().
    (The script run context's handler is what `st.App(on_script_error=…)` sets for `streamlit run`
    apps too; client.showErrorDetails = "none" in .streamlit/config.toml is the fallback.)"""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.on_script_error = _show_in_page


def _log_to_file() -> None:
    """Send the tracebacks of a command line to settings.log_path(), not to the terminal."""
    if LOG.handlers:
        return
    try:
        path = settings.log_path()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # a full or read-only disk: the message still names the number
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    LOG.addHandler(handler)
    LOG.propagate = False


def guarded(main):
    """Wrap a command line's main(argv) -> exit code: an unexpected exception prints cli_message()
    and exits 1; Ctrl-C prints 已中断 and exits 130."""
    @functools.wraps(main)
    def run(argv: list[str] | None = None) -> int:
        try:
            return main(argv)
        except KeyboardInterrupt:
            print("已中断。", file=sys.stderr)
            return 130
        except Exception as exc:
            _log_to_file()
            print(cli_message(record(exc)), file=sys.stderr)
            return 1
    return run
