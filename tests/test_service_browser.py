"""Headless Debian Chromium drives the caseworker page and the playground; screenshots checked.

The pages run with their script (the interview answers in place, the playground checks as you
type); the same pages without it are tested in test_service_pages.py.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from kvalitet import Standards
from kvalitet.casework.questions import question_for
from kvalitet.language.labels import OUTCOME

ON = date(2026, 6, 1)
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,1600",
)  # fmt: skip
WAIT = 30


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("no Debian chromium/chromedriver (apt-get install chromium chromium-driver)")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a browser
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: WebDriver, tmp_path: Path, name: str) -> Path:
    """Save a PNG (also into $KVALITET_SCREENSHOTS when set) and check it is a real picture."""
    path = tmp_path / f"{name}.png"
    assert driver.save_screenshot(str(path))
    check_png(path.read_bytes())
    wanted = os.environ.get("KVALITET_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(wanted) / path.name)
    return path


def check_png(data: bytes) -> None:
    """A valid PNG of the window's width whose pixels are not one flat colour."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800, width
    assert height >= 600, height
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind == b"IDAT":
            chunks.append(data[position + 8 : position + 8 + length])
        position += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    assert len(pixels) > width * height  # every row is there
    assert len(set(pixels[: len(pixels) // 2])) > 16, "the picture is not blank"


def wait_for(driver: WebDriver, script: str, *args: Any) -> Any:
    return WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(script, *args))


def text_of(driver: WebDriver, selector: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, selector).text)


def current_field(driver: WebDriver) -> str | None:
    found: list[WebElement] = driver.find_elements(By.CSS_SELECTOR, "input[name=field]")
    return found[0].get_attribute("value") if found else None


def answer(driver: WebDriver) -> str:
    """Answer the question on screen with the keyboard-reachable controls; returns the answer."""
    radios = driver.find_elements(By.CSS_SELECTOR, "input[type=radio][name=answer]")
    if radios:
        choice = radios[-1]
        driver.find_element(By.CSS_SELECTOR, f"label[for={choice.get_attribute('id')}]").click()
        return str(choice.get_attribute("value"))
    box = driver.find_element(By.ID, "answer")
    value = "1984-03-14" if box.get_attribute("type") == "date" else "12"
    if box.get_attribute("type") == "date":
        driver.execute_script("arguments[0].value = arguments[1]", box, value)
    else:
        box.clear()
        box.send_keys(value)
    return value


def press(driver: WebDriver, action: str) -> None:
    """Press a button of the interview and wait until the page answered in place."""
    before = driver.execute_script("return document.getElementById('view')")
    driver.find_element(By.CSS_SELECTOR, f"button[name=action][value={action}]").click()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return document.getElementById('view')") != before
    )


def test_a_caseworker_interviews_to_a_decision(
    browser: WebDriver, server_url: str, bundled: Standards, tmp_path: Path
) -> None:
    browser.get(f"{server_url}/caseworker?municipality=hillerod&on={ON.isoformat()}")
    for service in ("hillerod/sel-85", "hillerod/sel-97"):
        browser.find_element(By.CSS_SELECTOR, f"input[name=service][value='{service}']").click()
    browser.find_element(By.CSS_SELECTOR, "button[value=start]").click()
    wait_for(browser, "return document.querySelector('input[name=field]') !== null")
    browser.execute_script("window.stayed = true")  # gone if a whole page loads

    first = current_field(browser)
    assert first == "support_need_level"
    assert question_for(first).text in text_of(browser, "legend")
    focused = browser.execute_script("return document.activeElement.name")
    assert focused == "answer", "focus is on the first answer"
    press(browser, "skip")
    assert current_field(browser) != first
    assert "sprunget over" in text_of(browser, ".answers")
    press(browser, "back")
    assert current_field(browser) == first

    known: dict[str, Any] = {}
    shot = False
    for _ in range(40):
        field = current_field(browser)
        if field is None:
            break
        value = answer(browser)
        known[field] = question_for(field).parse(value)
        press(browser, "answer")
        if not shot and current_field(browser) is not None:
            settled = text_of(browser, "#settled-list")
            assert "afklaret" in settled
            live = browser.find_element(By.ID, "settled-list").get_attribute("aria-live")
            assert live == "polite"
            screenshot(browser, tmp_path, "caseworker-question")
            shot = True
    assert browser.execute_script("return window.stayed === true"), "answered in place"
    assert text_of(browser, "h1") == "Resultat"

    decision = bundled.evaluate(known, municipality="hillerod", on=ON)
    page = text_of(browser, "main")
    for service in ("hillerod/sel-85", "hillerod/sel-97"):
        outcome = decision.services[service]
        article = browser.find_element(By.XPATH, f"//article[.//code[text()='{service}']]").text
        assert OUTCOME[outcome.outcome].text("da") in article
        assert " ".join(outcome.individual_assessment.split())[:60] in article
    assert "Mindste ændringer, der ville ændre udfaldet" in page
    assert browser.find_element(By.CSS_SELECTOR, "button[data-print]").is_displayed()
    path = screenshot(browser, tmp_path, "caseworker-result")
    assert path.stat().st_size > 20_000
    check_print_view(browser, tmp_path)


def check_print_view(browser: WebDriver, tmp_path: Path) -> None:
    """The printed result has the services and no navigation."""
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = browser.execute_script(
            "return getComputedStyle(document.querySelector('header.site')).display"
        )
        assert hidden == "none", "the printed page has no navigation"
        assert browser.find_element(By.CSS_SELECTOR, "article.service").is_displayed()
        screenshot(browser, tmp_path, "caseworker-print")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_an_author_breaks_and_fixes_a_rule_in_the_playground(
    browser: WebDriver, server_url: str, tmp_path: Path
) -> None:
    browser.get(f"{server_url}/playground?service=hillerod/sel-85@2026")
    textarea = browser.find_element(By.ID, "text")
    text = str(textarea.get_property("value"))
    lines = text.split("\n")
    number = next(n for n, line in enumerate(lines, 1) if "support_need_level" in line)
    assert "Ingen fejl" in text_of(browser, "#live-problems")

    broken = text.replace("support_need_level", "support_need_levl", 1)
    browser.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        textarea, broken,
    )  # fmt: skip
    wait_for(browser, "return document.getElementById('live-problems').textContent"
             ".includes('unknown-fact')")  # fmt: skip
    problems = text_of(browser, "#live-problems")
    assert f"Gå til linje {number}" in problems
    assert (
        "'support_need_levl' is not a known fact — did you mean 'support_need_level'?" in problems
    )
    # What the last check found below (34 cases passed) is marked as of the text before.
    note = browser.find_element(By.ID, "stale-note")
    assert note.is_displayed()
    assert "hører til teksten, som den var ved sidste tjek" in note.text
    assert browser.find_elements(By.CSS_SELECTOR, ".checked-results.stale")
    browser.execute_script("document.getElementById('problems-heading').scrollIntoView()")
    screenshot(browser, tmp_path, "playground-broken")

    browser.find_element(By.CSS_SELECTOR, f"#live-problems button[data-line='{number}']").click()
    selected = browser.execute_script(
        "const t = arguments[0]; return t.value.substring(t.selectionStart, t.selectionEnd)",
        textarea,
    )
    assert selected == broken.split("\n")[number - 1]
    assert browser.execute_script("return document.activeElement.id") == "text"
    textarea.send_keys(lines[number - 1])  # type the line right over the selected one
    wait_for(browser, "return document.getElementById('live-problems').textContent"
             ".includes('Ingen fejl')")  # fmt: skip
    assert textarea.get_property("value") == text
    assert not note.is_displayed()  # the text is the checked one again
    assert not browser.find_elements(By.CSS_SELECTOR, ".checked-results.stale")

    browser.find_element(By.CSS_SELECTOR, "button[value=check]").click()
    wait_for(browser, "return document.querySelector('.cases-summary') !== null")
    summary = text_of(browser, ".cases-summary")
    passed, total = summary.split(" bestået")[0].split(" af ")
    assert passed == total
    assert int(total) > 0
    assert browser.find_element(By.CSS_SELECTOR, "iframe.rendered").is_displayed()
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe.rendered"))
    assert "Socialpædagogisk støtte" in text_of(browser, "h1")
    browser.switch_to.default_content()
    selected = browser.find_element(By.CSS_SELECTOR, "#bundled option:checked").text
    assert selected == "hillerod/sel-85 (2026)"
    browser.execute_script("document.getElementById('problems-heading').scrollIntoView()")
    screenshot(browser, tmp_path, "playground-fixed")
