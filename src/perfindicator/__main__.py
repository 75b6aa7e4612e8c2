"""``python -m perfindicator``: the same as the ``perfindicator`` command."""

from perfindicator._cli import main_entry

main_entry()
