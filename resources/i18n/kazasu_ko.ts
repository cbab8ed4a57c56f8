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
        <source>{name} — event entrance</source>
        <translation>{name} — 행사 입구</translation>
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
        <location filename="../../ui/messages.py" line="68" />
        <source>The kiosk could not finish this. Please ask the staff.</source>
        <translation>이 단말기에서 처리를 마치지 못했습니다. 직원에게 물어봐 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>카드를 읽을 수 없습니다. 다시 시도해 주세요.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/forms.py" line="350" />
        <source>Suggest a reading</source>
        <translation>읽는 법 후보 넣기</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="336" />
        <source>Suggested reading — please check</source>
        <translation>읽는 법 후보입니다. 확인해 주세요</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="338" />
        <source>No reading to suggest — please type it</source>
        <translation>읽는 법 후보가 없습니다. 직접 입력해 주세요</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="171" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="172" />
        <source>Furigana</source>
        <translation>후리가나(이름 읽는 법)</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="173" />
        <source>Sex</source>
        <translation>성별</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="174" />
        <source>Birth date</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="175" />
        <source>Relation to representative</source>
        <translation>대표자와의 관계</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="176" />
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="177" />
        <source>Phone</source>
        <translation>전화번호</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="178" />
        <source>Pregnant</source>
        <translation>임신 중</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="179" />
        <source>Nursing</source>
        <translation>수유 중</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="180" />
        <source>Care required</source>
        <translation>돌봄이 필요함</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="181" />
        <source>Disabilities</source>
        <translation>장애</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="182" />
        <source>Allergies</source>
        <translation>알레르기</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="183" />
        <source>Medication</source>
        <translation>복용 중인 약</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="184" />
        <source>Whereabouts may be told to relatives</source>
        <translation>친척에게 있는 곳을 알려도 됨</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>Safety may be published</source>
        <translation>안부를 공개해도 됨</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>The safety list may also name my shelter</source>
        <translation>안부 정보에 대피소 이름도 공개해도 됨</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="186" />
        <source>Protected (DV): never disclose</source>
        <translation>보호 대상(가정폭력 등): 절대 공개하지 않음</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="192" />
        <source>Unknown</source>
        <translation>모름</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="193" />
        <source>Male</source>
        <translation>남성</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="194" />
        <source>Female</source>
        <translation>여성</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="195" />
        <source>Not applicable</source>
        <translation>해당 없음</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="196" />
        <source>Physical</source>
        <translation>지체</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="197" />
        <source>Visual</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="198" />
        <source>Hearing</source>
        <translation>청각</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="199" />
        <source>Mental</source>
        <translation>정신</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="200" />
        <source>Intellectual</source>
        <translation>지적</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="201" />
        <source>Developmental</source>
        <translation>발달</translation>
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
<context>
    <name>WalkInWizard</name>
    <message>
        <location filename="../../ui/screens/walkin.py" line="169" />
        <source>Reading the card… keep it still</source>
        <translation>카드를 읽는 중… 움직이지 마세요</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="203" />
        <source>Some characters could not be read (〓). Compare with the card.</source>
        <translation>읽을 수 없는 문자가 있습니다(〓). 카드와 비교해 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="212" />
        <source>Add a member</source>
        <translation>세대원 추가</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="263" />
        <source>Not registered: {reason}</source>
        <translation>등록하지 못했습니다: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Save as PDF</source>
        <translation>PDF로 저장</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="289" />
        <source>Read name and address from the card</source>
        <translation>카드에서 이름과 주소 읽기</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="292" />
        <source>Place the card on the reader and enter its 4-digit PIN for the card's details.</source>
        <translation>카드를 리더기에 올리고 권면 사항 입력 보조용 4자리 비밀번호를 입력해 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="298" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>1번 남음: 이 단말기에서는 비밀번호를 시도하지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="300" />
        <source>PIN tries left: {tries}</source>
        <translation>남은 비밀번호 시도 횟수: {tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="301" />
        <source>Type the details instead</source>
        <translation>직접 입력하기</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="302" />
        <source>Representative</source>
        <translation>대표자</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="303" />
        <source>Other members</source>
        <translation>다른 세대원</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="305" />
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="306" />
        <source>Staying at</source>
        <translation>머무는 곳</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="308" />
        <source>In the shelter</source>
        <translation>대피소</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="309" />
        <source>At home</source>
        <translation>자택</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="310" />
        <source>In a car</source>
        <translation>차 안</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="311" />
        <source>In a tent</source>
        <translation>텐트</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="312" />
        <source>Elsewhere</source>
        <translation>기타</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="316" />
        <source>Register</source>
        <translation>등록</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="317" />
        <source>Start over</source>
        <translation>처음부터 다시</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="318" />
        <source>Registered</source>
        <translation>등록되었습니다</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="320" />
        <source>Show this code at the entrance next time, or tap the card.</source>
        <translation>다음에는 입구에서 이 코드를 보여 주거나 카드를 대 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print receipt</source>
        <translation>접수표 인쇄</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="323" />
        <source>Finish</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="455" />
        <source>This may be the same person as someone already registered. Compare before saving.</source>
        <translation>이미 등록된 사람과 같은 사람일 수 있습니다. 저장하기 전에 비교해 주세요.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="362" />
        <source>Birth date: {date}</source>
        <translation>생년월일: {date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="365" />
        <source>Household: {name}</source>
        <translation>세대: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="366" />
        <source>Shelter: {name}</source>
        <translation>대피소: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="371" />
        <source>Protected (DV): never disclose</source>
        <translation>보호 대상(가정폭력 등): 절대 공개하지 않음</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="389" />
        <source>Checked in: {name}</source>
        <translation>입소했습니다: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="462" />
        <source>This is the same person: check them in</source>
        <translation>같은 사람입니다: 입소 처리</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="463" />
        <source>A different person: register</source>
        <translation>다른 사람입니다: 등록</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="464" />
        <source>Back to the form</source>
        <translation>입력으로 돌아가기</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Print pass</source>
        <translation>접수증 인쇄</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print pass (PDF)</source>
        <translation>접수증 인쇄(PDF)</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Additional questions</source>
        <translation>추가 질문</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>YYYY-MM-DD</source>
        <translation>예: 1950-02-03 (서기)</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: {text} is not a number</source>
        <translation>{label}: {text}은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: write the date as 1950-02-03</source>
        <translation>{label}: 날짜를 1950-02-03처럼 써 주세요</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
</TS>
