"""Benchmarks: each module here with a ``main()`` function is one benchmark.

``python -m benchmarks [NAME]`` runs one or all of them; each writes
``benchmarks/results/<name>.json`` holding ``name``, ``machine``, ``params`` and ``metrics``.
"""
