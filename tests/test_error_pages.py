"""Error pages in the app's language and layout, with a way back: not-yours answers 404 by
design (access-policy.md), so people meet these pages."""

from django.test import Client
from django.urls import reverse


def test_not_found_is_a_dutch_page_with_a_way_home(demo):
    client = demo.client_for("mentor@uniform.demo")
    response = client.get("/internships/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Deze pagina bestaat niet, of je mag ze niet zien." in page
    assert f'href="{reverse("home")}"' in page and 'class="navbar' in page


def test_another_networks_internship_is_the_same_404(demo):
    lucas = demo.lucas_internship
    page = demo.client_for("mentor@uniform.demo").get(reverse("internships:detail", args=[lucas.pk]))
    assert page.status_code == 404 and "Deze pagina bestaat niet" in page.content.decode()


def test_forbidden_says_which_role_may(demo):
    response = demo.client_for("mentor@uniform.demo").get(reverse("invitations"))
    assert response.status_code == 403
    assert "Je rol laat dit niet toe." in response.content.decode()


def test_server_error_page_renders_without_a_request(demo, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Er ging iets mis bij ons." in html and 'href="/"' in html


def test_anonymous_404_has_no_menu_but_a_way_in(db):
    response = Client().get("/nergens/")
    assert response.status_code == 404 and "Naar mijn startpagina" in response.content.decode()
