"""PDF reports (WeasyPrint): every document of an internship, the dossier, blank forms and the
catalogue. A plain package, not a Django app: templates live in templates/pdf/."""
