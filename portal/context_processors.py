from .scope import is_member, request_portal


def portal(request):
    """The portal (spec and home page) serving this request, for headers, navigation and search scope; a user of
    the other portal (on its 403 page) gets no home, so neither its navigation nor its search box."""
    spec, home = request_portal(request)
    return {"portal": spec, "portal_home": home if spec and is_member(request) else None}
