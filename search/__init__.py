"""Japanese search across both portals: analysis, engines, query log, synonyms and the search API."""
