<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Please hold your My Number Card over the reader</source>
        <translation>请将个人编号卡（My Number Card）放在读卡器上</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — shelter entrance</source>
        <translation>{name} — 避难所入口</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — event entrance</source>
        <translation>{name} — 活动入口</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>No card? Please ask staff.</source>
        <translation>没有卡？请找工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff are on their way. Please wait here.</source>
        <translation>工作人员马上就来，请在这里等候。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>A card held over the card reader</source>
        <translation>把卡放在读卡器上的图示</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff sign-in</source>
        <translation>工作人员登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="52" />
        <source>Reading… keep the card still</source>
        <translation>正在读取…请不要移动卡片</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="57" />
        <source>or show your QR code to the camera</source>
        <translation>或者把二维码对准摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="59" />
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="56" />
        <source>Please hold your card over the reader</source>
        <translation>请将卡片放在读卡器上</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checking…</source>
        <translation>正在确认…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Asking the city's system for your registration</source>
        <translation>正在向市政府的系统查询您的登记</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</source>
        <translation>已用通行证临时登记（离线）。工作人员：姓名和家庭信息将在下次同步时送达。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="126" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="132" />
        <source>Welcome. You are checked in.</source>
        <translation>欢迎。您已登记入住。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="134" />
        <source>You are checked out. Take care.</source>
        <translation>已登记外出。请注意安全。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="138" />
        <source>Your household here: {names}</source>
        <translation>在本避难所的家人：{names}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="139" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="147" />
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Check out</source>
        <translation>外出</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>You are already checked in.</source>
        <translation>您已经登记过了。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Already recorded (nothing was changed).</source>
        <translation>已经登记（没有任何更改）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Leaving the shelter? Press 'Check out'.</source>
        <translation>要离开避难所吗？请按“外出”。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</source>
        <translation>本避难所还没有您的登记信息。输入卡片的4位密码，即可把登记信息调到这里。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This card is not registered. Please register at the staff desk.</source>
        <translation>此卡尚未登记。请到工作人员服务台登记。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Your registration is not shared with shelters. Please go to the staff desk.</source>
        <translation>您的登记信息没有与避难所共享。请到工作人员服务台。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="14" />
        <source>We could not find you. Please go to the staff desk.</source>
        <translation>找不到您的登记。请到工作人员服务台。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>This code cannot be used. Please go to the staff desk.</source>
        <translation>此二维码无法使用。请到工作人员服务台。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>This code has expired. Show a new one, or go to the staff desk.</source>
        <translation>此二维码已过期。请出示新的二维码，或到工作人员服务台。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</source>
        <translation>此二维码使用了已作废的密钥签名，无法使用。请到工作人员服务台。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This is not a shelter pass. Please go to the staff desk.</source>
        <translation>这不是避难所通行证。请到工作人员服务台。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>This code is not one we know. Please go to the staff desk.</source>
        <translation>无法识别此二维码。请到工作人员服务台。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>This shelter is closed. Please ask the staff.</source>
        <translation>本避难所已关闭。请询问工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32" />
        <source>This kiosk is not set up yet. Please ask the staff.</source>
        <translation>本终端还在准备中。请询问工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>密码错误。还剩 {tries} 次。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46" />
        <source>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</source>
        <translation>密码只剩1次机会，本终端不会尝试。可在市政府重设密码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>The card moved away too soon. Please hold it still and try again.</source>
        <translation>卡片离开得太快。请拿稳后再试一次。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>No card on the reader. Please place your card on the reader.</source>
        <translation>读卡器上没有卡。请把卡放在读卡器上。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59" />
        <source>This card cannot be used. Please use your My Number Card.</source>
        <translation>此卡无法使用。请使用个人编号卡。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>The PIN is 4 digits.</source>
        <translation>密码是4位数字。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63" />
        <source>This card's PIN is locked. It can be unlocked at the city office.</source>
        <translation>此卡的密码已被锁定。可在市政府解锁。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66" />
        <source>This card could not be verified. Please call a supervisor.</source>
        <translation>无法验证此卡。请叫负责人来。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This card's certificate has expired.</source>
        <translation>此卡的电子证书已过期。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75" />
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>读卡器没有工作。请询问工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78" />
        <source>The card reader is not connected. Please ask the staff.</source>
        <translation>读卡器没有连接。请询问工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68" />
        <source>The kiosk could not finish this. Please ask the staff.</source>
        <translation>本终端未能完成处理。请询问工作人员。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>无法读取卡片。请再试一次。</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/forms.py" line="350" />
        <source>Suggest a reading</source>
        <translation>填入读音候选</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="336" />
        <source>Suggested reading — please check</source>
        <translation>这是读音候选，请确认</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="338" />
        <source>No reading to suggest — please type it</source>
        <translation>没有读音候选，请自行输入</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="171" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="172" />
        <source>Furigana</source>
        <translation>姓名读音（假名）</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="173" />
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="174" />
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="175" />
        <source>Relation to representative</source>
        <translation>与代表人的关系</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="176" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="177" />
        <source>Phone</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="178" />
        <source>Pregnant</source>
        <translation>怀孕中</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="179" />
        <source>Nursing</source>
        <translation>哺乳期</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="180" />
        <source>Care required</source>
        <translation>需要护理</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="181" />
        <source>Disabilities</source>
        <translation>残障</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="182" />
        <source>Allergies</source>
        <translation>过敏</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="183" />
        <source>Medication</source>
        <translation>正在服用的药</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="184" />
        <source>Whereabouts may be told to relatives</source>
        <translation>可以告知亲属所在地</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>Safety may be published</source>
        <translation>可以公布平安信息</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>The safety list may also name my shelter</source>
        <translation>平安信息中也可以公布我所在的避难所</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="186" />
        <source>Protected (DV): never disclose</source>
        <translation>受保护者（家暴等）：绝不透露</translation>
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
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="196" />
        <source>Physical</source>
        <translation>肢体</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="197" />
        <source>Visual</source>
        <translation>视觉</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="198" />
        <source>Hearing</source>
        <translation>听觉</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="199" />
        <source>Mental</source>
        <translation>精神</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="200" />
        <source>Intellectual</source>
        <translation>智力</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="201" />
        <source>Developmental</source>
        <translation>发育</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets.py" line="180" />
        <source>4-digit PIN</source>
        <translation>4位数密码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="181" />
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="182" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>WalkInWizard</name>
    <message>
        <location filename="../../ui/screens/walkin.py" line="169" />
        <source>Reading the card… keep it still</source>
        <translation>正在读卡…请不要移动</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="203" />
        <source>Some characters could not be read (〓). Compare with the card.</source>
        <translation>有些字符无法读取（〓）。请与卡面核对。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="212" />
        <source>Add a member</source>
        <translation>添加家庭成员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="263" />
        <source>Not registered: {reason}</source>
        <translation>未能登记：{reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Save as PDF</source>
        <translation>保存为PDF</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="289" />
        <source>Read name and address from the card</source>
        <translation>从卡上读取姓名和地址</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="292" />
        <source>Place the card on the reader and enter its 4-digit PIN for the card's details.</source>
        <translation>请把卡放在读卡器上，并输入卡面信息输入辅助用的4位数密码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="298" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>只剩1次：本终端不会尝试密码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="300" />
        <source>PIN tries left: {tries}</source>
        <translation>剩余密码尝试次数：{tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="301" />
        <source>Type the details instead</source>
        <translation>改为手动输入</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="302" />
        <source>Representative</source>
        <translation>代表人</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="303" />
        <source>Other members</source>
        <translation>其他家庭成员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="305" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="306" />
        <source>Staying at</source>
        <translation>居住地点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="308" />
        <source>In the shelter</source>
        <translation>避难所内</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="309" />
        <source>At home</source>
        <translation>自己家中</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="310" />
        <source>In a car</source>
        <translation>车内</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="311" />
        <source>In a tent</source>
        <translation>帐篷</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="312" />
        <source>Elsewhere</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="316" />
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="317" />
        <source>Start over</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="318" />
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="320" />
        <source>Show this code at the entrance next time, or tap the card.</source>
        <translation>下次请在入口出示此二维码，或刷卡。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print receipt</source>
        <translation>打印登记单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="323" />
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="455" />
        <source>This may be the same person as someone already registered. Compare before saving.</source>
        <translation>此人可能与已登记的人是同一人。保存前请核对。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="362" />
        <source>Birth date: {date}</source>
        <translation>出生日期：{date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="365" />
        <source>Household: {name}</source>
        <translation>家庭：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="366" />
        <source>Shelter: {name}</source>
        <translation>避难所：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="371" />
        <source>Protected (DV): never disclose</source>
        <translation>受保护者（家暴等）：绝不透露</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="389" />
        <source>Checked in: {name}</source>
        <translation>已登记入住：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="462" />
        <source>This is the same person: check them in</source>
        <translation>是同一人：为其办理入住</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="463" />
        <source>A different person: register</source>
        <translation>是不同的人：登记</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="464" />
        <source>Back to the form</source>
        <translation>返回表单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Print pass</source>
        <translation>打印通行证</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print pass (PDF)</source>
        <translation>打印通行证（PDF）</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Additional questions</source>
        <translation>其他问题</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>YYYY-MM-DD</source>
        <translation>例：1950-02-03（公历）</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: {text} is not a number</source>
        <translation>{label}：{text} 不是数字</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: write the date as 1950-02-03</source>
        <translation>{label}：请按 1950-02-03 的格式填写日期</translation>
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
        <translation>取消</translation>
    </message>
</context>
</TS>
