"""The words of the audit: what each status of a figure and each kind of check means.

Shared by the audit (:mod:`analysis.figures.audit`), which gives the statuses, and the display
(:mod:`analysis.display`), which shows them: the vocabulary, and how many of each a figures
record holds.
"""

import pandas as pd

STATUSES = ("printed", "not_published", "match", "mismatch")


STATUS_LABELS = {"printed": "tel que publié", "not_published": "non publié",
                 "match": "conforme", "mismatch": "écart"}


# what each status and each kind of check means, for the methodology page
STATUS_MEANINGS = {
    "printed": "chiffre relevé dans un document qui ne l'imprime qu'une fois : il est montré tel "
               "que publié, et rien d'indépendant ne permet de le vérifier ; il n'est pas compté "
               "parmi les vérifications",
    "not_published": "chiffre calculé par le projet (ou donnée de référence) qu'aucun document "
                     "n'imprime : rien à comparer",
    "match": "chiffre comparé à un autre, indépendant de lui : les deux intervalles d'arrondi se "
             "recouvrent",
    "mismatch": "chiffre comparé à un autre, indépendant de lui : l'écart dépasse les arrondis ; "
                "la page le dit, avec sa taille dans l'unité du chiffre",
}


CHECK_MEANINGS = {
    "recomputation": "un chiffre que le document calcule lui-même (total, part, ratio, "
                     "évolution), recalculé à partir d'autres chiffres",
    "second_printing": "le même chiffre imprimé une seconde fois (autre ligne, autre document)",
    "national_file": "un chiffre du document confronté au même chiffre tiré d'un fichier "
                     "national indépendant (recensement…), sans aucun chiffre du document",
}


VERIFIED = ("match", "mismatch")  # the statuses of a figure compared with something independent


CHECKS = ("recomputation", "second_printing", "national_file")


CHECK_LABELS = {"recomputation": "recalcul", "second_printing": "seconde impression",
                "national_file": "fichier national"}


def verification_counts(df_figures: pd.DataFrame) -> dict[str, int]:
    """How many comparisons a figures record holds, by kind of check, and how many differ:
    ``{"verified", "recomputation", "second_printing", "national_file", "mismatch",
    "printed"}``. A figure shown as printed is not a verification."""
    verified = df_figures[df_figures["status"].isin(VERIFIED)]
    counts = {"verified": len(verified),
              "mismatch": int((df_figures["status"] == "mismatch").sum()),
              "printed": int((df_figures["status"] == "printed").sum())}
    for check in CHECKS:
        counts[check] = int((verified["check"] == check).sum())
    return counts
