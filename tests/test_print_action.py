"""The sidebar's 打印 / 导出 PDF action opens the browser's print dialog (the print stylesheet lays
the page out on A4; tests/e2e/test_phone_and_print.py checks that layout)."""

from tests.test_pages import run_page


def print_frames(at) -> list[str]:
    return [e.proto.srcdoc for e in at.get("iframe") if "print()" in e.proto.srcdoc]


def test_the_print_action_asks_the_browser_to_print_once_per_click():
    at = run_page("app.py")
    assert print_frames(at) == []
    at = at.button(key="print_page").click().run()
    assert len(print_frames(at)) == 1 and "window.parent.print()" in print_frames(at)[0]
    at = at.run()  # another rerun (a filter change) does not print again
    assert print_frames(at) == []
    at = at.button(key="print_page").click().run()
    assert len(print_frames(at)) == 1

