import pytest
from django.core.exceptions import ValidationError

from atelier.labs import services
from atelier.labs.models import Lab, Note, Seat, Vote


def test_starting_a_round_seats_everyone_and_hosts_stay(lab, people, bob):
    lab = services.start_next_round(lab)
    assert lab.status == Lab.Status.RUNNING
    assert lab.current_round.position == 1
    seats = Seat.objects.filter(round=lab.current_round)
    assert seats.count() == len(people)
    assert seats.get(participant__user=bob).table.number == 1
    lab = services.start_next_round(lab)
    assert lab.current_round.position == 2
    assert Seat.objects.get(round=lab.current_round, participant__user=bob).table.number == 1
    with pytest.raises(ValidationError):
        services.start_next_round(lab)


def test_reseating_keeps_repeated_pairs_low(lab, people):
    from atelier.labs import seating

    lab = services.start_next_round(lab)
    first = {}
    for seat in Seat.objects.filter(round=lab.current_round):
        first.setdefault(seat.table_id, []).append(seat.participant_id)
    lab = services.start_next_round(lab)
    second = {}
    for seat in Seat.objects.filter(round=lab.current_round):
        second.setdefault(seat.table_id, []).append(seat.participant_id)
    # Eight people at three tables: at most one pair can be forced to meet again.
    assert seating.count_repeats(second, seating.pairs_of(first)) <= 1


def test_guests_join_only_when_allowed_and_with_a_name(lab):
    with pytest.raises(ValidationError):
        services.join(lab, guest_name="  ")
    guest = services.join(lab, guest_name="Ioana")
    assert guest.guest_token and guest.user is None
    lab.allow_guests = False
    lab.save()
    with pytest.raises(ValidationError):
        services.join(lab, guest_name="Radu")


def test_joining_twice_keeps_one_participation_and_closed_labs_refuse(lab, alice):
    first = services.join(lab, user=alice)
    assert services.join(lab, user=alice).pk == first.pk
    lab.status = Lab.Status.CLOSED
    lab.save()
    with pytest.raises(ValidationError):
        services.join(lab, user=alice)


def test_a_latecomer_gets_a_seat_in_the_running_round(running, alice):
    participant = services.join(running, user=alice)
    assert participant.seats.filter(round=running.current_round).exists()


def test_clock_pause_resume_extend(running):
    remaining = running.remaining_seconds()
    assert 20 * 60 - 2 <= remaining <= 20 * 60
    lab = services.pause(running)
    assert lab.round_paused_at is not None
    with pytest.raises(ValidationError):
        services.pause(lab)
    lab = services.resume(lab)
    lab = services.extend(lab, 5)
    assert lab.remaining_seconds() > 24 * 60
    with pytest.raises(ValidationError):
        services.extend(lab, 0)


def _seated(lab, participant):
    return Seat.objects.get(round=lab.current_round, participant=participant).table


def test_notes_are_checked_and_a_stale_version_is_a_conflict(running, people):
    author = people[1]
    table = _seated(running, author)
    with pytest.raises(ValidationError):
        services.post_note(table, author, "   ")
    with pytest.raises(ValidationError):
        services.post_note(table, author, "x" * 281)
    note = services.post_note(table, author, "Libraries as makerspaces")
    assert note.version == 1
    edited = services.edit_note(note, "Libraries as open makerspaces", version=1)
    assert edited.version == 2
    with pytest.raises(services.VersionConflict) as conflict:
        services.edit_note(note, "An overwrite from a stale page", version=1)
    assert conflict.value.note.text == "Libraries as open makerspaces"
    note.refresh_from_db()
    assert note.text == "Libraries as open makerspaces"


def test_merge_and_star(running, people):
    author = people[1]
    table = _seated(running, author)
    a = services.post_note(table, author, "Open doors")
    b = services.post_note(table, author, "Evening hours")
    b = services.star_note(b, True, version=1)
    merged = services.merge_notes(a, b, 1, b.version)
    assert merged.text == "Open doors / Evening hours"
    assert merged.starred
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    with pytest.raises(ValidationError):
        services.merge_notes(a, a, merged.version, merged.version)


def test_notes_need_a_running_round(lab, people):
    table = lab.tables.first()
    with pytest.raises(ValidationError):
        services.post_note(table, people[0], "Too early")
    assert not Note.objects.exists()


def test_vote_limit_is_enforced(running, people):
    author = people[1]
    note = services.post_note(_seated(running, author), author, "Shared spaces")
    with pytest.raises(ValidationError):
        services.open_voting(running.__class__.objects.get(pk=running.pk), 2)  # no themes yet
    theme = services.create_theme(running, "Spaces", [note])
    other = services.create_theme(running, "People")
    with pytest.raises(ValidationError):
        services.vote(author, theme)  # voting not open
    services.open_voting(running, 2)
    services.vote(author, theme)
    services.vote(author, other)
    with pytest.raises(ValidationError):
        services.vote(author, theme)
    assert Vote.objects.filter(participant=author).count() == 2
    services.unvote(author, other)
    services.vote(author, theme)
    assert Vote.objects.filter(participant=author, theme=theme).count() == 2
