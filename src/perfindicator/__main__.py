"""``python -m perfindicator``: the same as the ``perfindicator`` command."""

from perfindicator.export.command import main_entry

main_entry()
