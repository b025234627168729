"""Interface texts, Vietnamese first, English second. Every text the pages show is here, except
the words shared with the exports (verdict, column labels), which live in :mod:`planning.wording`
and which :func:`t` also finds."""

from __future__ import annotations

from app.state import LANG
from planning.wording import LABELS, say

TEXTS: dict[str, tuple[str, str]] = {
    "extra_days_off": (
        "Ngày nghỉ thêm của cả các tổ (dd/mm/yyyy; cách nhau bằng ;)",
        "Extra days off for every team (dd/mm/yyyy; separated by ;)",
    ),
    "extra_days_off_help": (
        "Ngoài ngày lễ, Tết (tính sẵn): ví dụ ngày họp, ngày bầu cử.",
        "Besides public holidays and Tết (already counted): e.g. a meeting or election day.",
    ),
    "working_on": ("Đang làm việc với: {name} — {where}", "Working on: {name} — {where}"),
    "not_saved_yet": ("chưa lưu", "not saved yet"),
    "app_title": ("Lập kế hoạch tổ cấp căn cước lưu động", "Mobile ID-card intake planning"),
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "tile_url": ("Máy chủ bản đồ nền (tùy chọn)", "Tile server URL (optional)"),
    "tile_help": (
        "Để trống: bản đồ không có nền, chạy hoàn toàn ngoại tuyến. Nếu đơn vị có máy chủ "
        "bản đồ nội bộ, nhập dạng http://.../{z}/{x}/{y}.png",
        "Empty: no background, fully offline. If your office has a tile server, enter "
        "http://.../{z}/{x}/{y}.png",
    ),
    "scenario": ("Kịch bản", "Scenario"),
    "upload_button": ("Chọn tệp", "Upload"),
    "pending_open": (
        "Đã chọn «{name}» nhưng chưa mở, vì kịch bản đang làm có thay đổi chưa lưu. Lưu ở thẻ "
        "Lưu, hoặc bấm Mở để bỏ các thay đổi và mở «{name}».",
        "«{name}» is chosen but not open yet: the scenario you are working on has unsaved "
        "changes. Save them on the Save tab, or press Open to discard them and open «{name}».",
    ),
    "stop_running": ("Dừng", "Stop"),
    "data": ("Dữ liệu", "Data"),
    "plan": ("Kế hoạch", "Plan"),
    "map": ("Bản đồ", "Map"),
    "compare": ("So sánh", "Compare"),
    "export": ("Xuất", "Export"),
    "citizens_of_age": ("Công dân trong độ tuổi", "Citizens of ID age"),
    "colour_by": ("Tô màu theo", "Colour by"),
    "pct_not_issued": ("% chưa cấp", "% not yet issued"),
    "collectable_backlog": ("Số cần thu nhận", "Collectable backlog"),
    "communes": ("Các xã", "Communes"),
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
    "tab_points": ("Điểm tiếp nhận", "Intake points"),
    "former_points": (
        "Mỗi xã cũ trong bảng là một điểm tiếp nhận của xã mới",
        "Each former commune of the table is an intake point of its new commune",
    ),
    "points_help": (
        "Mỗi xã có thể có nhiều điểm tiếp nhận (trụ sở UBND xã cũ, trường học, cơ quan, doanh "
        "nghiệp, nhà văn hoá). Xã không khai điểm nào có một điểm: điểm tiếp nhận của xã. Số "
        "người: số của riêng điểm (300), tỉ lệ của xã (40%) hoặc để trống (chia đều phần còn "
        "lại); ngày mở T2-T6; giờ mở 07:30-11:00.",
        "A commune may have several intake points (former commune halls, schools, agencies, "
        "enterprises, cultural houses). A commune listing none has one: its venue. Backlog: the "
        "point's own (300), a share of the commune's (40%) or empty (an equal part of the rest); "
        "days open T2-T6 (Mon–Fri); hours 07:30-11:00.",
    ),
    "upload_points": ("Tệp điểm tiếp nhận (CSV/Excel)", "Intake points file (CSV/Excel)"),
    "upload_points_help": (
        "Cột: xã, tên điểm, loại, vĩ độ, kinh độ, số người, công suất, ngày mở, giờ mở, chỉ dẫn",
        "Columns: commune, name, kind, lat, lon, backlog, daily cap, days, hours, landmark",
    ),
    "add_points_file": ("Thêm các điểm trong tệp", "Add the file's points"),
    "points_added": ("Đã thêm {n} điểm (chưa lưu).", "Added {n} points (not saved yet)."),
    "points_table": ("Bảng điểm tiếp nhận", "Intake points table"),
    "points_none": (
        "Chưa xã nào khai điểm tiếp nhận riêng: mỗi xã một điểm (điểm tiếp nhận của xã).",
        "No commune lists its own intake points: one point per commune (its venue).",
    ),
    "pick_point": ("Đặt điểm trên bản đồ", "Place a point on the map"),
    "pick_point_which": ("Điểm", "Point"),
    "pick_point_new": ("(điểm mới tại chỗ bấm)", "(a new point where you click)"),
    "pick_point_help": (
        "Bấm vào bản đồ: điểm mới được thêm vào xã chứa chỗ bấm, hoặc điểm đã chọn được dời "
        "đến đó. Sửa tên, loại, số người trong bảng bên dưới.",
        "Click the map: a new point is added to the commune under the click, or the chosen "
        "point moves there. Edit its name, kind and backlog in the table below.",
    ),
    "point_placed": ("Đã đặt {name} tại {lat}, {lon}.", "Placed {name} at {lat}, {lon}."),
    "point_other_commune": (
        "Chỗ bấm nằm ở xã khác: điểm chỉ được dời trong xã của nó.",
        "The click is in another commune: a point moves only within its own commune.",
    ),
    "point_outside": (
        "Chỗ bấm không nằm trong xã nào của kịch bản.",
        "The click is not inside any commune of the scenario.",
    ),
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
    # Data page: a new scenario on the 2025 communes of a province
    "tab_province": ("Tạo theo tỉnh (xã 2025)", "New from a province (2025 communes)"),
    "province_2025": ("Tỉnh, thành phố (sau 01/7/2025)", "Province (after 1/7/2025)"),
    "choose_province": ("— chọn tỉnh —", "— choose a province —"),
    "province_help": (
        "Chọn tỉnh để xem các xã, phường sau sắp xếp ngày 01/7/2025; bảng số liệu có thể ghi tên "
        "xã cũ (trước 2025), tên xã mới, hoặc cả hai.",
        "Choose a province to see its communes after the merger of 1/7/2025; the table may use "
        "old (pre-2025) names, new names, or both.",
    ),
    "area_communes": (
        "Các xã của địa bàn (để trống: các xã có trong bảng)",
        "Communes of the area (empty: the communes the table names)",
    ),
    "choose_communes": ("Chọn xã…", "Choose communes…"),
    "choose_dates": ("Chọn ngày…", "Choose dates…"),
    "area_help": (
        "Chọn trong danh sách hoặc bấm vào xã trên bản đồ; có thể thêm xã của tỉnh khác bằng "
        "dòng lệnh --area.",
        "Pick from the list or click a commune on the map; communes of other provinces can be "
        "added with the command line's --area.",
    ),
    "area_placeholder": ("Chọn xã (gõ để tìm)", "Choose communes (type to search)"),
    "area_map_unavailable": (
        "Bản đồ chọn xã cần Leaflet cài sẵn (chạy `make setup`): hãy chọn xã trong danh sách.",
        "The picking map needs Leaflet installed locally (run `make setup`): pick communes "
        "from the list.",
    ),
    "table_path": ("…hoặc đường dẫn tới bảng", "…or a path to the table"),
    "upload_teams": (
        "Tệp danh sách tổ (tùy chọn; CSV, Excel)",
        "Teams file (optional; CSV, Excel)",
    ),
    "upload_teams_help": (
        "Cột: team_id, name, base, apps_per_hour, setup_min, shift_hours, working_weekdays; "
        'base là mã hoặc tên xã (trụ sở tại điểm tiếp nhận của xã) hoặc "vĩ độ,kinh độ". '
        "Không có tệp: mọi tổ ở trụ sở mặc định (nêu trong kết quả).",
        "Columns: team_id, name, base, apps_per_hour, setup_min, shift_hours, working_weekdays; "
        'base is a commune code or name (its venue) or "lat,lon". Without a file every team '
        "is at the default base (stated in the result).",
    ),
    "split_rule": ("Đơn vị cũ bị chia cho nhiều xã", "Old units split between several communes"),
    "split_none": ("Không tự chia (chọn từng đơn vị)", "Do not split (choose each unit)"),
    "split_population": ("Chia theo dân số các xã mới", "Split by the new communes' population"),
    "split_area": ("Chia theo diện tích các xã mới", "Split by the new communes' area"),
    "map_to_2025": ("Quy đổi sang xã 2025", "Map to the 2025 communes"),
    "pending_help": (
        "Các dòng dưới đây chưa xác định được xã 2025 (tên chưa khớp, nhiều nghĩa, đơn vị cũ bị "
        "chia hoặc bảng chuyển đổi chưa rõ): chọn xã cho từng dòng (lựa chọn được lưu làm tên "
        "gọi khác), hoặc chọn cách chia ở trên.",
        "These rows have no 2025 commune yet (unmatched, ambiguous, a split old unit, or a "
        "doubtful crosswalk row): choose the commune for each (saved as an alias), or choose a "
        "split rule above.",
    ),
    "apply_choices": ("Áp dụng lựa chọn", "Apply choices"),
    "open_rows": (
        "{count} dòng của bảng cần chọn. Mỗi dòng: chọn đơn vị cũ gần giống (kèm xã 2025 nó "
        "sáp nhập vào và huyện cũ), xã 2025 gần giống, bất kỳ xã nào của tỉnh (gõ để tìm), hoặc "
        "bỏ dòng ra. Chọn xong bao nhiêu dòng thì bấm Áp dụng bấy nhiêu; lựa chọn được giữ và "
        "lưu cùng kịch bản, nhập lại bảng (hoặc bảng sau có cùng tên) sẽ dùng lại.",
        "{count} rows of the table need a choice. For each: a former unit that nearly matches "
        "(with the 2025 commune it went into and its former district), a 2025 commune that "
        "nearly matches, any commune of the province (type to search), or leave the row out. "
        "Apply as many as you have chosen; choices are kept and saved with the scenario, and "
        "used again when the table (or the next one with the same names) is imported.",
    ),
    "open_row_choice": ("Dòng này là", "This row is"),
    "choices_reused": (
        "Đã dùng lại {count} lựa chọn đã có cho các dòng của bảng.",
        "{count} choices made before were used for rows of the table.",
    ),
    "use_draft": ("Dùng kịch bản này", "Use this scenario"),
    "match_details": ("Chi tiết đối chiếu từng tên", "Match of every name"),
    "draft_ready": (
        "Mọi tên đã khớp: {communes} đơn vị, {backlog} người chưa cấp.",
        "All names matched: {communes} units, {backlog} not yet issued.",
    ),
    "draft_used": (
        "Đang dùng kịch bản mới «{name}» (chưa lưu): xem ở thẻ Tổng quan, lưu ở thẻ Lưu.",
        "Now using the new scenario «{name}» (not saved): see Overview, save on the Save tab.",
    ),
    "edit_communes_help": (
        "Sửa số liệu trong bảng rồi bấm Áp dụng; số liệu được kiểm tra như khi "
        "đọc tệp communes.csv.",
        "Edit the figures, then Apply; they are checked like communes.csv.",
    ),
    "edit_teams_help": (
        "Trụ sở: mã xã, hoặc vĩ độ và kinh độ. Ngày làm việc: T2,T3,…,CN. Ngày nghỉ: "
        "dd/mm/yyyy; dd/mm/yyyy (ví dụ 20/12/2022; 24/12/2022).",
        "Base: a commune code, or latitude and longitude. Weekdays: T2,T3,…,CN (Monday to "
        "Sunday). Days off: dd/mm/yyyy; dd/mm/yyyy (e.g. 20/12/2022; 24/12/2022).",
    ),
    "col_team_id": ("Mã tổ", "Team id"),
    "col_team_id_help": ("Mã ngắn, không trùng (T1, T2…).", "A short unique id (T1, T2…)."),
    "col_team_name": ("Tên tổ", "Team name"),
    "col_team_name_help": ("Tên in trên kế hoạch và thông báo.", "The name printed on plans."),
    "col_base_commune": ("Trụ sở: mã xã", "Base: commune code"),
    "col_base_commune_help": (
        "Mã (hoặc tên) xã có trụ sở: tổ xuất phát từ điểm tiếp nhận của xã đó. Để trống nếu "
        "nhập vĩ độ, kinh độ.",
        "Code (or name) of the base's commune: the team starts from its venue. Empty when "
        "latitude and longitude are given.",
    ),
    "col_base_lat": ("Trụ sở: vĩ độ", "Base: latitude"),
    "col_base_lat_help": ("Ví dụ 22.8247 (dấu chấm).", "E.g. 22.8247."),
    "col_base_lon": ("Trụ sở: kinh độ", "Base: longitude"),
    "col_base_lon_help": ("Ví dụ 106.5411 (dấu chấm).", "E.g. 106.5411."),
    "col_base_name": ("Tên trụ sở", "Base name"),
    "col_base_name_help": ("Ví dụ: Công an xã …", "E.g. the commune police station."),
    "col_apps_per_hour": ("Hồ sơ/giờ", "Applications/hour"),
    "col_apps_per_hour_help": (
        "Số hồ sơ một tổ thu nhận trong một giờ.",
        "Applications a team takes in an hour.",
    ),
    "col_setup_min": ("Phút chuẩn bị", "Setup minutes"),
    "col_setup_min_help": (
        "Phút dựng bàn, máy ở mỗi điểm.",
        "Minutes to set up at each stop.",
    ),
    "col_shift_hours": ("Giờ làm/ngày", "Hours/day"),
    "col_shift_hours_help": (
        "Số giờ làm việc một ngày, kể cả đi lại.",
        "Working hours a day, travel included.",
    ),
    "col_start_time": ("Giờ bắt đầu", "Start time"),
    "col_start_time_help": ("Dạng 07:30.", "As 07:30."),
    "col_working_weekdays": ("Ngày làm việc", "Working days"),
    "col_working_weekdays_help": (
        "T2,T3,T4,T5,T6,T7,CN (Thứ Hai … Chủ Nhật).",
        "T2,T3,T4,T5,T6,T7,CN (Monday … Sunday).",
    ),
    "col_days_off": ("Ngày nghỉ riêng", "Days off"),
    "col_days_off_help": (
        "Ngày tổ nghỉ: dd/mm/yyyy; dd/mm/yyyy.",
        "The team's days off: dd/mm/yyyy; dd/mm/yyyy.",
    ),
    "pick_base": ("Trụ sở trên bản đồ", "Base on the map"),
    "pick_base_help": (
        "Chọn tổ rồi bấm vào bản đồ: điểm bấm thành trụ sở của tổ (toạ độ, bỏ mã xã). Bảng "
        "tổ đang sửa được áp dụng cùng lúc, kiểm tra như toạ độ nhập tay.",
        "Pick a team, then click the map: the point becomes the team's base (coordinates, no "
        "commune code). The team table as edited is applied with it, checked like typed "
        "coordinates.",
    ),
    "pick_team": ("Tổ cần đặt trụ sở", "Team to place"),
    "new_team_on_map": ("+ thêm tổ mới (bấm bản đồ để đặt trụ sở)", "+ a new team (click the map)"),
    "allow_overnight": (
        "Cho phép tổ nghỉ lại qua đêm tại xã xa (áp dụng cùng bảng tổ)",
        "Allow teams to stay overnight at far communes (applied with the team table)",
    ),
    "overnight_from": (
        "…tại xã cách trụ sở từ (phút, một chiều)",
        "…at communes from (min, one way)",
    ),
    "base_now": (
        "Trụ sở hiện tại của {team}: {lat}, {lon}",
        "Current base of {team}: {lat}, {lon}",
    ),
    "base_now_commune": ("(theo xã mã {code})", "(commune code {code})"),
    "base_picked": (
        "Đã đặt trụ sở của {team} tại {lat}, {lon}. Kế hoạch cần lập lại.",
        "Base of {team} set to {lat}, {lon}. Plan again.",
    ),
    "pick_unavailable": (
        "Bản đồ chọn trụ sở cần Leaflet cài sẵn (chạy `make setup`): hiện chỉ nhập được toạ "
        "độ trong bảng.",
        "The base map needs Leaflet installed locally (run `make setup`): type coordinates "
        "in the table meanwhile.",
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
    "save_folder_empty": (
        "Chưa có thư mục lưu: nhập một thư mục (ví dụ scenarios/cua_toi).",
        "No folder to save to: type one (e.g. scenarios/my_area).",
    ),
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
    "saved_new": ("Đã lưu {path}.", "Saved {path}."),
    "save_merged": (
        "Người khác vừa lưu kịch bản này; các thay đổi không trùng nhau đã được gộp: {items}.",
        "Someone else saved this scenario meanwhile; the changes that do not overlap were "
        "merged: {items}.",
    ),
    "save_conflicts": (
        "Cả hai cùng sửa: {items}. Mở lại kịch bản để xem bản của người kia rồi sửa lại.",
        "Both of you changed: {items}. Reopen the scenario to see their version, then edit again.",
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
    "queued": (
        "Đang chờ đến lượt giải: thứ {place} trong hàng đợi của máy chủ (khoảng {wait} giây "
        "nữa). Thời gian giải được tính từ lúc bắt đầu.",
        "Waiting for a free solver: number {place} in the server's queue (about {wait} s). The "
        "time limit counts from the start of the solve.",
    ),
    "leave_queue": ("Rời hàng đợi", "Leave the queue"),
    "solve_here": (
        "Không khởi động được Dask: các lần giải chạy lần lượt trong máy chủ ứng dụng (chậm "
        "hơn). Lý do: {reason}",
        "Dask could not start: solves run one at a time in the app server (slower). Reason: "
        "{reason}",
    ),
    "left_queue": (
        "Đã rời hàng đợi: không lập kế hoạch nào.",
        "Left the queue: nothing was solved.",
    ),
    "solve_failed": ("Không lập được kế hoạch:", "The plan could not be made:"),
    "no_plan_yet": (
        "Chưa có kế hoạch cho số liệu này: bấm “Lập kế hoạch”.",
        "No plan yet for these figures: press “Make the plan”.",
    ),
    "bound_help": (
        "Không kế hoạch nào với nguồn lực này thu được nhiều hơn số này.",
        "No plan with these resources can take more than this.",
    ),
    "bound_trivial_help": (
        "Cận trên này bằng chính số hồ sơ có thể thu: nó không chứng minh được là thiếu; một kế "
        "hoạch tốt hơn có thể thu thêm.",
        "This bound is the collectable backlog itself: it proves no miss; a better plan may "
        "take more.",
    ),
    "time_limited": (
        "Kết quả trong giới hạn thời gian giải: có thể còn kế hoạch tốt hơn.",
        "Result within the time limit: a better plan may exist.",
    ),
    "what_title": ("Cần gì để kịp hạn", "What it would take"),
    "tab_calendar": ("Lịch theo tổ × ngày", "Calendar team × date"),
    "tab_days": ("Lịch từng tổ", "Each team's days"),
    "tab_communes": ("Theo xã", "By commune"),
    "tab_by_team": ("Theo tổ", "By team"),
    "show_teams": ("Xem tổ", "Teams shown"),
    "show_teams_help": (
        "Lọc lịch, bảng và bản đồ theo một tổ hoặc các tổ cùng trụ sở.",
        "Filter the calendar, tables and map to one team or the teams sharing a base.",
    ),
    "heat_hint": (
        "Mỗi ô là số hồ sơ dự kiến của tổ trong ngày (ô đậm: nhiều); chọn một tổ ở trên để xem "
        "lịch theo tuần với tên xã.",
        "Each cell is the team's expected applications that day (darker: more); choose one team "
        "above for its week-by-week calendar with commune names.",
    ),
    "unfinished_only": ("Chỉ các xã còn tồn đến hạn", "Only communes with backlog left"),
    "rows_shown": ("{n} dòng", "{n} rows"),
    # Map page
    "map_view": ("Hiển thị", "Show"),
    "coverage": ("Tình hình chưa cấp", "Backlog"),
    "period": ("Thời gian", "Period"),
    "period_help": (
        "Mỗi đường là lộ trình một ngày của một tổ, theo thứ tự các điểm; xem một tuần hoặc "
        "một tổ (ô bên cạnh) để dễ đọc.",
        "Each line is one team's route of a day, in visiting order; show a week or one team "
        "(next box) to read it easily.",
    ),
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
    "variant_name_taken": (
        "Tên phương án trống hoặc đã có: chọn tên khác.",
        "The variant name is empty or taken: choose another.",
    ),
    "run_variants": ("Giải {n} phương án song song", "Solve {n} variants in parallel"),
    "variants_progress": (
        "Đã xong {done}/{total} phương án — Dask: {where}",
        "{done}/{total} variants done — Dask: {where}",
    ),
    "dask_starting": ("đang khởi động…", "starting…"),
    "dask_where": (
        "Các phương án được giải song song trên Dask ({where}).",
        "The variants were solved in parallel on Dask ({where}).",
    ),
    "stopping": (
        "Đang dừng: các phương án chưa xong bị hủy, các phương án đã xong được giữ.",
        "Stopping: unfinished variants are cancelled, finished ones are kept.",
    ),
    "dask_fallback": (
        "Không khởi động được Dask nên các phương án được giải lần lượt trong tiến trình này "
        "(chậm hơn). Lý do: {reason}",
        "Dask could not start, so the variants are solved one after the other in this process "
        "(slower). Reason: {reason}",
    ),
    "variants_stopped": (
        "Đã dừng: giữ {kept} phương án đã giải xong, hủy {cancelled} phương án chưa xong.",
        "Stopped: {kept} variants solved and kept, {cancelled} unfinished cancelled.",
    ),
    "map_of_variant": ("Bản đồ {n}: phương án", "Map {n}: variant"),
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
    "dl_deck_help": (
        "Bản trình chiếu 16:9 cho cuộc họp UBND: kết quả, bản đồ, lịch theo tuần, các xã, tiến độ "
        "(khi đã ghi số liệu thực tế) và giả định; sửa được trong PowerPoint hoặc LibreOffice.",
        "16:9 slides for the People's Committee meeting: result, maps, weekly schedule, "
        "communes, progress (once intake is recorded) and assumptions; editable in PowerPoint "
        "or LibreOffice.",
    ),
    "deck_no_progress": (
        "Không đọc được sổ thu nhận, bản trình chiếu không có trang tiến độ: {error}",
        "The intake log could not be read; the slides have no progress pages: {error}",
    ),
    "notices": ("Thông báo cho từng xã", "Notice for each commune"),
    "notice_text": ("Nội dung thông báo", "Notice text"),
    "notice_point": ("Thông báo của từng điểm tiếp nhận", "Notice of each intake point"),
    "download_failed": (
        "Không tạo được «{name}»: {reason}. Tệp chưa được tải về; các tài liệu khác không bị "
        "ảnh hưởng. Hãy thử lại; nếu vẫn lỗi, gửi dòng này cho bộ phận hỗ trợ.",
        "«{name}» could not be made: {reason}. Nothing was downloaded; the other documents are "
        "not affected. Try again; if it fails again, send this line to support.",
    ),
    "no_visits": ("Kế hoạch chưa có lịch đến xã nào.", "The plan visits no commune."),
    # Plan page: publishing
    "publish": ("Công bố kế hoạch", "Publish the plan"),
    "publish_help": (
        "Công bố: kế hoạch này thành lịch đã thông báo cho các xã; khi lập lại kế hoạch, các "
        "ngày đã thông báo được giữ nguyên.",
        "Publish: this plan becomes the schedule announced to the communes; re-planning keeps "
        "the announced days.",
    ),
    "publish_replaces": (
        "Đã có kế hoạch công bố trước: bản cũ được lưu trong lịch sử (.plans/).",
        "A plan was published before: the old one is kept in the history (.plans/).",
    ),
    "publish_edited": (
        "Lưu ý: số liệu kịch bản đã sửa nhưng chưa lưu.",
        "Note: the scenario has unsaved edits.",
    ),
    "publish_needs_save": (
        "Lưu kịch bản (trang Dữ liệu) để công bố kế hoạch và theo dõi tiến độ.",
        "Save the scenario (Data page) to publish the plan and track progress.",
    ),
    "published": ("Đã công bố kế hoạch: {path}", "Plan published: {path}"),
    # Progress page
    "progress": ("Tiến độ", "Progress"),
    "progress_needs_save": (
        "Kịch bản chưa được lưu: lưu ở trang Dữ liệu để ghi số liệu thực tế.",
        "The scenario is not saved: save it on the Data page to record actual intake.",
    ),
    "today": ("Hôm nay", "Today"),
    "today_help": (
        "Mặc định là ngày thực; đặt lại khi xem một đợt đã qua (ví dụ kịch bản 12/2022). "
        "Không ghi được số liệu cho ngày sau ngày này.",
        "The real date by default; set it to review a past campaign (e.g. the 12/2022 "
        "scenario). Intake cannot be recorded after this date.",
    ),
    "record_title": ("Ghi số liệu thu nhận thực tế", "Record actual intake"),
    "intake_date": ("Ngày thu nhận", "Intake date"),
    "record": ("Ghi số liệu", "Record"),
    "recorded": (
        "Đã ghi {n} mục vào nhật ký thu nhận ({path}).",
        "{n} entries recorded in the intake log ({path}).",
    ),
    "nothing_recorded": (
        "Không có số liệu nào được ghi; nhật ký không thay đổi.",
        "Nothing was recorded; the log is unchanged.",
    ),
    "actuals_changed": (
        "Người khác đã ghi số liệu thu nhận sau khi bạn mở trang: số liệu của bạn CHƯA được "
        "ghi. Trang đã tải lại nhật ký mới nhất; kiểm tra rồi ghi lại.",
        "Someone else recorded intake since you opened the page: your entry was NOT saved. "
        "The page has reloaded the latest log; check it and record again.",
    ),
    "actuals_merged": (
        "Trong lúc đó người khác đã ghi {n} mục khác ngày, tổ hoặc xã: số liệu của bạn được ghi "
        "tiếp sau các mục đó, không mất mục nào.",
        "Meanwhile someone else recorded {n} entries for other dates, teams or communes: yours "
        "were recorded after them, nothing lost.",
    ),
    "actuals_overlap": (
        "Người khác vừa ghi cho cùng ngày, tổ và xã (xem nhật ký bên dưới):",
        "Someone else just recorded the same date, team and commune (see the log below):",
    ),
    "duplicate_found": (
        "Đã có số liệu cho cùng ngày, tổ và xã (số đã ghi ở cuối dòng). Chọn “Thay thế” "
        "(ghi bản sửa thay số cũ) hoặc “Cộng thêm” (ghi thêm một mục).",
        "Intake for the same date, team and commune is already recorded (recorded figure at "
        "the end of each line). Choose Replace (a correction) or Add (another entry).",
    ),
    "dup_replace": ("Thay thế", "Replace"),
    "dup_add": ("Cộng thêm", "Add"),
    "dup_cancel": ("Hủy", "Cancel"),
    "import_file": (
        "Nhập tệp số liệu của tổ/xã (CSV, Excel; ≤ 5 MB)",
        "Import a team/commune report (CSV, Excel; ≤ 5 MB)",
    ),
    "import_help": (
        "Cột: date, team_id, commune_code, applications (ngày 2022-12-08 hoặc 08/12/2022).",
        "Columns: date, team_id, commune_code, applications (dates 2022-12-08 or 08/12/2022).",
    ),
    "import_btn": ("Nhập tệp", "Import file"),
    "log_empty": ("Chưa có số liệu thu nhận nào.", "No intake recorded yet."),
    "correct_title": ("Sửa một mục (ghi bản sửa, không xóa mục cũ)", "Correct an entry"),
    "correct_value": ("Số đúng", "Correct figure"),
    "correct_btn": ("Ghi bản sửa", "Record correction"),
    "corrected_ok": ("Đã ghi bản sửa cho mục {n}.", "Correction of entry {n} recorded."),
    "standing_title": ("Tình hình so với kế hoạch", "Where we stand"),
    "no_announced_plan": (
        "Chưa có kế hoạch đã công bố: lập kế hoạch rồi bấm “Công bố kế hoạch” ở trang Kế hoạch.",
        "No announced plan yet: make the plan, then press “Publish the plan” on the Plan page.",
    ),
    "per_day": ("Theo ngày: dự kiến và thực tế", "Per day: planned and actual"),
    "replan_title": ("Lập lại kế hoạch từ một ngày", "Re-plan from a date"),
    "replan_from": ("Lập lại từ ngày", "Re-plan from"),
    "replan_from_help": (
        "Ngày đầu của kế hoạch mới; mặc định là ngày sau ngày cuối cùng đã có số thực tế.",
        "The first day of the new plan; by default the day after the last recorded intake.",
    ),
    "freeze_mode_dates": ("Tự chọn ngày giữ nguyên", "Choose the kept dates"),
    "freeze_mode_help": (
        "Tắt: giữ nguyên lịch đã thông báo của một số ngày đầu. Bật: chọn đúng các ngày đã "
        "thông báo cần giữ.",
        "Off: keep the announced visits of the first few days. On: pick exactly the announced "
        "dates to keep.",
    ),
    "freeze_days": ("Số ngày giữ nguyên", "Days kept"),
    "freeze_days_help": (
        "Các ngày làm việc đầu tiên từ ngày lập lại: lịch đã thông báo giữ nguyên, không thêm "
        "lịch mới.",
        "The first working days from the re-plan date: announced visits stay, none are added.",
    ),
    "frozen_dates": ("Ngày giữ nguyên", "Dates kept"),
    "replan_btn": ("Lập lại kế hoạch", "Re-plan"),
    "min_gain": (
        "Chỉ đổi ngày đã thông báo khi thêm được ít nhất (người)",
        "Move an announced date only to gain at least (people)",
    ),
    "min_gain_help": (
        "Ngày đã thông báo là lời hẹn với công dân. Lập lại kế hoạch giữ mọi ngày đã báo, trừ "
        "những thay đổi giúp thu nhận thêm ít nhất số người này trước hạn chót (mặc định 100, "
        "khoảng 2/3 ngày làm việc của một tổ); thay đổi không thêm được ai thì không bao giờ "
        "được đề xuất.",
        "Announced dates are a promise to citizens. A re-plan keeps every announced date except "
        "changes that let the teams take at least this many more people before the deadline "
        "(default 100, about two thirds of a team's day); a change that gains nobody is never "
        "proposed.",
    ),
    "what_changes_buy": (
        "Các thay đổi mà lập lại tự do sẽ làm ({n}) và số người mỗi thay đổi thêm được",
        "The changes a free re-plan would make ({n}) and what each buys",
    ),
    "frozen_caption": (
        "Lập lại từ {since}; giữ nguyên các ngày đã thông báo: {dates}.",
        "Re-planned from {since}; announced days kept: {dates}.",
    ),
    "replan_verdict": ("Kế hoạch lập lại —", "Re-planned —"),
    "no_changes": (
        "Không có thay đổi so với kế hoạch đã công bố.",
        "No change against the announced plan.",
    ),
    "changes_title": (
        "Thay đổi so với kế hoạch đã công bố: {n} xã (cần báo cho các xã)",
        "Changes against the announced plan: {n} communes (tell them)",
    ),
    "changes_text": ("Nội dung báo các xã", "Text for the communes"),
    "publish_new": ("Công bố kế hoạch mới", "Publish the new plan"),
    "burn_down_title": ("Số hồ sơ còn lại theo thời gian", "Remaining backlog over time"),
    "weekly_title": ("Báo cáo kết quả tuần", "Weekly review"),
    "week_end": ("Tuần kết thúc ngày", "Week ending on"),
}


def lang() -> str:
    """The interface language of this session ('vi' or 'en')."""
    return LANG.get()


def t(key: str) -> str:
    """The text ``key`` in the session's language (a page text, else a column label)."""
    return say(TEXTS if key in TEXTS else LABELS, key, lang())
