"""Rapports de développement durable des EPCI : données sourcées, calculs testés, audit.

Sub-modules, by concern: ``load`` (read + validate), ``sources``, ``territories``,
``population``, ``uncertainty``, ``figures`` (the figures record and its audit), ``fmt``
(French formatting), ``charts`` (house style), ``render`` (HTML), ``build`` (runner),
and one module per report section (``waste``).
"""

__version__ = "0.1.0"
