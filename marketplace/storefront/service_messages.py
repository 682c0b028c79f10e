"""Messages the domain services raise that pages show to shoppers and sellers.

Services speak Indonesian and never import translation machinery; listing their most common
messages here (with `gettext_noop`) puts them in the English catalogue, so
`errors.apply_domain_error` can show them in the user's language. A message missing here is
shown in Indonesian, never lost.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Wajib diisi."),
    gettext_noop("Nomor telepon wajib diisi."),
    gettext_noop("Nomor telepon tidak valid."),
    gettext_noop("Email atau kata sandi salah."),
    gettext_noop("Email wajib diisi."),
    gettext_noop("Alamat email tidak valid."),
    gettext_noop("Kata sandi wajib diisi."),
    gettext_noop(
        "Email ini tidak dapat dipakai untuk mendaftar. Jika ini email Anda, silakan masuk."
    ),
    gettext_noop("Terlalu banyak percobaan. Silakan coba lagi beberapa saat lagi."),
    gettext_noop("Kode pos harus 5 angka dan terdaftar."),
    gettext_noop("Provinsi tidak dikenal."),
    gettext_noop("Kecamatan tidak dikenal di kota ini."),
    gettext_noop("Kelurahan/desa tidak dikenal di kecamatan ini."),
    gettext_noop("Saat ini hanya alamat di Indonesia."),
    gettext_noop("Isi alamat pengiriman terlebih dahulu."),
    gettext_noop("Pilihan pengiriman tidak tersedia."),
    gettext_noop("Tambahkan minimal satu produk."),
    gettext_noop("Keranjang masih kosong."),
    gettext_noop("Alamat pengiriman wajib diisi."),
    gettext_noop("Metode pembayaran tidak dikenal."),
    gettext_noop("Kode voucher wajib diisi."),
    gettext_noop("Pesanan belum dibayar; tunggu pembayaran sebelum menerima."),
    gettext_noop("Anda masih memiliki pengajuan yang menunggu tinjauan."),
    gettext_noop("Alamat usaha wajib diisi."),
    gettext_noop("Alasan wajib diisi untuk penolakan atau pembekuan."),
]
