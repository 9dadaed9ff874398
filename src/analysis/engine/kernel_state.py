"""What a warm kernel puts back between two pages — this module runs inside the kernel.

A warm kernel (:mod:`analysis.engine.kernels`) serves page after page: its imports are done
once, and before each page :func:`reset` gives the page what a new kernel would give it:

- an empty namespace and an execution counter back to 1 (IPython's reset, new session), so
  the page's cells are numbered as in a new kernel;
- no open figure; matplotlib's rcParams, pandas' options and the warnings filters as they
  were after the imports; the warnings' « already shown » registries emptied, so that a
  warning a page prints is printed by the next page too;
- numpy's and ``random``'s global generators in the state they had after the imports;
- the working folder and ``sys.path`` as they were, and the environment variables of the
  process that runs the page (a new kernel inherits them);
- the package's memoised functions emptied (they read data files: a page reads them itself,
  as in a new kernel).

Not put back: a module's globals changed by a page's cell (the package's functions are pure
and no notebook does it), and the modules a page imported (imports are what is kept warm).
``tests/test_warm_kernels.py`` runs a page that changes each item above, then a page that
checks each is back.
"""

from __future__ import annotations

import functools
import os
import random
import sys
import warnings

_remembered: dict | None = None


def _pandas_options() -> dict:
    import pandas as pd
    from pandas._config import config

    deprecated = getattr(config, "_deprecated_options", {})
    return {key: pd.get_option(key) for key in config._registered_options
            if key not in deprecated}


def remember() -> None:
    """Keep the state to put back (call once, after the warm-up imports)."""
    global _remembered
    import matplotlib
    import numpy as np

    _remembered = {
        "rc": dict(matplotlib.rcParams.copy()), "pandas": _pandas_options(),
        "warnings": list(warnings.filters), "numpy": np.random.get_state(),
        "random": random.getstate(), "cwd": os.getcwd(), "path": list(sys.path),
    }


def _memoised_functions() -> list:
    """The ``functools.cache``/``lru_cache`` functions of the package's loaded modules."""
    found = []
    for name, module in list(sys.modules.items()):
        if name == "analysis" or name.startswith("analysis."):
            found += [v for v in vars(module).values()
                      if isinstance(v, functools._lru_cache_wrapper)]
    return found


def reset(environ: dict[str, str]) -> None:
    """Put back what :func:`remember` kept; the environment becomes ``environ``."""
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    if _remembered is None:
        raise RuntimeError("remember() was not called after the warm-up")
    from IPython import get_ipython

    shell = get_ipython()
    shell.reset(new_session=True)
    plt.close("all")
    dict.update(matplotlib.rcParams, _remembered["rc"])  # as matplotlib's rc_context does
    for key, value in _remembered["pandas"].items():
        if pd.get_option(key) != value:
            pd.set_option(key, value)
    warnings.filters[:] = _remembered["warnings"]
    warnings.onceregistry.clear()
    warnings._filters_mutated()  # every module's « already shown » registry is now stale
    np.random.set_state(_remembered["numpy"])
    random.setstate(_remembered["random"])
    os.chdir(_remembered["cwd"])
    sys.path[:] = _remembered["path"]
    os.environ.clear()
    os.environ.update(environ)
    for function in _memoised_functions():
        function.cache_clear()
