<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Please hold your My Number Card over the reader</source>
        <translation>마이넘버 카드를 카드 리더기에 대 주세요</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — shelter entrance</source>
        <translation>{name} — 대피소 입구</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>No card? Please ask staff.</source>
        <translation>카드가 없나요? 직원에게 말해 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Call staff</source>
        <translation>직원 부르기</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff are on their way. Please wait here.</source>
        <translation>직원이 오고 있습니다. 여기서 기다려 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>A card held over the card reader</source>
        <translation>카드를 리더기에 대는 그림</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff sign-in</source>
        <translation>직원 로그인</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="52" />
        <source>Reading… keep the card still</source>
        <translation>읽는 중… 카드를 움직이지 마세요</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="57" />
        <source>or show your QR code to the camera</source>
        <translation>또는 QR 코드를 카메라에 보여 주세요</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="59" />
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="56" />
        <source>Please hold your card over the reader</source>
        <translation>카드를 리더기에 대 주세요</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Asking the city's system for your registration</source>
        <translation>시청 시스템에 등록 정보를 확인하고 있습니다</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</source>
        <translation>패스로 임시 접수했습니다(오프라인). 직원 안내: 이름과 가족 정보는 다음 동기화 때 도착합니다.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="126" />
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="132" />
        <source>Welcome. You are checked in.</source>
        <translation>어서 오세요. 접수되었습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="134" />
        <source>You are checked out. Take care.</source>
        <translation>외출이 접수되었습니다. 조심히 다녀오세요.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="138" />
        <source>Your household here: {names}</source>
        <translation>이 대피소에 있는 가족: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="139" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="147" />
        <source>Sorry</source>
        <translation>죄송합니다</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Check out</source>
        <translation>외출하기</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>You are already checked in.</source>
        <translation>이미 접수되어 있습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Already recorded (nothing was changed).</source>
        <translation>이미 기록되어 있습니다(바뀐 것은 없습니다).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Leaving the shelter? Press 'Check out'.</source>
        <translation>대피소에서 나가시나요? '외출하기'를 누르세요.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</source>
        <translation>이 대피소에는 아직 등록 정보가 없습니다. 카드의 4자리 비밀번호를 입력하면 등록 정보를 이곳으로 가져옵니다.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This card is not registered. Please register at the staff desk.</source>
        <translation>이 카드는 등록되어 있지 않습니다. 직원 창구에서 등록해 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Your registration is not shared with shelters. Please go to the staff desk.</source>
        <translation>등록 정보가 대피소와 공유되어 있지 않습니다. 직원 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="14" />
        <source>We could not find you. Please go to the staff desk.</source>
        <translation>등록 정보를 찾을 수 없습니다. 직원 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>This code cannot be used. Please go to the staff desk.</source>
        <translation>이 코드는 사용할 수 없습니다. 직원 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>This code has expired. Show a new one, or go to the staff desk.</source>
        <translation>이 코드는 기한이 지났습니다. 새 코드를 보여 주거나 직원 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</source>
        <translation>이 코드는 폐기된 키로 서명되어 사용할 수 없습니다. 직원 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This is not a shelter pass. Please go to the staff desk.</source>
        <translation>대피소 패스가 아닙니다. 직원 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>This code is not one we know. Please go to the staff desk.</source>
        <translation>알 수 없는 코드입니다. 직원 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>This shelter is closed. Please ask the staff.</source>
        <translation>이 대피소는 닫혀 있습니다. 직원에게 물어봐 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32" />
        <source>This kiosk is not set up yet. Please ask the staff.</source>
        <translation>이 단말기는 아직 준비 중입니다. 직원에게 물어봐 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>비밀번호가 틀렸습니다. {tries}번 남았습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46" />
        <source>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</source>
        <translation>비밀번호 기회가 1번만 남아 이 단말기에서는 시도하지 않습니다. 비밀번호는 시청에서 다시 설정할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>The card moved away too soon. Please hold it still and try again.</source>
        <translation>카드가 너무 빨리 떨어졌습니다. 움직이지 말고 다시 대 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>No card on the reader. Please place your card on the reader.</source>
        <translation>리더기에 카드가 없습니다. 카드를 리더기에 올려 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59" />
        <source>This card cannot be used. Please use your My Number Card.</source>
        <translation>이 카드는 사용할 수 없습니다. 마이넘버 카드를 사용해 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>The PIN is 4 digits.</source>
        <translation>비밀번호는 4자리입니다.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63" />
        <source>This card's PIN is locked. It can be unlocked at the city office.</source>
        <translation>이 카드의 비밀번호가 잠겼습니다. 시청에서 풀 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66" />
        <source>This card could not be verified. Please call a supervisor.</source>
        <translation>이 카드를 확인할 수 없습니다. 책임자를 불러 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This card's certificate has expired.</source>
        <translation>이 카드의 전자 증명서는 기한이 지났습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75" />
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>카드 리더기가 작동하지 않습니다. 직원에게 물어봐 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78" />
        <source>The card reader is not connected. Please ask the staff.</source>
        <translation>카드 리더기가 연결되어 있지 않습니다. 직원에게 물어봐 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>카드를 읽을 수 없습니다. 다시 시도해 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="96" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="97" />
        <source>Furigana</source>
        <translation>후리가나(읽는 법)</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="98" />
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="99" />
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="100" />
        <source>Birth date</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101" />
        <source>Relation</source>
        <translation>관계</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="102" />
        <source>Allergies</source>
        <translation>알레르기</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="103" />
        <source>Medication</source>
        <translation>복용 중인 약</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="104" />
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="105" />
        <source>Shelter name</source>
        <translation>대피소 이름</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="106" />
        <source>Staff name</source>
        <translation>직원 이름</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="107" />
        <source>Answer</source>
        <translation>답변</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="114" />
        <source>is not text</source>
        <translation>이(가) 글자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="115" />
        <source>must not be empty</source>
        <translation>을(를) 입력해 주세요</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="116" />
        <source>is too long</source>
        <translation>이(가) 너무 깁니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="118" />
        <source>contains a control character or line break</source>
        <translation>에 제어 문자나 줄바꿈이 있습니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="121" />
        <source>contains an invisible formatting character</source>
        <translation>에 보이지 않는 서식 문자가 있습니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="123" />
        <source>contains a broken character</source>
        <translation>에 깨진 문자가 있습니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="125" />
        <source>contains a character that cannot be exchanged (private use)</source>
        <translation>에 다른 단말기와 주고받을 수 없는 문자(외자)가 있습니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="129" />
        <source>has characters this field does not allow</source>
        <translation>에 쓸 수 없는 문자가 있습니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="131" />
        <source>is not a date (YYYY-MM-DD)</source>
        <translation>이(가) 날짜(YYYY-MM-DD)가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="132" />
        <source>is in the future</source>
        <translation>이(가) 미래의 날짜입니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="133" />
        <source>is too long ago</source>
        <translation>이(가) 너무 오래된 날짜입니다</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="142" />
        <source>{field}: {reason}</source>
        <translation>{field}{reason}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets.py" line="180" />
        <source>4-digit PIN</source>
        <translation>4자리 비밀번호</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="181" />
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="182" />
        <source>OK</source>
        <translation>확인</translation>
    </message>
</context>
</TS>
