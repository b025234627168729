"""Entry point: ``streamlit run streamlit_app.py`` — navigation only."""

import streamlit as st

from app.i18n import t
from app.state import init_state

st.set_page_config(page_title="CCCD lưu động", page_icon="🪪", layout="wide")
init_state()
with st.sidebar:
    st.radio("Ngôn ngữ / Language", ["vi", "en"], key="lang",
             format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
pages = [st.Page("app/pages/overview.py", title=t("overview"), icon="🗺️", default=True)]
st.navigation(pages).run()
