"""The Spanish site in a real browser: the form by keyboard with its errors, the switch between
the languages, and the words the script writes (the character count, the toolbar's news)."""

import re

import pytest

from browser import wait_until


def focused(page):
    return page.evaluate("(document.activeElement.innerText || document.activeElement.id || '').trim()")


def test_the_spanish_form_by_keyboard_with_its_errors(open_page):
    _, page = open_page("/es/consulta")
    page.locator("button", has_text="Enviar solicitud").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # sent empty
    assert page.title().startswith("Error: ") and page.url.endswith("/es/consulta")
    wait_until(page, "document.activeElement.classList.contains('error-summary')")  # autofocus comes a frame after load
    page.keyboard.press("Tab")
    assert focused(page) == "Escriba su nombre completo"
    page.keyboard.press("Enter")  # the summary's link puts the cursor in the field
    assert focused(page) == "name"
    page.keyboard.type("María López")
    page.keyboard.press("Tab")
    page.keyboard.type("maria@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("704 555 0123")
    page.keyboard.press("Tab")
    assert focused(page) == "contact_method-0"
    page.keyboard.press("Space")  # "Por teléfono"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # "Soy paciente nuevo"
    page.keyboard.press("Tab")
    page.keyboard.type("Me duele mucho la espalda, ¿tienen cita el jueves?")  # a health detail
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page) == "Enviar solicitud"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_until(page, "document.activeElement.classList.contains('error-summary')")  # autofocus comes a frame after load
    page.keyboard.press("Tab")
    assert focused(page) == "Quite los detalles médicos de su mensaje"
    page.keyboard.press("Enter")
    assert focused(page) == "message"
    assert "Su mensaje menciona" in page.locator("#message-error").inner_text()
    page.keyboard.press("Control+a")
    page.keyboard.type("¿Tienen cita el jueves por la tarde?")
    for _ in range(2):
        page.keyboard.press("Tab")
    assert focused(page) == "Enviar solicitud"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/es/consulta/enviada")
    assert page.get_by_role("heading", level=1).inner_text() == "Solicitud enviada"


@pytest.mark.parametrize("javascript", [True, False])
def test_the_language_switch_keeps_the_page_and_the_reading_preferences(open_page, live_site, javascript):
    context, page = open_page(javascript=javascript)
    context.add_cookies([{"name": "reading", "value": "150.high-contrast", "url": live_site}])
    page.goto(live_site + "/accessibility")
    with page.expect_navigation():
        page.get_by_role("link", name="Español").click()
    assert page.url == live_site + "/es/accesibilidad"
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.evaluate("document.documentElement.className") == "text-150 high-contrast"
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.url == live_site + "/accessibility"


def test_the_language_switch_keeps_the_part_of_the_page_being_read(open_page, live_site):
    _, page = open_page("/#when-to-get-help")
    with page.expect_navigation():
        page.get_by_role("link", name="Español").click()
    assert page.url == live_site + "/es/#when-to-get-help"
    heading = page.locator("#when-to-get-help")
    assert heading.inner_text() == "Cuándo buscar ayuda"
    wait_until(page, "document.getElementById('when-to-get-help').getBoundingClientRect().top < innerHeight")


def test_answers_typed_in_one_language_are_there_in_the_other(open_page):
    _, page = open_page("/consultation")
    page.fill("#name", "María López")
    page.fill("#message", "¿Tienen cita el jueves?")
    with page.expect_navigation():
        page.get_by_role("link", name="Español").click()
    assert page.input_value("#name") == "María López" and page.input_value("#message") == "¿Tienen cita el jueves?"


def test_the_character_count_and_the_toolbar_speak_spanish(open_page):
    _, page = open_page("/es/consulta")
    count = page.locator("#message-count")
    assert count.inner_text() == "Le quedan 2,000 caracteres"
    page.locator("#message").fill("x" * 2001)
    wait_until(page, "document.getElementById('message-count').textContent.includes('de más')")
    assert count.inner_text() == "Tiene 1 carácter de más"
    page.get_by_role("button", name="Herramientas de accesibilidad").click()
    page.get_by_role("button", name="Alto contraste", exact=True).click()
    wait_until(page, "document.getElementById('toolbar-status').textContent === 'Alto contraste: activado'")
    assert re.search(r"\bhigh-contrast\b", page.evaluate("document.documentElement.className"))
