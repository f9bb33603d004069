"""Text from data is text: values from the database, a file or a link, escaped before Streamlit
markdown or plotly's HTML reads them, so a name can never become an image, a link or styling.

`for_markdown` is for everything Streamlit renders as markdown: st.markdown, captions, headings,
st.info/warning/error/success, toasts, metric and widget labels, help. `for_html` is for plotly
titles, labels, axis ticks and hovers (plotly draws <b>, <a href>, <br> and <span style>). Tables
(st.dataframe), pydeck's text tooltips and PowerPoint text are plain text already.
"""

import html
import re

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that start or form
# markdown, GFM, LaTeX ($) or Streamlit syntax: emphasis, code, links and images, headings, lists,
# quotes, tables, strikethrough, raw HTML, entities, autolinks (www. and @) and setext underlines.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&@=^])")
# A colon cannot be backslash-escaped away: Streamlit turns ":material/x:" into an icon before
# parsing, and directives (:red[…], :blue-badge[…]) and http:// autolinks start at it. As a
# character reference it is still shown as ":", but no longer parsed as one.
_COLON = "&#58;"
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def for_markdown(value) -> str:
    """A value shown as itself inside Streamlit markdown: no formatting, links, images, icons,
    colours, LaTeX or HTML; line breaks become spaces (a line start could make a list or heading)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text).replace(":", _COLON)


def for_html(value) -> str:
    """A value shown as itself in plotly text (labels, ticks, hovers, titles): <, > and & escaped."""
    return html.escape(str(value), quote=False)
