"""Entry point: ``streamlit run streamlit_app.py`` — navigation and sidebar settings only."""

import streamlit as st

from app.i18n import t
from app.state import LANG, TILE_URL, init_state
from app.ui import vietnamese_chrome
from app.warmup import warm_up_in_background

# An emoji icon: a material-symbol icon is fetched from Google's servers (never offline).
st.set_page_config(page_title="CCCD lưu động", page_icon="🪪", layout="wide")
init_state()
vietnamese_chrome()
with st.sidebar:
    st.radio(
        "Ngôn ngữ / Language",
        ["vi", "en"],
        key=LANG.name,
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
    )
    st.text_input(t("tile_url"), key=TILE_URL.name, help=t("tile_help"))
pages = [
    st.Page(
        "app/pages/data.py",
        title=t("data"),
        icon=":material/table:",
        default=True,
        url_path="du-lieu",
    ),
    st.Page(
        "app/pages/plan.py", title=t("plan"), icon=":material/calendar_month:", url_path="ke-hoach"
    ),
    st.Page(
        "app/pages/progress.py",
        title=t("progress"),
        icon=":material/trending_down:",
        url_path="tien-do",
    ),
    st.Page("app/pages/map.py", title=t("map"), icon=":material/map:", url_path="ban-do"),
    st.Page(
        "app/pages/compare.py", title=t("compare"), icon=":material/compare:", url_path="so-sanh"
    ),
    st.Page("app/pages/export.py", title=t("export"), icon=":material/download:", url_path="xuat"),
]
st.navigation(pages).run()
warm_up_in_background()  # the other pages' libraries, once the first page is shown
