"""Vendor domain services: applications and curation, profile, members, warehouses.

Each function takes the acting user (`actor`) and checks permissions itself, so the GraphQL API,
the seller dashboard pages and the Django admin enforce the same rules. Objects of a vendor the
actor does not belong to answer NOT_FOUND, exactly as an id that does not exist.
"""
