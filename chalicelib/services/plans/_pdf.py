"""An invoice as a one-page PDF (fpdf2, core fonts: no font files to package)."""

from __future__ import annotations

from fpdf import FPDF

from chalicelib.contracts.plans import InvoiceOut

SELLER = "DocSpot"


def _latin1(text: str) -> str:
    """The core fonts know Latin-1 only: anything else becomes "?" rather than failing the download."""
    return text.encode("latin-1", "replace").decode("latin-1")


def invoice_pdf(invoice: InvoiceOut, doctor_name: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(f"Invoice {invoice.number}")
    pdf.set_creation_date(invoice.issued_at)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 12, _latin1(f"{SELLER} invoice {invoice.number}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    rows = [
        ("Billed to", doctor_name),
        ("Issued", invoice.issued_at.date().isoformat()),
        ("Due", invoice.due_at.date().isoformat()),
        ("Plan", f"{invoice.plan_name} ({invoice.plan_code})"),
        ("Period", f"{invoice.period_start.date().isoformat()} to {invoice.period_end.date().isoformat()}"),
        ("Amount", f"{invoice.price.amount} {invoice.price.currency}"),
        ("Status", invoice.status),
    ]
    for label, value in rows:
        pdf.cell(40, 8, _latin1(label))
        pdf.cell(0, 8, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
