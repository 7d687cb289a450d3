"""What the expert pool adds to other apps: the expert profile in personal data."""


def register():
    from atelier.accounts.services import register_eraser, register_exporter

    from . import offers, services, support

    register_exporter("expert_profile", services.export_profile)
    register_exporter("support_requests_and_missions", support.export_support)
    register_exporter("consultations", offers.export_consultations)
    register_eraser(services.erase_profile)
