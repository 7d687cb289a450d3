"""What browser tests do again and again."""


def log_in(page, user, password, *, clear=False):
    """Logs ``user`` in through the log-in form; with ``clear``, whoever was logged in on this
    page's context is logged out first (its cookies go)."""
    if clear:
        page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
