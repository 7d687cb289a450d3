"""What labs add to other apps: the person's notes in their data export, and their erasure."""


def register():
    from atelier.accounts.services import register_eraser, register_exporter

    from . import services

    register_exporter("lab_participations", services.export_participations)
    register_eraser(services.erase_participations)
