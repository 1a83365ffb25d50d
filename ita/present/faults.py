"""One line for a fault of the store, in the reader's language: what went wrong and what to do.

The command line and the app both show these instead of a traceback.
"""

from __future__ import annotations

from ita.present.labels import t
from ita.store.access import NotAllowed
from ita.store.reader import StoreMissing, StoreOutdated
from ita.store.session import StoreBusy, StoreDamaged, StoreLost, StoreTooNew, WriteFailed, restore_command

FAULTS = (StoreDamaged, StoreLost, WriteFailed, StoreBusy, StoreMissing, StoreOutdated, StoreTooNew, NotAllowed)


def fault_message(error: BaseException, lang: str = "th") -> str | None:
    """The message for a known fault, or None for anything else (which is a bug to show as such)."""
    if isinstance(error, StoreDamaged):
        if error.newest_backup is None:
            from ita.store.session import rebuild_command

            return t("store_damaged_no_backup", lang).format(
                store=error.store, detail=error.detail, command=rebuild_command(error.store))
        return t("store_damaged", lang).format(store=error.store, detail=error.detail,
                                               backup=error.newest_backup.name, command=restore_command(error.store))
    if isinstance(error, StoreLost):
        return t("store_lost", lang).format(store=error.store, backup=error.newest_backup.name,
                                            command=restore_command(error.store))
    if isinstance(error, WriteFailed) and error.folder is not None:
        return t("write_failed_folder", lang).format(folder=error.folder, reason=error.reason)
    if isinstance(error, WriteFailed):
        return t("write_failed", lang).format(reason=error.reason, store=error.store)
    if isinstance(error, StoreBusy):
        return t("store_busy", lang)
    if isinstance(error, StoreMissing):
        return t("store_missing", lang).format(store=error)
    if isinstance(error, StoreOutdated | StoreTooNew):
        return t("store_outdated", lang).format(detail=error)
    if isinstance(error, NotAllowed):
        return t("not_allowed", lang).format(actor=error.actor, organisation=error.organisation)
    return None
