"""End to end in headless Chromium (Selenium + chromium-driver); skipped when either is missing.

Loads the dashboard served by uvicorn on 127.0.0.1, searches "Hamas", opens the Iran–Hamas
timeline, clicks a period and reads its events; opens an article (highlights) and a hostile one
(its markup stays text); draws the network.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tieline.web.app import create_app
from tieline.web.server import ServerThread

from .conftest import HOSTILE_BODY, HOSTILE_TITLE

pytestmark = pytest.mark.browser

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = (
    os.environ.get("TIELINE_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
    or shutil.which("google-chrome")
)
CHROMEDRIVER = os.environ.get("TIELINE_CHROMEDRIVER") or shutil.which("chromedriver")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
]


@pytest.fixture(scope="module")
def server(web_db):
    app = create_app(web_db["path"])
    srv = ServerThread(app)
    url = srv.start()
    yield url
    srv.stop()
    app.state.store.close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("needs chromium and chromedriver (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for f in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chrome')}"]:
        opts.add_argument(f)
    try:
        d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    except WebDriverException as e:  # a broken or mismatched browser install
        pytest.skip(f"cannot start headless chromium: {e.msg if hasattr(e, 'msg') else e}")
    d.set_page_load_timeout(30)
    yield d
    d.quit()


def wait(driver, cond, timeout=20):
    """Wait for ``cond``; elements the page redraws meanwhile are looked up again."""
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(cond)


def tid(name):
    return (By.CSS_SELECTOR, f'[data-testid="{name}"]')


def pick(driver, field, letter, text):
    """Type into an actor box and click the suggestion named ``text`` (the list redraws as results come)."""
    box = driver.find_element(*tid(field))
    box.clear()
    box.send_keys(text)
    sel = (By.CSS_SELECTOR, f'[data-testid="suggest-{letter}"] [data-testid="suggestion"][data-name="{text}"]')
    for attempt in range(5):
        try:
            wait(driver, EC.element_to_be_clickable(sel)).click()
            break
        except StaleElementReferenceException:
            if attempt == 4:
                raise
    wait(driver, lambda d: d.find_element(*tid(f"suggest-{letter}")).get_attribute("hidden") is not None)
    assert box.get_attribute("value") == text


def no_injection(driver):
    assert driver.execute_script("return window.__pwned === undefined"), "untrusted markup ran"


def test_search_dyad_click_period_see_events(driver, server):
    driver.get(server + "/")
    wait(driver, lambda d: "articles" in d.find_element(*tid("stats")).text)
    # search "Hamas": the suggestions come from /api/actors
    pick(driver, "actor-a", "a", "Iran")
    pick(driver, "actor-b", "b", "Hamas")
    driver.find_element(*tid("show")).click()
    bars = wait(driver, lambda d: d.find_elements(*tid("bar")))
    assert driver.find_element(*tid("dyad-title")).text.startswith("Iran – Hamas")
    periods = [b.get_attribute("data-period") for b in bars]
    assert periods[:2] == ["2011", "2012"] and "2017" in periods
    assert driver.find_element(*tid("zero-line"))
    classes = {b.get_attribute("data-period"): b.get_attribute("class") for b in bars}
    assert "neg" in classes["2012"] and "pos" in classes["2011"]
    label = driver.find_element(*tid("trend-label")).text
    assert label in ("warming", "cooling", "stable")
    assert driver.find_elements(By.CSS_SELECTOR, '[data-testid="reasons"] li')
    # click a period: its events, each with sentence, source, modality, date and article link
    bar = next(b for b in bars if b.get_attribute("data-period") == "2012")
    n = int(bar.get_attribute("data-events"))
    bar.click()
    rows = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="period-events"] [data-testid="event"]'))
    assert len(rows) == n
    assert "Events in 2012" in driver.find_element(*tid("period-title")).text
    first = rows[0].find_elements(By.TAG_NAME, "td")
    assert first[0].text.startswith("2012") and first[4].text.endswith(".")
    assert "period=2012" in driver.current_url
    assert "selected" in driver.find_element(By.CSS_SELECTOR, '[data-testid="bar"][data-period="2012"]').get_attribute("class")
    # the events are brought into view, and the trend panel speaks of the chosen period
    top = driver.execute_script("return document.querySelector('[data-testid=period-events]').getBoundingClientRect().top")
    assert 0 <= top < driver.execute_script("return window.innerHeight")
    wait(driver, lambda d: d.find_element(*tid("trend-why")).text.startswith("2012"))
    # and the article behind an event, actors and the event sentence highlighted
    rows[0].find_element(*tid("event-article")).click()
    wait(driver, EC.visibility_of_element_located(tid("article-body")))
    marks = driver.find_elements(By.CSS_SELECTOR, '[data-testid="article-body"] mark')
    assert marks and all(m.text for m in marks)
    assert driver.find_elements(By.CSS_SELECTOR, '[data-testid="article-body"] span.ev')
    assert driver.find_elements(*tid("article-event"))
    driver.back()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="period-events"] [data-testid="event"]'))
    no_injection(driver)


def test_hostile_article_is_shown_as_text(driver, server, web_db):
    driver.get(server + "/#/article/" + web_db["hostile_id"])
    wait(driver, lambda d: d.find_element(*tid("article-title")).text == HOSTILE_TITLE)
    body = driver.find_element(*tid("article-body"))
    assert body.text.replace("\n", "") == HOSTILE_BODY.replace("\n", "")
    assert driver.find_element(*tid("article-title")).text == HOSTILE_TITLE
    assert not body.find_elements(By.TAG_NAME, "script") and not body.find_elements(By.TAG_NAME, "img")
    assert not driver.find_elements(By.CSS_SELECTOR, '#article a[href^="javascript"]')
    side = driver.find_element(*tid("article-side")).text
    assert "<script>window.__pwned=5</script>" in side
    no_injection(driver)


def test_actor_search_and_network(driver, server):
    driver.get(server + "/")
    wait(driver, lambda d: d.find_element(*tid("view-article")).get_attribute("hidden") is not None)
    pick(driver, "actor-a", "a", "Hamas")
    driver.find_element(*tid("show")).click()
    name = wait(driver, EC.visibility_of_element_located(tid("actor-name")))
    assert name.text == "Hamas"
    assert driver.find_elements(*tid("partner"))
    driver.get(server + "/#/network?actors=Iran,Hamas,Saudi%20Arabia,Israel")
    wait(driver, lambda d: len(d.find_elements(*tid("node"))) == 4)
    edges = driver.find_elements(*tid("edge"))
    assert edges
    ih = next(e for e in edges if {e.get_attribute("data-a"), e.get_attribute("data-b")} == {"Israel", "Hamas"})
    assert float(ih.get_attribute("data-score")) < 0
    no_injection(driver)


def test_landing_page_shows_what_is_in_the_database(driver, server):
    driver.get(server + "/")
    links = wait(driver, lambda d: d.find_elements(*tid("home-dyad")))
    assert driver.find_elements(By.CSS_SELECTOR, '[data-testid="home-latest"] li')
    first = links[0].text
    links[0].click()
    wait(driver, lambda d: d.find_element(*tid("dyad-title")).text.startswith(first))
    assert driver.find_element(*tid("home-panel")).get_attribute("hidden") is not None


def test_an_error_clears_the_previous_view(driver, server):
    driver.get(server + "/#/?a=Iran&b=Hamas&by=year")
    wait(driver, lambda d: d.find_elements(*tid("bar")))
    driver.get(server + "/#/?a=Iran&b=Hamas&by=fortnight")
    wait(driver, lambda d: d.find_element(*tid("error")).get_attribute("hidden") is None)
    panel = driver.find_element(By.ID, "dyad-panel")
    assert panel.get_attribute("hidden") is not None


def test_week_view_keeps_a_true_time_axis(driver, server):
    driver.get(server + "/#/?a=Iran&b=Hamas&by=week")
    bars = wait(driver, lambda d: [b for b in d.find_elements(*tid("bar")) if "-W" in b.get_attribute("data-period")])
    # the axis spans every week from the first to the last, so weeks with events are unevenly spaced
    xs = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=timeline] rect.hit')].map((r) => parseFloat(r.getAttribute('x')))"
    )
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    assert len(bars) > 2 and max(gaps) > 3 * min(gaps)


def test_views_fit_a_phone(driver, server):
    driver.set_window_size(400, 850)
    try:
        for url in ("/#/?a=Iran&b=Hamas&by=year", "/#/network?actors=Iran,Hamas,Israel", "/#/"):
            driver.get(server + url)
            wait(driver, lambda d: d.find_element(*tid("loading")).get_attribute("hidden") is not None)
            wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 2, (url, wide)
    finally:
        driver.set_window_size(1400, 1000)


def test_suggestions_are_readable(driver, server):
    driver.get(server + "/")
    box = wait(driver, lambda d: d.find_element(*tid("actor-a")))
    box.clear()
    box.send_keys("Ham")
    lst = wait(
        driver,
        lambda d: (
            d.find_element(*tid("suggest-a"))
            if d.find_elements(By.CSS_SELECTOR, '[data-testid="suggest-a"] [data-testid="suggestion"]')
            else None
        ),
    )
    fits = driver.execute_script(
        "const l = arguments[0]; return [...l.querySelectorAll('li')].every((li) => li.scrollWidth <= li.clientWidth + 1)"
        " && l.getBoundingClientRect().width >= arguments[1].getBoundingClientRect().width - 1",
        lst,
        box,
    )
    assert fits


def test_map_draws_countries_and_places_offline(driver, server):
    driver.get(server + "/#/map")
    wait(driver, lambda d: len(d.find_elements(*tid("country"))) > 150)
    places = wait(driver, lambda d: d.find_elements(*tid("place")))
    gaza = next(p for p in places if p.get_attribute("data-name").startswith("Gaza"))
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", gaza)
    items = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="place-events"] li'))
    assert any("sent aid to Hamas" in li.text for li in items)
    assert "<img" in driver.find_element(*tid("map-side")).text  # the place name stays text
    no_injection(driver)
