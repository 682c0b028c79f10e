import graphene

from marketplace.accounts.graphql.inputs import AddressInput

from .types import VendorStatusEnum


class VendorApplyInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    description = graphene.String()
    phone = graphene.String(required=True)
    address = graphene.Field(AddressInput, description="Alamat usaha (wajib).")
    sentra = graphene.String(description="Kode sentra, mis. 'batik-gunungpati'.")
    is_gallery_tenant = graphene.Boolean(default_value=False)
    is_pkp = graphene.Boolean(default_value=False)
    npwp = graphene.String()
    contact_name = graphene.String()
    email = graphene.String()


class VendorUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    description = graphene.String()
    phone = graphene.String()
    address = graphene.Field(AddressInput)
    sentra = graphene.String()
    is_gallery_tenant = graphene.Boolean(description="Hanya staf marketplace.")
    is_pkp = graphene.Boolean()
    npwp = graphene.String()
    contact_name = graphene.String()
    email = graphene.String()
    handling_days = graphene.Int()
    daily_cutoff_hour = graphene.Int()


class VendorReviewRubricInput(graphene.InputObjectType):
    product_quality = graphene.Int(description="1 (buruk) sampai 5 (sangat baik).")
    materials_finishing = graphene.Int()
    photos = graphene.Int()
    legality = graphene.Int()


class VendorFilterInput(graphene.InputObjectType):
    search = graphene.String()
    sentra = graphene.String()
    is_gallery_tenant = graphene.Boolean()
    status = graphene.Field(VendorStatusEnum, description="Staf melihat semua status.")


class WarehouseCreateInput(graphene.InputObjectType):
    vendor_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    address = graphene.Field(AddressInput)
    latitude = graphene.Float()
    longitude = graphene.Float()
    is_pickup_point = graphene.Boolean(default_value=True)


class WarehouseUpdateInput(graphene.InputObjectType):
    name = graphene.String()
    address = graphene.Field(AddressInput)
    latitude = graphene.Float()
    longitude = graphene.Float()
    is_pickup_point = graphene.Boolean()
    is_active = graphene.Boolean()
