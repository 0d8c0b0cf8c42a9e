from .sites import portal_for_request


def portal(request):
    """The portal (spec and home page) serving this request, for headers, navigation and search scope."""
    spec, home = portal_for_request(request)
    return {"portal": spec, "portal_home": home}
