"""Django's SQLite backend, with integer columns bounded as on PostgreSQL.

SQLite stores any 64-bit integer in any integer column, so Django validates an
``IntegerField`` there only against 64 bits: a number PostgreSQL refuses (a capacity of
9,999,999,999 in a 32-bit column) passed every form on the embedded setup and broke what was
computed from it later. With the same bounds on both, every model integer field (ours and the
libraries') is validated alike whichever database runs, and a lookup with a number beyond them
finds nothing, as on PostgreSQL.
"""

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    integer_field_range = BaseDatabaseOperations.integer_field_range


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
