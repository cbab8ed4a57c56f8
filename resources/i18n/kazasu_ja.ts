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
        <source>No card? Please ask staff.</source>
        <translation>カードを　お{持|も}ちでない　{方|かた}は　{職員|しょくいん}へ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Call staff</source>
        <translation>{職員|しょくいん}を　{呼|よ}ぶ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff are on their way. Please wait here.</source>
        <translation>{職員|しょくいん}が　{来|き}ます。ここで　お{待|ま}ちください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>A card held over the card reader</source>
        <translation>カードを　{読|よ}み{取|と}り{機|き}に　かざす　{絵|え}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff sign-in</source>
        <translation>職員のサインイン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="52" />
        <source>Reading… keep the card still</source>
        <translation>読み取り中…カードを動かさないでください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="57" />
        <source>or show your QR code to the camera</source>
        <translation>QRコードをかざしてください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="59" />
        <source>Staff</source>
        <translation>スタッフ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="56" />
        <source>Please hold your card over the reader</source>
        <translation>カードをかざしてください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="125" />
        <source>{name} — event entrance</source>
        <translation>{name}　{会場|かいじょう}の　{受付|うけつけ}</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checking…</source>
        <translation>確認中…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Asking the city's system for your registration</source>
        <translation>市のシステムに登録を確認しています</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</source>
        <translation>パスで仮受付しました（オフライン）。職員の方へ：氏名と世帯は次回の同期で届きます。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="126" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="132" />
        <source>Welcome. You are checked in.</source>
        <translation>ようこそ。受付しました。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="134" />
        <source>You are checked out. Take care.</source>
        <translation>外出を受け付けました。お気をつけて。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="138" />
        <source>Your household here: {names}</source>
        <translation>ご家族（この避難所）：{names}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="139" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="147" />
        <source>Sorry</source>
        <translation>申し訳ありません</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Check out</source>
        <translation>外出する</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>You are already checked in.</source>
        <translation>すでに受付済みです。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Already recorded (nothing was changed).</source>
        <translation>受付済みです（記録は変わっていません）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Leaving the shelter? Press 'Check out'.</source>
        <translation>外出される場合は「外出する」を押してください。</translation>
    </message>
</context>
<context>
    <name>ConsoleScreen</name>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>🔔 Someone at the entrance is asking for staff (since {time}).</source>
        <translation>🔔 入口で職員を呼んでいる方がいます（{time} から）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>I'm going</source>
        <translation>対応します</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>Local shelters</source>
        <translation>この端末の避難所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="127" />
        <source>{name} ({role}) — polling site {site}</source>
        <translation>{name}（{role}）— 投票所 {site}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="127" />
        <source>Early voting</source>
        <translation>期日前投票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="73" />
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="73" />
        <source>Staff</source>
        <translation>スタッフ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="75" />
        <source>{name} ({role}) — shelter {shelter}</source>
        <translation>{name}（{role}）— 避難所 {shelter}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="79" />
        <source>Sign out</source>
        <translation>サインアウト</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>Web sign-in</source>
        <translation>ウェブのサインイン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="80" />
        <source>Quit Kazasu</source>
        <translation>Kazasu を終了</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="83" />
        <source>Roster</source>
        <translation>名簿</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="84" />
        <source>Counts</source>
        <translation>集計</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="85" />
        <source>Walk-in registration</source>
        <translation>新規受付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="86" />
        <source>Settings and status</source>
        <translation>設定と状態</translation>
    </message>
    <message>
        <source>Sync conflicts</source>
        <translation>同期の競合</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>追加の質問</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>スタッフアカウント</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>{days} d {hours} h</source>
        <translation>{days}日{hours}時間</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>{hours} h {minutes} min</source>
        <translation>{hours}時間{minutes}分</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>{minutes} min</source>
        <translation>{minutes}分</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>⚠ This kiosk's clock is {amount} behind the platform's. Records use the platform's time; please set the clock right.</source>
        <translation>⚠ この端末の時計はプラットフォームより{amount}遅れています。記録にはプラットフォームの時刻を使っています。時計を合わせてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>⚠ This kiosk's clock is {amount} ahead of the platform's. Records use the platform's time; please set the clock right.</source>
        <translation>⚠ この端末の時計はプラットフォームより{amount}進んでいます。記録にはプラットフォームの時刻を使っています。時計を合わせてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>Quit Kazasu? Nobody can check in at this kiosk until it is started again.</source>
        <translation>Kazasu を終了しますか？再び起動するまで、この端末では受付できません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>⚠ The scheduled backup failed.</source>
        <translation>⚠ 定期バックアップに失敗しました。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="307" />
        <source>Supplies</source>
        <translation>物資</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="292" />
        <source>{name} ({role}) — event site {site}</source>
        <translation>{name}（{role}）— イベント会場 {site}</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="83" />
        <source>People present</source>
        <translation>在所者数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="84" />
        <source>Households present</source>
        <translation>在所世帯数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="85" />
        <source>Present at noon</source>
        <translation>昼（12時）の人数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="86" />
        <source>Present at 22:00</source>
        <translation>夜（22時）の人数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="87" />
        <source>People needing care</source>
        <translation>要配慮者数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="88" />
        <source>Capacity</source>
        <translation>収容人数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="92" />
        <source>Today</source>
        <translation>本日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="93" />
        <source>Needing care, by kind</source>
        <translation>要配慮者（種別）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="94" />
        <source>Staying outside the shelter</source>
        <translation>避難所外避難者</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="95" />
        <source>Present by age and sex</source>
        <translation>年齢・性別の在所者</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="96" />
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="116" />
        <source>Capacity not set</source>
        <translation>収容人数未設定</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="117" />
        <source>Room available</source>
        <translation>空きあり</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="118" />
        <source>Filling up</source>
        <translation>やや混雑</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="119" />
        <source>Crowded</source>
        <translation>混雑</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="120" />
        <source>Full</source>
        <translation>満員</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="124" />
        <source>Pregnant</source>
        <translation>妊娠中</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="125" />
        <source>Nursing</source>
        <translation>授乳中</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="126" />
        <source>Care required</source>
        <translation>要介護</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="127" />
        <source>Allergies</source>
        <translation>アレルギー</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="128" />
        <source>Medication</source>
        <translation>服薬</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="129" />
        <source>Physical disability</source>
        <translation>肢体不自由</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="130" />
        <source>Visual disability</source>
        <translation>視覚障害</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="131" />
        <source>Hearing disability</source>
        <translation>聴覚障害</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="132" />
        <source>Mental disability</source>
        <translation>精神障害</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="133" />
        <source>Intellectual disability</source>
        <translation>知的障害</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="134" />
        <source>Developmental disability</source>
        <translation>発達障害</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="140" />
        <source>At home</source>
        <translation>在宅</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="141" />
        <source>In a car</source>
        <translation>車中泊</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="142" />
        <source>In a tent</source>
        <translation>テント</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="143" />
        <source>Elsewhere</source>
        <translation>その他</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="153" />
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="155" />
        <source>Female</source>
        <translation>女</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <location filename="../../ui/widgets.py" line="114" />
        <source>starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="115" />
        <source>card service not running</source>
        <translation>カードサービス停止中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="118" />
        <source>not connected</source>
        <translation>未接続</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="119" />
        <location filename="../../ui/widgets.py" line="133" />
        <source>ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="120" />
        <source>card on reader</source>
        <translation>カードあり</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="121" />
        <source>card not answering</source>
        <translation>カード応答なし</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="122" />
        <location filename="../../ui/widgets.py" line="137" />
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="130" />
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="132" />
        <source>opening</source>
        <translation>接続中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="134" />
        <source>cannot open</source>
        <translation>開けません</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="135" />
        <source>lost</source>
        <translation>切断</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="136" />
        <source>ended</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <location filename="../../ui/forms.py" line="235" />
        <source>Registration number</source>
        <translation>受付番号</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="236" />
        <source>Registered on</source>
        <translation>受付日</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="237" />
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="238" />
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="239" />
        <source>Home owned or rented</source>
        <translation>持ち家・借家</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="240" />
        <source>Damage to the home</source>
        <translation>住家の被害</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="241" />
        <source>Water out</source>
        <translation>断水</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="242" />
        <source>Electricity out</source>
        <translation>停電</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="243" />
        <source>Gas out</source>
        <translation>ガス停止</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="244" />
        <source>Home livable</source>
        <translation>住家に住める</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="245" />
        <source>Staying at</source>
        <translation>避難場所</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="246" />
        <source>Car model</source>
        <translation>車種</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="247" />
        <source>Number plate</source>
        <translation>ナンバー</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="248" />
        <source>Car colour</source>
        <translation>車の色</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="249" />
        <source>Car parked at</source>
        <translation>駐車場所</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="250" />
        <source>Pets</source>
        <translation>ペット</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="256" />
        <location filename="../../ui/forms.py" line="258" />
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="256" />
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="256" />
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="259" />
        <source>Owned</source>
        <translation>持ち家</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="260" />
        <source>Rented</source>
        <translation>借家</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="261" />
        <source>No damage</source>
        <translation>被害なし</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="262" />
        <source>Destroyed</source>
        <translation>全壊</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="263" />
        <source>Half destroyed</source>
        <translation>半壊</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="264" />
        <source>Partly damaged</source>
        <translation>一部損壊</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="265" />
        <source>Flooded above floor</source>
        <translation>床上浸水</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="266" />
        <source>Flooded below floor</source>
        <translation>床下浸水</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="267" />
        <source>In the shelter</source>
        <translation>避難所</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="268" />
        <source>At home</source>
        <translation>在宅</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="269" />
        <source>In a car</source>
        <translation>車中泊</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="270" />
        <source>In a tent</source>
        <translation>テント</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="271" />
        <source>Elsewhere</source>
        <translation>その他</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="278" />
        <source>Add a pet</source>
        <translation>ペットを追加</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Count</source>
        <translation>頭数</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Notes</source>
        <translation>備考</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</source>
        <translation>この避難所にはまだ登録情報がありません。カードの暗証番号（4桁）を入力すると、登録情報をこちらに取り寄せます。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This card is not registered. Please register at the staff desk.</source>
        <translation>このカードは登録されていません。スタッフ受付で登録してください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Your registration is not shared with shelters. Please go to the staff desk.</source>
        <translation>登録情報が避難所と共有されていません。スタッフ受付へお越しください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="14" />
        <source>We could not find you. Please go to the staff desk.</source>
        <translation>登録が見つかりません。スタッフ受付へお越しください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>This code cannot be used. Please go to the staff desk.</source>
        <translation>このコードは使えません。スタッフ受付へお越しください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>This code has expired. Show a new one, or go to the staff desk.</source>
        <translation>このコードは有効期限切れです。新しいコードを表示するか、スタッフ受付へお越しください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</source>
        <translation>このコードは無効になった鍵で署名されているため使えません。スタッフ受付へお越しください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This is not a shelter pass. Please go to the staff desk.</source>
        <translation>避難所の受付用コードではありません。スタッフ受付へお越しください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>This code is not one we know. Please go to the staff desk.</source>
        <translation>読み取れないコードです。スタッフ受付へお越しください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>This shelter is closed. Please ask the staff.</source>
        <translation>この避難所は閉鎖中です。スタッフにお尋ねください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32" />
        <source>This kiosk is not set up yet. Please ask the staff.</source>
        <translation>この端末は準備中です。スタッフにお尋ねください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>暗証番号が違います。残り {tries} 回です。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46" />
        <source>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</source>
        <translation>暗証番号の残り回数が1回のため、この端末では入力しません。暗証番号の再設定は市役所でできます。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>The card moved away too soon. Please hold it still and try again.</source>
        <translation>カードが途中で離れました。動かさずに、もう一度かざしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>No card on the reader. Please place your card on the reader.</source>
        <translation>カードがありません。カードを読み取り機に置いてください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59" />
        <source>This card cannot be used. Please use your My Number Card.</source>
        <translation>このカードは使えません。マイナンバーカードをお使いください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>The PIN is 4 digits.</source>
        <translation>暗証番号は4桁です。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63" />
        <source>This card's PIN is locked. It can be unlocked at the city office.</source>
        <translation>このカードの暗証番号はロックされています。市役所で解除できます。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66" />
        <location filename="../../ui/messages.py" line="72" />
        <source>This card could not be verified. Please call a supervisor.</source>
        <translation>カードを確認できませんでした。責任者を呼んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This card's certificate has expired.</source>
        <translation>カードの電子証明書の有効期限が切れています。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75" />
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>カード読み取り機が動いていません。スタッフにお尋ねください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78" />
        <source>The card reader is not connected. Please ask the staff.</source>
        <translation>カード読み取り機がつながっていません。スタッフにお尋ねください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68" />
        <source>The kiosk could not finish this. Please ask the staff.</source>
        <translation>この端末で処理を完了できませんでした。スタッフにお尋ねください。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>カードを読み取れませんでした。もう一度お試しください。</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/forms.py" line="350" />
        <source>Suggest a reading</source>
        <translation>読みを候補から入力</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="336" />
        <source>Suggested reading — please check</source>
        <translation>読みの候補です。確認してください</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="338" />
        <source>No reading to suggest — please type it</source>
        <translation>読みの候補がありません。入力してください</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="171" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="172" />
        <source>Furigana</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="173" />
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="174" />
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="175" />
        <source>Relation to representative</source>
        <translation>続柄</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="176" />
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="177" />
        <source>Phone</source>
        <translation>電話番号</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="178" />
        <source>Pregnant</source>
        <translation>妊娠中</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="179" />
        <source>Nursing</source>
        <translation>授乳中</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="180" />
        <source>Care required</source>
        <translation>要介護</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="181" />
        <source>Disabilities</source>
        <translation>障害</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="182" />
        <source>Allergies</source>
        <translation>アレルギー</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="183" />
        <source>Medication</source>
        <translation>服薬</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="184" />
        <source>Whereabouts may be told to relatives</source>
        <translation>親族からの問い合わせに所在を回答してよい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>Safety may be published</source>
        <translation>安否情報を公表してよい</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="186" />
        <source>Protected (DV): never disclose</source>
        <translation>DV等被害者：開示禁止</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="192" />
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="193" />
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="194" />
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="195" />
        <source>Not applicable</source>
        <translation>適用不能</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="196" />
        <source>Physical</source>
        <translation>肢体</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="197" />
        <source>Visual</source>
        <translation>視覚</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="198" />
        <source>Hearing</source>
        <translation>聴覚</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="199" />
        <source>Mental</source>
        <translation>精神</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="200" />
        <source>Intellectual</source>
        <translation>知的</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="201" />
        <source>Developmental</source>
        <translation>発達</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="389" />
        <source>The safety list may also name my shelter</source>
        <translation>安否情報に避難所名も公表してよい</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets.py" line="180" />
        <source>4-digit PIN</source>
        <translation>4桁の暗証番号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="181" />
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="182" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>RosterTab</name>
    <message>
        <location filename="../../ui/screens/roster.py" line="148" />
        <location filename="../../ui/screens/roster.py" line="302" />
        <location filename="../../ui/screens/roster.py" line="346" />
        <source>Needs care</source>
        <translation>要配慮</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="160" />
        <source>Here</source>
        <translation>在所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="162" />
        <source>At {shelter}</source>
        <translation>{shelter} に在所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="164" />
        <source>Outside</source>
        <translation>避難所外</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="165" />
        <source>Not here</source>
        <translation>不在</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="198" />
        <source>Not done: {reason}</source>
        <translation>できませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="207" />
        <location filename="../../ui/screens/roster.py" line="322" />
        <source>Edit person</source>
        <translation>個人を編集</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="227" />
        <location filename="../../ui/screens/roster.py" line="323" />
        <source>Edit household</source>
        <translation>世帯を編集</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="249" />
        <location filename="../../ui/screens/roster.py" line="325" />
        <source>Export CSV</source>
        <translation>CSV出力</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="260" />
        <source>Exported {rows} rows to {file}</source>
        <translation>{rows} 行を {file} に出力しました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="267" />
        <source>Save as PDF</source>
        <translation>PDFに保存</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="293" />
        <source>Saved to {file}</source>
        <translation>{file} に保存しました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="297" />
        <source>Search by name or furigana</source>
        <translation>氏名・ふりがなで検索</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="299" />
        <source>Everyone</source>
        <translation>全員</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="300" />
        <source>Present</source>
        <translation>在所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="301" />
        <source>Staying outside</source>
        <translation>避難所外</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="303" />
        <source>Household</source>
        <translation>世帯</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="308" />
        <source>{shown} of {total}</source>
        <translation>{total} 人中 {shown} 人</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="312" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="313" />
        <source>Furigana</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="314" />
        <source>Age</source>
        <translation>年齢</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="315" />
        <source>Where</source>
        <translation>所在</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="316" />
        <source>Care</source>
        <translation>配慮</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="319" />
        <source>Check in</source>
        <translation>入所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="320" />
        <source>Check out</source>
        <translation>退所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="321" />
        <source>Move</source>
        <translation>移動</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="324" />
        <source>Show household</source>
        <translation>世帯を表示</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="326" />
        <source>Print</source>
        <translation>印刷</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="333" />
        <source>Choose a person in the list.</source>
        <translation>一覧から人を選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="339" />
        <source>Status: {where}</source>
        <translation>状態：{where}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="342" />
        <source>Since: {since}</source>
        <translation>時刻：{since}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="344" />
        <source>Birth date: {date}</source>
        <translation>生年月日：{date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="348" />
        <source>Protected (DV): never disclose</source>
        <translation>DV等被害者：開示禁止</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="350" />
        <source>Registered here (provisional)</source>
        <translation>この端末で受付（仮登録）</translation>
    </message>
    <message>
        <source>Sync conflicts ({count})</source>
        <translation>同期の競合（{count}件）</translation>
    </message>
    <message>
        <source>{count} of this person's edits lost to a later one elsewhere</source>
        <translation>この人の変更のうち {count} 件が、他所での後の変更に置き換えられました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>This card is not linked to anyone here.</source>
        <translation>このカードはこの端末のどなたにも登録されていません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Link a card</source>
        <translation>カードを登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Link this card to a resident</source>
        <translation>このカードを住民に登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="267" />
        <source>Print to PDF</source>
        <translation>PDFに印刷</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="293" />
        <source>Printed to {file}</source>
        <translation>{file} に印刷しました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="326" />
        <source>Print (PDF)</source>
        <translation>印刷（PDF）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>There is nothing to undo.</source>
        <translation>取り消せる受付はありません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>check-in</source>
        <translation>入所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>check-out</source>
        <translation>外出</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undo</source>
        <translation>取り消し</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undo the {what} of {name} at {time}?</source>
        <translation>{name} さんの {time} の{what}を取り消しますか？</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undid the {what} of {name}.</source>
        <translation>{name} さんの{what}を取り消しました。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undo last check-in/out</source>
        <translation>直前の入所・外出を取り消す</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <location filename="../../ui/screens/settings.py" line="143" />
        <source>Saved</source>
        <translation>保存しました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="158" />
        <source>Settings (administrators)</source>
        <translation>設定（管理者）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="160" />
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="161" />
        <source>Shelter</source>
        <translation>避難所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="162" />
        <source>Card reader (part of its name)</source>
        <translation>カード読み取り機（名前の一部）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="163" />
        <source>Camera (number, address or file)</source>
        <translation>カメラ（番号・アドレス・ファイル）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="164" />
        <source>Screen scale</source>
        <translation>画面の拡大率</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="165" />
        <source>Back to start after idle (s)</source>
        <translation>無操作で最初に戻るまで（秒）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="166" />
        <source>Confirmation shown for (s)</source>
        <translation>確認画面の表示時間（秒）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="167" />
        <source>Kiosk mode (full screen, staff-only exit)</source>
        <translation>キオスクモード（全画面、終了はスタッフのみ）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="168" />
        <source>Staff may sign in with a code</source>
        <translation>スタッフコードでのサインインを許可</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="172" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="173" />
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="177" />
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="178" />
        <source>Enrolment</source>
        <translation>基盤への登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="179" />
        <source>Last sync</source>
        <translation>最終同期</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="180" />
        <source>Events waiting</source>
        <translation>未送信の記録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="181" />
        <source>Provisioning</source>
        <translation>初期データ取得</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="182" />
        <source>Reader / camera</source>
        <translation>読み取り機／カメラ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="193" />
        <source>Online</source>
        <translation>オンライン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="195" />
        <source>Enrolled</source>
        <translation>登録済み</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="195" />
        <source>Not enrolled with the platform</source>
        <translation>プラットフォーム未登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="198" />
        <source>Never</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>CA certificate (PEM)</source>
        <translation>CA証明書（PEM）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrolling…</source>
        <translation>登録しています…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrolled. The kiosk now syncs with the platform.</source>
        <translation>登録しました。この端末はプラットフォームと同期します。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform address must begin with https:// (http:// only on a test network).</source>
        <translation>プラットフォームのアドレスは https:// で始めてください（http:// は試験用ネットワークのみ）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The CA certificate file was not found.</source>
        <translation>CA証明書のファイルが見つかりません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform did not answer. Check the address and the network, then try again.</source>
        <translation>プラットフォームが応答しません。アドレスとネットワークを確認して、もう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform's certificate could not be verified. Check the CA certificate file.</source>
        <translation>プラットフォームの証明書を確認できません。CA証明書のファイルを確認してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The enrolment code is wrong, already used or expired. Ask the platform's administrator for a new code.</source>
        <translation>登録コードが違うか、使用済みか、期限切れです。プラットフォームの管理者に新しいコードを依頼してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>This kiosk is already enrolled.</source>
        <translation>この端末は登録済みです。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>This kiosk and the platform use different sync versions. Update the kiosk or the platform.</source>
        <translation>この端末とプラットフォームの同期方式の版が違います。端末かプラットフォームを更新してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform refused the enrolment.</source>
        <translation>プラットフォームが登録を拒否しました。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Not connected (not enrolled yet)</source>
        <translation>未接続（未登録）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Online, syncing now</source>
        <translation>オンライン（同期中）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Offline: check-ins are kept and sent later</source>
        <translation>オフライン：受付の記録は保存され、あとで送信されます</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Stopped: the kiosk or the platform must be updated</source>
        <translation>停止中：端末かプラットフォームの更新が必要です</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Stopped: the platform refused this kiosk's data</source>
        <translation>停止中：プラットフォームがこの端末のデータを拒否しました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Stopped for good: the platform revoked this kiosk. It no longer syncs; records stay on it. Ask the platform's administrator.</source>
        <translation>停止：プラットフォームがこの端末の登録を取り消しました。同期はもう行いません。記録は端末に残っています。プラットフォームの管理者に連絡してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Next try in {seconds} s</source>
        <translation>{seconds} 秒後に再試行</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Complete</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Not started</source>
        <translation>未開始</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>{done} of {total} records</source>
        <translation>{total} 件中 {done} 件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>{done} records downloaded</source>
        <translation>{done} 件受信</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Downloaded</source>
        <translation>受信</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrolment with the platform (administrators)</source>
        <translation>プラットフォームへの登録（管理者）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Platform address</source>
        <translation>プラットフォームのアドレス</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>One-time code</source>
        <translation>登録コード（1回限り）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>CA certificate (optional)</source>
        <translation>CA証明書（任意）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrol</source>
        <translation>登録する</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>A repeat tap within (s) only shows the confirmation again</source>
        <translation>同じカードの再タッチを確認表示のみとする時間（秒）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backups to a USB stick (administrators)</source>
        <translation>USBメモリへのバックアップ（管理者）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backup folder</source>
        <translation>バックアップ先</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Scheduled backups</source>
        <translation>定期バックアップ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backups to keep</source>
        <translation>残すバックアップの数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Last backup</source>
        <translation>最終バックアップ</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Back up now</source>
        <translation>バックアップを今すぐ作成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backup folder (a USB stick)</source>
        <translation>バックアップ先のフォルダー（USBメモリ）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Writing the backup…</source>
        <translation>バックアップを作成しています…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backup written: {path}</source>
        <translation>バックアップを作成しました：{path}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The scheduled backup is tried again at {time}.</source>
        <translation>定期バックアップは {time} に再試行します。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Choose a backup folder first.</source>
        <translation>先にバックアップ先のフォルダーを選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The backup folder {folder} is not there. Is the USB stick plugged in?</source>
        <translation>バックアップ先 {folder} が見つかりません。USBメモリが差し込まれているか確かめてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The backup folder {folder} is full. Use another USB stick or keep fewer backups.</source>
        <translation>バックアップ先 {folder} に空きがありません。別のUSBメモリを使うか、残す数を減らしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Nothing can be written in {folder}. Check that the USB stick is not write-protected, or choose another folder.</source>
        <translation>{folder} に書き込めません。USBメモリが書き込み禁止になっていないか確かめるか、別のフォルダーを選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>No scheduled backups</source>
        <translation>定期バックアップなし</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Every {minutes} minutes</source>
        <translation>{minutes}分ごと</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Once a day</source>
        <translation>1日1回</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Every {hours} hours</source>
        <translation>{hours}時間ごと</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Only an administrator may do this.</source>
        <translation>管理者だけが行えます。</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../ui/screens/signin.py" line="98" />
        <source>Card sign-in is not set up on this kiosk.</source>
        <translation>この端末ではカードでのサインインが設定されていません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="103" />
        <source>Checking the card…</source>
        <translation>カードを確認しています…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="132" />
        <source>Not signed in: this card or code is not a staff account.</source>
        <translation>サインインできません：スタッフとして登録されていないカードまたはコードです。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="143" />
        <source>Staff sign-in</source>
        <translation>スタッフサインイン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="144" />
        <source>Staff card and PIN</source>
        <translation>スタッフのカードと暗証番号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="145" />
        <source>Place your card on the reader and enter its 4-digit PIN.</source>
        <translation>カードを読み取り機に置き、4桁の暗証番号を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="149" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>残り1回：この端末では暗証番号を入力しません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="151" />
        <source>PIN tries left: {tries}</source>
        <translation>暗証番号の残り回数：{tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="152" />
        <source>Staff code</source>
        <translation>スタッフコード</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="153" />
        <source>Staff ID</source>
        <translation>スタッフID</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="154" />
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="155" />
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="156" />
        <source>Back</source>
        <translation>戻る</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>The kiosk's data is damaged.</source>
        <translation>キオスクのデータが壊れています。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>Nothing has been changed or deleted. Do not set up the kiosk again: its data and its enrolment can be brought back.</source>
        <translation>何も変更・削除していません。キオスクを初期設定し直さないでください。データと端末登録は元に戻せます。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>Ask the administrator to restore the latest backup (the USB stick) with
kazasu-kiosk restore &lt;backup file&gt;
and start Kazasu again.</source>
        <translation>管理者に、最新のバックアップ(USBメモリ)を次のコマンドで復元するよう依頼し、
kazasu-kiosk restore &lt;バックアップファイル&gt;
Kazasu を起動し直してください。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>Until then, keep a paper roster of arrivals and departures.</source>
        <translation>それまでは、入所・退所を紙の名簿に記録してください。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="68" />
        <source>The passphrase is not correct. Enter it again.</source>
        <translation>パスフレーズが違います。もう一度入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="72" />
        <source>This computer's key store does not hold the key of the kiosk's data.
Enter the administrator passphrase to open it.</source>
        <translation>このパソコンのキーストアに、キオスクのデータの鍵がありません。
開くには管理者パスフレーズを入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="84" />
        <source>The kiosk's data in {folder} could not be opened.</source>
        <translation>{folder} のキオスクのデータを開けませんでした。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="90" />
        <source>See the installation guide: first start, key recovery.</source>
        <translation>導入ガイドの「初回起動」「鍵の回復」を参照してください。</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="100" />
        <source>Kazasu is already running on this computer.</source>
        <translation>Kazasu はこのパソコンですでに起動しています。</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <location filename="../../ui/widgets.py" line="1" />
        <source>🔔 Staff called</source>
        <translation>🔔 職員呼び出し</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="94" />
        <source>● Online</source>
        <translation>● オンライン</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="94" />
        <source>○ Offline</source>
        <translation>○ オフライン</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="96" />
        <source>Events waiting: {count}</source>
        <translation>未送信：{count} 件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="101" />
        <source>Reader: {state}</source>
        <translation>読み取り機：{state}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="103" />
        <source>Camera: {state}</source>
        <translation>カメラ：{state}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="106" />
        <source>Staff: {name}</source>
        <translation>スタッフ：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>◐ Syncing</source>
        <translation>◐ 同期中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>⚠ Kiosk update needed</source>
        <translation>⚠ 端末の更新が必要</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>⚠ Refused by the platform</source>
        <translation>⚠ プラットフォームが拒否</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>⛔ Revoked by the platform</source>
        <translation>⛔ プラットフォームが登録を取り消し</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>○ Offline (retry in {seconds} s)</source>
        <translation>○ オフライン（{seconds} 秒後に再試行）</translation>
    </message>
</context>
<context>
    <name>WalkInWizard</name>
    <message>
        <location filename="../../ui/screens/walkin.py" line="169" />
        <source>Reading the card… keep it still</source>
        <translation>カードを読み取っています…動かさないでください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="203" />
        <source>Some characters could not be read (〓). Compare with the card.</source>
        <translation>読み取れない文字があります（〓）。カードの券面と照合してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="212" />
        <location filename="../../ui/screens/walkin.py" line="304" />
        <source>Add a member</source>
        <translation>世帯員を追加</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="263" />
        <source>Not registered: {reason}</source>
        <translation>登録できませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Save as PDF</source>
        <translation>PDFに保存</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="289" />
        <source>Read name and address from the card</source>
        <translation>カードから氏名・住所を読み取る</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="292" />
        <source>Place the card on the reader and enter its 4-digit PIN for the card's details.</source>
        <translation>カードを読み取り機に置き、券面事項入力補助用の4桁の暗証番号を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="298" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>残り1回：この端末では暗証番号を入力しません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="300" />
        <source>PIN tries left: {tries}</source>
        <translation>暗証番号の残り回数：{tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="301" />
        <source>Type the details instead</source>
        <translation>手入力する</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="302" />
        <source>Representative</source>
        <translation>代表者</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="303" />
        <source>Other members</source>
        <translation>ほかの世帯員</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="305" />
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="306" />
        <source>Staying at</source>
        <translation>避難場所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="308" />
        <source>In the shelter</source>
        <translation>避難所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="309" />
        <source>At home</source>
        <translation>在宅</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="310" />
        <source>In a car</source>
        <translation>車中泊</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="311" />
        <source>In a tent</source>
        <translation>テント</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="312" />
        <source>Elsewhere</source>
        <translation>その他</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="316" />
        <source>Register</source>
        <translation>登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="317" />
        <source>Start over</source>
        <translation>やり直す</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="318" />
        <source>Registered</source>
        <translation>登録しました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="320" />
        <source>Show this code at the entrance next time, or tap the card.</source>
        <translation>次回はこのコードを入口で見せるか、カードをかざしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print receipt</source>
        <translation>受付票を印刷</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="323" />
        <source>Finish</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="455" />
        <source>This may be the same person as someone already registered. Compare before saving.</source>
        <translation>すでに登録されている人と同じ人かもしれません。保存する前に照合してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="362" />
        <source>Birth date: {date}</source>
        <translation>生年月日：{date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="365" />
        <source>Household: {name}</source>
        <translation>世帯：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="366" />
        <source>Shelter: {name}</source>
        <translation>避難所：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="371" />
        <source>Protected (DV): never disclose</source>
        <translation>DV等被害者：開示禁止</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="389" />
        <source>Checked in: {name}</source>
        <translation>入所しました：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="462" />
        <source>This is the same person: check them in</source>
        <translation>同じ人です：この人を入所させる</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="463" />
        <source>A different person: register</source>
        <translation>別の人です：登録する</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="464" />
        <source>Back to the form</source>
        <translation>入力に戻る</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Print pass</source>
        <translation>受付証を印刷</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print pass (PDF)</source>
        <translation>受付証を印刷（PDF）</translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <source>Only an administrator may do this.</source>
        <translation>管理者だけが行えます。</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>できませんでした：{reason}</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>Household: {field}</source>
        <translation>世帯：{field}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空欄）</translation>
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
        <source>Sync conflicts of {name}</source>
        <translation>{name} さんの同期の競合</translation>
    </message>
    <message>
        <source>Sync conflicts</source>
        <translation>同期の競合</translation>
    </message>
    <message>
        <source>The same field was changed in two places. The later change was kept; the other is shown here. If the lost value is right, enter it again in the editor.</source>
        <translation>同じ項目が2か所で変更されました。後の変更を残し、もう一方をここに表示しています。失われた値が正しい場合は、編集画面で入力し直してください。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Kept value</source>
        <translation>残した値</translation>
    </message>
    <message>
        <source>Kept (changed at)</source>
        <translation>残した値の変更日時</translation>
    </message>
    <message>
        <source>Lost value</source>
        <translation>失われた値</translation>
    </message>
    <message>
        <source>Lost (changed at)</source>
        <translation>失われた値の変更日時</translation>
    </message>
    <message>
        <source>No conflicts</source>
        <translation>競合はありません</translation>
    </message>
</context>
<context>
    <name>QuestionsTab</name>
    <message>
        <source>Question {id} added</source>
        <translation>質問 {id} を追加しました</translation>
    </message>
    <message>
        <source>Add a question</source>
        <translation>質問を追加</translation>
    </message>
    <message>
        <source>ID (a-z, 0-9, _)</source>
        <translation>ID（半角英小文字・数字・_）</translation>
    </message>
    <message>
        <source>Asked about</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答の形式</translation>
    </message>
    <message>
        <source>Question in Japanese</source>
        <translation>質問（日本語）</translation>
    </message>
    <message>
        <source>Question in English</source>
        <translation>質問（英語）</translation>
    </message>
    <message>
        <source>Choices (separated by commas)</source>
        <translation>選択肢（読点またはコンマ区切り）</translation>
    </message>
    <message>
        <source>Each person</source>
        <translation>一人ひとり</translation>
    </message>
    <message>
        <source>The household</source>
        <translation>世帯</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Yes or no</source>
        <translation>はい・いいえ</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数値</translation>
    </message>
    <message>
        <source>One of the choices</source>
        <translation>選択肢から一つ</translation>
    </message>
    <message>
        <source>Add question</source>
        <translation>質問を追加</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>質問</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>選択肢</translation>
    </message>
    <message>
        <source>In the forms</source>
        <translation>入力画面</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>表示中</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>使用停止</translation>
    </message>
    <message>
        <source>Retire from the forms</source>
        <translation>入力画面から外す</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>入力画面に戻す</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Additional questions</source>
        <translation>追加の質問</translation>
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
        <translation>例：1950-02-03（西暦）</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: {text} is not a number</source>
        <translation>{label}：{text} は数ではありません</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: write the date as 1950-02-03</source>
        <translation>{label}：1950-02-03 のように西暦で書いてください</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <source>Account {id} created</source>
        <translation>アカウント {id} を作成しました</translation>
    </message>
    <message>
        <source>Create a staff account</source>
        <translation>スタッフアカウントを作成</translation>
    </message>
    <message>
        <source>Staff ID</source>
        <translation>スタッフID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>カード</translation>
    </message>
    <message>
        <source>Code (6+ digits)</source>
        <translation>コード（6桁以上の数字）</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>スタッフ</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Card read: it will sign this person in.</source>
        <translation>カードを読み取りました。このカードでサインインできるようになります。</translation>
    </message>
    <message>
        <source>Place the staff member's own card on the reader.</source>
        <translation>スタッフ本人のカードをリーダーに置いてください。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>取り消す</translation>
    </message>
    <message>
        <source>This site accepts staff cards only (see Settings).</source>
        <translation>この施設ではスタッフのカードでのみサインインできます（設定を参照）。</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>アカウントを作成</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>登録済み</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>設定済み</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>アカウントを無効にする</translation>
    </message>
    <message>
        <source>Enable account</source>
        <translation>アカウントを有効にする</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>PollWorkerTab</name>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="183" />
        <source>Reading the card…</source>
        <translation>カードを読み取っています…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="196" />
        <location filename="../../ui/screens/pollworker/tab.py" line="317" />
        <source>Card PIN checks are not set up on this kiosk.</source>
        <translation>このキオスクでは暗証番号によるカード確認が設定されていません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="202" />
        <location filename="../../ui/screens/pollworker/tab.py" line="322" />
        <source>Checking the card…</source>
        <translation>カードを確認しています…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="225" />
        <source>This card is not linked to anyone on the roll. Search by name.</source>
        <translation>このカードは名簿のどの方とも結び付いていません。氏名で検索してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="258" />
        <source>Nobody on the roll matches.</source>
        <translation>名簿に該当する方はいません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="287" />
        <source>Choose the reason the voter gives.</source>
        <translation>選挙人が申し立てる事由を選んでください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="355" />
        <source>Issuing… asking the platform</source>
        <translation>交付処理中… 基盤に照会しています</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="416" />
        <source>This kiosk's polling site has not reached it yet: wait for the sync.</source>
        <translation>このキオスクの投票所の情報がまだ届いていません。同期をお待ちください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="420" />
        <source>{election} — early voting at {site}</source>
        <translation>{election}：{site} 期日前投票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="429" />
        <source>Incidents to review ({count}):</source>
        <translation>確認が必要な事案（{count} 件）：</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="64" />
        <source>{name} voted online. A second poll worker confirms that this paper ballot cancels the online vote: their own staff card and PIN, or staff code.</source>
        <translation>{name} さんはオンラインで投票済みです。この投票用紙の交付でオンライン投票が取り消されることを、2人目の係員が自分の職員カードとPIN（または職員コード）で確認します。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="69" />
        <source>A second poll worker confirms the ballot for {name}: their own staff card and PIN, or staff code.</source>
        <translation>{name} さんへの交付を2人目の事務従事者が確認します。本人の職員カードと暗証番号、または職員コードを使ってください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="73" />
        <source>Second poll worker's card</source>
        <translation>2人目の事務従事者のカード</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="75" />
        <source>Place your staff card on the reader and enter its 4-digit PIN.</source>
        <translation>職員カードを読み取り機に置き、4桁の暗証番号を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="78" />
        <source>Staff code</source>
        <translation>スタッフコード</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="79" />
        <source>Staff ID</source>
        <translation>スタッフID</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="80" />
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="81" />
        <source>Confirm</source>
        <translation>確認</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="82" />
        <source>Back</source>
        <translation>戻る</translation>
    </message>
</context>
<context>
    <name>DeclarePage</name>
    <message>
        <location filename="../../ui/screens/pollworker/declare.py" line="67" />
        <source>Declaration at the desk for {name}, voting today ({date}): the reason</source>
        <translation>{name} さんの窓口での宣誓（本日 {date} 投票）：事由</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/declare.py" line="74" />
        <source>Record the declaration</source>
        <translation>宣誓を記録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/declare.py" line="75" />
        <source>Back</source>
        <translation>戻る</translation>
    </message>
</context>
<context>
    <name>FindPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="79" />
        <source>The voter's card</source>
        <translation>選挙人のカード</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="83" />
        <source>Ask the voter to place the card on the reader and enter its 4-digit PIN. Or show the declaration QR code to the camera.</source>
        <translation>選挙人にカードを読み取り機に置いて4桁の暗証番号を入力してもらうか、宣誓書のQRコードをカメラに見せてもらってください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="90" />
        <source>Ask the voter to place the card on the reader, or to show the declaration QR code to the camera.</source>
        <translation>選挙人にカードを読み取り機に置いてもらうか、宣誓書のQRコードをカメラに見せてもらってください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="95" />
        <source>Search the roll</source>
        <translation>名簿を検索</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="96" />
        <source>Name or furigana</source>
        <translation>氏名またはふりがな</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="97" />
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="99" />
        <source>Search</source>
        <translation>検索</translation>
    </message>
</context>
<context>
    <name>PollWorkerTexts</name>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="21" />
        <source>1. Work, or an errand (study, local events, weddings, funerals…)</source>
        <translation>1. 仕事・用務（通学、地域行事、冠婚葬祭など）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="24" />
        <source>2. Travel or a stay outside the voting district</source>
        <translation>2. 投票区域外への旅行・滞在</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="27" />
        <source>3. Illness, injury, pregnancy, old age, disability or childbirth making walking difficult, or detention</source>
        <translation>3. 疾病・負傷・妊娠・老衰・身体障害・出産により歩行が困難、または刑事施設等に収容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="32" />
        <source>4. Living or staying on a remote island</source>
        <translation>4. 交通至難の島等に居住・滞在</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="35" />
        <source>5. Living outside the municipality</source>
        <translation>5. 他の市区町村に居住</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="38" />
        <source>6. A disaster or bad weather</source>
        <translation>6. 天災または悪天候</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="48" />
        <source>This code is not genuine (its signature does not verify). Do not accept it.</source>
        <translation>このコードは正規のものではありません（署名が検証できません）。受け付けないでください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="52" />
        <source>This declaration code has expired. Declare at the desk instead.</source>
        <translation>この宣誓書コードは有効期限切れです。窓口で宣誓してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="55" />
        <source>This code is not valid yet. Check the kiosk's clock.</source>
        <translation>このコードはまだ有効ではありません。キオスクの時計を確認してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="58" />
        <source>This code was signed with a key the kiosk does not hold. Sync the kiosk.</source>
        <translation>このコードはキオスクが持たない鍵で署名されています。キオスクを同期してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="62" />
        <source>This code was signed with a key the platform revoked. Do not accept it; search the roll instead.</source>
        <translation>このコードはプラットフォームが失効させた鍵で署名されています。受け付けず、名簿を検索してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="67" />
        <source>This code cannot be read. Search the roll instead.</source>
        <translation>このコードは読み取れません。名簿を検索してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="70" />
        <source>This is not a declaration code. Search the roll instead.</source>
        <translation>宣誓書のコードではありません。名簿を検索してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="73" />
        <source>This declaration is for another election. Declare at the desk instead.</source>
        <translation>この宣誓書は別の選挙のものです。窓口で宣誓してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="77" />
        <source>This declaration has not reached the kiosk. Search the roll and declare at the desk.</source>
        <translation>この宣誓書はまだキオスクに届いていません。名簿を検索し、窓口で宣誓してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="81" />
        <source>The voter declared again: this code is replaced by the newer declaration.</source>
        <translation>選挙人が宣誓し直しています。このコードは新しい宣誓書に置き換えられました。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="85" />
        <source>This declaration was already used. Search the roll to see the voter's status.</source>
        <translation>この宣誓書は使用済みです。名簿を検索して選挙人の状況を確認してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="97" />
        <source>Voted provisionally at this site ({site}) at {when}.</source>
        <translation>{when} にこの投票所（{site}）で仮投票済み。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="101" />
        <source>Voted at this site ({site}) at {when}.</source>
        <translation>{when} にこの投票所（{site}）で投票済み。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="105" />
        <source>Voted provisionally at {site} at {when}.</source>
        <translation>{when} に {site} で仮投票済み。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="109" />
        <source>Voted at {site} at {when}.</source>
        <translation>{when} に {site} で投票済み。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="112" />
        <source>Voted online at {when}.</source>
        <translation>{when} にオンラインで投票済み。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="122" />
        <source>Already voted — do not issue a ballot. {where}</source>
        <translation>投票済みです。投票用紙を交付しないでください。{where}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="126" />
        <source>{where} Issuing a paper ballot cancels the online vote; a second poll worker confirms it.</source>
        <translation>{where} 投票用紙を交付すると、オンライン投票は取り消されます。2人目の係員が確認します。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="132" />
        <source>This site does not hold early voting today. Do not issue a ballot.</source>
        <translation>この投票所では本日、期日前投票を行っていません。投票用紙を交付しないでください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="137" />
        <source>No declaration: the voter declares at the desk first.</source>
        <translation>宣誓書がありません。先に窓口で宣誓してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="141" />
        <source>The platform cannot be reached, and this site's procedure is to issue no ballot during an outage. Ask the voter to come back later or to go to another site. ({detail})</source>
        <translation>基盤に接続できません。この投票所の障害時の手順では投票用紙を交付しません。時間をおいて再度来ていただくか、他の投票所をご案内ください。（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="147" />
        <source>The platform cannot be reached. ({detail})</source>
        <translation>基盤に接続できません。（{detail}）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="158" />
        <source>Two ballots issued to one voter</source>
        <translation>1人の選挙人に2枚の投票用紙を交付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="161" />
        <source>A revoked device tried to issue a ballot</source>
        <translation>失効した端末が交付しようとしました</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="164" />
        <source>A ballot for a voter not on the roll</source>
        <translation>名簿にない選挙人への交付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="167" />
        <source>A ballot recorded outside this election</source>
        <translation>この選挙以外で記録された交付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="170" />
        <source>A ballot claim reused another device's claim id</source>
        <translation>別の端末の交付IDを再使用した交付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="176" />
        <source>{name} (roll number {number})</source>
        <translation>{name}（名簿番号 {number}）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="182" />
        <source>{kind} — voter {voter}, sites: {sites}, {when}</source>
        <translation>{kind}：選挙人 {voter}、投票所：{sites}、{when}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="190" />
        <source>The platform refused the ballot ({kind}): {detail}</source>
        <translation>基盤が交付を拒否しました（{kind}）：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="195" />
        <source>The second poll worker must be someone else.</source>
        <translation>2人目の事務従事者は別の人でなければなりません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="198" />
        <source>A second poll worker must confirm with their own card or code.</source>
        <translation>2人目の事務従事者が本人のカードまたはコードで確認する必要があります。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="201" />
        <source>Unknown staff ID or wrong code.</source>
        <translation>職員IDが不明か、コードが違います。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="204" />
        <source>This site accepts staff cards only.</source>
        <translation>この投票所では職員カードのみ使えます。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="207" />
        <source>This staff account is disabled.</source>
        <translation>この職員アカウントは無効です。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="210" />
        <source>The voter has a declaration already: use it.</source>
        <translation>この選挙人には宣誓書があります。それを使ってください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="213" />
        <source>The voter has already voted.</source>
        <translation>この選挙人は投票済みです。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="220" />
        <source>Not found: {detail}</source>
        <translation>見つかりません：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="224" />
        <source>Please check: {detail}</source>
        <translation>確認してください：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="235" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>残り1回：この端末では暗証番号を入力しません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="238" />
        <source>PIN tries left: {tries}</source>
        <translation>暗証番号の残り回数：{tries}</translation>
    </message>
</context>
<context>
    <name>ProvisionalPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="35" />
        <source>The platform could not be reached</source>
        <translation>基盤に接続できなかったため</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="41" />
        <source>The platform cannot be reached. This site's procedure: record a provisional vote (仮投票), flagged for review, and reconciled when the network is back.</source>
        <translation>基盤に接続できません。この投票所の手順：仮投票として記録し、確認対象として印を付け、回線復旧時に照合します。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="45" />
        <source>Reason for the provisional vote</source>
        <translation>仮投票の理由</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="46" />
        <source>Record the provisional vote</source>
        <translation>仮投票を記録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="47" />
        <source>Issue nothing</source>
        <translation>交付しない</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/result.py" line="29" />
        <source>Next voter</source>
        <translation>次の選挙人</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/result.py" line="34" />
        <source>Provisional vote recorded for {name}: hand over the ballot and the provisional-vote envelope. It is flagged for review.</source>
        <translation>{name} さんの仮投票を記録しました。投票用紙と仮投票用の封筒をお渡しください。確認対象として記録されています。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/result.py" line="41" />
        <source>Recorded as voted: hand the ballot to {name}.</source>
        <translation>投票済みとして記録しました。{name} さんに投票用紙をお渡しください。</translation>
    </message>
</context>
<context>
    <name>VoterPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="67" />
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="68" />
        <source>Furigana</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="69" />
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="70" />
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="71" />
        <source>Roll number</source>
        <translation>名簿番号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="72" />
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="73" />
        <source>Declaration</source>
        <translation>宣誓書</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="74" />
        <source>Status</source>
        <translation>状況</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="77" />
        <source>Compare with the voter</source>
        <translation>選挙人と照合</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="78" />
        <source>Declare at the desk</source>
        <translation>窓口で宣誓</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="80" />
        <source>Issue a paper ballot (cancels the online vote)</source>
        <translation>投票用紙を交付（オンライン投票は取り消し）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="82" />
        <source>Issue the ballot</source>
        <translation>投票用紙を交付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="83" />
        <source>Next voter</source>
        <translation>次の選挙人</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="98" />
        <source>None yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="102" />
        <source>made online</source>
        <translation>オンラインで作成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="104" />
        <source>made at the desk</source>
        <translation>窓口で作成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="107" />
        <source>completed</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="109" />
        <source>not completed yet</source>
        <translation>未完了</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="111" />
        <source>For {date}, {via}, {state}</source>
        <translation>{date} 投票予定、{via}、{state}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="115" />
        <source> — declared for another day: check with the voter</source>
        <translation>（別の日付で宣誓されています。選挙人に確認してください）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="121" />
        <source>Not voted; an earlier issue was not answered by the platform</source>
        <translation>未投票（前回の交付処理に基盤から応答がありませんでした）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="124" />
        <source>Not voted</source>
        <translation>未投票</translation>
    </message>
</context>
<context>
    <name>WebSignInDialog</name>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Checking the card…</source>
        <translation>カードを確認しています…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Sending the card's answer…</source>
        <translation>カードの応答を送っています…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>This is not a web sign-in code. Show the QR code of the sign-in page, or copy its whole text.</source>
        <translation>ウェブのサインイン用のコードではありません。サインインページのQRコードを見せるか、その文字をすべてコピーしてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>This kiosk is not connected to the platform yet, so it cannot sign anyone in.</source>
        <translation>この端末はまだプラットフォームに接続されていないため、サインインできません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Not answered: this sign-in code has expired or was already used. Reload the sign-in page and show the new code.</source>
        <translation>応答しませんでした：このサインインのコードは期限切れか、すでに使われています。サインインページを読み込み直して、新しいコードを見せてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>The platform cannot be reached or cannot check cards now. Please try again later.</source>
        <translation>プラットフォームにつながらないか、いまはカードを確認できません。しばらくしてからもう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: the platform does not trust this card.</source>
        <translation>受け付けられませんでした：プラットフォームがこのカードを信頼していません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: this card's certificate has expired.</source>
        <translation>受け付けられませんでした：このカードの証明書は有効期限が切れています。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: this card's certificate has been revoked.</source>
        <translation>受け付けられませんでした：このカードの証明書は失効しています。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Web sign-in</source>
        <translation>ウェブのサインイン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Web sign-in with the My Number Card</source>
        <translation>マイナンバーカードでウェブにサインイン</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Hold the sign-in QR code on the phone or computer up to the camera, or paste its text here.</source>
        <translation>スマートフォンやパソコンに表示されたサインインのQRコードをカメラにかざすか、その文字をここに貼り付けてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Sign-in code text</source>
        <translation>サインインのコードの文字</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Read</source>
        <translation>読み取る</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Resident's card and PIN</source>
        <translation>ご本人のカードと暗証番号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Place the card on the reader and enter its 4-digit PIN.</source>
        <translation>カードをリーダーに置き、4桁の暗証番号を入力してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: the platform could not verify the card's answer.</source>
        <translation>受け付けられませんでした：プラットフォームがカードの応答を確認できませんでした。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Received by {host}. The resident continues on their own phone or computer.</source>
        <translation>{host} が受け付けました。続きはご本人のスマートフォンやパソコンで行ってください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Not answered: this sign-in is for {detail}. This kiosk signs in only at the platform it is connected to.</source>
        <translation>応答しませんでした：このサインインは {detail} のものです。この端末は接続先のプラットフォームにだけサインインします。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused by the platform: {detail}</source>
        <translation>プラットフォームが受け付けませんでした：{detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>残り1回：この端末では暗証番号を試しません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Signing in at: {host}
Check that this is the site on the screen.</source>
        <translation>サインイン先：{host}
画面に表示されているサイトと同じか確かめてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>PIN tries left: {tries}</source>
        <translation>暗証番号の残り回数：{tries}</translation>
    </message>
</context>
<context>
    <name>ShelterMappingTab</name>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Local shelters</source>
        <translation>この端末の避難所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>This kiosk recorded people at shelters of its own before it was enrolled. Choose the platform shelter each one is; its waiting check-ins are then sent as that shelter's. Until then they wait, and everything else syncs.</source>
        <translation>この端末は登録前に、端末独自の避難所で受付をしました。それぞれがどの避難所（本部で定義された避難所）かを選んでください。選ぶと、送信待ちの受付がその避難所の記録として送られます。それまではその記録だけが待ち、ほかは同期されます。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Local shelter</source>
        <translation>端末の避難所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Platform shelter</source>
        <translation>本部の避難所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Map the selected shelter…</source>
        <translation>選んだ避難所を対応付ける…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Every shelter of this kiosk is the platform's.</source>
        <translation>この端末の避難所はすべて本部の避難所です。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>No platform shelter has arrived yet: sync first, then map.</source>
        <translation>本部の避難所がまだ届いていません。先に同期してから対応付けてください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Map {local} ({local_name}) to {platform} ({platform_name})? Its people, stays and waiting events become the platform shelter's. This cannot be undone.</source>
        <translation>{local}（{local_name}）を {platform}（{platform_name}）に対応付けますか？ 在所者・滞在記録・送信待ちの記録は本部の避難所のものになります。元に戻せません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Map</source>
        <translation>対応付ける</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Cancel</source>
        <translation>取り消す</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>{local} is now {platform}; {events} waiting events were re-addressed.</source>
        <translation>{local} は {platform} になりました。送信待ちの記録 {events} 件を付け替えました。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Not mapped: {reason}</source>
        <translation>対応付けできませんでした：{reason}</translation>
    </message>
</context>
<context>
    <name>CardLinkDialog</name>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Also register the city card</source>
        <translation>市民カードも登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Show the resident's city card QR code to the camera, or scan it with the handheld scanner.</source>
        <translation>市民カードのQRコードをカメラにかざすか、ハンディスキャナーで読み取ってください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Register the city card</source>
        <translation>市民カードを登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The city card is linked. From now on it checks this person in and out.</source>
        <translation>市民カードを登録しました。これからは市民カードだけで入退所できます。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>This is not a city card of a format this kiosk knows: {detail}</source>
        <translation>この端末が知っている形式の市民カードではありません: {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>This city card is already linked to another person.</source>
        <translation>この市民カードはすでに別の方に登録されています。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Link the resident's My Number Card first: a city card is linked only after the card's PIN has proven who they are.</source>
        <translation>先にマイナンバーカードを登録してください。市民カードは、カードの暗証番号で本人と確認できた方にだけ登録できます。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Reading the card… keep it still</source>
        <translation>読み取り中…カードを動かさないでください</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Nobody at this kiosk has this card's name and birth date. Register the resident as a walk-in, or check the roster.</source>
        <translation>このカードの氏名・生年月日の方はこの端末に登録されていません。新規受付で登録するか、名簿を確認してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The chosen person's name or birth date is not the card's.</source>
        <translation>選んだ方の氏名または生年月日がカードと一致しません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Keep the card on the reader…</source>
        <translation>カードをかざしたままにしてください…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The card is linked. It is sent to the platform now.</source>
        <translation>カードを登録しました。基盤へ送信します。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The card is linked here. The platform is not reachable: the link is sent with the next sync.</source>
        <translation>この端末でカードを登録しました。基盤に接続できないため、次回の同期で送信します。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>This card is already linked to another person.</source>
        <translation>このカードは別の方に登録されています。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The chosen person's name is not the card's.</source>
        <translation>選んだ方の氏名がカードと一致しません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The chosen person's birth date is not the card's.</source>
        <translation>選んだ方の生年月日がカードと一致しません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Connect this kiosk to the platform before linking cards.</source>
        <translation>カードを登録する前に、この端末を基盤に接続してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>A different card is on the reader. Start again.</source>
        <translation>別のカードがかざされています。最初からやり直してください。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>address</source>
        <translation>住所</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Matches: {items}</source>
        <translation>一致: {items}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source> — already holds this card</source>
        <translation> — このカードは登録済み</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Link a card</source>
        <translation>カードを登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The resident's card</source>
        <translation>住民のカード</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Place the resident's My Number Card on the reader and have them enter its 4-digit PIN. Its name, address, birth date and sex are read; never the individual number.</source>
        <translation>住民のマイナンバーカードをかざし、4桁の暗証番号を入力してもらってください。氏名・住所・生年月日・性別を読み取ります。個人番号は読み取りません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>PIN tries left: {tries}</source>
        <translation>暗証番号の残り回数: {tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The card says: {name}, born {born}, {address}</source>
        <translation>カードの記載: {name}、{born}生、{address}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Link the card to this person</source>
        <translation>この方にカードを登録</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>StartupProgress</name>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Loading the program</source>
        <translation>プログラムを読み込んでいます</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Opening the encrypted data (key, check, updates)</source>
        <translation>暗号化されたデータを開いています（鍵・点検・更新）</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Preparing the screens</source>
        <translation>画面を準備しています</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Kazasu is starting</source>
        <translation>Kazasu を起動しています</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Please wait. The first start on a new computer can take a minute.</source>
        <translation>しばらくお待ちください。新しいパソコンでの初回の起動には1分ほどかかることがあります。</translation>
    </message>
</context>
<context>
    <name>SuppliesTab</name>
    <message>
        <location filename="../../ui/screens/supplies.py" line="119" />
        <source>Drinking water (litres)</source>
        <translation>飲料水（L）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="120" />
        <source>Meals</source>
        <translation>食料（食）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="121" />
        <source>Blankets</source>
        <translation>毛布（枚）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="122" />
        <source>Baby diapers</source>
        <translation>乳幼児用おむつ（枚）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="123" />
        <source>Adult diapers</source>
        <translation>大人用おむつ（枚）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="124" />
        <source>Infant formula (litres)</source>
        <translation>乳児用ミルク（L）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="125" />
        <source>Allergen-free meals</source>
        <translation>アレルギー対応食（食）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="130" />
        <source>Supplies</source>
        <translation>物資</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="134" />
        <source>Stock at this shelter and what it asks headquarters for. The suggestion is a day's need of the people present (3 l of water and 3 meals each, diapers and formula for infants, allergen-free meals, adult diapers for care): a starting point, not a ration. Headquarters sees and totals what is saved here.</source>
        <translation>この避難所の在庫と、災害対策本部への要請数です。目安はいま避難所にいる人の1日分です（1人あたり水3L・食事3食、乳児におむつとミルク、アレルギー対応食、要介護の人に大人用おむつ）。配給の基準ではなく、数える手間を省くためのものです。保存した数は本部で見られ、合計されます。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Item</source>
        <translation>品目</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Stock</source>
        <translation>在庫</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Requested</source>
        <translation>要請</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Suggested a day</source>
        <translation>目安（1日分）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="146" />
        <source>{item}: stock</source>
        <translation>{item}：在庫</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="148" />
        <source>{item}: requested</source>
        <translation>{item}：要請</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="150" />
        <source>Save supplies</source>
        <translation>物資を保存</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="151" />
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="154" />
        <source>Not saved: {reason}</source>
        <translation>保存できませんでした：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="159" />
        <source>Saved: {items}.</source>
        <translation>保存しました：{items}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="161" />
        <source>Nothing changed.</source>
        <translation>変更はありません。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="159" />
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
</TS>
