"""Catalogue write operations: plain functions, keyword-only arguments, one transaction each,
domain errors on bad input (nothing changes). The GraphQL mutations only call these."""
