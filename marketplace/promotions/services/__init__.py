"""Promotion services (plain functions, keyword-only arguments, one transaction each)."""
