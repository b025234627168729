"""Interface texts, Vietnamese first, English second."""

from __future__ import annotations

import streamlit as st

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Lập kế hoạch tổ cấp CCCD lưu động", "Mobile ID-card intake planning"),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "scenario": ("Kịch bản", "Scenario"),
    "overview": ("Tổng quan", "Overview"),
    "of_age": ("Công dân trong độ tuổi", "Citizens of ID age"),
    "issued": ("Đã cấp", "Issued"),
    "not_issued": ("Chưa cấp", "Not yet issued"),
    "collectable": ("Cần thu nhận (có thể đến được)", "Collectable backlog"),
    "non_collectable": ("Không thể thu nhận bằng lưu động", "Cannot be served by a visit"),
    "teams": ("Số tổ", "Teams"),
    "window": ("Thời gian", "Planning window"),
    "deadline": ("Hạn chót", "Deadline"),
    "colour_by": ("Tô màu theo", "Colour by"),
    "pct_not_issued": ("% chưa cấp", "% not yet issued"),
    "collectable_backlog": ("Số cần thu nhận", "Collectable backlog"),
    "communes": ("Các xã", "Communes"),
    "code": ("Mã", "Code"),
    "name": ("Đơn vị", "Unit"),
    "pct": ("% chưa cấp", "% not issued"),
    "earliest": ("Sớm nhất được đến", "Earliest visit"),
    "estimated_note": (
        "Số có dấu * là số ước tính, không phải số công bố.",
        "Figures marked * are estimates, not published numbers.",
    ),
    "no_map": (
        "Không vẽ được bản đồ: không tìm thấy tệp ranh giới.",
        "The map cannot be drawn: boundary file not found.",
    ),
    "facts": ("Số liệu từ văn bản", "Facts from the documents"),
    "warnings": ("Cảnh báo", "Warnings"),
    "load_failed": ("Không mở được kịch bản", "The scenario could not be opened"),
}


def lang() -> str:
    """The interface language of this session ('vi' or 'en')."""
    return str(st.session_state.get("lang", "vi"))


def t(key: str) -> str:
    """The text ``key`` in the session's language."""
    vi, en = TEXTS[key]
    return vi if lang() == "vi" else en
