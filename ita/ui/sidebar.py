"""The shared sidebar filters, drawn once by dashboard.py; every value checked against the data."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from ita.analytics.filters import Filters
from ita.present.labels import LANGUAGES, division_label, status_label, t, year_label
from ita.read.catalogue import TOOLS
from ita.read.records import STATUSES
from ita.ui.source import CachedSource
from ita.ui.state import checked, lang

ALL = ""
# Above this many organisations in the scope, the organisation chooser lists those of the chosen
# province(s) only (see sidebar_filters).
MANY_ORGANISATIONS = 500


def sidebar_filters(src: CachedSource | None, page: str) -> Filters:
    """Draw the shared filters once (from dashboard.py) on `page` (its URL path) and return them."""
    with st.sidebar:
        # The value comes from the link or the session; a default as well would make Streamlit warn.
        st.session_state.setdefault("lang", "th")
        st.segmented_control(
            "ภาษา / Language", list(LANGUAGES), key="lang", format_func=lambda v: "ไทย" if v == "th" else "English",
            required=True,
        )
        if src is None:
            return Filters()
        lang_ = lang()
        # On the first run of a page the filters are written back into session state, which keeps
        # them across the page switch (state.checked).
        new_page = st.session_state.get("_filters_page") != page
        if new_page:
            st.session_state["_filters_page"] = page
        check = partial(checked, write_back=new_page)
        # Option lists come from the result cache, built once per store change for every session:
        # turning 8,317 names into a list on every run was a visible share of a view's CPU.
        provinces, org_types = src.derived("options", "place_list", _places)
        check("province", provinces, many=True)
        check("otype", org_types, many=True)
        if len(provinces) > 1:
            st.multiselect(t("col_province", lang_), provinces, key="province", placeholder=t("all", lang_))
        if len(org_types) > 1:
            st.multiselect(t("col_org_type", lang_), org_types, key="otype", placeholder=t("all", lang_))
        chosen_provinces = st.session_state.get("province", [])
        chosen_types = st.session_state.get("otype", [])
        orgs = src.derived("names", "organisation_list", _column("name"), provinces=chosen_provinces,
                           org_types=chosen_types)
        by_province = len(orgs) > MANY_ORGANISATIONS and len(provinces) > 1 and not chosen_provinces
        if by_province:
            # Thousands of names (8,317 nationally) made every rerun serialise and hash the chooser
            # (about 6 ms of CPU a view): without a province it offers "all" and the organisation
            # already chosen (a link's), and a province lists its own. Every name is still checked.
            known = src.derived("name set", "organisation_list", _name_set, provinces=[], org_types=chosen_types)
            org = st.session_state.get("org")
            orgs = [org] if org in known else []
        options = [_Everyone(t("all_organisations", lang_)), *orgs] if len(orgs) > 1 or by_province else orgs
        check("org", options, many=False)
        # format_func=str: the builtin formats the 8,318 names (a Python lambda per name was a
        # visible share of the sidebar); the one "all" option names itself (_Everyone).
        # The widgets' values are what they return: no reading them back from session state.
        org = st.selectbox(t("col_organisation", lang_), options, key="org", format_func=str,
                           help=t("organisation_by_province", lang_) if by_province else None)
        chosen_orgs = (org,) if org else ()
        years = src.derived("years", "fiscal_years", _years, orgs=list(chosen_orgs))
        check("year", years, many=True, convert=int)
        if not st.session_state.get("year") and years:
            st.session_state["year"] = [years[0]]
        chosen_years = st.multiselect(t("col_fiscal_year", lang_), years, key="year",
                                      format_func=lambda y: year_label(y, lang_))
        division_names = src.derived("own names", "division_list", _own_divisions, orgs=list(chosen_orgs))
        check("division", division_names, many=True)
        divisions = st.multiselect(t("col_division", lang_), division_names, key="division",
                                   placeholder=t("all", lang_), format_func=lambda d: division_label(d, False, lang_))
        shared = bool(divisions) and st.toggle(t("include_shared", lang_), key="shared")
        indicator_names, names_en = src.derived("names", "indicator_list", _indicators, orgs=list(chosen_orgs))
        check("indicator", indicator_names, many=True)
        indicators = st.multiselect(
            t("col_indicator", lang_), indicator_names, key="indicator", placeholder=t("all", lang_),
            format_func=lambda n: names_en.get(n, n) if lang_ == "en" else n,
        )
        check("tool", TOOLS, many=True)
        tools = st.pills(t("col_tool", lang_), TOOLS, key="tool", selection_mode="multi")
        check("status", STATUSES, many=True)
        statuses = st.pills(t("col_status", lang_), STATUSES, key="status", selection_mode="multi",
                            format_func=lambda s: status_label(s, lang_))
    return Filters(
        orgs=chosen_orgs, years=tuple(sorted(chosen_years)), divisions=tuple(divisions),
        include_shared=bool(shared), indicators=tuple(indicators), tools=tuple(tools), statuses=tuple(statuses),
        provinces=tuple(chosen_provinces), org_types=tuple(chosen_types),
    )


class _Everyone(str):
    """The organisation choice "all": equal to ALL ("") wherever it is compared, stored or
    linked, and shown as its label, in the session's language, by str()."""

    def __new__(cls, label: str) -> _Everyone:
        everyone = super().__new__(cls, ALL)
        everyone.label = label
        return everyone

    def __str__(self) -> str:
        return self.label


def _places(places: pd.DataFrame) -> tuple[list[str], list[str]]:
    return sorted(places["province"].dropna().unique()), sorted(places["org_type"].dropna().unique())


def _column(column: str) -> Callable[[pd.DataFrame], list]:
    return lambda frame: frame[column].tolist()


def _years(years: pd.DataFrame) -> list[int]:
    return [int(y) for y in years["fiscal_year"]]


def _name_set(organisations: pd.DataFrame) -> frozenset[str]:
    return frozenset(organisations["name"].tolist())


def _own_divisions(divisions: pd.DataFrame) -> list[str]:
    return divisions.loc[~divisions["is_shared"], "name"].tolist()


def _indicators(indicators: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    return indicators["name"].tolist(), dict(zip(indicators["name"], indicators["name_en"], strict=True))
