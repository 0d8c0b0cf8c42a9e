"""Faceted filtering of 手続き一覧: category, audience and life event combine, and each option shows how many
procedures it would leave given the other choices (so a reader never picks an option that leads nowhere)."""

from urllib.parse import urlencode

from portal.models import LifeEvent

FACETS = [("category", "業務分類"), ("audience", "対象者"), ("life_event", "ライフイベント")]


def _matches(procedure, key, slug):
    if key == "category":
        return procedure.category.slug == slug
    if key == "audience":
        audiences = procedure.audiences.all()
        return not audiences or any(audience.slug == slug for audience in audiences)
    return any(event.slug == slug for event in procedure.life_events.all())


def procedure_facets(procedures, audiences, params):
    """Template context for a list of procedures filtered by the GET `params` category, audience and life_event."""
    procedures = list(procedures.prefetch_related("audiences", "life_events"))
    selected = {key: params.get(key, "") for key, _ in FACETS}

    def kept(procedure, skip=None):
        return all(not slug or _matches(procedure, key, slug) for key, slug in selected.items() if key != skip)

    def query(key, slug):
        """The query string that selects `slug` for one facet (or clears it), keeping the other choices."""
        chosen = {**selected, key: slug}
        return "?" + urlencode({name: value for name, value in chosen.items() if value})

    categories = sorted({procedure.category for procedure in procedures}, key=lambda c: (c.sort_order, c.name))
    options = {"category": categories, "audience": list(audiences), "life_event": list(LifeEvent.objects.all())}
    facets = []
    for key, label in FACETS:
        others = [procedure for procedure in procedures if kept(procedure, skip=key)]
        facets.append(
            {
                "key": key,
                "label": label,
                "selected": selected[key],
                "clear_query": query(key, ""),
                "options": [
                    {
                        "term": term,
                        "count": sum(_matches(procedure, key, term.slug) for procedure in others),
                        "selected": term.slug == selected[key],
                        "query": query(key, term.slug),
                    }
                    for term in options[key]
                ],
            }
        )
    results = [procedure for procedure in procedures if kept(procedure)]
    return {"procedures": results, "procedure_count": len(results), "facets": facets, "filtered": any(selected.values())}
