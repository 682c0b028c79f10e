"""Scheduled payment and ledger work (thin wrappers; beat entries in config/settings.py).

Each service is idempotent (unique keys on transactions, ledger entries and payout batches), so a
redelivered task does nothing twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="payments.scheduled.expire_unpaid_orders", acks_late=True)
def expire_unpaid_orders() -> int:
    from .services.payments import expire_unpaid_orders as run

    return run()


@shared_task(name="payments.scheduled.reconcile_pending_payments", acks_late=True)
def reconcile_pending_payments() -> int:
    from .services.payments import reconcile_pending_payments as run

    return run()


@shared_task(name="payments.scheduled.execute_pending_refunds", acks_late=True)
def execute_pending_refunds(payment_id: int | None = None) -> int:
    """Every PENDING refund (beat), or one payment's right after its refund was booked."""
    from .services.payments import execute_pending_refunds as run

    return run(payment_id=payment_id)


@shared_task(name="payments.cancel_at_provider", acks_late=True)
def cancel_at_provider(payment_id: int) -> None:
    """Cancel a closed payment's PaymentIntent (reconciliation retries it if this fails)."""
    from .services.payments import cancel_at_provider as run

    run(payment_id)


@shared_task(name="payments.scheduled.release_earnings", acks_late=True)
def release_earnings() -> int:
    from .services.ledger import release_due_earnings

    return release_due_earnings()


@shared_task(name="payments.scheduled.run_payouts", acks_late=True)
def run_payouts() -> int:
    from .services.ledger import run_payouts as run

    return len(run())
