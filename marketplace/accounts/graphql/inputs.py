import graphene


class AddressInput(graphene.InputObjectType):
    """An Indonesian address (shared/API.md); validated by `validate_address`."""

    first_name = graphene.String(description="Nama depan penerima.")
    last_name = graphene.String()
    phone = graphene.String(description="Nomor telepon, disimpan sebagai E.164 (+62…).")
    street_address_1 = graphene.String(description="Jalan, nomor, RT/RW.")
    street_address_2 = graphene.String()
    subdistrict = graphene.String(description="Kelurahan/desa.")
    district = graphene.String(description="Kecamatan.")
    city = graphene.String(description="Kota/kabupaten, mis. 'Kota Semarang'.")
    province = graphene.String(description="Provinsi.")
    postal_code = graphene.String(description="Kode pos, 5 angka.")
    country_code = graphene.String(default_value="ID")


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = graphene.String(description="'id' (bawaan) atau 'en'.")
