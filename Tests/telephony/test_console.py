"""A 112 call from the phone network on the call taker's screen: the switch rings the phone of the call taker
signed in, the phone answers, the call pops up answered on that console, and one key closes a prank."""
import os
import pathlib
import threading
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, wait_until

WAIT = 10


@pytest.fixture
def browser(siaga):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("SIAGA_CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1366,768", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(os.environ.get("SIAGA_CHROMEDRIVER", "/usr/bin/chromedriver")),
                              options=options)
    driver.get(siaga.base + "/console/")
    yield driver
    driver.quit()


def test_a_call_from_the_network_pops_up_answered_and_one_key_closes_a_prank(siaga, floor, phones, trunk, browser):
    # given the demo's call taker signed in at the console, with the desk phone op3515 registered
    WebDriverWait(browser, WAIT).until(expected_conditions.presence_of_element_located((By.ID, "username")))
    browser.find_element(By.ID, "username").send_keys("operator.3515")
    browser.find_element(By.ID, "password").send_keys("siaga112-demo" + Keys.ENTER)
    WebDriverWait(browser, WAIT).until(
        lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") == "live")
    phone = phones("op3515").expect("answers")

    # when a 112 call comes in on the trunk (the caller stays on the line two seconds after the answer)
    caller = threading.Thread(target=lambda: trunk.call(caller="081299990001"), daemon=True)
    caller.start()

    # then the call pops up on this console, answered in this call taker's name
    card = WebDriverWait(browser, WAIT).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#current-call[data-status='active']"))
    assert "+6281299990001" in card.text
    assert "via uji" in card.text
    directory = pathlib.Path(os.environ.get("SIAGA_SCREENSHOTS", ROOT / ".build/browser-screenshots"))
    directory.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(directory / "operator-call-from-switch.png"))

    # and one key closes it as a prank, counted
    browser.find_element(By.TAG_NAME, "body").send_keys("1")
    closed = wait_until(lambda: next((c for c in floor.get("/calls?region=35.15&limit=20")["items"]
                                      if c.get("callerNumber") == "+6281299990001" and c.get("disposition")), None),
                        WAIT, "the prank recorded")
    assert closed["disposition"] == "prank"
    assert closed["callTaker"] == "petugas:operator.3515"
    caller.join(timeout=20)
    assert phone.finished() == 0
    browser.find_element(By.CSS_SELECTOR, "#no-call, #current-call")
