"""Take screenshots of the main pages for README/docs (needs a running server).

Usage: .venv/bin/python scripts/screenshots.py [base_url] [outdir]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
PAGES = [
    ("mentor@uniform.demo", "/", "home-mentor", (390, 844)),
    ("teacher@uniform.demo", "/", "home-teacher", (1280, 900)),
    ("coordinator@uniform.demo", "/", "home-coordinator", (1280, 1000)),
    ("schooladmin@uniform.demo", "/", "home-schooladmin", (1280, 1000)),
    ("childcare@uniform.demo", "/", "home-childcare", (1280, 1000)),
    ("coach@uniform.demo", "/", "home-coach", (1280, 900)),
    ("student@uniform.demo", "/", "home-student", (390, 844)),
    ("mentor@uniform.demo", "/catalogue/", "catalogue", (1280, 800)),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        page = browser.new_page()
        page.goto(BASE + "/accounts/login/")
        page.screenshot(path=str(OUT / "login.png"))
        for email, path, name, size in PAGES:
            context = browser.new_context(viewport={"width": size[0], "height": size[1]})
            page = context.new_page()
            page.goto(BASE + "/accounts/login/")
            page.fill("input[name=login]", email)
            page.fill("input[name=password]", "uniform-demo")
            page.click("button[type=submit]")
            page.wait_for_url(BASE + "/")
            page.goto(BASE + path)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
