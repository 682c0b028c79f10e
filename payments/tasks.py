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
def execute_pending_refunds() -> int:
    from .services.payments import execute_pending_refunds as run

    return run()


@shared_task(name="payments.scheduled.release_earnings", acks_late=True)
def release_earnings() -> int:
    from .services.ledger import release_due_earnings

    return release_due_earnings()


@shared_task(name="payments.scheduled.run_payouts", acks_late=True)
def run_payouts() -> int:
    from .services.ledger import run_payouts as run

    return len(run())
