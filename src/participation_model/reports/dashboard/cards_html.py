"""The scenario cards on the comparison dashboard: their small markdown as escaped HTML, one card per scenario.

``scenario_cards.md`` (:mod:`participation_model.reports.cards`) uses headings, paragraphs,
lists, tables and bold; nothing else is needed, so a few lines render it without a markdown
library, and everything is escaped (no HTML in the markdown gets through).

Example:
    >>> markdown_html("**a** & b")
    '<p><strong>a</strong> &amp; b</p>'
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(words: str) -> str:
    """Escape one line of markdown text and render its ``**bold**`` parts.

    Entities in the markdown (the cards escape user text with them) are decoded first, so
    ``&lt;`` shows as ``<`` and is escaped exactly once.
    """
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(html.unescape(words)))


def markdown_html(markdown: str) -> str:
    """The small markdown of the scenario cards as HTML: headings, paragraphs, lists, tables, bold.

    Everything is escaped; no HTML in the markdown gets through.

    Example:
        >>> markdown_html("## a <b>\\n\\n- **x** & y\\n\\n| h |\\n|---|\\n| 1 |")
        '<h3>a &lt;b&gt;</h3>\\n<ul>\\n<li><strong>x</strong> &amp; y</li>\\n</ul>\\n<table>\\n<thead><tr><th scope="col">h</th></tr></thead>\\n<tbody>\\n<tr><td>1</td></tr>\\n</tbody>\\n</table>'
    """
    out: list[str] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            index += 1
        elif line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")) + 1, 6)
            out.append(f"<h{level}>{_inline(line.lstrip('#').strip())}</h{level}>")
            index += 1
        elif line.lstrip().startswith("- "):
            items = []
            while index < len(lines) and lines[index].lstrip().startswith("- "):
                items.append(f"<li>{_inline(lines[index].lstrip()[2:].strip())}</li>")
                index += 1
            out.append("<ul>\n" + "\n".join(items) + "\n</ul>")
        elif line.lstrip().startswith("|"):
            rows = []
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append([cell.strip() for cell in lines[index].strip().strip("|").split("|")])
                index += 1
            body = [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]
            head = "".join(f'<th scope="col">{_inline(c)}</th>' for c in rows[0])
            cells = "\n".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in body)
            out.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{cells}\n</tbody>\n</table>")
        else:
            paragraph = []
            while index < len(lines) and lines[index].strip() and not lines[index].lstrip().startswith(("#", "- ", "|")):
                paragraph.append(_inline(lines[index].strip()))
                index += 1
            out.append("<p>" + " ".join(paragraph) + "</p>")
    return "\n".join(out)


def split_cards(markdown: str) -> dict[str, str]:
    """The cards document split per scenario (``## name`` blocks), keyed by scenario name.

    Example:
        >>> split_cards("# Cards\\n\\n## a\\ntext a\\n## b &lt;x&gt;\\ntext b")
        {'a': '## a\\ntext a', 'b <x>': '## b &lt;x&gt;\\ntext b'}
    """
    cards: dict[str, list[str]] = {}
    current: str | None = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = html.unescape(line[3:].strip())
            cards[current] = []
        if current is not None:
            cards[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in cards.items()}
