"""What every `kennisgraaf` command shares: its exit codes and the write log.

Exit codes, so scripts can rely on them:
  0  gelukt
  1  ongeldige invoer (bestand, query of formaat); er is niets veranderd
  2  verkeerd gebruik van de opdracht (onbekende optie, ontbrekend argument)
  3  de opslag kan niet worden geopend (bijvoorbeeld: in gebruik door een ander proces)
"""

from graaf import Settings
from graaf.imports import Actor, log_path, log_write

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def logged(settings: Settings, action: str, details: dict[str, object]) -> None:
    """Every write from the command line goes into the write log, as 'cli:<user>'."""
    log_write(log_path(settings), Actor.command_line().id, action, details)
