"""Carrier adapters; `registry.get_carrier(code)` and `registry.active_carriers()` find them."""
