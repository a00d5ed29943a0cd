"""Payment capture behind one small interface. The built-in provider is manual: an invoice waits until an admin
records the bank transfer (``POST /admin/invoices/{id}/mark-paid``). A card provider would capture at issue time
and answer with its reference; nothing else in the billing flow changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Charge:
    invoice_id: str
    number: str
    amount: str  # a decimal string, never a float
    currency: str


class PaymentProvider(Protocol):
    name: str

    def capture(self, charge: Charge) -> str | None:
        """Tries to take the money when the invoice is issued: the provider's reference, or None when it arrives
        later by other means (manual transfer)."""
        ...

    def confirm(self, charge: Charge, *, confirmed_by: str) -> str:
        """Records that the money arrived outside the provider (an admin saw the transfer): the reference kept."""
        ...


class ManualPaymentProvider:
    name = "manual"

    def capture(self, charge: Charge) -> str | None:
        return None

    def confirm(self, charge: Charge, *, confirmed_by: str) -> str:
        return f"manual:{confirmed_by}"
