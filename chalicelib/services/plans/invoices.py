"""Invoices: issued for a period in one transaction with the year's counter (so numbers have no gaps, whatever
renewals run at once) and with whatever else the caller changes (the subscription's new period); read by their
doctor; paid through the ``PaymentProvider`` (manual: an admin marks them paid)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from chalicelib.adapters.payments import Charge
from chalicelib.adapters.registry import adapters
from chalicelib.contracts.appointment_types import PriceOut
from chalicelib.contracts.common import Page
from chalicelib.contracts.plans import InvoiceOut
from chalicelib.errors import Conflict, NotFound
from chalicelib.models.plans import Invoice, Plan
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.core import people
from chalicelib.services.core.dynamo import (
    NamedTransaction,
    condition_failed,
    decode_cursor,
    encode_cursor,
    page_size,
    read_page,
    transaction,
    unexplained,
)
from chalicelib.services.plans._pdf import invoice_pdf
from chalicelib.services.plans._periods import PAYMENT_TERM

OPEN, PAID, OVERDUE = "open", "paid", "overdue"
UNPAID_PARTITION = "open"
# Attempts at taking the next number when other invoices of the year take it first. Each lost attempt means another
# invoice was issued, so this bounds how many may be issued at the very same moment before one gives up (409).
NUMBER_ATTEMPTS = 25
NOT_FOUND = "no such invoice"


class InvoiceAlreadyIssued(Exception):
    """The period's invoice exists: issuing is idempotent per doctor and period."""


class PartRefused(Exception):
    """A part the caller added failed its condition (the subscription moved on meanwhile)."""


@dataclass(frozen=True)
class Issued:
    invoice: Invoice


def invoice_id_for(doctor_id: str, period_start: datetime) -> str:
    return f"{doctor_id}.{period_start:%Y%m%d}"


def counter_key(year: int) -> str:
    return f"counter#{year}"


def issue(
    doctor_id: str,
    plan: Plan,
    period_start: datetime,
    period_end: datetime,
    *,
    now: datetime,
    extra: Callable[[NamedTransaction], None] | None = None,
) -> Invoice:
    """Issues the invoice of ``doctor_id``'s period with the next number of ``now``'s year.

    One transaction: the counter moves from the number read to the next on condition it is still the one read,
    the invoice is put on condition that the period has none, and ``extra`` adds the caller's parts. A lost counter
    race reads again and retries; the invoice's condition failing raises ``InvoiceAlreadyIssued``; an extra part
    failing raises ``PartRefused``. Nothing is written unless all of it is, so a number is never skipped."""
    key = counter_key(now.year)
    for _ in range(NUMBER_ATTEMPTS):
        try:
            last = int(Invoice.get(key, consistent_read=True).last_number or 0)
        except DoesNotExist:
            last = 0
        number = last + 1
        invoice = Invoice(
            invoice_id=invoice_id_for(doctor_id, period_start),
            doctor_id=doctor_id,
            number=f"{now.year}-{number:06d}",
            plan_code=plan.code,
            plan_name=plan.name,
            amount=plan.price_amount,
            currency=plan.price_currency,
            period_start=period_start.isoformat(),
            period_end=period_end.isoformat(),
            issued_at=now.isoformat(),
            due_at=(now + PAYMENT_TERM).isoformat(),
            status=OPEN,
            unpaid=UNPAID_PARTITION,
        )
        unchanged = Invoice.last_number == last if last else Invoice.invoice_id.does_not_exist()
        tx = transaction()
        try:
            with tx:
                tx.update(
                    Invoice(invoice_id=key),
                    actions=[Invoice.last_number.set(number)],
                    condition=unchanged,
                    part="counter",
                )
                tx.save(invoice, condition=Invoice.invoice_id.does_not_exist(), part="invoice")
                if extra is not None:
                    extra(tx)
        except TransactWriteError as exc:
            cancellation = tx.cancellation(exc)
            if cancellation.failed("invoice"):
                raise InvoiceAlreadyIssued(invoice.invoice_id) from exc
            if extra is not None and any(
                name.split(":")[0] not in {"counter", "invoice"} for name in cancellation.failed_parts()
            ):
                raise PartRefused(invoice.invoice_id) from exc
            if cancellation.failed("counter") or exc.cause_response_code == "TransactionCanceledException":
                continue
            raise unexplained(exc) from exc
        logger.info("invoice issued", extra={"doctor_id": doctor_id, "invoice_number": invoice.number})
        _capture(invoice)
        return invoice
    raise Conflict("too many invoices are being issued at once; please try again", code="TRY_AGAIN")


def _capture(invoice: Invoice) -> None:
    """Asks the payment provider to take the money now; the manual one never does (an admin marks it paid)."""
    reference = adapters().payments.capture(_charge(invoice))
    if reference is not None:
        _mark_paid(invoice.invoice_id, reference)


def _charge(invoice: Invoice) -> Charge:
    return Charge(
        invoice_id=invoice.invoice_id,
        number=str(invoice.number),
        amount=str(invoice.amount),
        currency=str(invoice.currency),
    )


def invoice_out(item: Invoice, *, doctor_name: str | None = None) -> InvoiceOut:
    return InvoiceOut(
        invoice_id=item.invoice_id,
        number=str(item.number),
        doctor_id=str(item.doctor_id),
        doctor_name=doctor_name,
        plan_code=str(item.plan_code),
        plan_name=str(item.plan_name),
        price=PriceOut(amount=str(item.amount), currency=str(item.currency)),
        period_start=datetime.fromisoformat(str(item.period_start)),
        period_end=datetime.fromisoformat(str(item.period_end)),
        issued_at=datetime.fromisoformat(str(item.issued_at)),
        due_at=datetime.fromisoformat(str(item.due_at)),
        status=item.status,  # type: ignore[arg-type]
        paid_at=datetime.fromisoformat(item.paid_at) if item.paid_at else None,
    )


def _get(invoice_id: str) -> Invoice:
    if invoice_id.startswith("counter#"):
        raise NotFound(NOT_FOUND, code="INVOICE_NOT_FOUND")
    try:
        return Invoice.get(invoice_id)
    except DoesNotExist as exc:
        raise NotFound(NOT_FOUND, code="INVOICE_NOT_FOUND") from exc


def own(doctor_id: str, invoice_id: str) -> Invoice:
    item = _get(invoice_id)
    if item.doctor_id != doctor_id:
        raise NotFound(NOT_FOUND, code="INVOICE_NOT_FOUND")
    return item


def one(doctor_id: str, invoice_id: str) -> InvoiceOut:
    return invoice_out(own(doctor_id, invoice_id))


def pdf(doctor_id: str, invoice_id: str) -> tuple[str, bytes]:
    """The invoice's number (for the file name) and its PDF."""
    item = own(doctor_id, invoice_id)
    doctor = people.users([doctor_id]).get(doctor_id)
    return str(item.number), invoice_pdf(invoice_out(item), doctor.name if doctor else doctor_id)


CURSOR_KEY = {"invoice_id": "S", "doctor_id": "S", "issued_at": "S"}


def mine(doctor_id: str, *, limit: int | None, cursor: str | None) -> Page[InvoiceOut]:
    """The doctor's invoices, newest first: one Query on the doctor-index."""
    rows = Invoice.doctor_index.query(
        doctor_id,
        scan_index_forward=False,
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, CURSOR_KEY),
    )
    items = read_page(rows, cursor=cursor)
    return Page[InvoiceOut](items=[invoice_out(i) for i in items], next_cursor=encode_cursor(rows.last_evaluated_key))


def admin_list(*, limit: int | None, cursor: str | None) -> Page[InvoiceOut]:
    """Open invoices, oldest due first, each with the doctor billed: one Query on the unpaid-index (paid and overdue
    ones leave it) and one batch read of the page's doctors."""
    rows = Invoice.unpaid_index.query(
        UNPAID_PARTITION,
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, {"invoice_id": "S", "unpaid": "S", "due_at": "S"}),
    )
    items = read_page(rows, cursor=cursor)
    doctors = people.users({str(i.doctor_id) for i in items})
    return Page[InvoiceOut](
        items=[invoice_out(i, doctor_name=_name(doctors.get(str(i.doctor_id)))) for i in items],
        next_cursor=encode_cursor(rows.last_evaluated_key),
    )


def _name(user: User | None) -> str | None:
    return str(user.name) if user is not None else None


def _mark_paid(invoice_id: str, reference: str) -> Invoice:
    item = Invoice(invoice_id=invoice_id)
    item.update(
        actions=[
            Invoice.status.set(PAID),
            Invoice.paid_at.set(adapters().clock.now().isoformat()),
            Invoice.payment_reference.set(reference),
            Invoice.unpaid.remove(),
        ],
        condition=Invoice.status == OPEN,
    )
    return item


def mark_paid(admin_id: str, invoice_id: str) -> InvoiceOut:
    """The manual provider's confirmation: an open invoice becomes paid (409 if it is not open any more)."""
    before = _get(invoice_id)
    reference = adapters().payments.confirm(_charge(before), confirmed_by=admin_id)
    try:
        item = _mark_paid(invoice_id, reference)
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        raise Conflict(f"this invoice is {before.status}, not open", code="INVOICE_NOT_OPEN") from exc
    audit.record(
        entity=f"invoice#{invoice_id}",
        actor=admin_id,
        action="invoice-paid",
        detail={"number": str(item.number), "status": f"{OPEN} -> {PAID}"},
    )
    return invoice_out(item)
