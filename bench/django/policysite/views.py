"""The two pages galette's benchmark compares: a home page carrying the consent banner's
form (so it sets csrftoken, as galette's does), and the cookie policy rendered from a
registry of the four cookies, grouped by category, in the visitor's language."""
from django.shortcuts import render
from django.utils.translation import get_language

# The registry, as galette's demo declares it: name, category, lifetime, and per language
# the function and the purpose. Kept in memory, which favours Django (galette reads its
# registry through a cache keyed by revision).
REGISTRY = [
    ("sessionid", "necessary", "2 weeks", "Sign-in", "Keeps you signed in"),
    ("csrftoken", "necessary", "1 year", "Forms", "Protects forms against forgery"),
    ("django_language", "necessary", "session", "Language switcher", "Remembers your language"),
    ("cookies_preferences", "necessary", "6 months", "Consent banner", "Remembers your choice"),
]
TITLES = {"en": "Cookie policy", "fr": "Politique de cookies", "es": "Política de cookies", "pt": "Política de cookies"}


def home(request):
    return render(request, "home.html", {"title": "Portal"})


def cookie_policy(request):
    language = get_language() or "es"
    sections = {}
    for name, category, lifetime, function, purpose in REGISTRY:
        sections.setdefault(category, []).append(
            {"name": name, "lifetime": lifetime, "function": function, "purpose": purpose}
        )
    return render(
        request,
        "policy.html",
        {"title": TITLES.get(language[:2], TITLES["en"]), "sections": sorted(sections.items())},
    )
