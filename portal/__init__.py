"""The project package: settings, URL routing, the two portal sites, roles and shared vocabularies."""
