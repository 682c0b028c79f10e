"""The Django admin's curation queue goes through the same services as the API."""

from __future__ import annotations

from django.test import Client

from marketplace.notifications.models import OutboxEvent
from tests.factories import StaffFactory, UserFactory, VendorFactory
from vendors.models import VendorReview, VendorStatus


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_curation_queue_lists_and_filters_by_status(db):
    VendorFactory(name="Menunggu Satu", status=VendorStatus.PENDING)
    VendorFactory(name="Sudah Aktif", status=VendorStatus.APPROVED)
    response = admin_client(StaffFactory()).get("/admin/vendors/vendor/?status__exact=PENDING")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Menunggu Satu" in body and "Sudah Aktif" not in body


def test_approve_and_suspend_actions_use_the_review_service(db):
    admin = StaffFactory()
    pending = VendorFactory(status=VendorStatus.PENDING)
    approved = VendorFactory(status=VendorStatus.APPROVED)
    client = admin_client(admin)
    response = client.post(
        "/admin/vendors/vendor/",
        {"action": "approve_vendors", "_selected_action": [pending.pk, approved.pk]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    approved.refresh_from_db()
    assert pending.status == VendorStatus.APPROVED
    # The already-approved vendor is refused by the state machine, not silently re-approved.
    assert list(VendorReview.objects.values_list("vendor_id", "decision", "reviewer_id")) == [
        (pending.pk, "APPROVE", admin.pk)
    ]
    client.post(
        "/admin/vendors/vendor/", {"action": "suspend_vendors", "_selected_action": [pending.pk]}
    )
    pending.refresh_from_db()
    assert pending.status == VendorStatus.SUSPENDED and pending.suspension_reason
    assert sorted(OutboxEvent.objects.values_list("kind", flat=True)) == [
        "vendor.approved",
        "vendor.suspended",
    ]


def test_staff_without_manage_vendors_gets_no_curation_actions(db):
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_vendor", "change_vendor"])
    )
    pending = VendorFactory(status=VendorStatus.PENDING)
    client = admin_client(clerk)
    page = client.get("/admin/vendors/vendor/")
    assert page.status_code == 200 and "approve_vendors" not in page.content.decode()
    client.post(
        "/admin/vendors/vendor/", {"action": "approve_vendors", "_selected_action": [pending.pk]}
    )
    pending.refresh_from_db()
    assert pending.status == VendorStatus.PENDING


def test_user_admin_is_email_based(db):
    client = admin_client(StaffFactory())
    assert client.get("/admin/accounts/user/").status_code == 200
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Baru@Example.id",
            "password1": "Kain-Batik-Indigo-77",
            "password2": "Kain-Batik-Indigo-77",
        },
    )
    assert response.status_code == 302
    from marketplace.accounts.models import User

    assert User.objects.filter(email="baru@example.id").exists()
