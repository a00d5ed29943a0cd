from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class Plan(Model):
    """A plan doctors subscribe to: its price (a decimal string, never a float), its interval and its entitlements.
    Every plan sits in the one partition ``catalogue = "plans"`` (a handful of items): the list is one Query, one
    plan a GetItem on ``(catalogue, code)``."""

    Meta = table_meta("plans")
    catalogue = UnicodeAttribute(hash_key=True, default="plans")
    code = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute(default="")
    price_amount = UnicodeAttribute(default="0.00")
    price_currency = UnicodeAttribute(default="EUR")
    interval = UnicodeAttribute(default="month")  # month | year
    max_appointment_types = NumberAttribute(default=0)
    max_clinics = NumberAttribute(default=0)
    video_visits = BooleanAttribute(default=False)
    analytics = BooleanAttribute(default=False)
    max_weekly_rules = NumberAttribute(default=0)
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)


class RenewalIndex(GlobalSecondaryIndex["DoctorSubscription"]):
    """Subscriptions whose period ends on a day: the renewal job's Query per day (``renew_day``)."""

    class Meta:
        index_name = "renewal-index"
        projection = AllProjection()

    renew_day = UnicodeAttribute(hash_key=True)
    doctor_id = UnicodeAttribute(range_key=True)


class DoctorSubscription(Model):
    """A doctor's plan (no item: the free plan, never subscribed). ``period_end`` is when the trial or the paid
    period ends and the next one starts; ``pending_plan_code`` a downgrade waiting for it. Back on the free plan the
    item stays (``status = "free"``, no period, out of the renewal-index) so ``trial_used`` keeps a second trial
    from starting."""

    Meta = table_meta("doctor_subscriptions")
    doctor_id = UnicodeAttribute(hash_key=True)
    plan_code = UnicodeAttribute()
    status = UnicodeAttribute()  # free | trialing | active
    period_start = UTCDateTimeAttribute(null=True)
    period_end = UTCDateTimeAttribute(null=True)
    renew_day = UnicodeAttribute(null=True)  # period_end's date (UTC), the renewal-index's partition
    pending_plan_code = UnicodeAttribute(null=True)
    trial_used = BooleanAttribute(default=False)
    version = NumberAttribute(default=1)
    updated_at = UTCDateTimeAttribute()
    renewal_index = RenewalIndex()


class DoctorInvoiceIndex(GlobalSecondaryIndex["Invoice"]):
    """A doctor's invoices, newest first: one Query on ``doctor_id``."""

    class Meta:
        index_name = "doctor-index"
        projection = AllProjection()

    doctor_id = UnicodeAttribute(hash_key=True)
    issued_at = UnicodeAttribute(range_key=True)


class UnpaidIndex(GlobalSecondaryIndex["Invoice"]):
    """Open invoices by due date (sparse: ``unpaid`` goes when the invoice is paid or settled by a downgrade):
    the overdue job's one Query on the fixed partition ``open`` for ``due_at <= now - grace``."""

    class Meta:
        index_name = "unpaid-index"
        projection = AllProjection()

    unpaid = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class Invoice(Model):
    """An invoice for one doctor's period (``invoice_id`` = ``{doctor_id}.{period start date}``: issuing twice for
    one period fails its condition), numbered ``{year}-{n:06d}`` without gaps by the ``counter#{year}`` item of the
    same table, incremented in the invoice's own transaction."""

    Meta = table_meta("invoices")
    invoice_id = UnicodeAttribute(hash_key=True)
    doctor_id = UnicodeAttribute(null=True)
    number = UnicodeAttribute(null=True)
    last_number = NumberAttribute(null=True)  # only on counter items
    plan_code = UnicodeAttribute(null=True)
    plan_name = UnicodeAttribute(null=True)
    amount = UnicodeAttribute(null=True)
    currency = UnicodeAttribute(null=True)
    period_start = UnicodeAttribute(null=True)
    period_end = UnicodeAttribute(null=True)
    issued_at = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)  # open | paid | overdue
    unpaid = UnicodeAttribute(null=True)
    paid_at = UnicodeAttribute(null=True)
    payment_reference = UnicodeAttribute(null=True)
    doctor_index = DoctorInvoiceIndex()
    unpaid_index = UnpaidIndex()
