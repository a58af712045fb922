"""The patient chat in a real browser (Debian chromium via Playwright), on a 375 px phone screen.

One server and one browser for the module; each test is a new patient (a fresh browser context).
Screenshots of the main screens go to docs/screenshots/ for the README when run by `make screenshots`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlmodel import Session, select

from models.database import make_engine
from models.tables import Booking
from routing.ranking import CALL_999_INSTRUCTION
from tests.support.browser import assert_accessible, open_page, screenshot
from tests.support.chat import PHARMACY, PHARMACY_REPORT, POSTCODE, open_all_day, provide
from tests.support.server import LiveServer

PHONE = ViewportSize(width=375, height=740)


@pytest.fixture(scope="module")
def chat_server(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    open_all_day(module_sqlite_url)
    server = LiveServer(
        {"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("chat-browser"), measured=False
    ).start()
    try:
        provide(server.url, module_sqlite_url, free=5)
        yield server
    finally:
        server.stop()


@pytest.fixture
def phone(browser: Browser, chat_server: LiveServer) -> Iterator[Page]:
    """A new patient on a phone-sized screen; a JavaScript error on the page fails the test."""
    with open_page(browser, PHONE, base_url=chat_server.url) as page:
        yield page


def shot(page: Page, name: str) -> None:
    screenshot(page, f"chat-{name}")


def describe(page: Page, text: str, age: int) -> None:
    page.goto("/chat")
    page.get_by_label("What is wrong?").fill(text)
    page.get_by_label("Age of the patient, in years").fill(str(age))
    page.get_by_role("button", name="Send").click()


def answer(page: Page, question: str, reply: str) -> None:
    expect(page.get_by_role("group", name=question)).to_be_visible()
    page.get_by_role("group", name=question).get_by_role("button", name=reply, exact=True).click()


def test_a_red_flag_answer_shows_999_and_nothing_to_book(phone: Page) -> None:
    describe(phone, "pain in my chest for the last hour", 58)
    question = "Does the pain feel heavy, tight or crushing, or spread to your arm, jaw, neck or back?"
    expect(phone.locator(".msg.bot:focus")).to_contain_text(question)  # focus moves to the newest question
    answer(phone, question, "Yes")
    emergency = phone.locator(".msg.emergency")
    expect(emergency).to_contain_text(CALL_999_INSTRUCTION)
    expect(emergency.get_by_role("link", name="Call 999")).to_have_attribute("href", "tel:999")
    expect(phone.get_by_role("button", name="Start a new conversation")).to_be_visible()
    expect(phone.get_by_role("button", name="Book", exact=False)).to_have_count(0)
    expect(phone.locator(".msg.safety").last).to_contain_text("Call 999 now.")
    assert_accessible(phone)
    shot(phone, "emergency")


def test_book_a_pharmacy_from_a_phone_and_see_the_reference(phone: Page, module_sqlite_url: str) -> None:
    phone.goto("/chat")
    expect(phone.get_by_label("What is wrong?")).to_be_visible()
    assert_accessible(phone)
    shot(phone, "start")
    phone.get_by_role("button", name="Send").click()  # nothing typed yet
    expect(phone.get_by_role("alert")).to_have_text("Please tell us what is wrong, in a few words.")
    describe(phone, PHARMACY_REPORT, 30)
    answer(phone, "Are your lips, tongue or throat swelling, are you wheezy, or do you feel faint?", "No")
    shot(phone, "question")
    answer(phone, "Have you used an adrenaline pen (EpiPen)?", "No")
    answer(phone, "Is it just an itchy, raised rash?", "Yes")

    phone.get_by_label("Your postcode").fill("ZZ99 9ZZ")
    phone.get_by_role("button", name="Find services near me").click()
    expect(phone.get_by_role("alert")).to_contain_text("We cannot place postcode 'ZZ99 9ZZ'")
    expect(phone.get_by_role("alert")).to_contain_text("A postcode looks like LS1 4AP")
    shot(phone, "unknown-postcode")
    phone.get_by_label("Your postcode").fill(POSTCODE)
    phone.get_by_role("button", name="Find services near me").click()

    offer = phone.locator(".msg.service").first
    expect(offer).to_contain_text("LS1 4DT")
    expect(offer).to_contain_text("When to go")
    assert_accessible(phone)
    shot(phone, "offer")
    phone.get_by_role("button", name="Book Boots").click()
    booked = phone.locator(".msg.booking")
    expect(booked).to_contain_text("Your booking reference is")
    expect(phone.locator(".msg").last).to_have_class("msg bot safety")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
    shot(phone, "booked")

    found = re.search(r"Your booking reference is ([A-Z0-9]{8})\.", booked.inner_text())
    assert found is not None
    reference = found.group(1)
    engine = make_engine(module_sqlite_url)
    try:
        with Session(engine) as session:
            booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
            assert booking.service_id == PHARMACY and booking.status == "CONFIRMED"
    finally:
        engine.dispose()


def test_the_conversation_survives_a_dropped_connection_and_a_reload(phone: Page) -> None:
    describe(phone, "bad headache since this morning", 35)
    first = "Did the headache come on suddenly, like a blow to the head, and is it the worst you have ever had?"
    answer(phone, first, "No")
    second = "Is your face drooping, are your arms or legs weak, or is your speech slurred or confused?"
    expect(phone.get_by_role("group", name=second)).to_be_visible()

    phone.context.set_offline(True)
    expect(phone.get_by_role("status")).to_contain_text("Reconnecting")
    shot(phone, "reconnecting")
    phone.context.set_offline(False)
    expect(phone.get_by_role("group", name=second).get_by_role("button", name="No", exact=True)).to_be_enabled()

    phone.reload()  # a reload keeps the token in sessionStorage: the server replays the conversation
    expect(phone.locator(".msg.patient").first).to_contain_text("bad headache since this morning (age 35)")
    answer(phone, second, "No")
    expect(phone.locator(".msg.patient")).to_have_count(3)
    assert_accessible(phone)
