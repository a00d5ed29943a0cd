"""Doctor plans: the plan catalogue (a free plan always exists), each doctor's subscription (trial, upgrade at
once, downgrade at the period's end), renewals and invoices numbered without gaps per year, payment through the
``PaymentProvider`` adapter, the overdue downgrade, and the entitlements other capabilities ask before they let a
doctor grow (``entitlements.require``, ``entitlements.require_count``).

Others may call ``entitlements`` only; the routes call ``catalogue``, ``subscriptions`` and ``invoices``; the
schedule calls ``billing.run``.
"""
