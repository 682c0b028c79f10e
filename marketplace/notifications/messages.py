"""What each event says, in Bahasa Indonesia and English (subject, body, chat template params).

Placeholders come from the render context (`rendering.build_context`); a missing value renders
as "-" rather than failing. The HTML and text layouts are templates under
`templates/notifications/email/`.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "account.created": {
        "id": (
            "Selamat datang di Galeri IKM",
            "Halo {name}, akun Anda di Galeri IKM sudah aktif. Selamat berbelanja produk IKM Semarang!",
        ),
        "en": (
            "Welcome to Galeri IKM",
            "Hello {name}, your Galeri IKM account is ready. Enjoy shopping for Semarang's IKM products!",
        ),
    },
    "vendor.applied": {
        "id": (
            "Pendaftaran usaha baru: {vendor_name}",
            "{vendor_name} mendaftar sebagai penjual dan menunggu tinjauan kurasi.",
        ),
        "en": (
            "New seller application: {vendor_name}",
            "{vendor_name} applied to sell and is waiting for curation.",
        ),
    },
    "vendor.approved": {
        "id": (
            "Usaha Anda disetujui",
            "Selamat, {vendor_name} telah disetujui. Produk Anda kini dapat tayang setelah dikurasi.",
        ),
        "en": (
            "Your business was approved",
            "Congratulations, {vendor_name} has been approved. Your products can go live once curated.",
        ),
    },
    "vendor.rejected": {
        "id": (
            "Pendaftaran usaha belum disetujui",
            "Mohon maaf, pendaftaran {vendor_name} belum dapat disetujui. Alasan: {reason}",
        ),
        "en": (
            "Your application was not approved",
            "Sorry, the application of {vendor_name} could not be approved. Reason: {reason}",
        ),
    },
    "vendor.suspended": {
        "id": (
            "Usaha Anda dibekukan",
            "{vendor_name} dibekukan sementara; produk Anda tidak tampil. Alasan: {reason}",
        ),
        "en": (
            "Your business was suspended",
            "{vendor_name} is suspended; your products are hidden. Reason: {reason}",
        ),
    },
    "vendor.reinstated": {
        "id": (
            "Usaha Anda aktif kembali",
            "{vendor_name} aktif kembali dan produk Anda tampil lagi.",
        ),
        "en": (
            "Your business is active again",
            "{vendor_name} is active again and your products are visible.",
        ),
    },
    "product.approved": {
        "id": (
            "Produk disetujui: {product_name}",
            "Produk {product_name} lolos kurasi dan sudah tayang.",
        ),
        "en": (
            "Product approved: {product_name}",
            "{product_name} passed curation and is now live.",
        ),
    },
    "product.rejected": {
        "id": (
            "Produk perlu perbaikan: {product_name}",
            "Produk {product_name} belum lolos kurasi. Catatan kurator: {reason}",
        ),
        "en": (
            "Product needs changes: {product_name}",
            "{product_name} did not pass curation. Curator's note: {reason}",
        ),
    },
    "order.placed": {
        "id": (
            "Pesanan {number} diterima",
            "Terima kasih! Pesanan {number} sebesar {total} sudah kami terima.",
        ),
        "en": ("Order {number} received", "Thank you! We received order {number} for {total}."),
    },
    "order.placed@vendor": {
        "id": (
            "Pesanan baru {number}",
            "Ada pesanan baru {number} untuk {vendor_name}. Segera terima dan kemas pesanan.",
        ),
        "en": (
            "New order {number}",
            "{vendor_name} has a new order {number}. Please accept and pack it.",
        ),
    },
    "payment.received": {
        "id": (
            "Pembayaran pesanan {number} diterima",
            "Pembayaran {total} untuk pesanan {number} sudah kami terima. Penjual akan segera memproses.",
        ),
        "en": (
            "Payment for order {number} received",
            "We received {total} for order {number}. The sellers will process it soon.",
        ),
    },
    "payment.received@vendor": {
        "id": (
            "Pesanan {number} sudah dibayar",
            "Pesanan {number} sudah dibayar. Silakan kemas dan kirim sesuai waktu proses.",
        ),
        "en": (
            "Order {number} is paid",
            "Order {number} is paid. Please pack and ship it within your handling time.",
        ),
    },
    "payment.failed": {
        "id": (
            "Pembayaran pesanan {number} gagal",
            "Pembayaran untuk pesanan {number} gagal. Silakan coba lagi atau pilih metode lain.",
        ),
        "en": (
            "Payment for order {number} failed",
            "The payment for order {number} failed. Please try again or choose another method.",
        ),
    },
    "payment.expired": {
        "id": (
            "Batas waktu pembayaran {number} habis",
            "Pesanan {number} dibatalkan karena pembayaran tidak diterima tepat waktu.",
        ),
        "en": (
            "Payment time for {number} ran out",
            "Order {number} was cancelled because the payment did not arrive in time.",
        ),
    },
    "vendor_order.accepted": {
        "id": (
            "Pesanan {number} sedang diproses",
            "{vendor_name} menerima pesanan {number} dan sedang menyiapkannya.",
        ),
        "en": (
            "Order {number} is being prepared",
            "{vendor_name} accepted order {number} and is preparing it.",
        ),
    },
    "vendor_order.cancelled": {
        "id": (
            "Pesanan {number} dibatalkan",
            "Pesanan {number} dari {vendor_name} dibatalkan. Alasan: {reason}. Dana akan dikembalikan bila sudah dibayar.",
        ),
        "en": (
            "Order {number} was cancelled",
            "Order {number} from {vendor_name} was cancelled. Reason: {reason}. Any payment will be refunded.",
        ),
    },
    "shipment.booked": {
        "id": (
            "Pesanan {number} siap dikirim",
            "Pengiriman dengan {carrier} sudah dipesan. Nomor resi: {tracking_number}.",
        ),
        "en": (
            "Order {number} is ready to ship",
            "Shipping with {carrier} is booked. Tracking number: {tracking_number}.",
        ),
    },
    "shipment.in_transit": {
        "id": (
            "Pesanan {number} dalam perjalanan",
            "Paket Anda ({carrier}, resi {tracking_number}) sedang dalam perjalanan.",
        ),
        "en": (
            "Order {number} is on its way",
            "Your parcel ({carrier}, tracking {tracking_number}) is on its way.",
        ),
    },
    "shipment.delivered": {
        "id": (
            "Pesanan {number} telah sampai",
            "Paket pesanan {number} telah diterima. Jangan lupa beri ulasan untuk penjual.",
        ),
        "en": (
            "Order {number} was delivered",
            "The parcel of order {number} was delivered. Please review the seller.",
        ),
    },
    "shipment.ready_for_pickup": {
        "id": (
            "Pesanan {number} siap diambil",
            "Pesanan {number} siap diambil di {pickup_point}. Tunjukkan nomor pesanan saat mengambil.",
        ),
        "en": (
            "Order {number} is ready for pickup",
            "Order {number} is ready for pickup at {pickup_point}. Show the order number when you collect it.",
        ),
    },
    "stock.low": {
        "id": (
            "Stok menipis: {sku}",
            "Stok {product_name} ({sku}) tinggal {quantity}. Segera tambah stok agar tetap bisa dibeli.",
        ),
        "en": (
            "Low stock: {sku}",
            "{product_name} ({sku}) is down to {quantity}. Restock so shoppers can keep buying.",
        ),
    },
    "stock.low_digest": {
        "id": ("Ringkasan stok menipis ({count} varian)", "Varian berikut hampir habis:\n{items}"),
        "en": ("Low stock summary ({count} variants)", "These variants are running low:\n{items}"),
    },
    "stock.conflict": {
        "id": (
            "Konflik stok: {sku}",
            "Penjualan di {channel} mengambil unit {sku} yang sudah dipesan online (kurang {shortfall}). {advice}",
        ),
        "en": (
            "Stock conflict: {sku}",
            "A sale at {channel} took units of {sku} promised online (short by {shortfall}). {advice}",
        ),
    },
    "payout.sent": {
        "id": (
            "Pencairan dana {amount} dikirim",
            "Dana sebesar {amount} sudah dikirim ke rekening {vendor_name}.",
        ),
        "en": (
            "Payout of {amount} sent",
            "A payout of {amount} was sent to the bank account of {vendor_name}.",
        ),
    },
    "vendor.handling_time_warning": {
        "id": (
            "Segera kirim pesanan {number}",
            "Pesanan {number} mendekati batas waktu proses ({deadline}). Kirim sekarang agar tidak dibatalkan.",
        ),
        "en": (
            "Ship order {number} soon",
            "Order {number} is close to its handling deadline ({deadline}). Ship it now to avoid cancellation.",
        ),
    },
    "webhook.disabled": {
        "id": (
            "Webhook dinonaktifkan",
            "Webhook ke {target_url} dinonaktifkan setelah gagal berulang kali. Periksa server Anda lalu aktifkan kembali.",
        ),
        "en": (
            "Webhook disabled",
            "The webhook to {target_url} was disabled after repeated failures. Check your server, then enable it again.",
        ),
    },
    "shipment.picked_up": {
        "id": (
            "Paket pesanan {number} sudah diambil kurir",
            "Kurir {carrier} sudah mengambil paket Anda (resi {tracking_number}).",
        ),
        "en": (
            "Order {number} was picked up",
            "{carrier} picked up your parcel (tracking {tracking_number}).",
        ),
    },
    "shipment.out_for_delivery": {
        "id": (
            "Pesanan {number} sedang diantar",
            "Kurir sedang mengantar paket Anda hari ini (resi {tracking_number}).",
        ),
        "en": (
            "Order {number} is out for delivery",
            "The courier is delivering your parcel today (tracking {tracking_number}).",
        ),
    },
    "shipment.delivery_failed": {
        "id": (
            "Pengantaran pesanan {number} gagal",
            "Kurir gagal mengantar paket (resi {tracking_number}). Kami akan mencoba lagi atau menghubungi Anda.",
        ),
        "en": (
            "Delivery of order {number} failed",
            "The courier could not deliver the parcel (tracking {tracking_number}). We will retry or contact you.",
        ),
    },
    "shipment.returning": {
        "id": (
            "Paket {number} dikembalikan",
            "Paket dengan resi {tracking_number} sedang dikembalikan ke penjual.",
        ),
        "en": (
            "Parcel {number} is being returned",
            "The parcel with tracking {tracking_number} is on its way back to the seller.",
        ),
    },
    "shipment.returned": {
        "id": (
            "Paket {number} sudah kembali",
            "Paket dengan resi {tracking_number} sudah kembali ke penjual.",
        ),
        "en": (
            "Parcel {number} was returned",
            "The parcel with tracking {tracking_number} is back with the seller.",
        ),
    },
    "shipment.cancelled": {
        "id": (
            "Pengiriman {number} dibatalkan",
            "Pemesanan kurir untuk resi {tracking_number} dibatalkan.",
        ),
        "en": (
            "Shipment {number} cancelled",
            "The courier booking for tracking {tracking_number} was cancelled.",
        ),
    },
    "vendor.handling_time_breached": {
        "id": (
            "Batas waktu proses pesanan {number} terlewati",
            "Pesanan {number} belum dikirim dan melewati batas waktu proses ({deadline}). Kirim sekarang atau batalkan.",
        ),
        "en": (
            "Handling deadline of order {number} passed",
            "Order {number} has not shipped and passed its handling deadline ({deadline}). Ship or cancel it now.",
        ),
    },
    "order.refunded": {
        "id": (
            "Dana pesanan {number} dikembalikan",
            "Kami mengembalikan {amount} untuk pesanan {number}. Alasan: {reason}",
        ),
        "en": (
            "Refund for order {number}",
            "We refunded {amount} for order {number}. Reason: {reason}",
        ),
    },
    "refund.failed": {
        "id": (
            "Pengembalian dana pesanan {number} gagal",
            "Pengembalian {amount} untuk pesanan {number} gagal dan sudah dibatalkan di pembukuan. Alasan: {reason}. Kembalikan dana lagi atau selesaikan secara manual.",
        ),
        "en": (
            "Refund for order {number} failed",
            "The refund of {amount} for order {number} failed and was undone in the books. Reason: {reason}. Refund again or settle it by hand.",
        ),
    },
    "vendor.member_invited": {
        "id": (
            "Undangan bergabung dengan {vendor_name}",
            "Anda diundang bergabung sebagai {role} di {vendor_name} di Galeri IKM. Masuk dengan email ini untuk menerima undangan.",
        ),
        "en": (
            "Invitation to join {vendor_name}",
            "You were invited to join {vendor_name} on Galeri IKM as {role}. Sign in with this email to accept.",
        ),
    },
    "vendor.member_joined": {
        "id": (
            "Anggota baru di {vendor_name}",
            "Seorang anggota baru bergabung dengan tim {vendor_name}.",
        ),
        "en": ("New member at {vendor_name}", "A new member joined the team of {vendor_name}."),
    },
    "vendor.member_removed": {
        "id": (
            "Akses ke {vendor_name} dicabut",
            "Anda tidak lagi menjadi anggota tim {vendor_name}.",
        ),
        "en": (
            "Access to {vendor_name} removed",
            "You are no longer a member of the team of {vendor_name}.",
        ),
    },
}

LAYOUT = {
    "id": {
        "greeting": "Halo {name},",
        "footer": "Pesan ini dikirim otomatis oleh Galeri IKM Semarang. Atur notifikasi di halaman akun Anda.",
        "action": "Buka Galeri IKM",
    },
    "en": {
        "greeting": "Hello {name},",
        "footer": "This message was sent automatically by Galeri IKM Semarang. Manage notifications in your account.",
        "action": "Open Galeri IKM",
    },
}

STOCK_CONFLICT_ADVICE = {
    "id": "Hubungi pembeli lalu batalkan atau kembalikan dana pesanan yang terdampak.",
    "en": "Contact the shopper, then cancel or refund the affected order.",
}
