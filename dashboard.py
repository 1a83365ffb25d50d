"""ITA Tracker: the app's entry. Builds the navigation and the shared sidebar filters once,
then runs the chosen page. Pages find the data source and filters in session state."""

import streamlit as st

from ita import ui

st.set_page_config(page_title="ITA Tracker", page_icon=":material/fact_check:", layout="wide")
with ui.RENDER_SLOTS:
    ui.begin_run()
    source = ui.source()
    st.session_state["_source"] = source
    st.session_state["_filters"] = ui.sidebar_filters(source)
    ui.write_url_state()  # now, so the link is right even when the page stops early (st.stop)
    ui.navigation().run()
    ui.write_url_state()  # again, with the page's own keys
