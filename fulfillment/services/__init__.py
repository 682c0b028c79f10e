"""Fulfilment domain services: plain functions, keyword-only arguments, one transaction each
(booking with a carrier is split around the network call: never hold a lock across it)."""
