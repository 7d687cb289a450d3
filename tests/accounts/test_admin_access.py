def test_platform_admin_opens_the_django_admin(client, ada):
    client.force_login(ada)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_member_is_sent_to_the_admin_login(client, alice):
    client.force_login(alice)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_platform_admin_sees_people_in_the_admin(client, ada, alice):
    client.force_login(ada)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert "alice@example.org" in response.content.decode()
