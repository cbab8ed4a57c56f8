<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Please hold your My Number Card over the reader</source>
        <translation>マイナンバーカードを　カードリーダーに　かざして　ください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — shelter entrance</source>
        <translation>{name}　{避難所|ひなんじょ}の　{入口|いりぐち}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — event entrance</source>
        <translation>{name}　イベントの　うけつけ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>No card? Please ask staff.</source>
        <translation>カードが　ない　{人|ひと}は　{職員|しょくいん}に　{言|い}って　ください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Call staff</source>
        <translation>{職員|しょくいん}を　{呼|よ}ぶ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff are on their way. Please wait here.</source>
        <translation>{職員|しょくいん}が　{来|き}ます。ここで　{待|ま}って　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>A card held over the card reader</source>
        <translation>カードを　{読|よ}み{取|と}り{機|き}に　かざす　{絵|え}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff sign-in</source>
        <translation>{職員|しょくいん}の　サインイン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="52" />
        <source>Reading… keep the card still</source>
        <translation>{読|よ}んで　います。カードを　{動|うご}かさないで　ください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="57" />
        <source>or show your QR code to the camera</source>
        <translation>または　QRコードを　カメラに　{見|み}せて　ください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="59" />
        <source>Staff</source>
        <translation>{職員|しょくいん}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="56" />
        <source>Please hold your card over the reader</source>
        <translation>カードを　かざして　ください</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checking…</source>
        <translation>{調|しら}べて　います…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Asking the city's system for your registration</source>
        <translation>{市|し}の　コンピューターに　あなたの　{登録|とうろく}を　{聞|き}いて　います</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</source>
        <translation>パスで　かりの　うけつけを　しました（オフライン）。しょくいんの　かたへ：なまえと　かぞくは　つぎの　どうきで　とどきます。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="126" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="132" />
        <source>Welcome. You are checked in.</source>
        <translation>ようこそ。{受付|うけつけ}しました。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="134" />
        <source>You are checked out. Take care.</source>
        <translation>{外|そと}に　{出|で}ることを　{受付|うけつけ}しました。{気|き}を　つけて。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="138" />
        <source>Your household here: {names}</source>
        <translation>ここに　いる　かぞく：{names}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="139" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="147" />
        <source>Sorry</source>
        <translation>ごめんなさい</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Check out</source>
        <translation>{外|そと}に　{出|で}る</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>You are already checked in.</source>
        <translation>もう　{受付|うけつけ}して　あります。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Already recorded (nothing was changed).</source>
        <translation>もう　うけつけして　あります（なにも　かわって　いません）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Leaving the shelter? Press 'Check out'.</source>
        <translation>そとに　でますか？「そとに　でる」を　おして　ください。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</source>
        <translation>この　ひなんじょには　まだ　あなたの　とうろくが　ありません。カードの　あんしょうばんごう（4けた）を　いれると、とうろくを　ここに　よびます。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This card is not registered. Please register at the staff desk.</source>
        <translation>この　カードは　とうろく　されて　いません。しょくいんの　ところで　とうろくして　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Your registration is not shared with shelters. Please go to the staff desk.</source>
        <translation>あなたの　とうろくは　ひなんじょに　みせて　いません。しょくいんの　ところへ　いって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="14" />
        <source>We could not find you. Please go to the staff desk.</source>
        <translation>あなたの　とうろくが　みつかりません。しょくいんの　ところへ　いって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>This code cannot be used. Please go to the staff desk.</source>
        <translation>この　コードは　つかえません。しょくいんの　ところへ　いって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>This code has expired. Show a new one, or go to the staff desk.</source>
        <translation>この　コードは　きげんが　きれて　います。あたらしい　コードを　みせるか、しょくいんの　ところへ　いって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</source>
        <translation>この　コードは　もう　つかえません。しょくいんの　ところへ　いって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This is not a shelter pass. Please go to the staff desk.</source>
        <translation>これは　ひなんじょの　パスでは　ありません。しょくいんの　ところへ　いって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>This code is not one we know. Please go to the staff desk.</source>
        <translation>しらない　コードです。しょくいんの　ところへ　いって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>This shelter is closed. Please ask the staff.</source>
        <translation>この　ひなんじょは　しまって　います。しょくいんに　きいて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32" />
        <source>This kiosk is not set up yet. Please ask the staff.</source>
        <translation>この　きかいは　まだ　じゅんびちゅうです。しょくいんに　きいて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>あんしょうばんごうが　ちがいます。あと　{tries}かい　です。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46" />
        <source>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</source>
        <translation>あんしょうばんごうは　あと　1かいしか　ためせないので、この　きかいでは　ためしません。しやくしょで　あたらしく　できます。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>The card moved away too soon. Please hold it still and try again.</source>
        <translation>カードが　はやく　はなれました。うごかさないで　もう　いちど　かざして　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>No card on the reader. Please place your card on the reader.</source>
        <translation>カードが　ありません。カードを　よみとりきに　おいて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59" />
        <source>This card cannot be used. Please use your My Number Card.</source>
        <translation>この　カードは　つかえません。マイナンバーカードを　つかって　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>The PIN is 4 digits.</source>
        <translation>あんしょうばんごうは　4けたです。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63" />
        <source>This card's PIN is locked. It can be unlocked at the city office.</source>
        <translation>この　カードの　あんしょうばんごうは　ロックされて　います。しやくしょで　なおせます。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66" />
        <source>This card could not be verified. Please call a supervisor.</source>
        <translation>この　カードを　たしかめられませんでした。せきにんしゃを　よんで　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This card's certificate has expired.</source>
        <translation>この　カードの　しょうめいしょは　きげんが　きれて　います。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75" />
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>カードを　よむ　きかいが　うごいて　いません。しょくいんに　きいて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78" />
        <source>The card reader is not connected. Please ask the staff.</source>
        <translation>カードを　よむ　きかいが　つながって　いません。しょくいんに　きいて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68" />
        <source>The kiosk could not finish this. Please ask the staff.</source>
        <translation>この　きかいで　うけつけが　できませんでした。しょくいんに　きいて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>カードを　よめませんでした。もう　いちど　やって　ください。</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/forms.py" line="350" />
        <source>Suggest a reading</source>
        <translation>よみかたの　こうほを　いれる</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="336" />
        <source>Suggested reading — please check</source>
        <translation>よみかたの　こうほです。みて　ください</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="338" />
        <source>No reading to suggest — please type it</source>
        <translation>よみかたの　こうほは　ありません。かいて　ください</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="171" />
        <source>Name</source>
        <translation>なまえ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="172" />
        <source>Furigana</source>
        <translation>ふりがな（なまえの　よみかた）</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="173" />
        <source>Sex</source>
        <translation>せいべつ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="174" />
        <source>Birth date</source>
        <translation>うまれた　ひ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="175" />
        <source>Relation to representative</source>
        <translation>だいひょうの　ひととの　かんけい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="176" />
        <source>Address</source>
        <translation>じゅうしょ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="177" />
        <source>Phone</source>
        <translation>でんわばんごう</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="178" />
        <source>Pregnant</source>
        <translation>おなかに　あかちゃんが　いる</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="179" />
        <source>Nursing</source>
        <translation>あかちゃんに　おっぱいを　あげて　いる</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="180" />
        <source>Care required</source>
        <translation>かいごが　ひつよう</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="181" />
        <source>Disabilities</source>
        <translation>しょうがい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="182" />
        <source>Allergies</source>
        <translation>アレルギー</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="183" />
        <source>Medication</source>
        <translation>のんで　いる　くすり</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="184" />
        <source>Whereabouts may be told to relatives</source>
        <translation>しんせきに　いる　ところを　おしえて　よい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>Safety may be published</source>
        <translation>ぶじな　ことを　みんなに　しらせて　よい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>The safety list may also name my shelter</source>
        <translation>ひなんじょの　なまえも　しらせて　よい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="186" />
        <source>Protected (DV): never disclose</source>
        <translation>まもる　ひと（DV など）：だれにも　おしえない</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="192" />
        <source>Unknown</source>
        <translation>わからない</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="193" />
        <source>Male</source>
        <translation>おとこ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="194" />
        <source>Female</source>
        <translation>おんな</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="195" />
        <source>Not applicable</source>
        <translation>あてはまらない</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="196" />
        <source>Physical</source>
        <translation>からだ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="197" />
        <source>Visual</source>
        <translation>め</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="198" />
        <source>Hearing</source>
        <translation>みみ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="199" />
        <source>Mental</source>
        <translation>こころ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="200" />
        <source>Intellectual</source>
        <translation>ちてき</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="201" />
        <source>Developmental</source>
        <translation>はったつ</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets.py" line="180" />
        <source>4-digit PIN</source>
        <translation>4けたの　あんしょうばんごう</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="181" />
        <source>Clear</source>
        <translation>けす</translation>
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
        <translation>カードを　よんで　います。うごかさないで　ください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="203" />
        <source>Some characters could not be read (〓). Compare with the card.</source>
        <translation>よめない　もじが　あります（〓）。カードと　くらべて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="212" />
        <source>Add a member</source>
        <translation>かぞくを　ふやす</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="263" />
        <source>Not registered: {reason}</source>
        <translation>とうろく　できませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Save as PDF</source>
        <translation>PDFで　ほぞんする</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="289" />
        <source>Read name and address from the card</source>
        <translation>カードから　なまえと　じゅうしょを　よむ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="292" />
        <source>Place the card on the reader and enter its 4-digit PIN for the card's details.</source>
        <translation>カードを　よみとりきに　おいて、けんめん　じこう　にゅうりょく　ほじょようの　あんしょうばんごう（4けた）を　いれて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="298" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>あと　1かい：この　きかいでは　あんしょうばんごうを　いれません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="300" />
        <source>PIN tries left: {tries}</source>
        <translation>あんしょうばんごうは　あと　{tries}かい</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="301" />
        <source>Type the details instead</source>
        <translation>てで　かく</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="302" />
        <source>Representative</source>
        <translation>だいひょうの　ひと</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="303" />
        <source>Other members</source>
        <translation>ほかの　かぞく</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="305" />
        <source>Remove</source>
        <translation>けす</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="306" />
        <source>Staying at</source>
        <translation>いる　ところ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="308" />
        <source>In the shelter</source>
        <translation>ひなんじょ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="309" />
        <source>At home</source>
        <translation>いえ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="310" />
        <source>In a car</source>
        <translation>くるまの　なか</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="311" />
        <source>In a tent</source>
        <translation>テント</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="312" />
        <source>Elsewhere</source>
        <translation>そのほか</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="316" />
        <source>Register</source>
        <translation>とうろくする</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="317" />
        <source>Start over</source>
        <translation>はじめから</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="318" />
        <source>Registered</source>
        <translation>とうろく　しました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="320" />
        <source>Show this code at the entrance next time, or tap the card.</source>
        <translation>つぎは　いりぐちで　この　コードを　みせるか、カードを　かざして　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print receipt</source>
        <translation>うけつけひょうを　いんさつ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="323" />
        <source>Finish</source>
        <translation>おわる</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="455" />
        <source>This may be the same person as someone already registered. Compare before saving.</source>
        <translation>もう　とうろく　して　いる　ひとと　おなじ　ひとかも　しれません。ほぞんの　まえに　くらべて　ください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="362" />
        <source>Birth date: {date}</source>
        <translation>うまれた　ひ：{date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="365" />
        <source>Household: {name}</source>
        <translation>かぞく：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="366" />
        <source>Shelter: {name}</source>
        <translation>ひなんじょ：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="371" />
        <source>Protected (DV): never disclose</source>
        <translation>まもる　ひと（DV など）：だれにも　おしえない</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="389" />
        <source>Checked in: {name}</source>
        <translation>うけつけ　しました：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="462" />
        <source>This is the same person: check them in</source>
        <translation>おなじ　ひとです：うけつけする</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="463" />
        <source>A different person: register</source>
        <translation>ちがう　ひとです：とうろくする</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="464" />
        <source>Back to the form</source>
        <translation>かく　ところに　もどる</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Print pass</source>
        <translation>うけつけしょうを　いんさつ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print pass (PDF)</source>
        <translation>うけつけしょうを　いんさつ（PDF）</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Additional questions</source>
        <translation>ほかの　しつもん</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>YYYY-MM-DD</source>
        <translation>れい：1950-02-03（せいれき）</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: {text} is not a number</source>
        <translation>{label}：{text} は かず では ありません</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: write the date as 1950-02-03</source>
        <translation>{label}：1950-02-03 の ように せいれき で かいて ください</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>ほぞんする</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>やめる</translation>
    </message>
</context>
</TS>
