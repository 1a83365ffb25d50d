"""ITA Tracker: the app's entry. Builds the navigation and the shared sidebar filters once,
then runs the chosen page. Pages find the data source and filters in session state."""

import streamlit as st

from ita import ui

st.set_page_config(page_title="ITA Tracker", page_icon=":material/fact_check:", layout="wide")
with ui.RENDER_SLOTS:
    ui.begin_run()
    # The store is looked up once per run: pages that show its history even when the dashboard has
    # nothing to show (manage) take it from here.
    st.session_state["_store"] = everything = ui.store_source()
    st.session_state["_source"] = source = ui.source(everything)
    # The menu first: the sidebar needs to know the page (the menu is drawn above it all the same).
    page = ui.navigation()
    st.session_state["_filters"] = ui.sidebar_filters(source, page.url_path)
    ui.write_url_state()  # now, so the link is right even when the page stops early (st.stop)
    page.run()
    ui.write_url_state(after_page=True)  # again, with the page's own keys
