"""ITA Tracker: the app's entry. The dashboard pages arrive with the dashboard issue."""

import streamlit as st

st.set_page_config(page_title="ITA Tracker", layout="wide")
st.title("ITA Tracker")
