"""The pages of programmes, a module per sub-domain: public pages, management, partners,
team, imports."""
