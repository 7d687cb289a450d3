from atelier.accounts.roles import Role
from atelier.accounts.services import assign_role
from atelier.labs.models import Seat
from atelier.labs.rules import Board
from tests.programmes.factories import ProgrammeFactory


def test_who_runs_a_lab(lab, fay, alice, bob, cora, ada):
    assert fay.has_perm("labs.run_lab", lab)
    assert ada.has_perm("labs.run_lab", lab)
    assert not alice.has_perm("labs.run_lab", lab)
    assert not bob.has_perm("labs.run_lab", lab)
    assert cora.has_perm("labs.run_lab", lab)  # a coordinator platform-wide runs every lab
    lab.facilitators.add(alice)
    del lab._facilitator_ids
    assert alice.has_perm("labs.run_lab", lab)


def test_programme_facilitators_run_the_programmes_labs(lab, bob):
    programme = ProgrammeFactory()
    assign_role(bob, Role.FACILITATOR, scope=programme)
    bob = type(bob).objects.get(pk=bob.pk)
    assert not bob.has_perm("labs.run_lab", lab)
    lab.programme = programme
    lab.save()
    assert bob.has_perm("labs.run_lab", lab)
    assert bob.has_perm("labs.add_lab")


def test_who_adds_labs(fay, alice, ada):
    assert fay.has_perm("labs.add_lab")
    assert ada.has_perm("labs.add_lab")
    assert not alice.has_perm("labs.add_lab")


def test_board_permissions(running, people, bob, alice, fay):
    member = people[1]
    seat = Seat.objects.get(round=running.current_round, participant=member)
    other_table = running.tables.exclude(pk=seat.table_id).first()
    assert member.user.has_perm("labs.post_note", Board(seat.table, member))
    assert not member.user.has_perm("labs.post_note", Board(other_table, member))
    assert not member.user.has_perm("labs.moderate_notes", Board(seat.table, member))
    host_table = running.tables.get(number=1)
    assert bob.has_perm("labs.moderate_notes", Board(host_table, people[0]))
    assert not bob.has_perm("labs.moderate_notes", Board(running.tables.get(number=2), people[0]))
    assert fay.has_perm("labs.moderate_notes", Board(other_table, None))
    assert not alice.has_perm("labs.view_board", Board(seat.table, None))
