"""Nội dung mẫu (dữ liệu thuần) cho cổng văn hóa công vụ của UBND tỉnh Hà Tĩnh.

Gồm văn bản Quy tắc ứng xử của tỉnh (ban hành sau khi sắp xếp chính quyền địa phương hai cấp),
danh mục chuẩn mực dùng khi kiểm tra, phản ánh
và văn bản Quy chế văn hóa công vụ của tỉnh. Các văn bản được trình bày theo đúng bố cục
văn bản quy phạm (Chương, Điều, khoản, điểm) để bộ đọc văn bản theo dòng có thể phân tích.
"""

CODE_OF_CONDUCT_TEXT: str = """\
QUY TẮC ỨNG XỬ
của cán bộ, công chức, viên chức và người lao động
trong các cơ quan, đơn vị thuộc UBND tỉnh Hà Tĩnh và các xã, phường
(Ban hành kèm theo Quyết định số 2150/QĐ-UBND ngày 15/9/2025 của UBND tỉnh Hà Tĩnh)

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
1. Quy tắc này quy định chuẩn mực ứng xử trong thi hành công vụ, nhiệm vụ; trong quan hệ với Nhân dân,
với đồng nghiệp; trong sinh hoạt tại nơi công cộng và nơi cư trú.
2. Những nội dung không quy định tại Quy tắc này thì thực hiện theo quy định của pháp luật có liên quan
và Quy chế văn hóa công vụ tại các cơ quan, đơn vị trên địa bàn tỉnh Hà Tĩnh.

Điều 2. Đối tượng áp dụng
1. Cán bộ, công chức, người lao động làm việc tại các cơ quan chuyên môn thuộc UBND tỉnh.
2. Viên chức, người lao động làm việc tại các đơn vị sự nghiệp công lập thuộc UBND tỉnh.
3. Cán bộ, công chức, người hoạt động không chuyên trách ở các xã, phường trên địa bàn tỉnh.
4. Người làm việc theo hợp đồng, người được biệt phái đến làm việc tại các cơ quan, đơn vị nêu trên.

Điều 3. Mục đích, nguyên tắc ứng xử
1. Mục đích:
a) Xây dựng đội ngũ cán bộ, công chức, viên chức chuyên nghiệp, trách nhiệm, năng động, minh bạch, hiệu quả;
b) Nâng cao chất lượng phục vụ Nhân dân, doanh nghiệp và mức độ hài lòng của người dân;
c) Làm căn cứ để kiểm tra, giám sát, đánh giá, xếp loại và xử lý trách nhiệm khi có vi phạm.
2. Nguyên tắc ứng xử:
a) Tuân thủ pháp luật, phù hợp với thuần phong mỹ tục và truyền thống văn hóa của quê hương Hà Tĩnh;
b) Công khai, minh bạch, khách quan, công tâm; lấy sự hài lòng của người dân làm thước đo;
c) Tôn trọng, lắng nghe, tận tụy phục vụ Nhân dân; chịu sự giám sát của Nhân dân.
3. Cán bộ, công chức giữ chức vụ lãnh đạo, quản lý phải gương mẫu thực hiện Quy tắc này.

Chương II
CHUẨN MỰC ỨNG XỬ

Điều 4. Chấp hành thời giờ làm việc và kỷ luật hành chính
1. Làm việc đúng thời giờ theo quy định; không đi muộn, về sớm, không kéo dài thời gian nghỉ trưa.
2. Không nghỉ làm không có lý do; khi nghỉ phải có đơn hoặc báo cáo và được thủ trưởng cơ quan, đơn vị đồng ý.
3. Trong giờ làm việc, khi ra khỏi cơ quan:
a) Không rời khỏi cơ quan để giải quyết việc riêng, đi chợ, ngồi quán;
b) Khi đi công tác, làm nhiệm vụ bên ngoài phải báo cáo người quản lý trực tiếp và ghi sổ theo dõi;
c) Trường hợp có việc đột xuất phải báo cáo và được người quản lý trực tiếp đồng ý.
4. Không uống rượu, bia, đồ uống có cồn trong giờ làm việc, giờ nghỉ trưa của ngày làm việc và ngày trực.
5. Không hút thuốc lá trong phòng làm việc, phòng họp, hội trường và khuôn viên công sở.
6. Tham dự hội họp, hội nghị đúng giờ, đúng thành phần; không làm việc riêng trong cuộc họp.
7. Chấp hành sự phân công của cấp có thẩm quyền; thực hiện đúng quy chế làm việc của cơ quan, đơn vị.

Điều 5. Tinh thần, thái độ làm việc
1. Tận tụy, trách nhiệm, chủ động trong công việc; giải quyết công việc đúng quy trình, đúng thời hạn.
2. Không được gây phiền hà, sách nhiễu, làm khó người dân, doanh nghiệp, cụ thể:
a) Không yêu cầu bổ sung giấy tờ, hồ sơ ngoài quy định;
b) Không hẹn lại nhiều lần, không cố ý kéo dài thời gian giải quyết hồ sơ;
c) Không gợi ý, đòi hỏi người dân “bồi dưỡng”, “cảm ơn” dưới bất kỳ hình thức nào.
3. Giải quyết hồ sơ đúng thời hạn; hồ sơ quá hạn phải có phiếu xin lỗi và hẹn lại ngày trả kết quả.
4. Không đùn đẩy, né tránh trách nhiệm; không chuyển việc thuộc thẩm quyền của mình cho người khác.
5. Trong giờ làm việc, không được:
a) Sử dụng điện thoại di động vào việc riêng khi đang tiếp, làm việc với người dân, doanh nghiệp;
b) Chơi trò chơi điện tử, xem phim, lướt mạng xã hội, đọc báo vào việc riêng;
c) Làm việc riêng, buôn bán, tụ tập nói chuyện gây ồn ào, ảnh hưởng đến người khác.
6. Chủ động học tập, nâng cao trình độ chuyên môn, kỹ năng; ứng dụng công nghệ thông tin,
chuyển đổi số trong giải quyết công việc.

Điều 6. Giao tiếp, ứng xử với Nhân dân
1. Thực hiện “4 xin, 4 luôn” khi tiếp và làm việc với người dân, doanh nghiệp:
a) “4 xin”: xin chào, xin lỗi, xin cảm ơn, xin phép;
b) “4 luôn”: luôn mỉm cười, luôn nhẹ nhàng, luôn lắng nghe, luôn giúp đỡ.
2. Thái độ niềm nở, tôn trọng, văn minh; xưng hô phù hợp với độ tuổi, giới tính; không phân biệt đối xử.
3. Không dùng lời lẽ thô tục, cộc cằn, hách dịch, cửa quyền; không có thái độ coi thường người dân.
4. Hướng dẫn đầy đủ, rõ ràng, một lần để người dân hoàn thiện hồ sơ; không để người dân đi lại nhiều lần.
5. Lắng nghe ý kiến, phản ánh của người dân; giải thích rõ ràng những nội dung chưa giải quyết được.
6. Ưu tiên giải quyết trước cho người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công.
7. Khi người dân có thái độ chưa đúng mực, giữ bình tĩnh, mềm mỏng, giải thích có lý, có tình;
báo cáo lãnh đạo trực tiếp khi vượt quá khả năng giải quyết.

Điều 7. Giao tiếp qua điện thoại
1. Nhấc máy kịp thời, chậm nhất sau ba hồi chuông; không tắt điện thoại công vụ trong giờ làm việc.
2. Khi nghe và gọi điện thoại phải xưng danh, giới thiệu tên cơ quan, đơn vị nơi công tác.
3. Trao đổi ngắn gọn, tập trung vào nội dung công việc; giọng nói rõ ràng, nhỏ nhẹ, lịch sự.
4. Không để người gọi chờ lâu; trường hợp cần thời gian tra cứu thì xin lỗi, hẹn gọi lại và gọi lại đúng hẹn.
5. Không ngắt điện thoại đột ngột; kết thúc cuộc gọi bằng lời chào, lời cảm ơn.
6. Không sử dụng điện thoại cố định của cơ quan vào việc riêng.

Điều 8. Ứng xử với đồng nghiệp
1. Tôn trọng, chân thành, hợp tác, giúp đỡ lẫn nhau trong công việc và cuộc sống.
2. Góp ý thẳng thắn, xây dựng; không nói xấu, đố kỵ, gây mất đoàn kết nội bộ.
3. Không xúc phạm danh dự, nhân phẩm của đồng nghiệp; không có lời nói, hành vi quấy rối trong công sở.
4. Phối hợp thực hiện công việc chung; không gây cản trở, không che giấu thông tin cần thiết cho công việc.
5. Chia sẻ kinh nghiệm, giúp đỡ đồng nghiệp mới được tuyển dụng, điều động về cơ quan, đơn vị.

Điều 9. Ứng xử với cấp trên và cấp dưới
1. Đối với cấp trên:
a) Chấp hành quyết định, sự phân công, chỉ đạo của cấp trên theo đúng quy định;
b) Báo cáo trung thực, kịp thời, đầy đủ; không lợi dụng việc góp ý để bôi nhọ, vu khống;
c) Không nịnh bợ, xu nịnh cấp trên vì động cơ không trong sáng;
d) Giữ gìn uy tín, danh dự của cấp trên và của cơ quan, đơn vị.
2. Đối với cấp dưới:
a) Gương mẫu, công tâm, khách quan; tôn trọng, lắng nghe ý kiến của cấp dưới;
b) Không hách dịch, trù dập, bao che; không chuyên quyền, độc đoán;
c) Quan tâm, động viên, tạo điều kiện để cấp dưới phát huy năng lực, sở trường.

Điều 10. Đạo đức, lối sống
1. Không tham nhũng, tiêu cực; không lợi dụng chức vụ, quyền hạn để trục lợi, vụ lợi cá nhân.
2. Không nhận tiền, quà tặng, lợi ích khác của người dân, doanh nghiệp liên quan đến công việc mình giải quyết.
3. Không tham gia đánh bạc, cá độ dưới mọi hình thức; không sử dụng, tàng trữ trái phép chất ma túy.
4. Không tham gia các hoạt động mê tín dị đoan; không lợi dụng tín ngưỡng, tôn giáo để trục lợi.
5. Không tạo, đăng tải, chia sẻ thông tin sai sự thật, xuyên tạc, chưa được kiểm chứng
trên mạng xã hội và các phương tiện thông tin khác.
6. Gương mẫu tại nơi cư trú:
a) Chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước và quy định của địa phương;
b) Tích cực tham gia các phong trào, hoạt động của tổ dân phố, thôn nơi cư trú;
c) Xây dựng gia đình văn hóa; tổ chức việc cưới, việc tang, lễ hội văn minh, tiết kiệm;
d) Tham gia giữ gìn an ninh, trật tự, vệ sinh môi trường tại khu dân cư.
7. Không lợi dụng việc tổ chức cưới hỏi, sinh nhật, mừng thọ, tân gia để vụ lợi.
8. Chấp hành quy định về trật tự, an toàn giao thông; không điều khiển phương tiện sau khi uống rượu, bia.

Điều 11. Trang phục và thẻ cán bộ, công chức
1. Trang phục khi làm việc phải gọn gàng, lịch sự, phù hợp với tính chất công việc:
a) Nam mặc áo sơ mi, quần âu; nữ mặc áo dài, áo sơ mi, quần âu hoặc váy công sở có độ dài phù hợp;
b) Không mặc quần soóc, áo không tay, áo phông không cổ, váy ngắn; không đi dép lê trong giờ làm việc.
2. Cán bộ, công chức, viên chức được cấp trang phục riêng (đồng phục) phải mặc đúng quy định của ngành.
3. Tại các buổi lễ, hội nghị trọng thể: nam mặc com-lê, nữ mặc áo dài truyền thống hoặc theo hướng dẫn.
4. Đeo thẻ cán bộ, công chức, viên chức trong suốt giờ làm việc, đặc biệt khi làm việc tại Bộ phận một cửa
và khi tiếp công dân, đi kiểm tra, làm nhiệm vụ tại cơ sở.
5. Thẻ có ảnh, họ và tên, chức danh, tên cơ quan, đơn vị; không cho người khác mượn thẻ, không đeo thẻ của người khác.

Điều 12. Công sở và nơi làm việc
1. Trụ sở cơ quan, đơn vị có biển tên đặt tại cổng chính, ghi rõ tên gọi đầy đủ bằng tiếng Việt và địa chỉ.
2. Phòng làm việc có biển tên ghi rõ tên phòng, họ và tên, chức danh của người làm việc trong phòng.
3. Mỗi bàn làm việc phải có biển chức danh ghi rõ họ và tên, chức danh; tại Bộ phận một cửa,
biển chức danh ghi thêm lĩnh vực được giao tiếp nhận, giải quyết.
4. Phòng làm việc gọn gàng, ngăn nắp, sạch sẽ; hồ sơ, tài liệu sắp xếp khoa học; không để đồ dùng cá nhân bừa bãi.
5. Không nấu ăn, đun nấu; không nuôi chó, mèo và các vật nuôi khác; không phơi quần áo trong công sở.
6. Không lập bàn thờ, thắp hương, đốt vàng mã trong công sở.
7. Sử dụng tiết kiệm điện, nước, văn phòng phẩm; tắt điện, điều hòa, máy tính khi rời phòng làm việc.
8. Để xe đúng nơi quy định; dành chỗ để xe thuận tiện cho người dân đến giao dịch.
9. Bộ phận một cửa bố trí ghế ngồi, nước uống, hòm thư góp ý và bảng niêm yết thủ tục hành chính.

Chương III
TỔ CHỨC THỰC HIỆN

Điều 13. Trách nhiệm của người đứng đầu cơ quan, đơn vị
1. Quán triệt, phổ biến Quy tắc này đến toàn thể cán bộ, công chức, viên chức và người lao động.
2. Niêm yết công khai Quy tắc này và số điện thoại đường dây nóng tại trụ sở, tại Bộ phận một cửa.
3. Thường xuyên kiểm tra, giám sát; chịu trách nhiệm khi để xảy ra vi phạm trong cơ quan, đơn vị mình quản lý.
4. Gương mẫu thực hiện; lấy kết quả thực hiện Quy tắc này làm tiêu chí đánh giá, xếp loại chất lượng hằng năm.
5. Bố trí người có phẩm chất, năng lực, kỹ năng giao tiếp tốt làm việc tại Bộ phận một cửa.
6. Xử lý hoặc đề nghị cấp có thẩm quyền xử lý kịp thời các trường hợp vi phạm.

Điều 14. Trách nhiệm của Sở Nội vụ
1. Tham mưu UBND tỉnh hướng dẫn, đôn đốc việc thực hiện Quy tắc này; tổ chức kiểm tra công vụ đột xuất.
2. Tiếp nhận, xử lý phản ánh của người dân qua đường dây nóng, hòm thư góp ý và Cổng thông tin điện tử tỉnh.
3. Tổng hợp kết quả thực hiện, định kỳ 6 tháng, hằng năm báo cáo Chủ tịch UBND tỉnh.
4. Định kỳ khảo sát mức độ hài lòng của người dân đối với tinh thần, thái độ phục vụ của cán bộ, công chức.

Điều 15. Xử lý vi phạm
1. Người vi phạm Quy tắc này, tùy theo tính chất, mức độ, bị nhắc nhở, phê bình hoặc xem xét xử lý kỷ luật
theo quy định của pháp luật.
2. Vi phạm được xác định theo ba mức độ:
a) Nhẹ: vi phạm lần đầu, chưa gây hậu quả; bị nhắc nhở và ghi vào sổ theo dõi;
b) Trung bình: tái phạm hoặc gây ảnh hưởng đến người dân; bị phê bình trước cơ quan, đơn vị;
c) Nghiêm trọng: gây hậu quả xấu, ảnh hưởng uy tín cơ quan; xem xét xử lý kỷ luật theo quy định.
3. Kết quả xử lý vi phạm là căn cứ đánh giá, xếp loại chất lượng, xét thi đua, khen thưởng hằng năm.
4. Người đứng đầu để cán bộ thuộc quyền quản lý vi phạm nhiều lần thì bị xem xét trách nhiệm liên đới.
5. Phản ánh của người dân phải được xác minh; kết quả xử lý được thông báo cho người phản ánh.

Điều 16. Khen thưởng
1. Tập thể, cá nhân thực hiện tốt Quy tắc này được xem xét khen thưởng theo quy định về thi đua, khen thưởng.
2. Hằng năm, Chủ tịch UBND tỉnh biểu dương cá nhân được người dân đánh giá mức độ hài lòng cao.
3. Kết quả thực hiện Quy tắc này là một tiêu chí bình xét danh hiệu thi đua của tập thể, cá nhân.
4. Cá nhân vi phạm ở mức trung bình trở lên không được xét danh hiệu thi đua trong năm vi phạm.
"""

# (code, group_code, title, citizen_title, description, default_severity, article_number, clause_number)
NORMS: list[tuple] = [
    # Giờ giấc, kỷ luật hành chính - Điều 4
    (
        "GG-01",
        "working_hours",
        "Đi muộn",
        "Cán bộ đến muộn, để tôi phải chờ",
        "Có mặt tại nơi làm việc sau thời điểm bắt đầu giờ làm việc theo quy định.",
        "minor",
        4,
        1,
    ),
    (
        "GG-02",
        "working_hours",
        "Về sớm",
        "Cán bộ về sớm trước giờ kết thúc làm việc",
        "Rời nơi làm việc trước thời điểm kết thúc giờ làm việc khi chưa được lãnh đạo cho phép.",
        "minor",
        4,
        1,
    ),
    (
        "GG-03",
        "working_hours",
        "Kéo dài thời gian nghỉ trưa",
        "Đã hết giờ nghỉ trưa nhưng cán bộ chưa có mặt để làm việc",
        "Không có mặt tại nơi làm việc khi đã hết thời gian nghỉ trưa theo quy định.",
        "minor",
        4,
        1,
    ),
    (
        "GG-04",
        "working_hours",
        "Nghỉ làm không có lý do",
        "",
        "Vắng mặt cả buổi hoặc cả ngày làm việc mà không có đơn, không báo cáo và không được thủ trưởng đồng ý.",
        "moderate",
        4,
        2,
    ),
    (
        "GG-05",
        "working_hours",
        "Rời cơ quan làm việc riêng trong giờ làm việc",
        "Cán bộ vắng mặt tại chỗ làm việc trong giờ hành chính, không rõ lý do",
        "Tự ý rời khỏi cơ quan trong giờ làm việc để giải quyết việc riêng, đi chợ, ngồi quán; "
        "không báo cáo, không ghi sổ theo dõi.",
        "moderate",
        4,
        3,
    ),
    (
        "GG-06",
        "working_hours",
        "Uống rượu bia trong giờ làm việc",
        "Cán bộ có biểu hiện đã uống rượu, bia khi làm việc với tôi",
        "Uống rượu, bia, đồ uống có cồn trong giờ làm việc, giờ nghỉ trưa của ngày làm việc hoặc ngày trực.",
        "serious",
        4,
        4,
    ),
    (
        "GG-07",
        "working_hours",
        "Đi họp muộn, làm việc riêng trong cuộc họp",
        "",
        "Tham dự hội họp, hội nghị không đúng giờ, không đúng thành phần hoặc làm việc riêng trong cuộc họp.",
        "minor",
        4,
        6,
    ),
    # Tinh thần, thái độ làm việc - Điều 5
    (
        "TT-01",
        "attitude",
        "Thiếu trách nhiệm, giải quyết công việc chậm trễ",
        "Cán bộ thiếu trách nhiệm, giải quyết việc của tôi chậm trễ",
        "Không tận tụy, không chủ động; giải quyết công việc không đúng quy trình hoặc không đúng thời hạn.",
        "moderate",
        5,
        1,
    ),
    (
        "TT-02",
        "attitude",
        "Gây phiền hà, sách nhiễu người dân",
        "Cán bộ gây khó dễ, sách nhiễu khi tôi đến làm thủ tục",
        "Có hành vi làm khó, gây phiền hà, sách nhiễu người dân, doanh nghiệp, kể cả gợi ý hoặc đòi "
        "“bồi dưỡng”, “cảm ơn”.",
        "serious",
        5,
        2,
    ),
    (
        "TT-03",
        "attitude",
        "Yêu cầu bổ sung giấy tờ ngoài quy định",
        "Cán bộ yêu cầu tôi nộp thêm giấy tờ không có trong quy định",
        "Yêu cầu người dân, doanh nghiệp nộp thêm giấy tờ, hồ sơ không thuộc thành phần hồ sơ đã được công bố.",
        "moderate",
        5,
        2,
    ),
    (
        "TT-04",
        "attitude",
        "Hẹn lại nhiều lần, kéo dài thời gian giải quyết hồ sơ",
        "Cán bộ hẹn đi hẹn lại nhiều lần, hồ sơ của tôi bị kéo dài",
        "Hẹn lại người dân nhiều lần hoặc cố ý kéo dài thời gian giải quyết hồ sơ không có lý do chính đáng.",
        "moderate",
        5,
        2,
    ),
    (
        "TT-05",
        "attitude",
        "Hồ sơ trễ hạn không có phiếu xin lỗi",
        "Hồ sơ của tôi bị trễ hạn nhưng không nhận được phiếu xin lỗi, hẹn lại",
        "Để hồ sơ quá hạn giải quyết mà không gửi phiếu xin lỗi và hẹn lại ngày trả kết quả cho người dân.",
        "minor",
        5,
        3,
    ),
    (
        "TT-06",
        "attitude",
        "Đùn đẩy, né tránh trách nhiệm",
        "Cán bộ đùn đẩy, bảo tôi sang nơi khác hỏi",
        "Né tránh, đùn đẩy hoặc chuyển việc thuộc thẩm quyền của mình cho người khác, cơ quan khác.",
        "moderate",
        5,
        4,
    ),
    (
        "TT-07",
        "attitude",
        "Sử dụng điện thoại việc riêng khi tiếp công dân",
        "Cán bộ dùng điện thoại việc riêng khi làm việc với tôi",
        "Nghe, gọi, nhắn tin hoặc lướt điện thoại di động vào việc riêng khi đang tiếp, làm việc với người dân.",
        "minor",
        5,
        5,
    ),
    (
        "TT-08",
        "attitude",
        "Chơi trò chơi điện tử, làm việc riêng trong giờ làm việc",
        "Cán bộ chơi điện tử, làm việc riêng trong giờ làm việc",
        "Chơi trò chơi điện tử, xem phim, lướt mạng xã hội, buôn bán hoặc tụ tập nói chuyện trong giờ làm việc.",
        "minor",
        5,
        5,
    ),
    # Giao tiếp, ứng xử - Điều 6, 7, 8, 9
    (
        "GT-01",
        "communication",
        "Không thực hiện “4 xin, 4 luôn”",
        "Cán bộ không chào hỏi, không lắng nghe khi tôi đến làm việc",
        "Không thực hiện “4 xin” (xin chào, xin lỗi, xin cảm ơn, xin phép) và “4 luôn” (luôn mỉm cười, "
        "luôn nhẹ nhàng, luôn lắng nghe, luôn giúp đỡ).",
        "minor",
        6,
        1,
    ),
    (
        "GT-02",
        "communication",
        "Thái độ thiếu niềm nở, xưng hô không phù hợp",
        "Cán bộ thiếu niềm nở, xưng hô không phù hợp với tôi",
        "Tiếp người dân với thái độ lạnh nhạt, xưng hô không phù hợp với độ tuổi, giới tính hoặc phân biệt đối xử.",
        "minor",
        6,
        2,
    ),
    (
        "GT-03",
        "communication",
        "Dùng lời lẽ thô tục, hách dịch, cửa quyền",
        "Cán bộ nói năng thô lỗ, hách dịch với tôi",
        "Dùng lời lẽ thô tục, cộc cằn, hách dịch, cửa quyền hoặc có thái độ coi thường người dân.",
        "moderate",
        6,
        3,
    ),
    (
        "GT-04",
        "communication",
        "Hướng dẫn không đầy đủ, để người dân đi lại nhiều lần",
        "Cán bộ hướng dẫn không rõ ràng, tôi phải đi lại nhiều lần",
        "Không hướng dẫn đầy đủ, rõ ràng, một lần để người dân hoàn thiện hồ sơ.",
        "moderate",
        6,
        4,
    ),
    (
        "GT-05",
        "communication",
        "Không ưu tiên người cao tuổi, người khuyết tật, phụ nữ mang thai",
        "Người cao tuổi, người khuyết tật không được ưu tiên giải quyết trước",
        "Không ưu tiên giải quyết trước cho người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công.",
        "minor",
        6,
        6,
    ),
    (
        "GT-06",
        "communication",
        "Không nghe điện thoại hoặc nhấc máy chậm",
        "Tôi gọi điện đến cơ quan nhưng không có người nghe máy",
        "Không nhấc máy sau ba hồi chuông hoặc tắt điện thoại công vụ trong giờ làm việc.",
        "minor",
        7,
        1,
    ),
    (
        "GT-07",
        "communication",
        "Không xưng danh khi nghe, gọi điện thoại",
        "Cán bộ nghe điện thoại không xưng tên, không giới thiệu cơ quan",
        "Khi nghe, gọi điện thoại không xưng danh, không giới thiệu tên cơ quan, đơn vị nơi công tác.",
        "minor",
        7,
        2,
    ),
    (
        "GT-08",
        "communication",
        "Để người gọi điện chờ lâu",
        "Tôi gọi điện và bị để chờ rất lâu",
        "Để người gọi chờ lâu mà không xin lỗi, không hẹn gọi lại hoặc không gọi lại đúng hẹn.",
        "minor",
        7,
        4,
    ),
    (
        "GT-09",
        "communication",
        "Ngắt điện thoại đột ngột",
        "Cán bộ tắt máy ngang khi đang nói chuyện với tôi",
        "Tự ý ngắt cuộc gọi khi chưa kết thúc trao đổi, không chào hỏi, cảm ơn khi kết thúc cuộc gọi.",
        "minor",
        7,
        5,
    ),
    (
        "GT-10",
        "communication",
        "Gây mất đoàn kết nội bộ",
        "",
        "Nói xấu, đố kỵ, gây mất đoàn kết trong cơ quan, đơn vị.",
        "moderate",
        8,
        2,
    ),
    (
        "GT-11",
        "communication",
        "Hách dịch, trù dập cấp dưới",
        "",
        "Người có chức vụ hách dịch, trù dập, bao che cấp dưới hoặc chuyên quyền, độc đoán.",
        "moderate",
        9,
        2,
    ),
    # Đạo đức, lối sống - Điều 10
    (
        "DD-01",
        "ethics",
        "Lợi dụng chức vụ, quyền hạn để trục lợi",
        "Cán bộ lợi dụng chức vụ, quyền hạn để vụ lợi",
        "Lợi dụng chức vụ, quyền hạn được giao để trục lợi, vụ lợi cho bản thân hoặc người khác.",
        "serious",
        10,
        1,
    ),
    (
        "DD-02",
        "ethics",
        "Nhận tiền, quà của người dân, doanh nghiệp",
        "Cán bộ nhận tiền, quà khi giải quyết việc cho tôi",
        "Nhận tiền, quà tặng hoặc lợi ích khác của người dân, doanh nghiệp liên quan đến công việc mình giải quyết.",
        "serious",
        10,
        2,
    ),
    (
        "DD-03",
        "ethics",
        "Tham gia đánh bạc, cá độ",
        "",
        "Tham gia đánh bạc, cá độ dưới bất kỳ hình thức nào.",
        "serious",
        10,
        3,
    ),
    (
        "DD-04",
        "ethics",
        "Tham gia hoạt động mê tín dị đoan",
        "",
        "Tham gia các hoạt động mê tín dị đoan hoặc lợi dụng tín ngưỡng, tôn giáo để trục lợi.",
        "moderate",
        10,
        4,
    ),
    (
        "DD-05",
        "ethics",
        "Đăng tải, chia sẻ thông tin sai sự thật",
        "Cán bộ đăng tải, chia sẻ thông tin sai sự thật trên mạng xã hội",
        "Tạo, đăng tải, chia sẻ thông tin sai sự thật, xuyên tạc, chưa được kiểm chứng trên mạng xã hội.",
        "moderate",
        10,
        5,
    ),
    (
        "DD-06",
        "ethics",
        "Không gương mẫu tại nơi cư trú",
        "Cán bộ không gương mẫu chấp hành quy định tại khu dân cư nơi tôi sinh sống",
        "Không chấp hành quy định của địa phương, không tham gia hoạt động của tổ dân phố, thôn nơi cư trú.",
        "minor",
        10,
        6,
    ),
    (
        "DD-07",
        "ethics",
        "Tổ chức cưới hỏi, tiệc tùng để vụ lợi",
        "",
        "Lợi dụng việc tổ chức cưới hỏi, sinh nhật, mừng thọ, tân gia để nhận quà, vụ lợi.",
        "moderate",
        10,
        7,
    ),
    # Trang phục, thẻ cán bộ, công chức - Điều 11
    (
        "TP-01",
        "dress",
        "Trang phục không gọn gàng, lịch sự",
        "Cán bộ ăn mặc không lịch sự khi làm việc",
        "Mặc trang phục không gọn gàng, không lịch sự, không phù hợp với tính chất công việc.",
        "minor",
        11,
        1,
    ),
    (
        "TP-02",
        "dress",
        "Đi dép lê, mặc quần soóc trong giờ làm việc",
        "Cán bộ đi dép lê, mặc quần soóc khi làm việc",
        "Mặc quần soóc, áo không tay, áo phông không cổ, váy ngắn hoặc đi dép lê trong giờ làm việc.",
        "minor",
        11,
        1,
    ),
    (
        "TP-03",
        "dress",
        "Không mặc đồng phục theo quy định",
        "",
        "Cán bộ, công chức, viên chức được cấp trang phục riêng nhưng không mặc đúng quy định của ngành.",
        "minor",
        11,
        2,
    ),
    (
        "TP-04",
        "dress",
        "Không đeo thẻ công chức",
        "Cán bộ không đeo thẻ, tôi không biết tên người làm việc với mình",
        "Không đeo thẻ cán bộ, công chức, viên chức trong giờ làm việc, nhất là tại Bộ phận một cửa.",
        "minor",
        11,
        4,
    ),
    (
        "TP-05",
        "dress",
        "Cho người khác mượn thẻ hoặc đeo thẻ của người khác",
        "",
        "Cho người khác mượn thẻ cán bộ, công chức, viên chức hoặc đeo thẻ của người khác.",
        "moderate",
        11,
        5,
    ),
    # Công sở - Điều 4 khoản 5, Điều 12
    (
        "CS-01",
        "premises",
        "Hút thuốc lá tại công sở",
        "Cán bộ hút thuốc lá trong phòng làm việc",
        "Hút thuốc lá trong phòng làm việc, phòng họp, hội trường hoặc khuôn viên công sở.",
        "moderate",
        4,
        5,
    ),
    (
        "CS-02",
        "premises",
        "Không có biển tên cơ quan",
        "Trụ sở cơ quan không có biển tên, tôi khó tìm nơi làm thủ tục",
        "Trụ sở cơ quan, đơn vị không có biển tên tại cổng chính hoặc biển tên ghi không đầy đủ tên gọi, địa chỉ.",
        "minor",
        12,
        1,
    ),
    (
        "CS-03",
        "premises",
        "Không có biển chức danh tại bàn làm việc",
        "Bàn làm việc không có biển tên, chức danh của cán bộ",
        "Bàn làm việc không đặt biển chức danh ghi rõ họ và tên, chức danh của người làm việc.",
        "minor",
        12,
        3,
    ),
    (
        "CS-04",
        "premises",
        "Phòng làm việc bừa bộn, mất vệ sinh",
        "",
        "Phòng làm việc không gọn gàng, sạch sẽ; hồ sơ, tài liệu, đồ dùng cá nhân để bừa bãi.",
        "minor",
        12,
        4,
    ),
    (
        "CS-05",
        "premises",
        "Nấu ăn, nuôi vật nuôi trong công sở",
        "",
        "Nấu ăn, đun nấu, nuôi chó, mèo, vật nuôi khác hoặc phơi quần áo trong công sở.",
        "minor",
        12,
        5,
    ),
    (
        "CS-06",
        "premises",
        "Thắp hương, đốt vàng mã trong công sở",
        "",
        "Lập bàn thờ, thắp hương, đốt vàng mã trong phòng làm việc hoặc khuôn viên công sở.",
        "moderate",
        12,
        6,
    ),
]

PROVINCIAL_REGULATION_TEXT: str = """\
QUY CHẾ
Văn hóa công vụ tại các cơ quan, đơn vị trên địa bàn tỉnh Hà Tĩnh
(Ban hành kèm theo Quyết định số 20/2019/QĐ-UBND ngày 10/5/2019 của UBND tỉnh Hà Tĩnh)

Chương 1
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng
1. Quy chế này quy định về tinh thần, thái độ làm việc, chuẩn mực giao tiếp, ứng xử, trang phục
và cảnh quan công sở trong hoạt động công vụ.
2. Quy chế này áp dụng đối với cán bộ, công chức, viên chức và người lao động tại các cơ quan hành chính,
đơn vị sự nghiệp công lập thuộc tỉnh, các huyện, thành phố, thị xã và các xã, phường, thị trấn.

Điều 2. Nguyên tắc thực hiện
1. Phù hợp với quy định của pháp luật, truyền thống văn hóa của dân tộc và đặc điểm của địa phương.
2. Bảo đảm tính công khai, minh bạch, dân chủ; lấy sự hài lòng của người dân, tổ chức làm thước đo.

Chương 2
NỘI DUNG VĂN HÓA CÔNG VỤ

Điều  3 .  Trang phục
1. Khi thực hiện nhiệm vụ, cán bộ, công chức, viên chức phải mặc trang phục gọn gàng, lịch sự.
2. Cán bộ, công chức, viên chức được cấp trang phục riêng thì thực hiện theo quy định của ngành.

Điều 4. Thẻ cán bộ, công chức, viên chức
1. Cán bộ, công chức, viên chức phải đeo thẻ trong khi thực hiện nhiệm vụ.
2. Thẻ có ảnh, họ và tên, chức danh, tên cơ quan, đơn vị theo mẫu do Sở Nội vụ hướng dẫn.

Điều 5. Giao tiếp và ứng xử
1. Trong giao tiếp và ứng xử với Nhân dân, cán bộ, công chức, viên chức phải:
a) Có thái độ lịch sự, tôn trọng; ngôn ngữ giao tiếp chuẩn mực, rõ ràng, mạch lạc;
b) Lắng nghe ý kiến, giải thích, hướng dẫn rõ ràng, cụ thể các quy định liên quan;
c) Không hách dịch, cửa quyền, gây khó khăn, phiền hà khi thực hiện nhiệm vụ.
2. Trong giao tiếp và ứng xử với đồng nghiệp, phải có thái độ trung thực, thân thiện, hợp tác.
3. Khi giao tiếp qua điện thoại phải xưng tên, cơ quan, đơn vị nơi công tác; trao đổi ngắn gọn.

Điều 6. Bài trí công sở
1. Cơ quan, đơn vị phải có biển tên đặt tại cổng chính, ghi rõ tên gọi đầy đủ bằng tiếng Việt và địa chỉ.
2. Việc bố trí, sắp xếp nơi làm việc phải bảo đảm gọn gàng, ngăn nắp, khoa học, hợp lý.
3. Không hút thuốc lá trong phòng làm việc; không uống rượu, bia trong giờ làm việc.

Chương 3
TỔ CHỨC THỰC HIỆN

Điều 7. Trách nhiệm thi hành
1. Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm tổ chức triển khai, kiểm tra việc thực hiện Quy chế này.
2. Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan theo dõi, kiểm tra, tổng hợp
kết quả thực hiện, báo cáo UBND tỉnh.

Điều 8. Khen thưởng và xử lý vi phạm
1. Tập thể, cá nhân thực hiện tốt Quy chế này được xem xét khen thưởng theo quy định.
2. Cán bộ, công chức, viên chức vi phạm Quy chế này thì tùy theo tính chất, mức độ bị xử lý theo quy định.
"""
