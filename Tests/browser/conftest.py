"""Browser tests of the console: a real server with a fresh database (the demo regions and users), driven through
Debian's Chromium and chromedriver with Selenium. Screenshots go to $SIAGA_SCREENSHOTS (default
.build/browser-screenshots); `scripts/test --screenshots` keeps them in docs/screenshots."""
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from siaga_api import Client, free_port

ROOT = pathlib.Path(__file__).resolve().parents[2]
WAIT = 8  # seconds: the longest a console may take to show what the server already has


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("SIAGA_BINARY", str(ROOT / ".build/debug/siaga"))
    directory = tempfile.mkdtemp(prefix="siaga-browser-")
    port = free_port()
    log = open(os.path.join(directory, "server.log"), "w")
    process = subprocess.Popen(
        [binary, "serve", "--demo", "--database", os.path.join(directory, "siaga.sqlite"), "--port", str(port),
         "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("the server did not become ready; see " + log.name)
    # The place index is built in the background at start-up (seconds in a debug build): wait for it, as a call
    # center would, so no scenario's timing includes it.
    warm = Client.signed_in(base, "operator.3515")
    warm.opener.open(urllib.request.Request(base + "/api/v1/places?q=pepelegi&region=35.15"), timeout=120).read()
    yield base
    process.terminate()
    process.wait(timeout=20)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def browsers(server):
    """Opens browser sessions (each its own profile, like separate computers); closes them after the test."""
    opened = []

    def open_browser(width=1366, height=768, language="id"):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("SIAGA_CHROMIUM", "/usr/bin/chromium")
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         f"--window-size={width},{height}", "--force-device-scale-factor=1",
                         "--autoplay-policy=no-user-gesture-required"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(os.environ.get("SIAGA_CHROMEDRIVER", "/usr/bin/chromedriver")),
                                  options=options)
        driver.get(server + "/console/")
        driver.execute_script(f"localStorage.setItem('siaga.language', '{language}')")
        opened.append(driver)
        return driver

    yield open_browser
    for driver in opened:
        try:
            driver.quit()
        except Exception:  # already closed by the test
            pass


def sign_in(driver, username, screen=None):
    WebDriverWait(driver, WAIT).until(expected_conditions.presence_of_element_located((By.ID, "username")))
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys("siaga112-demo" + Keys.ENTER)
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_element(By.ID, "connection").get_attribute("data-state") == "live")
    if screen:
        go(driver, screen)


def go(driver, screen):
    driver.execute_script(f"location.hash = '#/{screen}'")
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.3)


def wait_for(driver, css, timeout=WAIT):
    return WebDriverWait(driver, timeout).until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, css)))


def screenshot(driver, name):
    directory = pathlib.Path(os.environ.get("SIAGA_SCREENSHOTS", ROOT / ".build/browser-screenshots"))
    directory.mkdir(parents=True, exist_ok=True)
    time.sleep(0.3)
    driver.save_screenshot(str(directory / f"{name}.png"))


@pytest.fixture
def api(server):
    return lambda username: Client.signed_in(server, username)


@pytest.fixture
def pbx(server):
    """The demo's telephony token: calls arrive through it, as from the PBX."""
    return Client(server, token="s112_demo_pbx_3515")
