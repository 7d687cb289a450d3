"""A person's whole account life in a real browser: sign up, verify, log in, edit, export,
delete; every page passes axe-core, and the log-in form works by keyboard alone."""

import io
import json
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from PIL import Image

from atelier.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "journey@example.org"
PASSWORD = "a-long-unusual-passphrase"


def path_of_link_in(message):
    url = re.search(r"https?://[^\s]+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def at_home(url):
    return urlparse(url).path == "/"


def png_file(tmp_path):
    path = tmp_path / "portrait.png"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 90)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_account_journey_from_sign_up_to_deletion(page, axe, tmp_path, media_root):
    # Sign up.
    page.goto("/accounts/signup/")
    axe(page)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    axe(page)
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified is False

    # Verify, following the link from the e-mail.
    assert len(mail.outbox) == 1
    page.goto(path_of_link_in(mail.outbox[0]))
    axe(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/me/")
    axe(page)
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified is True

    # Log out, then log in.
    page.goto("/accounts/logout/")
    axe(page)
    page.get_by_role("button", name="Sign Out").click()
    page.wait_for_url(at_home)
    page.goto("/accounts/login/")
    axe(page)
    page.get_by_label("Email").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/me/")
    assert page.locator("h1").inner_text() == "Welcome"

    # Edit the profile, with an avatar.
    page.get_by_role("link", name="Edit your profile").click()
    page.wait_for_url("**/me/profile/")
    axe(page)
    page.get_by_label("Display name").fill("Journey Person")
    page.get_by_label("Country").select_option("SI")
    page.get_by_label("Organisation").fill("Motovila")
    page.get_by_label("Slovenian").check()
    page.get_by_label("Cultural heritage").check()
    page.get_by_label("Short bio").fill("I walk through every page.")
    page.get_by_label("Public profile").check()
    page.locator("#id_avatar").set_input_files(png_file(tmp_path))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/me/")
    axe(page)
    person = User.objects.get(email=EMAIL)
    assert (person.display_name, person.country.code, person.organisation) == (
        "Journey Person",
        "SI",
        "Motovila",
    )
    assert person.languages == ["sl"]
    assert [theme.slug for theme in person.interests.all()] == ["cultural-heritage"]
    assert person.is_public is True
    assert (media_root / person.avatar.name).is_file()

    # The public profile.
    page.get_by_role("link", name="See your public profile").click()
    axe(page)
    assert page.locator("h1").inner_text() == "Journey Person"

    # Export the data.
    page.goto("/me/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data").click()
    download = download_info.value
    assert re.fullmatch(r"atelier-data-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    data = json.loads(download.path().read_text())
    assert data["account"]["email"] == EMAIL
    assert data["profile"]["display_name"] == "Journey Person"
    assert data["email_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]

    # Delete the account.
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_url("**/me/delete/")
    axe(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(at_home)
    axe(page)
    assert page.get_by_role("status").inner_text() == (
        "Your account has been deleted and your data erased."
    )
    erased = User.objects.get(pk=person.pk)
    assert str(erased) == "former member"
    assert erased.is_active is False
    assert list(media_root.rglob("*.*")) == []


def test_login_form_works_by_keyboard_alone(page, alice, password):
    page.goto("/accounts/login/")
    for _press in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_login":
            break
    assert page.evaluate("document.activeElement.id") == "id_login"
    page.keyboard.type("alice@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/me/")
    assert page.locator("h1").inner_text() == "Welcome, Alice Member"


def test_login_form_shows_focus_on_its_fields(page, db):
    page.goto("/accounts/login/")
    page.locator("#id_login").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_account_pages_with_errors_are_accessible(page, axe, alice, password, tmp_path):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("alice@example.org")
    page.locator("#id_password").fill("wrong-password")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    assert "The email address and/or password you specified are not correct." in (page.content())
    axe(page)

    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("alice@example.org")
    page.locator("#id_password1").fill("12345678")
    page.locator("#id_password2").fill("12345678")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    assert page.locator("#id_password1").get_attribute("aria-invalid") == "true"
    axe(page)

    page.goto("/accounts/password/reset/")
    axe(page)

    page.goto("/accounts/login/")
    page.locator("#id_login").fill("alice@example.org")
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/me/")
    for path in ["/accounts/email/", "/accounts/password/change/"]:
        page.goto(path)
        axe(page)

    page.goto("/me/profile/")
    not_an_image = tmp_path / "avatar.png"
    not_an_image.write_text("I am not a picture.")
    page.locator("#id_avatar").set_input_files(not_an_image)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text() == (
        "The profile was not saved. Please correct the fields marked below."
    )
    axe(page)

    page.goto("/me/delete/")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").inner_text() == (
        "Your account was not deleted. Please correct the fields marked below."
    )
    axe(page)
