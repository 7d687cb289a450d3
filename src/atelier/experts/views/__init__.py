"""The expert pool's pages, a module per sub-domain: profiles, support, offers."""
