"""Vietnamese names and texts for the scale data: varied enough to look real, few enough to fold once each."""

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    "Đinh", "Trương", "Hà", "Đoàn", "Lương", "Thái", "Cao", "Mai", "Tôn",
]  # fmt: skip
MIDDLE_NAMES = [
    "Văn", "Thị", "Hữu", "Đình", "Minh", "Quốc", "Thanh", "Ngọc", "Xuân", "Công", "Đức", "Thị Thu", "Thị Hồng",
    "Thị Kim", "Hồng", "Sỹ", "Trọng", "Anh",
]  # fmt: skip
GIVEN_NAMES = [
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hằng", "Hiếu", "Hòa", "Hùng", "Hương", "Khánh", "Lan",
    "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Nhung", "Oanh", "Phúc", "Phương", "Quang", "Quỳnh", "Sơn",
    "Tâm", "Thành", "Thảo", "Thắng", "Thủy", "Toàn", "Trang", "Tuấn", "Tùng", "Vân", "Việt", "Yến", "Đức",
]  # fmt: skip
PLACE_NAMES = [
    "Bắc Hà", "Nam Hà", "Trần Phú", "Hà Huy Tập", "Nguyễn Du", "Tân Giang", "Thạch Hạ", "Đồng Môn", "Thạch Trung",
    "Thạch Quý", "Văn Yên", "Đại Nài", "Thạch Linh", "Thạch Hưng", "Thạch Bình", "Cẩm Bình", "Cẩm Vịnh",
    "Kỳ Anh", "Kỳ Trinh", "Kỳ Phương", "Hồng Lĩnh", "Trung Lương", "Đức Thuận", "Bắc Hồng", "Nam Hồng",
    "Cẩm Xuyên", "Thạch Hà", "Can Lộc", "Nghi Xuân", "Đức Thọ", "Hương Sơn", "Hương Khê", "Vũ Quang",
    "Lộc Hà", "Thiên Cầm", "Xuân Thành", "Tiên Điền", "Sơn Kim", "Phố Châu", "Tây Sơn", "Hương Long",
    "Gia Phố", "Phúc Trạch", "Hòa Hải", "Cẩm Duệ", "Thạch Khê", "Việt Xuyên", "Tùng Lộc", "Xuân An", "Cổ Đạm",
]  # fmt: skip
DEPARTMENTS = [
    "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "Ban Quản lý Khu kinh tế tỉnh",
    "Sở Ngoại vụ", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng", "Trung tâm Phục vụ hành chính công tỉnh",
    "Đài Phát thanh và Truyền hình", "Ban Quản lý dự án công trình giao thông", "Trường Cao đẳng Kỹ thuật",
]  # fmt: skip
DISTRICT_OFFICES = [
    "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Tư pháp", "Phòng Kinh tế, Hạ tầng và Đô thị",
    "Phòng Văn hóa - Khoa học và Thông tin", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Thanh tra",
    "Văn phòng HĐND và UBND", "Phòng Nông nghiệp và Môi trường",
]  # fmt: skip
DESKS = ["Quầy đất đai, xây dựng", "Quầy tư pháp, hộ tịch", "Quầy kinh doanh, đầu tư", "Quầy lao động, xã hội"]
POSITIONS = {
    "head": ["Giám đốc", "Trưởng phòng", "Chủ tịch UBND", "Chánh Văn phòng", "Trưởng ban"],
    "staff": [
        "Chuyên viên", "Chuyên viên chính", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
        "Công chức Văn phòng - Thống kê", "Công chức Văn hóa - Xã hội", "Kế toán", "Văn thư", "Viên chức",
        "Nhân viên hợp đồng", "Phó Trưởng phòng", "Thanh tra viên", "Công chức tiếp nhận hồ sơ",
    ],
}  # fmt: skip

CRITICISMS = [
    "Cán bộ tiếp nhận hồ sơ không hướng dẫn đầy đủ, tôi phải đi lại {n} lần.",
    "Công chức quầy {desk} nói chuyện điện thoại riêng trong lúc tiếp dân.",
    "Đến {time} vẫn chưa có cán bộ ngồi tại quầy, người dân phải chờ lâu.",
    "Thái độ tiếp dân thiếu tôn trọng, trả lời cộc lốc khi tôi hỏi về thủ tục.",
    "Hồ sơ của tôi bị trả lại {n} lần mà không nêu rõ lý do bằng văn bản.",
    "Cán bộ không đeo thẻ công chức, tôi không biết ai đã tiếp nhận hồ sơ.",
    "Cán bộ gợi ý nộp thêm phí ngoài quy định để giải quyết nhanh hơn.",
    "Phòng tiếp dân bừa bộn, không có ghế chờ, nhiều người phải đứng.",
    "Hẹn trả kết quả sau {n} ngày nhưng đến nay vẫn chưa nhận được.",
    "Cán bộ hút thuốc lá trong phòng làm việc khi đang tiếp công dân.",
]  # fmt: skip
PRAISES = [
    "Cán bộ quầy {desk} hướng dẫn tận tình, chu đáo; tôi xin cảm ơn.",
    "Hồ sơ được giải quyết trước hẹn {n} ngày, thái độ phục vụ rất tốt.",
    "Công chức một cửa nhiệt tình, giải thích rõ ràng từng bước thủ tục.",
    "Tôi đánh giá cao tinh thần phục vụ của bộ phận tiếp nhận và trả kết quả.",
]  # fmt: skip
OTHERS = [
    "Đề nghị bố trí thêm chỗ để xe cho người dân đến làm thủ tục.",
    "Đề nghị niêm yết công khai thêm các thủ tục về đất đai tại quầy.",
    "Đề nghị kéo dài giờ tiếp dân vào sáng thứ Bảy.",
]  # fmt: skip
ANSWERS = [
    "Đơn vị đã xác minh, tổ chức kiểm điểm cán bộ liên quan và chấn chỉnh việc tiếp dân tại quầy.",
    "Qua xác minh, nội dung phản ánh là đúng một phần; đơn vị đã nhắc nhở công chức và xin lỗi công dân.",
    "Qua xác minh, nội dung phản ánh chưa có cơ sở; đơn vị đã giải thích cho công dân.",
    "Đơn vị ghi nhận, cảm ơn ý kiến của công dân và sẽ tiếp tục nâng cao chất lượng phục vụ.",
    "Đơn vị đã bố trí lại nhân sự tại bộ phận một cửa và niêm yết đầy đủ thủ tục.",
]  # fmt: skip
RATING_COMMENTS = ["", "", "Cảm ơn đã phản hồi.", "Trả lời còn chậm.", "Rất hài lòng.", "Chưa thỏa đáng."]
OBSERVED = [
    "Công chức đến cơ quan lúc {time}, muộn {n} phút so với giờ làm việc.",
    "Công chức không đeo thẻ trong giờ làm việc.",
    "Bàn làm việc bừa bộn, hồ sơ để lẫn với đồ dùng cá nhân.",
    "Công chức sử dụng điện thoại việc riêng trong lúc tiếp công dân.",
    "Không niêm yết công khai thủ tục hành chính tại quầy tiếp nhận.",
    "Trang phục không đúng quy định khi làm nhiệm vụ tiếp dân.",
    "Công chức vắng mặt tại vị trí làm việc không có lý do.",
    "Tiếp công dân với thái độ thiếu nhã nhặn, không chào hỏi.",
]  # fmt: skip
COMMENDATIONS = [
    "Bộ phận một cửa sắp xếp gọn gàng, niêm yết đầy đủ, tiếp dân tận tình.",
    "Công chức chủ động hướng dẫn người dân nộp hồ sơ trực tuyến.",
]  # fmt: skip
OVERALL = [
    "Nhìn chung đơn vị chấp hành tốt kỷ luật, kỷ cương hành chính; còn một số tồn tại cần chấn chỉnh.",
    "Đơn vị thực hiện nghiêm Quy tắc ứng xử; một số cá nhân còn vi phạm giờ giấc làm việc.",
    "Việc thực hiện văn hóa công vụ tại đơn vị còn hạn chế, cần khắc phục ngay các tồn tại đã nêu.",
]  # fmt: skip
REQUIREMENTS = [
    "Tổ chức kiểm điểm, rút kinh nghiệm đối với cá nhân vi phạm; báo cáo kết quả bằng văn bản.",
    "Niêm yết công khai đầy đủ thủ tục hành chính và đường dây nóng tại nơi tiếp dân.",
    "Chấn chỉnh việc chấp hành giờ giấc làm việc; lập sổ theo dõi hằng ngày.",
    "Sắp xếp lại nơi làm việc gọn gàng, ngăn nắp theo quy định.",
]  # fmt: skip
ACTION_REPORTS = [
    "Đơn vị đã tổ chức họp kiểm điểm, lập biên bản và gửi kèm báo cáo.",
    "Đã niêm yết đầy đủ; gửi kèm hình ảnh chụp tại quầy.",
    "Đã ban hành văn bản chấn chỉnh và phân công theo dõi hằng ngày.",
]  # fmt: skip
TRAININGS = [
    "Tập huấn kỹ năng giao tiếp, ứng xử của cán bộ, công chức với người dân",
    "Bồi dưỡng đạo đức công vụ và văn hóa công sở",
    "Hội thi tìm hiểu Quy tắc ứng xử của cán bộ, công chức",
    "Tập huấn nghiệp vụ tiếp công dân, xử lý phản ánh, kiến nghị",
]  # fmt: skip
