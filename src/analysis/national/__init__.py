"""Every EPCI of France set side by side: the national figures table and the peer rule.

:mod:`.table` computes, in one vectorised pass over the national files, every indicator
those files give for every EPCI of the reference; :mod:`.peers` places one EPCI among the
EPCI of its kind and of a similar population, and among those of its region.
"""
