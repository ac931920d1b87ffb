"""Take the dashboard screenshots in docs/img/ (dashboard.png, article.png, network.png).

    python docs/img/screenshots.py [--db PATH] [--out docs/img]

Without --db it builds a temporary DuckDB with synthetic data (tieline.web.demo_data: Iran,
Hamas, Saudi Arabia, Israel, Hezbollah, 2011-2018), serves it on 127.0.0.1 and drives headless
Chromium through Selenium (pip install selenium; apt-get install chromium chromium-driver).
"""
from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tieline.web.app import create_app
from tieline.web.demo_data import make_db
from tieline.web.server import ServerThread

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]


def chrome(tmp: str) -> webdriver.Chrome:
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or shutil.which("google-chrome") or "chromium"
    for f in FLAGS + [f"--user-data-dir={tmp}", "--window-size=1360,900"]:
        opts.add_argument(f)
    return webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver") or "chromedriver"), options=opts)


def shoot(d: webdriver.Chrome, path: pathlib.Path, width: int = 1360, max_height: int = 1500) -> None:
    time.sleep(0.3)
    h = d.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    d.set_window_size(width, min(max_height, int(h) + 20))
    time.sleep(0.3)
    d.save_screenshot(str(path))
    print("wrote", path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db")
    ap.add_argument("--out", default=str(pathlib.Path(__file__).parent))
    args = ap.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="tieline-shots-")
    db = args.db or str(pathlib.Path(tmp) / "demo.duckdb")
    if not args.db:
        print("synthetic data:", make_db(db, articles=240, seed=7))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = create_app(db)
    with ServerThread(app) as url:
        d = chrome(str(pathlib.Path(tmp) / "chrome"))
        try:
            wait = WebDriverWait(d, 20)
            d.get(url + "/#/?a=Iran&b=Hamas&by=year&period=2012")
            wait.until(lambda x: x.find_elements(By.CSS_SELECTOR, '[data-testid="period-events"] [data-testid="event"]'))
            shoot(d, out / "dashboard.png")

            # an article whose events carry a source and a modality
            q = urllib.parse.urlencode({"dyad": "Iran,Hamas", "modality": "alleged", "since": "2017", "limit": 50})
            evs = json.load(urllib.request.urlopen(f"{url}/api/events?{q}"))["events"]
            art = max(evs, key=lambda e: len(e["sentence"]))["article_id"]
            d.set_window_size(1360, 900)
            d.get(url + "/#/article/" + art)
            wait.until(lambda x: x.find_elements(By.CSS_SELECTOR, '[data-testid="article-body"] mark'))
            shoot(d, out / "article.png", max_height=760)

            d.set_window_size(1360, 900)
            d.get(url + "/#/network?actors=" + urllib.parse.quote("Iran,Hamas,Saudi Arabia,Israel,Hezbollah"))
            wait.until(lambda x: len(x.find_elements(By.CSS_SELECTOR, '[data-testid="node"]')) == 5)
            shoot(d, out / "network.png", max_height=1000)
        finally:
            d.quit()
    app.state.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
