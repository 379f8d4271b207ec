"""The words of the pages, in Danish and English (one catalogue; Danish is the default)."""

from __future__ import annotations

from kvalitet.language.labels import Language

__all__ = ["LABELS", "Language", "language"]

LABELS: dict[str, dict[str, str]] = {
    "da": {
        "site": "kvalitet",
        "skip_to_content": "Spring til indhold",
        "nav_label": "Hovedmenu",
        "home": "Forside",
        "caseworker": "Sagsbehandler",
        "playground": "Legeplads for standarder",
        "api_docs": "API-dokumentation",
        "switch_language": "English",
        "switch_language_lang": "en",
        "intro": (
            "Kommunernes kvalitetsstandarder for voksne med særlige behov som regler, der kan "
            "køres. Resultatet er altid et udgangspunkt, aldrig en afgørelse."
        ),
        "caseworker_intro": (
            "Vælg kommune og ydelser, og besvar spørgsmålene ét ad gangen. Efter hvert svar "
            "ser du, hvilke ydelser der er afklaret. Intet om borgeren gemmes på serveren."
        ),
        "playground_intro": (
            "Indsæt eller upload en standardfil, eller vælg en af de indlæste og ret den her. "
            "Fejl vises ved deres linje, mens du skriver. Intet gemmes på serveren."
        ),
        "municipality": "Kommune",
        "date": "Dato for vurderingen",
        "choose": "Vælg",
        "services": "Ydelser",
        "services_hint": "Vælg de ydelser, sagen drejer sig om (ingen valgt: alle).",
        "start": "Start interview",
        "question": "Spørgsmål",
        "answer": "Svar",
        "next": "Næste",
        "skip": "Spring over",
        "back": "Tilbage",
        "finish": "Vis resultat nu",
        "restart": "Start forfra",
        "settled_heading": "Ydelser",
        "settled": "afklaret",
        "open": "ikke afklaret endnu",
        "answers_heading": "Svar indtil nu",
        "skipped": "sprunget over",
        "no_answers": "Ingen svar endnu.",
        "result_heading": "Resultat",
        "print": "Udskriv",
        "print_hint": "Brug browserens udskriv-funktion for en udskrift.",
        "outcome": "Udgangspunkt",
        "access": "Adgang",
        "scope": "Omfang",
        "no_scope": "Standarden angiver intet omfang for dette udfald.",
        "deadlines": "Frister",
        "payment": "Betaling",
        "reasons": "Begrundelse",
        "missing": "Mangler oplysninger om",
        "individual_assessment": "Konkret og individuel vurdering",
        "whatif": "Mindste ændringer, der ville ændre udfaldet",
        "no_whatif": "Ingen ændring af oplysningerne ændrer udfaldet efter reglerne.",
        "citation": "Kilde",
        "error_heading": "Noget er galt",
        "error_intro": "Oplysningerne kunne ikke bruges:",
        "empty_answer": "Vælg eller skriv et svar, eller spring spørgsmålet over.",
        "step": "Spørgsmål {n}",
        "all_settled": "Alle valgte ydelser er afklaret.",
        "none_left": "Der er ikke flere spørgsmål, der kan afklare de resterende ydelser.",
        "standard_file": "Standardfil (YAML)",
        "cases_file": "Testcases (YAML, valgfri: ellers de indlæste for ydelsen)",
        "profile_box": "Borgerprofil (YAML eller JSON) at vurdere mod den rettede standard",
        "upload": "Upload en fil",
        "upload_button": "Indlæs filen",
        "load_bundled": "Indlæs en af standarderne",
        "load": "Indlæs",
        "check": "Tjek",
        "download": "Hent filen",
        "problems": "Fejl",
        "no_problems": "Ingen fejl: filen kan indlæses.",
        "lint": "Bemærkninger (lint)",
        "no_lint": "Ingen bemærkninger.",
        "cases": "Testcases",
        "no_cases": "Ingen testcases for denne ydelse.",
        "passed": "bestået",
        "failed": "fejlet",
        "line": "linje",
        "column": "kolonne",
        "rendered": "Dokumentet",
        "profile_outcome": "Profilens udfald efter den rettede standard",
        "go_to_line": "Gå til linje {line}",
        "live_checking": "Tjekker …",
        "stale_results": (
            "Bemærkningerne, testcases og dokumentet herunder hører til teksten, som den var ved "
            "sidste tjek. Tryk «Tjek» for at opdatere dem."
        ),
        "cases_summary": "{passed} af {total} bestået",
        "not_loaded": "Rendering og testcases vises, når filen kan indlæses.",
    },
    "en": {
        "site": "kvalitet",
        "skip_to_content": "Skip to content",
        "nav_label": "Main menu",
        "home": "Home",
        "caseworker": "Caseworker",
        "playground": "Standards playground",
        "api_docs": "API documentation",
        "switch_language": "Dansk",
        "switch_language_lang": "da",
        "intro": (
            "Municipal quality standards for adults with special needs as rules that run. "
            "The result is always a starting point, never a decision."
        ),
        "caseworker_intro": (
            "Choose a municipality and services, and answer the questions one at a time. "
            "After each answer you see which services are settled. Nothing about the citizen "
            "is stored on the server."
        ),
        "playground_intro": (
            "Paste or upload a standard file, or pick a loaded one and edit it here. Problems "
            "are shown at their line as you type. Nothing is saved on the server."
        ),
        "municipality": "Municipality",
        "date": "Date of the assessment",
        "choose": "Choose",
        "services": "Services",
        "services_hint": "Choose the services the case is about (none chosen: all).",
        "start": "Start the interview",
        "question": "Question",
        "answer": "Answer",
        "next": "Next",
        "skip": "Skip",
        "back": "Back",
        "finish": "Show the result now",
        "restart": "Start again",
        "settled_heading": "Services",
        "settled": "settled",
        "open": "not settled yet",
        "answers_heading": "Answers so far",
        "skipped": "skipped",
        "no_answers": "No answers yet.",
        "result_heading": "Result",
        "print": "Print",
        "print_hint": "Use the browser's print command for a printout.",
        "outcome": "Starting point",
        "access": "Access",
        "scope": "Scope",
        "no_scope": "The standard states no scope for this outcome.",
        "deadlines": "Deadlines",
        "payment": "Payment",
        "reasons": "Reasons (the standard's own words, in Danish)",
        "missing": "Information missing about",
        "individual_assessment": "Concrete and individual assessment",
        "whatif": "Smallest changes that would change the outcome",
        "no_whatif": "No change of the facts changes the outcome under the rules.",
        "citation": "Source",
        "error_heading": "Something is wrong",
        "error_intro": "The information could not be used:",
        "empty_answer": "Choose or type an answer, or skip the question.",
        "step": "Question {n}",
        "all_settled": "Every chosen service is settled.",
        "none_left": "No more questions can settle the remaining services.",
        "standard_file": "Standard file (YAML)",
        "cases_file": "Test cases (YAML, optional: else the loaded ones of the service)",
        "profile_box": "Citizen profile (YAML or JSON) to evaluate against the edited standard",
        "upload": "Upload a file",
        "upload_button": "Load the file",
        "load_bundled": "Load one of the standards",
        "load": "Load",
        "check": "Check",
        "download": "Download the file",
        "problems": "Problems",
        "no_problems": "No problems: the file loads.",
        "lint": "Lint findings",
        "no_lint": "No findings.",
        "cases": "Test cases",
        "no_cases": "No test cases for this service.",
        "passed": "passed",
        "failed": "failed",
        "line": "line",
        "column": "column",
        "rendered": "The document",
        "profile_outcome": "The profile's outcome under the edited standard",
        "go_to_line": "Go to line {line}",
        "live_checking": "Checking …",
        "stale_results": (
            "The lint findings, cases and document below belong to the text as it was at the "
            "last check. Press Check to update them."
        ),
        "cases_summary": "{passed} of {total} passed",
        "not_loaded": "The rendering and the test cases show once the file loads.",
    },
}


def language(value: str | None) -> Language:
    """``en`` when asked for, else Danish."""
    return "en" if value == "en" else "da"
