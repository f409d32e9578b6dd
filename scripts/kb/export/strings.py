"""Fixed wording of tender kits, in French and Dutch.

Every heading, column name and label a kit prints comes from this table, which
the kit data (kit-data.json, kit/common.json) carries to the one kit writer,
kit-writer.js.
``{name}`` marks a value filled in by the layout. French typography uses a
no-break space before ``:`` and ``%``; Dutch uses one before ``%``.
"""

from __future__ import annotations

NBSP = "\u00a0"

LANGS = ("fr", "nl")

# Language tags written into the documents (spell-checkers, screen readers).
LANGUAGE_TAGS = {"fr": "fr-BE", "nl": "nl-BE"}

CONTENT_LICENCE = "CC BY 4.0"
CONTENT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE = "EUPL-1.2"
CODE_LICENCE_URL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"

STRINGS = {
    "fr": {
        "language": "Français",
        "kit_title": "Clauses pour un marché TIC durable",
        "custom_selection": "Sélection personnalisée",
        "all_groups": "Tous les groupes de produits",
        "subtitle": "{scope} — niveau {level}",
        "intro": (
            "Ce document rassemble des clauses à insérer dans votre cahier spécial des charges, dans "
            "l'ordre du document : sélection, spécifications techniques, critères d'attribution et "
            "conditions d'exécution. Chaque clause est précédée de son identifiant et de sa version "
            "entre crochets : conservez-les, ils renvoient à la source et à l'historique du critère."
        ),
        "edition": "Base de connaissances, version {version}",
        "edition_dated": "Base de connaissances, version {version} du {date}",
        "page_of": "Page {page} sur {pages}",
        "list_separator": NBSP + "; ",
        "file_name": "clauses-tic-durables-{level}-{langs}",
        "creator": "Base de connaissances des critères TIC durables",
        "empty": "Aucun critère publié ne correspond à cette sélection à ce niveau.",
        "section.exclusion": "Motifs d'exclusion",
        "section.selection": "Critères de sélection",
        "section.technical-specification": "Spécifications techniques",
        "section.award": "Critères d'attribution",
        "section.contract-performance": "Conditions d'exécution",
        "weight": "Pondération suggérée" + NBSP + ": {weight}" + NBSP + "%",
        "scoring": "Méthode de cotation" + NBSP + ":",
        "status.draft": "Projet — critère non encore publié",
        "status.deprecated": "Critère obsolète, remplacé par {replaced_by}",
        "status.deprecated_plain": "Critère obsolète",
        "status_check": "à vérifier avant de l'insérer dans le cahier spécial des charges.",
        "status_line": "{status} : {check}",
        "warn.not_at_level": "{title} ne s'applique pas au niveau {level} (niveaux : {levels}) ; non repris.",
        "warn.unpublished": "{title} : {status} ; repris avec cette mention, à vérifier avant usage.",
        "warn.not_in_group": "{title} n'est pas prévu pour le groupe de produits {group}.",
        "warn.unknown": "Un critère du panier (référence {id}) n'existe pas dans cette édition ; non repris.",
        "warn.missing_value": "{title} : aucune valeur pour le paramètre {name} au niveau {level}.",
        "warn.value_refused": (
            "{title}" + NBSP + ": la valeur «" + NBSP + "{value}" + NBSP + "» n'est pas admise pour «" + NBSP
            + "{label}" + NBSP + "»" + NBSP + "; la valeur du niveau est gardée."
        ),
        "value_set": "Valeur fixée par le pouvoir adjudicateur – {label}" + NBSP + ": {value}",
        "quoted": "«" + NBSP + "{text}" + NBSP + "»",
        "eu_publisher": "Union européenne (EUR-Lex)",
        "evidence_title": "Liste de contrôle des preuves",
        "evidence_see": "Voir la note {note} sous le tableau.",
        "evidence_note": "Note {note}" + NBSP + ":",
        "evidence_intro": (
            "À compléter par le soumissionnaire : pour chaque critère, les preuves jointes à l'offre."),
        "evaluation_title": "Grille d'évaluation",
        "evaluation_intro": "Pour le comité d'évaluation : une ligne par critère d'attribution de durabilité.",
        "col.criterion": "Critère",
        "col.evidence": "Preuves à fournir",
        "col.attached": "Document joint (référence)",
        "col.weight": "Pondération",
        "col.scoring": "Méthode de cotation",
        "col.points": "Points attribués",
        "col.legal": "Base légale",
        "col.sources": "Sources",
        "col.field": "Champ eForms",
        "col.code": "Code",
        "col.label": "Libellé",
        "total": "Total",
        "percent": "{weight}" + NBSP + "%",
        "labels_accepted": "Labels acceptés" + NBSP + ": ",
        "coverage.full": "couvre le critère",
        "coverage.partial": "couvre le critère en partie",
        "equivalent_proof": "Preuve équivalente acceptée" + NBSP + ":",
        "to_complete": "[valeur à compléter]",
        "to_complete_note": "Valeur à compléter par le pouvoir adjudicateur – {label} :",
        "annex_title": "Annexe" + NBSP + ": base légale et sources",
        "article": "art. {article}",
        "to_verify": "à vérifier",
        "codes_title": "Codes CPV et classification eForms",
        "codes_intro": "Codes à reprendre dans l'avis de marché pour les critères de ce document.",
        "cpv_title": "Codes CPV",
        "cpv_groups": (
            "Codes des produits achetés ({groups}), le code principal en premier" + NBSP
            + ": gardez ceux qui décrivent l'objet de votre marché."
        ),
        "cpv_none": (
            "Les critères de ce document ne portent pas sur un même groupe de produits" + NBSP
            + ": indiquez dans l'avis les codes CPV de l'objet de votre marché."
        ),
        "eforms_title": "Classification eForms",
        "licence": (
            "Contenu : base de connaissances des critères TIC durables, sous licence "
            + CONTENT_LICENCE + " ; citez l'identifiant et la version des critères repris."
        ),
    },
    "nl": {
        "language": "Nederlands",
        "kit_title": "Clausules voor een duurzame ICT-opdracht",
        "custom_selection": "Eigen selectie",
        "all_groups": "Alle productgroepen",
        "subtitle": "{scope} — niveau {level}",
        "intro": (
            "Dit document bundelt clausules om in uw bestek op te nemen, in de volgorde van het "
            "bestek: selectie, technische specificaties, gunningscriteria en uitvoeringsvoorwaarden. "
            "Elke clausule begint met haar identificatie en versie tussen vierkante haken: behoud ze, "
            "ze verwijzen naar de bron en de geschiedenis van het criterium."
        ),
        "edition": "Kennisbank, versie {version}",
        "edition_dated": "Kennisbank, versie {version} van {date}",
        "page_of": "Pagina {page} van {pages}",
        "list_separator": "; ",
        "file_name": "duurzame-ict-clausules-{level}-{langs}",
        "creator": "Kennisbank duurzame ICT-criteria",
        "empty": "Geen enkel gepubliceerd criterium komt op dit niveau overeen met deze selectie.",
        "section.exclusion": "Uitsluitingsgronden",
        "section.selection": "Selectiecriteria",
        "section.technical-specification": "Technische specificaties",
        "section.award": "Gunningscriteria",
        "section.contract-performance": "Uitvoeringsvoorwaarden",
        "weight": "Voorgestelde weging: {weight}" + NBSP + "%",
        "scoring": "Beoordelingsmethode:",
        "status.draft": "Ontwerp — nog niet gepubliceerd criterium",
        "status.deprecated": "Vervallen criterium, vervangen door {replaced_by}",
        "status.deprecated_plain": "Vervallen criterium",
        "status_check": "na te kijken vóór opname in het bestek.",
        "status_line": "{status}: {check}",
        "warn.not_at_level": (
            "{title} is niet van toepassing op het niveau {level} (niveaus: {levels}); niet opgenomen."),
        "warn.unpublished": "{title}: {status}; opgenomen met die vermelding, na te kijken vóór gebruik.",
        "warn.not_in_group": "{title} is niet bedoeld voor de productgroep {group}.",
        "warn.unknown": "Een criterium uit het mandje (referentie {id}) bestaat niet in deze editie; niet opgenomen.",
        "warn.missing_value": "{title}: geen waarde voor de parameter {name} op het niveau {level}.",
        "warn.value_refused": (
            "{title}: de waarde ‘{value}’ is niet toegestaan voor ‘{label}’; de waarde van het niveau blijft behouden."
        ),
        "value_set": "Waarde bepaald door de aanbestedende overheid – {label}: {value}",
        "quoted": "‘{text}’",
        "eu_publisher": "Europese Unie (EUR-Lex)",
        "evidence_title": "Checklist van de bewijsstukken",
        "evidence_intro": "In te vullen door de inschrijver: per criterium de bewijsstukken bij de offerte.",
        "evidence_see": "Zie noot {note} onder de tabel.",
        "evidence_note": "Noot {note}:",
        "evaluation_title": "Beoordelingsrooster",
        "evaluation_intro": "Voor de beoordelingscommissie: één regel per duurzaamheidsgunningscriterium.",
        "col.criterion": "Criterium",
        "col.evidence": "Te leveren bewijs",
        "col.attached": "Bijgevoegd document (referentie)",
        "col.weight": "Weging",
        "col.scoring": "Beoordelingsmethode",
        "col.points": "Toegekende punten",
        "col.legal": "Rechtsgrond",
        "col.sources": "Bronnen",
        "col.field": "eForms-veld",
        "col.code": "Code",
        "col.label": "Omschrijving",
        "total": "Totaal",
        "percent": "{weight}" + NBSP + "%",
        "labels_accepted": "Aanvaarde labels: ",
        "coverage.full": "dekt het criterium",
        "coverage.partial": "dekt het criterium gedeeltelijk",
        "equivalent_proof": "Aanvaard gelijkwaardig bewijs:",
        "to_complete": "[in te vullen waarde]",
        "to_complete_note": "In te vullen waarde door de aanbestedende overheid – {label}:",
        "annex_title": "Bijlage: rechtsgrond en bronnen",
        "article": "art. {article}",
        "to_verify": "na te gaan",
        "codes_title": "CPV-codes en eForms-classificatie",
        "codes_intro": "Codes om in de aankondiging op te nemen voor de criteria van dit document.",
        "cpv_title": "CPV-codes",
        "cpv_groups": (
            "Codes van de aangekochte producten ({groups}), de hoofdcode eerst: behoud de codes die het "
            "voorwerp van uw opdracht beschrijven."
        ),
        "cpv_none": (
            "De criteria van dit document hebben geen productgroep gemeen: vermeld in de aankondiging de "
            "CPV-codes van het voorwerp van uw opdracht."
        ),
        "eforms_title": "eForms-classificatie",
        "licence": (
            "Inhoud: kennisbank van duurzame ICT-criteria, onder licentie "
            + CONTENT_LICENCE + "; vermeld de identificatie en de versie van de overgenomen criteria."
        ),
    },
}


# Words of the locator of an EU act source ("Annex II, points 1.2 and 3.3"), per language.
# A locator with any other word is printed as the record gives it.
LOCATOR_WORDS = {
    "Annexes": {"fr": "annexes", "nl": "bijlagen"},
    "Annex": {"fr": "annexe", "nl": "bijlage"},
    "Articles": {"fr": "articles", "nl": "artikelen"},
    "Article": {"fr": "article", "nl": "artikel"},
    "points": {"fr": "points", "nl": "punten"},
    "point": {"fr": "point", "nl": "punt"},
    "Table": {"fr": "tableau", "nl": "tabel"},
    "and": {"fr": "et", "nl": "en"},
    "to": {"fr": "à", "nl": "tot"},
}


def _french_spacing(table: dict) -> dict:
    """No-break space before the French high punctuation, so ':' never starts a line."""
    return {key: value.replace(" :", NBSP + ":").replace(" ;", NBSP + ";") for key, value in table.items()}


STRINGS["fr"] = _french_spacing(STRINGS["fr"])


def text(lang: str, key: str, **values) -> str:
    """One fixed string in ``lang`` with its ``{values}`` filled."""
    return STRINGS[lang][key].format(**values)


def joined(langs, key: str, sep: str = " / ", **values) -> str:
    """The same fixed string in several languages, joined (for shared headings)."""
    return sep.join(dict.fromkeys(text(lang, key, **values) for lang in langs))
