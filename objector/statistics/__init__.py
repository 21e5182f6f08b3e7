"""Statistics that are safe to publish: count tables protected by cell suppression, audited.

Plain Python (numpy and HiGHS), no Django. `tables` builds the linear system an attacker sees
across linked tables and earlier releases; `protect` suppresses (primary and secondary) and
audits every suppressed cell with linear programming; `hypercube` protects one large table
alone, with a checked proof for every sensitive cell.
"""
