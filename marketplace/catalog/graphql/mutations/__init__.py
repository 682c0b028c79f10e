"""One module per group of mutations; each is thin: decode ids, fetch with the access check,
call a service, return the payload."""
