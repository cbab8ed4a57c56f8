<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Please hold your My Number Card over the reader</source>
        <translation>Hãy đặt thẻ My Number lên máy đọc thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — shelter entrance</source>
        <translation>{name} — Lối vào nơi sơ tán</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — event entrance</source>
        <translation>{name} — Lối vào sự kiện</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>No card? Please ask staff.</source>
        <translation>Không có thẻ? Hãy hỏi nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Call staff</source>
        <translation>Gọi nhân viên</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff are on their way. Please wait here.</source>
        <translation>Nhân viên đang đến. Hãy chờ ở đây.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>A card held over the card reader</source>
        <translation>Hình thẻ đặt lên máy đọc thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff sign-in</source>
        <translation>Nhân viên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="52" />
        <source>Reading… keep the card still</source>
        <translation>Đang đọc… Hãy giữ yên thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="57" />
        <source>or show your QR code to the camera</source>
        <translation>hoặc đưa mã QR trước camera</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="59" />
        <source>Staff</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="56" />
        <source>Please hold your card over the reader</source>
        <translation>Hãy đặt thẻ lên máy đọc thẻ</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Asking the city's system for your registration</source>
        <translation>Đang hỏi hệ thống của thành phố về đăng ký của bạn</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</source>
        <translation>Đã tạm nhận vào bằng thẻ thông hành (ngoại tuyến). Nhân viên: tên và hộ gia đình sẽ có ở lần đồng bộ tới.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="126" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="132" />
        <source>Welcome. You are checked in.</source>
        <translation>Xin chào. Bạn đã được tiếp nhận.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="134" />
        <source>You are checked out. Take care.</source>
        <translation>Đã ghi nhận bạn ra ngoài. Hãy cẩn thận.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="138" />
        <source>Your household here: {names}</source>
        <translation>Gia đình bạn ở đây: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="139" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="147" />
        <source>Sorry</source>
        <translation>Xin lỗi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Check out</source>
        <translation>Ra ngoài</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>You are already checked in.</source>
        <translation>Bạn đã được tiếp nhận rồi.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Already recorded (nothing was changed).</source>
        <translation>Đã ghi nhận rồi (không có gì thay đổi).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Leaving the shelter? Press 'Check out'.</source>
        <translation>Bạn muốn rời nơi sơ tán? Hãy bấm 'Ra ngoài'.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</source>
        <translation>Nơi sơ tán này chưa có đăng ký của bạn. Hãy nhập mã PIN 4 số của thẻ để chuyển đăng ký đến đây.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This card is not registered. Please register at the staff desk.</source>
        <translation>Thẻ này chưa được đăng ký. Hãy đăng ký tại bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Your registration is not shared with shelters. Please go to the staff desk.</source>
        <translation>Đăng ký của bạn không được chia sẻ với nơi sơ tán. Hãy đến bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="14" />
        <source>We could not find you. Please go to the staff desk.</source>
        <translation>Không tìm thấy đăng ký của bạn. Hãy đến bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>This code cannot be used. Please go to the staff desk.</source>
        <translation>Mã này không dùng được. Hãy đến bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>This code has expired. Show a new one, or go to the staff desk.</source>
        <translation>Mã này đã hết hạn. Hãy đưa mã mới, hoặc đến bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</source>
        <translation>Mã này được ký bằng khóa đã bị thu hồi nên không dùng được. Hãy đến bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This is not a shelter pass. Please go to the staff desk.</source>
        <translation>Đây không phải thẻ thông hành nơi sơ tán. Hãy đến bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>This code is not one we know. Please go to the staff desk.</source>
        <translation>Mã này không nhận ra được. Hãy đến bàn nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>This shelter is closed. Please ask the staff.</source>
        <translation>Nơi sơ tán này đã đóng. Hãy hỏi nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32" />
        <source>This kiosk is not set up yet. Please ask the staff.</source>
        <translation>Máy này chưa được cài đặt. Hãy hỏi nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>Sai mã PIN. Còn {tries} lần thử.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46" />
        <source>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</source>
        <translation>Chỉ còn 1 lần thử mã PIN nên máy sẽ không thử. Có thể đặt lại mã PIN tại ủy ban thành phố.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>The card moved away too soon. Please hold it still and try again.</source>
        <translation>Thẻ bị rời ra quá sớm. Hãy giữ yên và thử lại.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>No card on the reader. Please place your card on the reader.</source>
        <translation>Không có thẻ trên máy đọc. Hãy đặt thẻ lên máy đọc.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59" />
        <source>This card cannot be used. Please use your My Number Card.</source>
        <translation>Thẻ này không dùng được. Hãy dùng thẻ My Number.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>The PIN is 4 digits.</source>
        <translation>Mã PIN gồm 4 chữ số.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63" />
        <source>This card's PIN is locked. It can be unlocked at the city office.</source>
        <translation>Mã PIN của thẻ này đã bị khóa. Có thể mở khóa tại ủy ban thành phố.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66" />
        <source>This card could not be verified. Please call a supervisor.</source>
        <translation>Không xác minh được thẻ này. Hãy gọi người phụ trách.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This card's certificate has expired.</source>
        <translation>Chứng thư điện tử của thẻ này đã hết hạn.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75" />
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>Máy đọc thẻ không hoạt động. Hãy hỏi nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78" />
        <source>The card reader is not connected. Please ask the staff.</source>
        <translation>Máy đọc thẻ chưa được kết nối. Hãy hỏi nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68" />
        <source>The kiosk could not finish this. Please ask the staff.</source>
        <translation>Máy này không hoàn tất được. Hãy hỏi nhân viên.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>Không đọc được thẻ. Hãy thử lại.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/forms.py" line="350" />
        <source>Suggest a reading</source>
        <translation>Gợi ý cách đọc</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="336" />
        <source>Suggested reading — please check</source>
        <translation>Cách đọc được gợi ý — hãy kiểm tra</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="338" />
        <source>No reading to suggest — please type it</source>
        <translation>Không có gợi ý cách đọc — hãy tự nhập</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="171" />
        <source>Name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="172" />
        <source>Furigana</source>
        <translation>Cách đọc tên (furigana)</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="173" />
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="174" />
        <source>Birth date</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="175" />
        <source>Relation to representative</source>
        <translation>Quan hệ với người đại diện</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="176" />
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="177" />
        <source>Phone</source>
        <translation>Số điện thoại</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="178" />
        <source>Pregnant</source>
        <translation>Đang mang thai</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="179" />
        <source>Nursing</source>
        <translation>Đang cho con bú</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="180" />
        <source>Care required</source>
        <translation>Cần chăm sóc</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="181" />
        <source>Disabilities</source>
        <translation>Khuyết tật</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="182" />
        <source>Allergies</source>
        <translation>Dị ứng</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="183" />
        <source>Medication</source>
        <translation>Thuốc đang dùng</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="184" />
        <source>Whereabouts may be told to relatives</source>
        <translation>Có thể cho người thân biết nơi ở</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>Safety may be published</source>
        <translation>Có thể công bố là an toàn</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>The safety list may also name my shelter</source>
        <translation>Danh sách an toàn cũng có thể ghi tên nơi sơ tán của tôi</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="186" />
        <source>Protected (DV): never disclose</source>
        <translation>Được bảo vệ (bạo lực gia đình): không bao giờ tiết lộ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="192" />
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="193" />
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="194" />
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="195" />
        <source>Not applicable</source>
        <translation>Không áp dụng</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="196" />
        <source>Physical</source>
        <translation>Vận động</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="197" />
        <source>Visual</source>
        <translation>Thị giác</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="198" />
        <source>Hearing</source>
        <translation>Thính giác</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="199" />
        <source>Mental</source>
        <translation>Tâm thần</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="200" />
        <source>Intellectual</source>
        <translation>Trí tuệ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="201" />
        <source>Developmental</source>
        <translation>Phát triển</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets.py" line="180" />
        <source>4-digit PIN</source>
        <translation>Mã PIN 4 số</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="181" />
        <source>Clear</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="182" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>WalkInWizard</name>
    <message>
        <location filename="../../ui/screens/walkin.py" line="169" />
        <source>Reading the card… keep it still</source>
        <translation>Đang đọc thẻ… hãy giữ yên</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="203" />
        <source>Some characters could not be read (〓). Compare with the card.</source>
        <translation>Có ký tự không đọc được (〓). Hãy so với thẻ.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="212" />
        <source>Add a member</source>
        <translation>Thêm thành viên</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="263" />
        <source>Not registered: {reason}</source>
        <translation>Chưa đăng ký được: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Save as PDF</source>
        <translation>Lưu thành PDF</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="289" />
        <source>Read name and address from the card</source>
        <translation>Đọc họ tên và địa chỉ từ thẻ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="292" />
        <source>Place the card on the reader and enter its 4-digit PIN for the card's details.</source>
        <translation>Đặt thẻ lên máy đọc và nhập mã PIN 4 số dùng để đọc thông tin trên thẻ.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="298" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>Còn 1 lần: máy sẽ không thử mã PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="300" />
        <source>PIN tries left: {tries}</source>
        <translation>Số lần thử PIN còn lại: {tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="301" />
        <source>Type the details instead</source>
        <translation>Tự nhập thông tin</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="302" />
        <source>Representative</source>
        <translation>Người đại diện</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="303" />
        <source>Other members</source>
        <translation>Các thành viên khác</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="305" />
        <source>Remove</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="306" />
        <source>Staying at</source>
        <translation>Đang ở</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="308" />
        <source>In the shelter</source>
        <translation>Trong nơi sơ tán</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="309" />
        <source>At home</source>
        <translation>Ở nhà</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="310" />
        <source>In a car</source>
        <translation>Trong xe</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="311" />
        <source>In a tent</source>
        <translation>Trong lều</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="312" />
        <source>Elsewhere</source>
        <translation>Nơi khác</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="316" />
        <source>Register</source>
        <translation>Đăng ký</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="317" />
        <source>Start over</source>
        <translation>Làm lại từ đầu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="318" />
        <source>Registered</source>
        <translation>Đã đăng ký</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="320" />
        <source>Show this code at the entrance next time, or tap the card.</source>
        <translation>Lần sau, hãy đưa mã này ở lối vào, hoặc đặt thẻ.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print receipt</source>
        <translation>In phiếu tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="323" />
        <source>Finish</source>
        <translation>Xong</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="455" />
        <source>This may be the same person as someone already registered. Compare before saving.</source>
        <translation>Có thể đây là người đã đăng ký. Hãy so sánh trước khi lưu.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="362" />
        <source>Birth date: {date}</source>
        <translation>Ngày sinh: {date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="365" />
        <source>Household: {name}</source>
        <translation>Hộ gia đình: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="366" />
        <source>Shelter: {name}</source>
        <translation>Nơi sơ tán: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="371" />
        <source>Protected (DV): never disclose</source>
        <translation>Được bảo vệ (bạo lực gia đình): không bao giờ tiết lộ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="389" />
        <source>Checked in: {name}</source>
        <translation>Đã tiếp nhận: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="462" />
        <source>This is the same person: check them in</source>
        <translation>Là cùng một người: tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="463" />
        <source>A different person: register</source>
        <translation>Là người khác: đăng ký</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="464" />
        <source>Back to the form</source>
        <translation>Quay lại biểu mẫu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Print pass</source>
        <translation>In thẻ thông hành</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print pass (PDF)</source>
        <translation>In thẻ thông hành (PDF)</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Additional questions</source>
        <translation>Câu hỏi thêm</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>YYYY-MM-DD</source>
        <translation>Ví dụ: 1950-02-03 (dương lịch)</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: {text} is not a number</source>
        <translation>{label}: {text} không phải là số</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: write the date as 1950-02-03</source>
        <translation>{label}: hãy viết ngày theo dạng 1950-02-03</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
</TS>
