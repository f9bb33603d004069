"""Text from data is text: the escaping helper, as a table of cases."""

import pytest

from sanlian import text


@pytest.mark.parametrize("value, escaped", [
    ("![i](http://127.0.0.1:9/x.png)", r"\!\[i\]\(http&#58;//127\.0\.0\.1&#58;9/x\.png\)"),
    ("[点我](http://evil)", r"\[点我\]\(http&#58;//evil\)"),
    ("**粗** _斜_ `码` ~删~", r"\*\*粗\*\* \_斜\_ \`码\` \~删\~"),
    (":red[红] :material/home: :blue-badge[徽]", r"&#58;red\[红\] &#58;material/home&#58; &#58;blue\-badge\[徽\]"),
    ("$x^2$", r"\$x\^2\$"),
    ("<b>b</b> <img src=x onerror=alert(1)>", r"\<b\>b\</b\> \<img src\=x onerror\=alert\(1\)\>"),
    ("# 标题", r"\# 标题"),
    ("- 项\n1. 项\r\n> 引", r"\- 项 1\. 项 \> 引"),
    ("a | b", r"a \| b"),
    ("&lt;b&gt; &#33;", r"\&lt;b\&gt; \&\#33;"),
    ("www.evil.com a@b.cn", r"www\.evil\.com a\@b\.cn"),
    ("彭长优（水稻种植）", "彭长优（水稻种植）"),
    (12, "12"),
])
def test_markdown_escaping_leaves_no_syntax(value, escaped):
    assert text.for_markdown(value) == escaped


@pytest.mark.parametrize("value, escaped", [
    ('<b>粗</b><a href="http://evil">a</a>', '&lt;b&gt;粗&lt;/b&gt;&lt;a href="http://evil"&gt;a&lt;/a&gt;'),
    ("<br><span style='font-size:80px'>大</span>", "&lt;br&gt;&lt;span style='font-size:80px'&gt;大&lt;/span&gt;"),
    ("&lt;b&gt;", "&amp;lt;b&amp;gt;"),
    ("水稻种植", "水稻种植"),
])
def test_html_escaping_leaves_no_tags_or_entities(value, escaped):
    assert text.for_html(value) == escaped
