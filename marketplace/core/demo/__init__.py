"""Demo and benchmark data: `load_demo()` (a believable Semarang marketplace) and
`load_benchmark_data()` (a large, plain catalogue for `benchmarks/catalogue.py`).

Run them through `manage.py load_demo` and `manage.py load_benchmark_data`.
"""
