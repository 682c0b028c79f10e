"""Per-request loaders for a vendor's private lists, batched over the page of vendors being
resolved (sibling batching, see marketplace.core.graphql.dataloaders): a page of 20 vendors with
their warehouses and members is one query per list, not one per vendor."""

from __future__ import annotations

from abc import abstractmethod
from collections import defaultdict

from marketplace.core.graphql.dataloaders import DataLoader

from .. import models


class _ByVendorIdLoader(DataLoader):
    sibling_model = "vendors.vendor"
    default: list = []

    @abstractmethod
    def queryset(self):
        """The rows to group by `vendor_id` (each subclass names its model)."""

    def batch_load(self, keys):
        grouped: dict[int, list] = defaultdict(list)
        for row in self.queryset().filter(vendor_id__in=keys):
            grouped[row.vendor_id].append(row)
        return {key: grouped.get(key, []) for key in keys}


class WarehousesByVendorIdLoader(_ByVendorIdLoader):
    def queryset(self):
        return models.Warehouse.objects.select_related("address").order_by("pk")


class MembersByVendorIdLoader(_ByVendorIdLoader):
    def queryset(self):
        return models.VendorMember.objects.select_related("user").order_by("pk")


class ReviewsByVendorIdLoader(_ByVendorIdLoader):
    def queryset(self):
        return models.VendorReview.objects.select_related("reviewer").order_by("-created_at", "-pk")


class DocumentsByVendorIdLoader(_ByVendorIdLoader):
    def queryset(self):
        return models.VendorDocument.objects.order_by("pk")


class OpenInvitationsByVendorIdLoader(_ByVendorIdLoader):
    def queryset(self):
        return models.VendorInvitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True
        ).order_by("pk")
