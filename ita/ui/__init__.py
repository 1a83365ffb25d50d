"""The Streamlit layer: the only part of the package that imports streamlit.

Pages use it as `from ita import ui`: the names below are what a page may call. The read path
is in `source`, language and URL state in `state`, the menu in `navigation`, the shared filters
in `sidebar`, editor sign-in in `editors`, and the pieces pages draw in `components`.
"""

from ita.read.records import STATUSES
from ita.ui.components import (
    MAX_TABLE_ROWS,
    MISSING,
    TABLE_COLUMNS,
    arrow_table,
    chart,
    choose_one,
    downloads,
    empty_store_notice,
    grouped_measures,
    kpi_cards,
    measures_table,
    page,
    scope_caption,
    shared,
    shown_measures,
    status_column_config,
    whole_store,
    wide_or_list,
)
from ita.ui.editors import current_editor, flash, show_flash, sign_in_panel
from ita.ui.navigation import go_where_asked, navigation, open_organisation
from ita.ui.shown import shown, status_changes
from ita.ui.sidebar import sidebar_filters
from ita.ui.source import RENDER_SLOTS, CachedSource, source, store_path, store_source
from ita.ui.state import begin_run, lang, md, tr, url_value, write_url_state

__all__ = [
    "MAX_TABLE_ROWS",
    "MISSING",
    "RENDER_SLOTS",
    "STATUSES",
    "TABLE_COLUMNS",
    "CachedSource",
    "arrow_table",
    "begin_run",
    "chart",
    "choose_one",
    "current_editor",
    "downloads",
    "empty_store_notice",
    "flash",
    "go_where_asked",
    "grouped_measures",
    "kpi_cards",
    "lang",
    "md",
    "measures_table",
    "navigation",
    "open_organisation",
    "page",
    "scope_caption",
    "shared",
    "show_flash",
    "shown",
    "shown_measures",
    "sidebar_filters",
    "sign_in_panel",
    "source",
    "status_changes",
    "status_column_config",
    "store_path",
    "store_source",
    "tr",
    "url_value",
    "whole_store",
    "wide_or_list",
    "write_url_state",
]
