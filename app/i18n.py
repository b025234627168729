"""Interface texts, Vietnamese first, English second. Every text the pages show is here."""

from __future__ import annotations

import streamlit as st

TEXTS: dict[str, tuple[str, str]] = {
    "app_title": ("Lập kế hoạch tổ cấp CCCD lưu động", "Mobile ID-card intake planning"),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "tile_url": ("Máy chủ bản đồ nền (tùy chọn)", "Tile server URL (optional)"),
    "tile_help": (
        "Để trống: bản đồ không có nền, chạy hoàn toàn ngoại tuyến. Nếu đơn vị có máy chủ "
        "bản đồ nội bộ, nhập dạng http://.../{z}/{x}/{y}.png",
        "Empty: no background, fully offline. If your office has a tile server, enter "
        "http://.../{z}/{x}/{y}.png",
    ),
    "scenario": ("Kịch bản", "Scenario"),
    "data": ("Dữ liệu", "Data"),
    "plan": ("Kế hoạch", "Plan"),
    "map": ("Bản đồ", "Map"),
    "compare": ("So sánh", "Compare"),
    "export": ("Xuất", "Export"),
    "of_age": ("Công dân trong độ tuổi", "Citizens of ID age"),
    "issued": ("Đã cấp", "Issued"),
    "not_issued": ("Chưa cấp", "Not yet issued"),
    "collectable": ("Cần thu nhận", "Collectable backlog"),
    "teams": ("Số tổ", "Teams"),
    "team": ("Tổ", "Team"),
    "deadline": ("Hạn chót", "Deadline"),
    "start": ("Ngày bắt đầu", "Start"),
    "colour_by": ("Tô màu theo", "Colour by"),
    "pct_not_issued": ("% chưa cấp", "% not yet issued"),
    "collectable_backlog": ("Số cần thu nhận", "Collectable backlog"),
    "communes": ("Các xã", "Communes"),
    "commune": ("Xã", "Commune"),
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
    "unexpected": (
        "Đã xảy ra lỗi không lường trước; dữ liệu của bạn không bị thay đổi.",
        "Something unexpected went wrong; your data was not changed.",
    ),
    "details": ("Chi tiết kỹ thuật (gửi cho bộ phận hỗ trợ)", "Technical details (for support)"),
    # Data page
    "open_path": ("…hoặc đường dẫn tới scenario.toml", "…or a path to scenario.toml"),
    "open": ("Mở", "Open"),
    "unsaved_edits": ("Có thay đổi chưa lưu.", "There are unsaved changes."),
    "tab_summary": ("Tổng quan", "Overview"),
    "tab_upload": ("Tạo từ bảng tải lên", "New from uploads"),
    "tab_communes_edit": ("Số liệu xã", "Commune figures"),
    "tab_teams": ("Tổ và lịch", "Teams and calendar"),
    "tab_save": ("Lưu", "Save"),
    "upload_table": (
        "Bảng số liệu chưa cấp (CSV, TSV, Excel; ≤ 5 MB)",
        "Backlog table (CSV, TSV, Excel; ≤ 5 MB)",
    ),
    "upload_table_help": (
        "Bảng như đơn vị in ra: tên xã, số trong độ tuổi, đã cấp, chưa cấp.",
        "The table as the office prints it: commune, of age, issued, not issued.",
    ),
    "upload_bounds": (
        "Tệp ranh giới xã (GeoJSON, Shapefile .zip, GeoPackage, KML; ≤ 200 MB)",
        "Commune boundaries (GeoJSON, zipped Shapefile, GeoPackage, KML; ≤ 200 MB)",
    ),
    "upload_bounds_help": (
        "Ranh giới các xã trong địa bàn lập kế hoạch.",
        "Boundaries of the communes of the planning area.",
    ),
    "scenario_name": ("Tên kịch bản", "Scenario name"),
    "match_names": ("Đối chiếu tên xã", "Match commune names"),
    "unmatched_help": (
        "Một số tên trong bảng chưa khớp với tệp ranh giới: chọn đơn vị đúng (lựa "
        "chọn được lưu làm bí danh).",
        "Some table names did not match the boundary file: choose the right unit "
        "(saved as aliases).",
    ),
    "apply_choices": ("Áp dụng lựa chọn", "Apply choices"),
    "use_draft": ("Dùng kịch bản này", "Use this scenario"),
    "edit_communes_help": (
        "Sửa số liệu trong bảng rồi bấm Áp dụng; số liệu được kiểm tra như khi "
        "đọc tệp communes.csv.",
        "Edit the figures, then Apply; they are checked like communes.csv.",
    ),
    "edit_teams_help": (
        "Trụ sở: mã xã (base_commune) hoặc toạ độ (base_lat, base_lon). Ngày làm "
        "việc: T2,T3,…,CN. Ngày nghỉ: YYYY-MM-DD;YYYY-MM-DD.",
        "Base: a commune code (base_commune) or coordinates (base_lat, base_lon). "
        "Weekdays: T2,T3,…,CN. Days off: YYYY-MM-DD;YYYY-MM-DD.",
    ),
    "lead_days": ("Số ngày chuẩn bị giấy mời", "Invitation lead days"),
    "observe_holidays": ("Nghỉ ngày lễ", "Observe public holidays"),
    "apply": ("Áp dụng", "Apply"),
    "applied": (
        "Đã áp dụng. Kế hoạch cần lập lại cho số liệu mới.",
        "Applied. Plan again for the new figures.",
    ),
    "save_folder": ("Thư mục lưu", "Save to folder"),
    "save": ("Lưu kịch bản", "Save scenario"),
    "embedded_save_as": (
        "Đây là kịch bản có sẵn của công cụ: không ghi đè, hãy lưu thành bản mới "
        "(chọn thư mục khác).",
        "This is a scenario shipped with the tool: it is not overwritten; save as a new folder.",
    ),
    "embedded_refused": (
        "Không ghi đè kịch bản có sẵn. Hãy chọn thư mục khác (lưu thành bản mới).",
        "A shipped scenario is never overwritten. Choose another folder.",
    ),
    "exists_refused": (
        "Thư mục {path} đã có kịch bản khác: không ghi đè. Hãy chọn tên khác.",
        "{path} already holds another scenario: nothing was written. Choose another name.",
    ),
    "changed_by_other": (
        "Kịch bản đã được người khác lưu sau khi bạn mở; bản của bạn CHƯA được "
        "ghi. Hãy mở lại kịch bản và áp dụng lại thay đổi, hoặc lưu thành bản mới.",
        "Someone else saved this scenario after you opened it; your version was "
        "NOT written. Reopen it and apply your changes again, or save as new.",
    ),
    "saved": (
        "Đã lưu {path} (giữ {versions} phiên bản trước trong .versions/).",
        "Saved {path} ({versions} earlier versions kept in .versions/).",
    ),
    # Plan page
    "time_limit": ("Thời gian giải tối đa (giây)", "Solver time limit (seconds)"),
    "time_limit_help": (
        "Có thể dừng sớm; kế hoạch tốt nhất tìm được được giữ.",
        "You can stop early; the best plan found is kept.",
    ),
    "run_plan": ("Lập kế hoạch", "Make the plan"),
    "run_what": ("Cần gì để kịp hạn?", "What would it take?"),
    "solving": ("Đang lập kế hoạch", "Planning"),
    "what_running": ("Đang phân tích các phương án", "Analysing variants"),
    "progress_fmt": (
        "đã xếp {collected} hồ sơ (giai đoạn {stage})",
        "{collected} applications placed (stage {stage})",
    ),
    "stop": ("Dừng", "Stop"),
    "solve_failed": ("Không lập được kế hoạch:", "The plan could not be made:"),
    "no_plan_yet": (
        "Chưa có kế hoạch cho số liệu này: bấm “Lập kế hoạch”.",
        "No plan yet for these figures: press “Make the plan”.",
    ),
    "planned": ("Dự kiến thu nhận đến hạn", "Planned by the deadline"),
    "remaining": ("Còn lại đến hạn", "Remaining at the deadline"),
    "bound": ("Cận trên đã chứng minh", "Proven upper bound"),
    "bound_help": (
        "Không kế hoạch nào với nguồn lực này thu được nhiều hơn số này.",
        "No plan with these resources can take more than this.",
    ),
    "time_limited": (
        "Kết quả trong giới hạn thời gian giải: có thể còn kế hoạch tốt hơn.",
        "Result within the time limit: a better plan may exist.",
    ),
    "what_title": ("Cần gì để kịp hạn", "What it would take"),
    "tab_calendar": ("Lịch theo tổ × ngày", "Calendar team × date"),
    "tab_days": ("Lịch từng tổ", "Each team's days"),
    "tab_communes": ("Theo xã", "By commune"),
    "date": ("Ngày", "Date"),
    "stop_no": ("Điểm", "Stop"),
    "arrive": ("Đến", "Arrive"),
    "depart": ("Rời", "Leave"),
    "applications": ("Hồ sơ dự kiến", "Applications"),
    "travel_min": ("Di chuyển (phút)", "Travel (min)"),
    "visit_dates": ("Ngày tổ đến", "Visit dates"),
    # Map page
    "map_view": ("Hiển thị", "Show"),
    "coverage": ("Tình hình chưa cấp", "Backlog"),
    "period": ("Thời gian", "Period"),
    "whole_plan": ("Toàn bộ kế hoạch", "Whole plan"),
    "week": ("Tuần", "Week"),
    "day": ("Ngày", "Day"),
    "map_plan_hint": (
        "Lập kế hoạch để xem tổ, ngày và tuyến đường trên bản đồ.",
        "Make the plan to see teams, dates and routes on the map.",
    ),
    "map_click_hint": (
        "Bấm vào một xã để xem số liệu và ngày tổ đến.",
        "Click a commune for its figures and visit dates.",
    ),
    # Compare page
    "compare_help": (
        "Thêm các phương án (số tổ, làm cuối tuần, hạn chót, năng suất) và so sánh.",
        "Add variants (teams, weekends, deadline, rate) and compare them.",
    ),
    "variant": ("Phương án", "Variant"),
    "variant_name": ("Tên phương án", "Variant name"),
    "weekends": ("Cuối tuần", "Weekends"),
    "keep": ("Giữ nguyên", "Keep"),
    "on": ("Làm", "Work"),
    "off": ("Nghỉ", "Off"),
    "rate": ("Hồ sơ/giờ mỗi tổ", "Applications/hour per team"),
    "add_variant": ("Thêm phương án", "Add variant"),
    "no_variants": ("Chưa có phương án nào.", "No variant yet."),
    "clear_variants": ("Xóa các phương án", "Clear variants"),
    "variant_time": ("Thời gian giải mỗi phương án (giây)", "Solver time per variant (seconds)"),
    "verdict": ("Kết luận", "Verdict"),
    "meets": ("Kịp hạn", "Meets"),
    "misses": ("Không kịp", "Misses"),
    "finish": ("Ngày xong", "Finish date"),
    "travel_h": ("Giờ di chuyển", "Travel hours"),
    "remaining_over_time": ("Số hồ sơ còn lại theo ngày", "Expected remaining backlog over time"),
    "maps_side_by_side": ("Bản đồ các phương án", "Maps side by side"),
    # Export page
    "export_needs_plan": (
        "Chưa có kế hoạch: lập kế hoạch ở trang Kế hoạch trước.",
        "No plan yet: make one on the Plan page first.",
    ),
    "doc_header": (
        "Thông tin văn bản (tiêu đề, nơi ban hành, ngày)",
        "Document header (unit, place, date)",
    ),
    "parent_unit": ("Cơ quan cấp trên", "Parent unit"),
    "unit": ("Đơn vị ban hành", "Issuing unit"),
    "doc_number": ("Số văn bản", "Document number"),
    "place": ("Địa danh", "Place"),
    "issued_on": ("Ngày ban hành", "Date of issue"),
    "dl_excel": ("Tải bảng Excel", "Download Excel"),
    "dl_pdf": ("Tải kế hoạch (PDF)", "Download plan (PDF)"),
    "dl_html": ("Tải bản đồ (HTML ngoại tuyến)", "Download map (offline HTML)"),
    "notices": ("Thông báo cho từng xã", "Notice for each commune"),
    "notice_text": ("Nội dung thông báo", "Notice text"),
    "dl_notice_txt": ("Tải văn bản (.txt)", "Download text (.txt)"),
    "dl_notice_pdf": ("Tải thông báo (PDF)", "Download notice (PDF)"),
    "dl_notice_all": ("Thông báo mọi xã (PDF)", "Notices, all communes (PDF)"),
    "no_visits": ("Kế hoạch chưa có lịch đến xã nào.", "The plan visits no commune."),
}


def lang() -> str:
    """The interface language of this session ('vi' or 'en')."""
    return str(st.session_state.get("lang", "vi"))


def t(key: str) -> str:
    """The text ``key`` in the session's language."""
    vi, en = TEXTS[key]
    return vi if lang() == "vi" else en
