"""The demo marketplace as plain data: Semarang's sentra IKM, their sellers, and what they sell.

The businesses are invented but drawn from real places: the kelurahan, kecamatan and postal codes
are checked against the packaged Kemendagri/Pos Indonesia data (`marketplace.core.regions`) by the
test suite, and the coordinates sit in the kelurahan they name. Prices are whole Rupiah at what
these goods sell for in Semarang in 2025/2026.

Products are generated from a few lines per seller (an item, its variants) crossed with themes
(motifs, flavours, woods), so that 15 sellers give ~170 distinct products without 170 hand-written
entries. Everything here is deterministic: the same data every run, which keeps the loader
idempotent by slug and SKU.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- Categories -----------------------------------------------------------------------------
# The tree itself belongs to the catalogue (`marketplace.catalog.services.categories.
# seed_categories`). Items name "<sector slug>/<child slug>"; the loader falls back to the sector
# when the catalogue no longer has that child.


# --- Places ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    street: str
    kelurahan: str
    kecamatan: str
    postal_code: str
    latitude: str
    longitude: str
    city: str = "Kota Semarang"
    province: str = "Jawa Tengah"


# The Galeri's own building in Kota Lama: tenants keep a stand (a second warehouse) here.
GALLERY_PLACE = Place(
    "Jl. Letjen Suprapto No. 31, Kawasan Kota Lama",
    "Tanjung Mas",
    "Semarang Utara",
    "50174",
    "-6.968000",
    "110.427000",
)


# --- Products -------------------------------------------------------------------------------
@dataclass(frozen=True)
class VariantLine:
    """One variant of an item: `{t}` in `name` is replaced by the theme."""

    code: str
    name: str
    price: int
    weight_grams: int
    dimensions_cm: tuple[float, float, float]
    attributes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ItemLine:
    """An item a seller makes; crossed with the seller's themes it gives products.

    `name` and `description` may use `{t}` (the theme); `theme_attribute` names the attribute the
    theme fills (motif, rasa, bahan, warna).
    """

    name: str
    category: str
    description: str
    variants: tuple[VariantLine, ...]
    attributes: dict = field(default_factory=dict)
    theme_attribute: str = "motif"


@dataclass(frozen=True)
class DemoVendor:
    slug: str
    code: str  # SKU prefix
    name: str
    sentra: str
    story: str
    contact_name: str
    phone: str
    place: Place
    items: tuple[ItemLine, ...]
    themes: tuple[str, ...]
    product_count: int = 11
    is_gallery_tenant: bool = False
    is_pkp: bool = False
    npwp: str = ""
    handling_days: int = 2
    food: bool = False
    documents: tuple[tuple[str, str], ...] = ()  # (kind, number)


def V(code, name, price, grams, dims, **attributes) -> VariantLine:  # noqa: N802 - a table helper
    return VariantLine(code, name, price, grams, dims, attributes)


# Batik sizes and prices: warna alam (natural dyes) costs more than synthetic, tulis more than cap.
_KAIN = (30.0, 25.0, 3.0)
_KEMEJA = (32.0, 26.0, 4.0)

BATIK_MOTIFS = (
    "Asem Arang",
    "Lawang Sewu",
    "Tugu Muda",
    "Warak Ngendog",
    "Blekok Srondol",
    "Gambang Semarangan",
    "Daun Mangrove",
    "Merak Kota Lama",
    "Kembang Sepatu",
    "Parang Kali Kreo",
    "Sekar Jagad Gunungpati",
    "Kawung Jatingaleh",
)
BATIK_ITEMS = (
    ItemLine(
        "Kain Batik Tulis {t} Indigo",
        "batik/batik-tulis",
        "Kain batik tulis motif {t}, dicelup indigo alami (Indigofera) berkali-kali hingga biru tua. "
        "Dikerjakan dua sampai tiga minggu per lembar; setiap kain sedikit berbeda.",
        (
            V("200", "2 x 1,15 m", 650_000, 380, _KAIN, ukuran="200 x 115 cm"),
            V("250", "2,5 x 1,15 m", 780_000, 460, _KAIN, ukuran="250 x 115 cm"),
        ),
        {"bahan": "Katun primisima", "warna": "Biru indigo"},
    ),
    ItemLine(
        "Kain Batik Tulis {t} Tingi-Jambal",
        "batik/batik-tulis",
        "Motif {t} dengan pewarna kulit kayu tingi dan jambal: cokelat hangat yang makin indah "
        "setelah dicuci. Dicuci dengan sabun lerak, dijemur di tempat teduh.",
        (
            V("200", "2 x 1,15 m", 725_000, 380, _KAIN, ukuran="200 x 115 cm"),
            V(
                "SUT",
                "Sutra 2 x 1,10 m",
                1_450_000,
                260,
                _KAIN,
                ukuran="200 x 110 cm",
                bahan="Sutra ATBM",
            ),
        ),
        {"bahan": "Katun primisima", "warna": "Cokelat soga"},
    ),
    ItemLine(
        "Kain Batik Cap {t} Mahoni",
        "batik/batik-cap",
        "Batik cap motif {t} dengan pewarna kulit mahoni. Pilihan hemat untuk seragam dan hantaran.",
        (
            V("200", "2 x 1,15 m", 235_000, 360, _KAIN, ukuran="200 x 115 cm"),
            V("250", "2,5 x 1,15 m", 285_000, 440, _KAIN, ukuran="250 x 115 cm"),
        ),
        {"bahan": "Katun prima", "warna": "Merah bata"},
    ),
    ItemLine(
        "Kemeja Batik {t} Lengan Pendek",
        "fashion/pakaian",
        "Kemeja pria motif {t}, batik cap-tulis warna alam, potongan reguler, kancing batok kelapa.",
        (
            V("M", "M", 325_000, 290, _KEMEJA, ukuran="M"),
            V("L", "L", 325_000, 300, _KEMEJA, ukuran="L"),
            V("XL", "XL", 345_000, 315, _KEMEJA, ukuran="XL"),
            V("XXL", "XXL", 365_000, 330, _KEMEJA, ukuran="XXL"),
        ),
        {"bahan": "Katun primisima", "warna": "Indigo-soga"},
    ),
    ItemLine(
        "Selendang Batik {t}",
        "fashion/aksesoris",
        "Selendang batik tulis motif {t}, ringan dan jatuh, cocok untuk kebaya atau hadiah.",
        (V("STD", "50 x 180 cm", 185_000, 120, (25.0, 20.0, 2.0), ukuran="50 x 180 cm"),),
        {"bahan": "Katun viskosa", "warna": "Biru muda"},
    ),
    ItemLine(
        "Scarf Sutra Batik {t}",
        "fashion/aksesoris",
        "Scarf sutra dengan motif {t}, diwarnai secang dan tegeran; dikemas dalam kotak kertas daur ulang.",
        (
            V("SQ", "Segi empat 90 x 90 cm", 295_000, 90, (22.0, 22.0, 3.0), ukuran="90 x 90 cm"),
            V("PJ", "Panjang 45 x 180 cm", 325_000, 95, (22.0, 22.0, 3.0), ukuran="45 x 180 cm"),
        ),
        {"bahan": "Sutra", "warna": "Merah secang"},
    ),
)

SOY_FLAVOURS = ("Original", "Balado", "Daun Jeruk", "Pedas Manis", "Bawang Putih")
SOY_ITEMS = (
    ItemLine(
        "Tempe Kedelai {t} Bungkus Daun",
        "makanan-olahan/tahu-tempe",
        "Tempe kedelai non-GMO dibungkus daun pisang, difermentasi 36 jam. Tahan 2 hari di suhu "
        "ruang, 5 hari di lemari es. Dikirim hanya untuk wilayah Semarang (instan/sameday).",
        (
            V("250", "250 g", 6_000, 270, (18.0, 10.0, 4.0), berat_bersih="250 g"),
            V("5X", "Isi 5 x 250 g", 27_500, 1_350, (25.0, 20.0, 8.0), berat_bersih="1,25 kg"),
        ),
        {"bahan": "Kedelai, ragi tempe"},
        "rasa",
    ),
    ItemLine(
        "Keripik Tempe Sagu {t}",
        "makanan-olahan/kerupuk",
        "Keripik tempe tipis dengan tepung sagu dan bumbu {t}, digoreng dengan minyak baru setiap hari.",
        (
            V("150", "150 g", 16_000, 170, (20.0, 14.0, 6.0), berat_bersih="150 g"),
            V("300", "300 g", 30_000, 330, (24.0, 16.0, 8.0), berat_bersih="300 g"),
        ),
        {"bahan": "Tempe, tepung sagu, bumbu"},
        "rasa",
    ),
    ItemLine(
        "Tahu Pong {t}",
        "makanan-olahan/tahu-tempe",
        "Tahu pong khas Semarang, kulit renyah berongga, bumbu {t}. Disajikan dengan petis dan acar.",
        (
            V("10", "Isi 10", 12_000, 350, (20.0, 15.0, 6.0), berat_bersih="300 g"),
            V("25", "Isi 25", 28_000, 850, (28.0, 20.0, 8.0), berat_bersih="750 g"),
        ),
        {"bahan": "Kedelai, garam, air"},
        "rasa",
    ),
)
TOFU_ITEMS = (
    ItemLine(
        "Tahu Putih Krobokan {t}",
        "makanan-olahan/tahu-tempe",
        "Tahu putih padat dari sentra Krobokan, digumpalkan dengan cuka tahu tanpa pengawet; rasa {t}.",
        (
            V("10", "Isi 10 potong", 10_000, 650, (22.0, 16.0, 6.0), berat_bersih="600 g"),
            V("20", "Isi 20 potong", 19_000, 1_250, (28.0, 20.0, 8.0), berat_bersih="1,2 kg"),
        ),
        {"bahan": "Kedelai, air, cuka tahu"},
        "rasa",
    ),
    ItemLine(
        "Tahu Bakso Krobokan {t}",
        "makanan-olahan/tahu-tempe",
        "Tahu isi bakso ayam, dikukus lalu dibekukan; goreng atau kukus kembali. Varian {t}.",
        (
            V("10", "Isi 10", 35_000, 520, (24.0, 16.0, 6.0), berat_bersih="500 g"),
            V("20", "Isi 20 (frozen)", 66_000, 1_050, (28.0, 20.0, 8.0), berat_bersih="1 kg"),
        ),
        {"bahan": "Tahu, daging ayam, tepung tapioka"},
        "rasa",
    ),
    ItemLine(
        "Susu Kedelai {t}",
        "makanan-olahan/tahu-tempe",
        "Susu kedelai segar dari ampas tahu pilihan, gula aren, tanpa pengawet; rasa {t}.",
        (
            V("250", "Botol 250 ml", 7_000, 280, (7.0, 7.0, 18.0), berat_bersih="250 ml"),
            V("1L", "Botol 1 liter", 22_000, 1_080, (10.0, 10.0, 26.0), berat_bersih="1 l"),
        ),
        {"bahan": "Kedelai, gula aren"},
        "rasa",
    ),
)
MILKFISH_FLAVOURS = ("Original", "Pedas", "Asap", "Bumbu Kuning", "Sambal Bawang")
MILKFISH_ITEMS = (
    ItemLine(
        "Bandeng Presto {t}",
        "makanan-olahan/bandeng-presto",
        "Bandeng dari tambak Tambak Lorok, dipresto 6 jam hingga duri lunak; bumbu {t}. Dikemas "
        "vakum, tahan 3 hari di suhu ruang dan 1 bulan di freezer.",
        (
            V("1", "1 ekor (± 300 g)", 38_000, 380, (30.0, 12.0, 5.0), berat_bersih="300 g"),
            V("2", "Isi 2 ekor", 74_000, 720, (32.0, 22.0, 6.0), berat_bersih="600 g"),
            V("4", "Isi 4 ekor", 144_000, 1_420, (34.0, 26.0, 10.0), berat_bersih="1,2 kg"),
        ),
        {"bahan": "Ikan bandeng, bawang putih, kunyit, garam"},
        "rasa",
    ),
    ItemLine(
        "Otak-otak Bandeng {t}",
        "makanan-olahan/bandeng-presto",
        "Daging bandeng dikerok, dibumbui, dimasukkan kembali ke kulitnya lalu dipanggang; rasa {t}.",
        (
            V("1", "1 ekor (± 400 g)", 62_000, 480, (32.0, 12.0, 5.0), berat_bersih="400 g"),
            V("2", "Isi 2 ekor", 120_000, 920, (34.0, 22.0, 6.0), berat_bersih="800 g"),
        ),
        {"bahan": "Ikan bandeng, telur, santan, bumbu"},
        "rasa",
    ),
    ItemLine(
        "Abon Bandeng {t}",
        "makanan-olahan/bandeng-presto",
        "Abon dari daging bandeng tanpa duri, gurih dan tidak terlalu manis; rasa {t}.",
        (
            V("100", "Toples 100 g", 35_000, 180, (9.0, 9.0, 10.0), berat_bersih="100 g"),
            V("250", "Toples 250 g", 79_000, 340, (11.0, 11.0, 12.0), berat_bersih="250 g"),
        ),
        {"bahan": "Ikan bandeng, gula, bawang, minyak sawit"},
        "rasa",
    ),
)
LUMPIA_THEMES = ("Rebung", "Udang", "Ayam", "Kepiting", "Sayur")
LUMPIA_ITEMS = (
    ItemLine(
        "Kulit Lumpia Tipis Isi {t}",
        "makanan-olahan/kulit-lumpia",
        "Kulit lumpia dibuat tangan di atas wajan datar di Kranggan, tipis dan lentur, tidak mudah "
        "sobek; pas untuk lumpia isi {t}.",
        (
            V(
                "25",
                "Isi 25 lembar (diameter 22 cm)",
                9_000,
                260,
                (24.0, 24.0, 3.0),
                berat_bersih="250 g",
            ),
            V(
                "50",
                "Isi 50 lembar (diameter 22 cm)",
                17_000,
                510,
                (24.0, 24.0, 5.0),
                berat_bersih="500 g",
            ),
            V(
                "100",
                "Isi 100 lembar (diameter 22 cm)",
                32_000,
                1_020,
                (24.0, 24.0, 9.0),
                berat_bersih="1 kg",
            ),
        ),
        {"bahan": "Tepung terigu, air, garam"},
        "rasa",
    ),
    ItemLine(
        "Lumpia Semarang Beku Isi {t}",
        "kuliner/lumpia",
        "Lumpia Semarang isi {t}, siap digoreng atau dinikmati basah; bersama saus tauco dan acar.",
        (
            V("5", "Isi 5", 60_000, 520, (24.0, 16.0, 6.0), berat_bersih="450 g"),
            V("10", "Isi 10", 115_000, 1_020, (28.0, 20.0, 8.0), berat_bersih="900 g"),
        ),
        {"bahan": "Kulit lumpia, rebung, telur, udang/ayam"},
        "rasa",
    ),
    ItemLine(
        "Kulit Lumpia Mini {t}",
        "makanan-olahan/kulit-lumpia",
        "Kulit lumpia ukuran mini (diameter 12 cm) untuk camilan lumpia isi {t} dan sosis solo.",
        (
            V(
                "50",
                "Isi 50 lembar (diameter 12 cm)",
                12_000,
                260,
                (14.0, 14.0, 5.0),
                berat_bersih="250 g",
            ),
        ),
        {"bahan": "Tepung terigu, air, garam"},
        "rasa",
    ),
)
CRACKER_THEMES = ("Ikan Tenggiri", "Udang", "Bawang", "Rambak Kulit Sapi", "Kerang", "Cumi")
CRACKER_ITEMS = (
    ItemLine(
        "Kerupuk {t} Mentah",
        "makanan-olahan/kerupuk",
        "Kerupuk {t} mentah dari Krobokan, dijemur matahari dua hari; goreng dalam minyak panas.",
        (
            V("250", "250 g", 24_000, 270, (26.0, 18.0, 6.0), berat_bersih="250 g"),
            V("500", "500 g", 45_000, 530, (30.0, 22.0, 8.0), berat_bersih="500 g"),
            V("1K", "1 kg", 86_000, 1_050, (34.0, 26.0, 12.0), berat_bersih="1 kg"),
        ),
        {"bahan": "Tepung tapioka, bumbu"},
        "rasa",
    ),
    ItemLine(
        "Kerupuk {t} Matang Siap Makan",
        "makanan-olahan/kerupuk",
        "Kerupuk {t} yang sudah digoreng, dikemas rapat dengan silica gel agar tetap renyah.",
        (
            V("200", "200 g", 25_000, 260, (30.0, 22.0, 14.0), berat_bersih="200 g"),
            V("400", "400 g", 47_000, 480, (36.0, 26.0, 18.0), berat_bersih="400 g"),
        ),
        {"bahan": "Tepung tapioka, bumbu, minyak sawit"},
        "rasa",
    ),
)
METAL_THEMES = ("Aluminium", "Besi Tempa", "Stainless", "Tembaga", "Kuningan")
METAL_ITEMS = (
    ItemLine(
        "Wajan {t} Gagang Kayu",
        "logam/peralatan-dapur",
        "Wajan {t} ditempa dan dipres di bengkel Banjir Kanal Timur, gagang kayu sonokeling.",
        (
            V("30", "Diameter 30 cm", 95_000, 1_100, (34.0, 34.0, 10.0), ukuran="30 cm"),
            V("36", "Diameter 36 cm", 125_000, 1_450, (40.0, 40.0, 12.0), ukuran="36 cm"),
            V("42", "Diameter 42 cm", 165_000, 1_900, (46.0, 46.0, 14.0), ukuran="42 cm"),
        ),
        {},
        "bahan",
    ),
    ItemLine(
        "Dandang Kukus {t}",
        "logam/peralatan-dapur",
        "Dandang bersusun dua dari {t}, untuk mengukus nasi, bandeng presto dan kue basah.",
        (
            V("24", "Diameter 24 cm", 185_000, 1_800, (28.0, 28.0, 30.0), ukuran="24 cm"),
            V("30", "Diameter 30 cm", 245_000, 2_600, (34.0, 34.0, 36.0), ukuran="30 cm"),
        ),
        {},
        "bahan",
    ),
    ItemLine(
        "Cetakan Kue Lumpur {t}",
        "logam/peralatan-dapur",
        "Cetakan kue lumpur dan kue cubit dari {t}, panas merata, lubang 12.",
        (V("12", "12 lubang", 85_000, 900, (30.0, 22.0, 4.0), ukuran="12 lubang"),),
        {},
        "bahan",
    ),
    ItemLine(
        "Lampu Gantung {t} Motif Lawang Sewu",
        "logam/kerajinan-logam",
        "Lampu gantung {t} dengan ukiran jendela Lawang Sewu, dikerjakan tangan oleh perajin BKT.",
        (
            V("S", "Diameter 25 cm", 650_000, 1_600, (30.0, 30.0, 35.0), ukuran="25 cm"),
            V("L", "Diameter 40 cm", 1_150_000, 2_900, (45.0, 45.0, 50.0), ukuran="40 cm"),
        ),
        {},
        "bahan",
    ),
)
WOODS = ("Jati Solid", "Jati Belanda", "Mahoni", "Trembesi", "Jati Daur Ulang")
FURNITURE_ITEMS = (
    ItemLine(
        "Kursi Makan {t} Anyam Rotan",
        "furnitur/meja-kursi",
        "Kursi makan rangka kayu {t}, dudukan anyaman rotan sintetis, finishing melamine doff.",
        (
            V("NAT", "Natural", 1_250_000, 7_500, (48.0, 52.0, 90.0), warna="Natural"),
            V("WAL", "Walnut", 1_350_000, 7_500, (48.0, 52.0, 90.0), warna="Walnut"),
        ),
        {},
        "bahan",
    ),
    ItemLine(
        "Meja Kopi {t} Kaki Bulat",
        "furnitur/meja-kursi",
        "Meja kopi dari kayu {t} dengan kaki bulat; sambungan pasak, tanpa paku.",
        (
            V("80", "80 x 50 cm", 1_650_000, 14_000, (85.0, 55.0, 45.0), ukuran="80 x 50 x 45 cm"),
            V(
                "100",
                "100 x 60 cm",
                2_150_000,
                18_500,
                (105.0, 65.0, 45.0),
                ukuran="100 x 60 x 45 cm",
            ),
        ),
        {},
        "bahan",
    ),
    ItemLine(
        "Rak Dinding {t} Tiga Susun",
        "furnitur/dekorasi-rumah",
        "Rak dinding tiga susun dari {t}, dikirim knock-down dengan baut dan panduan rakit.",
        (
            V("60", "Lebar 60 cm", 475_000, 4_200, (62.0, 22.0, 12.0), ukuran="60 x 20 x 70 cm"),
            V("90", "Lebar 90 cm", 625_000, 5_800, (92.0, 22.0, 12.0), ukuran="90 x 20 x 70 cm"),
        ),
        {},
        "bahan",
    ),
)
FASHION_THEMES = (
    "Lurik Hitam",
    "Lurik Biru",
    "Tenun Troso",
    "Batik Asem Arang",
    "Lurik Merah Bata",
)
FASHION_ITEMS = (
    ItemLine(
        "Tas Jinjing {t}",
        "fashion/tas",
        "Tas jinjing kain {t} dengan lapisan kanvas dan kantong dalam beresleting.",
        (
            V("M", "Sedang 35 x 30 cm", 185_000, 420, (36.0, 30.0, 6.0), ukuran="35 x 30 x 10 cm"),
            V("L", "Besar 42 x 35 cm", 225_000, 520, (42.0, 35.0, 6.0), ukuran="42 x 35 x 12 cm"),
        ),
        {"bahan": "Kain tenun, kanvas"},
        "warna",
    ),
    ItemLine(
        "Outer Kimono {t}",
        "fashion/pakaian",
        "Outer model kimono dari kain {t}, all size, nyaman untuk kerja dan kondangan.",
        (
            V("AS", "All size", 275_000, 350, (32.0, 26.0, 4.0), ukuran="All size (LD 120 cm)"),
            V("JB", "Jumbo", 295_000, 380, (32.0, 26.0, 4.0), ukuran="Jumbo (LD 135 cm)"),
        ),
        {"bahan": "Katun tenun ATBM"},
        "warna",
    ),
    ItemLine(
        "Kemeja Wanita {t}",
        "fashion/pakaian",
        "Kemeja wanita potongan longgar dari kain {t}, kancing kayu.",
        (
            V("S", "S", 245_000, 260, (30.0, 25.0, 4.0), ukuran="S"),
            V("M", "M", 245_000, 270, (30.0, 25.0, 4.0), ukuran="M"),
            V("L", "L", 255_000, 280, (30.0, 25.0, 4.0), ukuran="L"),
            V("XL", "XL", 265_000, 290, (30.0, 25.0, 4.0), ukuran="XL"),
        ),
        {"bahan": "Katun tenun ATBM"},
        "warna",
    ),
    ItemLine(
        "Dompet Lipat {t}",
        "fashion/aksesoris",
        "Dompet lipat kain {t} dengan aksen kulit sapi samak nabati.",
        (V("STD", "11 x 9 cm", 95_000, 110, (12.0, 10.0, 3.0), ukuran="11 x 9 cm"),),
        {"bahan": "Kain tenun, kulit sapi"},
        "warna",
    ),
)
WEAVE_THEMES = ("Pandan", "Eceng Gondok", "Mendong", "Bambu", "Rotan")
WEAVE_ITEMS = (
    ItemLine(
        "Keranjang Serbaguna Anyaman {t}",
        "kerajinan/anyaman",
        "Keranjang anyaman {t} untuk cucian, mainan atau tanaman; dianyam ibu-ibu Srondol Wetan.",
        (
            V("S", "Kecil (diameter 25 cm)", 85_000, 450, (27.0, 27.0, 25.0), ukuran="25 x 25 cm"),
            V(
                "M",
                "Sedang (diameter 35 cm)",
                125_000,
                700,
                (37.0, 37.0, 35.0),
                ukuran="35 x 35 cm",
            ),
            V(
                "L",
                "Besar (diameter 45 cm)",
                175_000,
                1_050,
                (47.0, 47.0, 45.0),
                ukuran="45 x 45 cm",
            ),
        ),
        {},
        "bahan",
    ),
    ItemLine(
        "Tas Anyaman {t} Tali Kulit",
        "fashion/tas",
        "Tas bahu dari anyaman {t} dengan tali kulit sintetis dan kain pelapis batik.",
        (
            V("STD", "30 x 25 cm", 145_000, 380, (32.0, 26.0, 10.0), ukuran="30 x 25 x 10 cm"),
            V("BSR", "40 x 30 cm", 185_000, 480, (42.0, 32.0, 12.0), ukuran="40 x 30 x 12 cm"),
        ),
        {},
        "bahan",
    ),
    ItemLine(
        "Tatakan Gelas Anyaman {t}",
        "furnitur/dekorasi-rumah",
        "Satu set tatakan gelas anyaman {t}, tahan panas, bisa dicuci.",
        (
            V("6", "Isi 6", 45_000, 150, (14.0, 14.0, 5.0), ukuran="Diameter 10 cm"),
            V("12", "Isi 12", 85_000, 290, (14.0, 14.0, 9.0), ukuran="Diameter 10 cm"),
        ),
        {},
        "bahan",
    ),
)
SOUVENIR_THEMES = ("Warak Ngendog", "Lawang Sewu", "Gereja Blenduk", "Tugu Muda", "Sam Poo Kong")
SOUVENIR_ITEMS = (
    ItemLine(
        "Miniatur {t} Kayu",
        "kerajinan/suvenir",
        "Miniatur {t} dari kayu waru, dicat tangan. Oleh-oleh khas Semarang.",
        (
            V("15", "Tinggi 15 cm", 125_000, 450, (20.0, 12.0, 18.0), ukuran="15 cm"),
            V("25", "Tinggi 25 cm", 235_000, 900, (30.0, 18.0, 28.0), ukuran="25 cm"),
        ),
        {"bahan": "Kayu waru, cat akrilik"},
        "motif",
    ),
    ItemLine(
        "Gantungan Kunci {t}",
        "kerajinan/suvenir",
        "Gantungan kunci kuningan bergambar {t}, dikemas kartu cerita sejarahnya.",
        (
            V("1", "Satuan", 15_000, 30, (10.0, 6.0, 2.0)),
            V("12", "Isi 12 (untuk suvenir acara)", 150_000, 380, (20.0, 15.0, 6.0)),
        ),
        {"bahan": "Kuningan"},
        "motif",
    ),
    ItemLine(
        "Hiasan Dinding Batik {t}",
        "furnitur/dekorasi-rumah",
        "Hiasan dinding kain batik cap bergambar {t} dalam bingkai kayu jati.",
        (
            V("30", "30 x 40 cm", 185_000, 900, (34.0, 44.0, 4.0), ukuran="30 x 40 cm"),
            V("50", "50 x 70 cm", 345_000, 1_900, (54.0, 74.0, 5.0), ukuran="50 x 70 cm"),
        ),
        {"bahan": "Kain batik, kayu jati"},
        "motif",
    ),
)
SNACK_THEMES = ("Original", "Cokelat", "Durian", "Nangka", "Pandan", "Keju")
SNACK_ITEMS = (
    ItemLine(
        "Wingko Babat Rasa {t}",
        "kuliner/wingko",
        "Wingko dari kelapa muda, tepung ketan dan gula, dipanggang di atas arang; rasa {t}.",
        (
            V("10", "Kotak isi 10", 45_000, 450, (22.0, 16.0, 5.0), berat_bersih="400 g"),
            V("20", "Kotak isi 20", 85_000, 880, (30.0, 22.0, 5.0), berat_bersih="800 g"),
        ),
        {"bahan": "Kelapa muda, tepung ketan, gula pasir"},
        "rasa",
    ),
    ItemLine(
        "Roti Ganjel Rel {t}",
        "kuliner",
        "Roti gambang khas Semarang dengan kayu manis dan wijen; varian {t}. Tradisi Dugderan.",
        (
            V("1", "1 batang", 25_000, 320, (24.0, 10.0, 6.0), berat_bersih="300 g"),
            V("3", "Isi 3 batang", 70_000, 950, (26.0, 22.0, 8.0), berat_bersih="900 g"),
        ),
        {"bahan": "Tepung terigu, gula aren, kayu manis, wijen"},
        "rasa",
    ),
    ItemLine(
        "Moaci Gemini {t}",
        "kuliner",
        "Moaci isi kacang tanah dan wijen, kenyal dan lembut; rasa {t}.",
        (V("12", "Kotak isi 12", 38_000, 320, (20.0, 14.0, 5.0), berat_bersih="300 g"),),
        {"bahan": "Tepung ketan, kacang tanah, wijen"},
        "rasa",
    ),
)

_BATIK_STORY = (
    "Kami membatik di {place} sejak {year}. Semua warna berasal dari tanaman sekitar: indigo, "
    "kulit kayu tingi, jambal, mahoni dan daun mangga. Limbah pewarna kami endapkan di kolam "
    "sehingga kembali ke tanah tanpa mencemari kali. {extra}"
)

VENDORS: tuple[DemoVendor, ...] = (
    DemoVendor(
        slug="batik-alam-malon",
        code="BAM",
        name="Batik Alam Malon",
        sentra="batik-gunungpati",
        story=_BATIK_STORY.format(
            place="Kampung Malon, Gunungpati",
            year=2006,
            extra="Dua belas ibu rumah tangga kampung bekerja sebagai pembatik tetap; pengunjung "
            "bisa belajar membatik di pendopo kami setiap Sabtu.",
        ),
        contact_name="Siti Rokhayah",
        phone="081225540012",
        place=Place(
            "Kampung Malon RT 03/RW 04",
            "Gunungpati",
            "Gunungpati",
            "50229",
            "-7.085300",
            "110.374500",
        ),
        items=BATIK_ITEMS,
        themes=BATIK_MOTIFS,
        product_count=12,
        is_pkp=True,
        npwp="0713245678503000",
        handling_days=3,
        documents=(("NIB", "9120001234567"),),
    ),
    DemoVendor(
        slug="batik-indigo-kandri",
        code="BIK",
        name="Batik Indigo Kandri",
        sentra="batik-gunungpati",
        story=_BATIK_STORY.format(
            place="Desa Wisata Kandri, dekat Goa Kreo",
            year=2013,
            extra="Kebun indigo kami di tepi Waduk Jatibarang memasok pewarna untuk tiga rumah "
            "batik lain di Gunungpati.",
        ),
        contact_name="Bambang Sutrisno",
        phone="081390771245",
        place=Place(
            "Jl. Raya Goa Kreo No. 17", "Kandri", "Gunungpati", "50222", "-7.043400", "110.354900"
        ),
        items=BATIK_ITEMS,
        themes=tuple(reversed(BATIK_MOTIFS)),
        product_count=11,
        handling_days=3,
        documents=(("NIB", "9120002345678"),),
    ),
    DemoVendor(
        slug="batik-sekar-sekaran",
        code="BSS",
        name="Batik Sekar Sekaran",
        sentra="batik-gunungpati",
        story=_BATIK_STORY.format(
            place="Kelurahan Sekaran, di sekitar kampus UNNES",
            year=2017,
            extra="Kami dimulai oleh tiga alumni seni rupa; motif kami mengangkat flora dan "
            "bangunan tua Semarang.",
        ),
        contact_name="Dewi Anggraini",
        phone="085641238890",
        place=Place(
            "Jl. Taman Siswa, Gg. Sekaran Asri No. 5",
            "Sekaran",
            "Gunungpati",
            "50229",
            "-7.051700",
            "110.391900",
        ),
        items=BATIK_ITEMS,
        themes=BATIK_MOTIFS[6:] + BATIK_MOTIFS[:6],
        product_count=10,
        documents=(("NIB", "9120003456789"),),
    ),
    DemoVendor(
        slug="tempe-murni-tandang",
        code="TMT",
        name="Tempe Murni Pak Darmo",
        sentra="tahu-tempe-tandang",
        story="Pak Darmo membuat tempe di Tandang sejak 1994, meneruskan usaha ayahnya. Kedelai "
        "direbus, dikupas dan difermentasi di rumah produksi yang kini bersertifikat halal. Setiap "
        "pagi 300 kg tempe dikirim ke pasar Jatingaleh dan Peterongan.",
        contact_name="Sudarmo",
        phone="081325667410",
        place=Place(
            "Jl. Tandang Raya Gg. Kedelai No. 8",
            "Tandang",
            "Tembalang",
            "50274",
            "-7.022100",
            "110.450700",
        ),
        items=SOY_ITEMS,
        themes=SOY_FLAVOURS,
        product_count=11,
        handling_days=1,
        food=True,
        documents=(("PIRT", "2063374010021-29"), ("HALAL", "ID33110000214570323")),
    ),
    DemoVendor(
        slug="tahu-krobokan-bu-yayuk",
        code="TKY",
        name="Tahu Krobokan Bu Yayuk",
        sentra="tahu-tempe-krobokan",
        story="Sentra tahu Krobokan sudah ada sejak zaman Belanda. Bu Yayuk generasi ketiga: "
        "tahu kami digumpalkan dengan cuka tahu sisa produksi kemarin, tanpa pengawet dan tanpa "
        "pewarna. Ampasnya menjadi pakan ternak warga.",
        contact_name="Sri Wahyuni",
        phone="082226781453",
        place=Place(
            "Jl. Krobokan Tengah Gg. III No. 12",
            "Krobokan",
            "Semarang Barat",
            "50141",
            "-6.977200",
            "110.395300",
        ),
        items=TOFU_ITEMS,
        themes=SOY_FLAVOURS,
        product_count=11,
        handling_days=1,
        food=True,
        documents=(("PIRT", "2063374010034-28"), ("HALAL", "ID33110000319870224")),
    ),
    DemoVendor(
        slug="bandeng-presto-tambak-lorok",
        code="BPT",
        name="Bandeng Presto Mak Nah Tambak Lorok",
        sentra="bandeng-presto",
        story="Mak Nah mulai menjual bandeng presto dari dapur rumahnya di Tambak Lorok pada 1998. "
        "Kini 15 orang tetangga bekerja bersama kami; bandeng dibeli langsung dari petambak "
        "Tambak Lorok dan Demak setiap subuh.",
        contact_name="Khoirun Nisa",
        phone="081575443322",
        place=Place(
            "Kampung Tambak Lorok RT 05/RW 15",
            "Tanjung Mas",
            "Semarang Utara",
            "50174",
            "-6.953500",
            "110.438500",
        ),
        items=MILKFISH_ITEMS,
        themes=MILKFISH_FLAVOURS,
        product_count=12,
        is_pkp=True,
        npwp="0824567891518000",
        handling_days=1,
        food=True,
        documents=(
            ("PIRT", "2063374020045-29"),
            ("HALAL", "ID33110000456120125"),
            ("NIB", "9120004567890"),
        ),
    ),
    DemoVendor(
        slug="kulit-lumpia-kranggan",
        code="KLK",
        name="Kulit Lumpia Cik Lien Kranggan",
        sentra="kulit-lumpia",
        story="Di gang-gang Kranggan dekat Pecinan, kulit lumpia masih dibuat satu per satu di atas "
        "wajan datar. Cik Lien belajar dari ibunya; adonan diaduk tangan dan ditepuk ke wajan "
        "ribuan kali sehari.",
        contact_name="Lien Wijaya",
        phone="082134590876",
        place=Place(
            "Gg. Pinggir No. 21", "Kranggan", "Semarang Tengah", "50139", "-6.974200", "110.427400"
        ),
        items=LUMPIA_ITEMS,
        themes=LUMPIA_THEMES,
        product_count=11,
        handling_days=1,
        food=True,
        documents=(("PIRT", "2063374010056-27"), ("HALAL", "ID33110000587650424")),
    ),
    DemoVendor(
        slug="kerupuk-sumber-rejeki-krobokan",
        code="KSR",
        name="Kerupuk Sumber Rejeki Krobokan",
        sentra="kerupuk-krobokan",
        story="Tiap pagi ratusan tampah kerupuk dijemur di atap rumah-rumah Krobokan. Usaha "
        "keluarga kami membuat kerupuk ikan dan udang sejak 1987, kini dengan oven pengering "
        "untuk musim hujan.",
        contact_name="Agus Prasetyo",
        phone="081228904561",
        place=Place(
            "Jl. Krobokan Raya No. 44",
            "Krobokan",
            "Semarang Barat",
            "50141",
            "-6.978100",
            "110.394200",
        ),
        items=CRACKER_ITEMS,
        themes=CRACKER_THEMES,
        product_count=11,
        food=True,
        documents=(("PIRT", "2063374030067-28"), ("HALAL", "ID33110000698740323")),
    ),
    DemoVendor(
        slug="logam-jaya-kanal-timur",
        code="LJK",
        name="Logam Jaya Kanal Timur",
        sentra="logam-bkt",
        story="Bengkel kami di tepi Banjir Kanal Timur bagian dari sentra logam yang tumbuh sejak "
        "1970-an. Dari wajan, dandang sampai lampu hias, semua ditempa, dipres dan dipatri tangan "
        "oleh 20 perajin.",
        contact_name="Slamet Riyadi",
        phone="081326119087",
        place=Place(
            "Jl. Kanal Timur Raya No. 102",
            "Sawah Besar",
            "Gayamsari",
            "50163",
            "-6.978000",
            "110.450500",
        ),
        items=METAL_ITEMS,
        themes=METAL_THEMES,
        product_count=12,
        is_pkp=True,
        npwp="0935678912504000",
        handling_days=2,
        documents=(("NIB", "9120005678901"), ("SNI", "SNI 7429:2019")),
    ),
    DemoVendor(
        slug="kriya-tembaga-kalicari",
        code="KTK",
        name="Kriya Tembaga Kalicari",
        sentra="logam-bkt",
        story="Kami perajin tembaga dan kuningan di sisi timur Banjir Kanal Timur. Pak Rohmat "
        "belajar menatah di Boyolali lalu membuka bengkel di Kalicari pada 2009.",
        contact_name="Rohmat Hidayat",
        phone="085740118823",
        place=Place(
            "Jl. Kalicari Timur No. 9", "Kalicari", "Pedurungan", "50198", "-6.995500", "110.452800"
        ),
        items=METAL_ITEMS,
        themes=("Tembaga", "Kuningan", "Besi Tempa", "Aluminium"),
        product_count=10,
        handling_days=3,
        documents=(("NIB", "9120006789012"),),
    ),
    DemoVendor(
        slug="mebel-jati-bringin",
        code="MJB",
        name="Mebel Jati Bringin Mandiri",
        sentra="furnitur",
        story="Mebel dari kayu jati bersertifikat SVLK dan kayu daur ulang bongkaran rumah lama. "
        "Showroom kami ada di Galeri Industri Kreatif; produksi di Bringin, Ngaliyan.",
        contact_name="Heru Santoso",
        phone="081229876540",
        place=Place(
            "Jl. Bringin Raya No. 57", "Bringin", "Ngaliyan", "50189", "-7.001000", "110.348000"
        ),
        items=FURNITURE_ITEMS,
        themes=WOODS,
        product_count=10,
        is_gallery_tenant=True,
        is_pkp=True,
        npwp="0746789123511000",
        handling_days=7,
        documents=(("NIB", "9120007890123"),),
    ),
    DemoVendor(
        slug="kirana-lurik-semarangan",
        code="KLS",
        name="Kirana Lurik Semarangan",
        sentra="fashion",
        story="Busana sehari-hari dari kain lurik ATBM dan batik Semarangan, dijahit oleh penjahit "
        "rumahan di Pleburan. Kami memakai sisa kain untuk dompet dan aksesori.",
        contact_name="Kirana Puspitasari",
        phone="087832145690",
        place=Place(
            "Jl. Pleburan Barat No. 14",
            "Pleburan",
            "Semarang Selatan",
            "50241",
            "-6.995000",
            "110.423000",
        ),
        items=FASHION_ITEMS,
        themes=FASHION_THEMES,
        product_count=12,
        is_gallery_tenant=True,
        documents=(("NIB", "9120008901234"),),
    ),
    DemoVendor(
        slug="anyaman-sekar-arum",
        code="ASA",
        name="Anyaman Sekar Arum",
        sentra="kerajinan",
        story="Kelompok perajin perempuan di Srondol Wetan yang menganyam pandan, eceng gondok "
        "dari Rawa Pening dan mendong. Setiap produk mencantumkan nama penganyamnya.",
        contact_name="Umi Kulsum",
        phone="081391234876",
        place=Place(
            "Jl. Setiabudi Gg. Srondol Asri No. 3",
            "Srondol Wetan",
            "Banyumanik",
            "50263",
            "-7.060000",
            "110.416000",
        ),
        items=WEAVE_ITEMS,
        themes=WEAVE_THEMES,
        product_count=12,
        is_gallery_tenant=True,
        documents=(("NIB", "9120009012345"),),
    ),
    DemoVendor(
        slug="kriya-warak-kota-lama",
        code="KWK",
        name="Kriya Warak Kota Lama",
        sentra="kerajinan",
        story="Suvenir yang bercerita tentang Semarang: Warak Ngendog dari tradisi Dugderan, "
        "Lawang Sewu, Gereja Blenduk. Dibuat perajin kayu dan kuningan binaan Galeri.",
        contact_name="Yohanes Kristanto",
        phone="082242337761",
        place=Place(
            "Jl. Kepodang No. 25",
            "Purwodinatan",
            "Semarang Tengah",
            "50137",
            "-6.968900",
            "110.426300",
        ),
        items=SOUVENIR_ITEMS,
        themes=SOUVENIR_THEMES,
        product_count=12,
        is_gallery_tenant=True,
        documents=(("NIB", "9120000123456"),),
    ),
    DemoVendor(
        slug="wingko-mbok-sum",
        code="WMS",
        name="Dapur Oleh-oleh Mbok Sum",
        sentra="kuliner",
        story="Wingko babat, roti ganjel rel dan moaci dari dapur Mbok Sum di Purwodinatan, "
        "dipanggang di atas arang seperti tahun 1970-an. Tersedia di stand kami di Galeri.",
        contact_name="Sumiyati",
        phone="081567892341",
        place=Place(
            "Jl. Petudungan No. 40",
            "Purwodinatan",
            "Semarang Tengah",
            "50137",
            "-6.971200",
            "110.424900",
        ),
        items=SNACK_ITEMS,
        themes=SNACK_THEMES,
        product_count=12,
        is_gallery_tenant=True,
        handling_days=1,
        food=True,
        documents=(("PIRT", "2063374040078-29"), ("HALAL", "ID33110000789630525")),
    ),
)

# The accounts a visitor of the demo logs in with (README.md lists them).
ADMIN_EMAIL = "admin@galeri-ikm.id"
ADMIN_PASSWORD = "Admin-Galeri-2026"
SHOPPER_EMAIL = "pembeli@galeri-ikm.id"
SHOPPER_PASSWORD = "Pembeli-Semarang-2026"
SELLER_EMAIL = "penjual@galeri-ikm.id"
SELLER_PASSWORD = "Penjual-Semarang-2026"
SELLER_VENDOR_SLUG = "batik-alam-malon"

SHOPPER_PLACE = Place(
    "Jl. Pandanaran No. 88", "Pekunden", "Semarang Tengah", "50241", "-6.985300", "110.415800"
)


def product_specs(vendor: DemoVendor) -> list[tuple[int, ItemLine, str]]:
    """The vendor's products as (number, item, theme): items round-robin, themes in turn.

    Product k takes item k mod n and theme k div n (shifted so each item meets different themes),
    so no (item, theme) pair repeats.
    """
    n = len(vendor.items)
    specs = []
    for k in range(vendor.product_count):
        item = vendor.items[k % n]
        theme = vendor.themes[(k // n + k % n) % len(vendor.themes)]
        specs.append((k + 1, item, theme))
    return specs


def total_products() -> int:
    return sum(v.product_count for v in VENDORS)
