"""A bilingual handout of one script, to PDF or to a printer: both languages side by side or one after the other,
the organisation's name, and a blank line for contact details written by hand. The client's side says, in the
client's language, which words are a draft not yet checked by a qualified translator (once for the script when
it is all the same, else under each paragraph), shown in English, or checked by whom and when.

It holds no client data, so it needs no consent, but like everything that leaves the machine it goes through the
gate (``release_not_client_data``) and is logged; the document written is exactly the released content.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QPageSize, QTextDocument

from desktop.core.common.files import write_atomically
from desktop.core.consent import gate as egress
from desktop.core.scripts.catalogs import Script
from desktop.core.scripts.notices import client_notice, script_notice
from desktop.exports.common import require_channel
from desktop.exports.pdf import render_pdf
from desktop.i18n import _

LAYOUTS = ("side_by_side", "sequential")
_CONTACT_LINE = "_" * 48


def handout_html(left: Script, right: Script, *, values: dict[str, str], organisation: str, layout: str,
                 right_to_left: tuple[bool, bool] = (False, False)) -> str:
    """The handout as simple rich text. Only the worker's name, the organisation and the province's child age
    are filled in (nothing about a session or a client)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown handout layout {layout!r}")
    kept = {key: values.get(key, "") for key in ("worker_name", "organisation", "child_age")}
    left_dir, right_dir = ("rtl" if flag else "ltr" for flag in right_to_left)
    whole = script_notice(right)  # said once under the title when every paragraph has the same note

    def client_side(paragraph) -> str:
        note = "" if whole else client_notice(paragraph, right.locale)
        return _para(paragraph.filled(kept), right_dir) + _note(note, right_dir)

    title_note = _note(whole or client_notice(right.title, right.locale), right_dir)
    parts = [f"<h2>{html.escape(organisation or '')}</h2>"]
    if layout == "side_by_side":
        parts.append('<table width="100%" cellspacing="0" cellpadding="6" border="0">')
        parts.append(_row(_heading(left.title.filled(kept), left_dir),
                          _heading(right.title.filled(kept), right_dir) + title_note))
        for first, second in zip(left.paragraphs, right.paragraphs, strict=True):
            parts.append(_row(_para(first.filled(kept), left_dir), client_side(second)))
        parts.append("</table>")
    else:
        parts.append(_heading(left.title.filled(kept), left_dir))
        parts.extend(_para(paragraph.filled(kept), left_dir) for paragraph in left.paragraphs)
        parts.append("<hr/>")
        parts.append(_heading(right.title.filled(kept), right_dir) + title_note)
        parts.extend(client_side(paragraph) for paragraph in right.paragraphs)
        parts.append("<hr/>")
    if left.unchecked_count or right.unchecked_count:
        note = _("Draft translation: not yet checked by a qualified translator.")
        parts.append(f"<p><small><i>{html.escape(note)}</i></small></p>")
    parts.append(f"<p><br/>{html.escape(_('Contact details:'))} {_CONTACT_LINE}</p>")
    parts.append(f"<p>{_CONTACT_LINE}{_CONTACT_LINE}</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def release_handout(db, left: Script, right: Script, *, values: dict[str, str], organisation: str, worker: str,
                    layout: str, channel: str, right_to_left: tuple[bool, bool] = (False, False)) -> egress.Release:
    """Builds the handout and passes it through the gate, which logs it; returns the Release to write."""
    content = handout_html(left, right, values=values, organisation=organisation, layout=layout,
                           right_to_left=right_to_left)
    description = _("Handout of the script “{script}” in {first} and {second}").format(
        script=left.title.text, first=left.locale, second=right.locale)
    return egress.release_not_client_data(db, description=description, recipient=_("the client (handout)"),
                                          channel=channel, worker=worker, content=content)


def document(release: egress.Release) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(release.fields["content"])
    return doc


def write_pdf(release: egress.Release, path: str | Path) -> None:
    """Writes the released handout as an A4 PDF at ``path``: whole, or (on a full disk) not at all, with any file
    already there left as it was."""
    require_channel(release, "file_pdf", "print")  # refuses a hand-made Release; a print release may go to PDF
    write_atomically(Path(path), render_pdf(document(release), QPageSize.PageSizeId.A4, margin_mm=15,
                                            resolution=300))


def print_release(release: egress.Release, printer) -> None:
    """Prints the released handout on a QPrinter the worker already chose."""
    require_channel(release, "print")
    document(release).print_(printer)


def _row(first: str, second: str) -> str:
    return f'<tr><td width="50%" valign="top">{first}</td><td width="50%" valign="top">{second}</td></tr>'


def _heading(text: str, direction: str) -> str:
    align = "right" if direction == "rtl" else "left"
    return f'<h3 dir="{direction}" align="{align}">{html.escape(text)}</h3>'


def _note(text: str, direction: str) -> str:
    align = "right" if direction == "rtl" else "left"
    return f'<p dir="{direction}" align="{align}"><small><i>{html.escape(text)}</i></small></p>' if text else ""


def _para(text: str, direction: str) -> str:
    align = "right" if direction == "rtl" else "left"
    return f'<p dir="{direction}" align="{align}">{html.escape(text)}</p>'
