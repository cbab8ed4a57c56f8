<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="pt_BR">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Please hold your My Number Card over the reader</source>
        <translation>Encoste o seu cartão My Number no leitor</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — shelter entrance</source>
        <translation>{name} — Entrada do abrigo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>No card? Please ask staff.</source>
        <translation>Não tem cartão? Fale com a equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Call staff</source>
        <translation>Chamar a equipe</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff are on their way. Please wait here.</source>
        <translation>A equipe já vem. Espere aqui, por favor.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>A card held over the card reader</source>
        <translation>Desenho de um cartão encostado no leitor</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff sign-in</source>
        <translation>Entrada da equipe</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="52" />
        <source>Reading… keep the card still</source>
        <translation>Lendo… não mexa o cartão</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="57" />
        <source>or show your QR code to the camera</source>
        <translation>ou mostre o seu código QR à câmera</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="59" />
        <source>Staff</source>
        <translation>Equipe</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="56" />
        <source>Please hold your card over the reader</source>
        <translation>Encoste o cartão no leitor</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Asking the city's system for your registration</source>
        <translation>Consultando o seu registro no sistema da prefeitura</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</source>
        <translation>Entrada provisória com o passe (sem conexão). Equipe: o nome e a família chegam na próxima sincronização.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="126" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="132" />
        <source>Welcome. You are checked in.</source>
        <translation>Bem-vindo. A sua entrada foi registrada.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="134" />
        <source>You are checked out. Take care.</source>
        <translation>A sua saída foi registrada. Cuide-se.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="138" />
        <source>Your household here: {names}</source>
        <translation>A sua família aqui: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="139" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="147" />
        <source>Sorry</source>
        <translation>Desculpe</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Check out</source>
        <translation>Sair</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>You are already checked in.</source>
        <translation>A sua entrada já está registrada.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Already recorded (nothing was changed).</source>
        <translation>Já registrado (nada foi alterado).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Leaving the shelter? Press 'Check out'.</source>
        <translation>Vai sair do abrigo? Toque em 'Sair'.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</source>
        <translation>Este abrigo ainda não tem o seu registro. Digite o PIN de 4 dígitos do cartão para trazê-lo para cá.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This card is not registered. Please register at the staff desk.</source>
        <translation>Este cartão não está registrado. Registre-se no balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Your registration is not shared with shelters. Please go to the staff desk.</source>
        <translation>O seu registro não é compartilhado com os abrigos. Vá ao balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="14" />
        <source>We could not find you. Please go to the staff desk.</source>
        <translation>Não encontramos o seu registro. Vá ao balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>This code cannot be used. Please go to the staff desk.</source>
        <translation>Este código não pode ser usado. Vá ao balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>This code has expired. Show a new one, or go to the staff desk.</source>
        <translation>Este código expirou. Mostre um novo ou vá ao balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</source>
        <translation>Este código foi assinado com uma chave cancelada e não pode ser usado. Vá ao balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This is not a shelter pass. Please go to the staff desk.</source>
        <translation>Isto não é um passe do abrigo. Vá ao balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>This code is not one we know. Please go to the staff desk.</source>
        <translation>Não conhecemos este código. Vá ao balcão da equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>This shelter is closed. Please ask the staff.</source>
        <translation>Este abrigo está fechado. Pergunte à equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32" />
        <source>This kiosk is not set up yet. Please ask the staff.</source>
        <translation>Este terminal ainda não está pronto. Pergunte à equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>PIN errado. Restam {tries} tentativas.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46" />
        <source>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</source>
        <translation>Só resta 1 tentativa de PIN, por isso o terminal não vai tentar. O PIN pode ser refeito na prefeitura.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>The card moved away too soon. Please hold it still and try again.</source>
        <translation>O cartão saiu cedo demais. Segure-o parado e tente de novo.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>No card on the reader. Please place your card on the reader.</source>
        <translation>Não há cartão no leitor. Coloque o seu cartão no leitor.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59" />
        <source>This card cannot be used. Please use your My Number Card.</source>
        <translation>Este cartão não pode ser usado. Use o seu cartão My Number.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>The PIN is 4 digits.</source>
        <translation>O PIN tem 4 dígitos.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63" />
        <source>This card's PIN is locked. It can be unlocked at the city office.</source>
        <translation>O PIN deste cartão está bloqueado. Ele pode ser desbloqueado na prefeitura.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66" />
        <source>This card could not be verified. Please call a supervisor.</source>
        <translation>Não foi possível verificar este cartão. Chame um responsável.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This card's certificate has expired.</source>
        <translation>O certificado deste cartão expirou.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75" />
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>O leitor de cartão não está funcionando. Pergunte à equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78" />
        <source>The card reader is not connected. Please ask the staff.</source>
        <translation>O leitor de cartão não está conectado. Pergunte à equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>Não foi possível ler o cartão. Tente de novo.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="96" />
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="97" />
        <source>Furigana</source>
        <translation>Leitura (furigana)</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="98" />
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="99" />
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="100" />
        <source>Birth date</source>
        <translation>Data de nascimento</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101" />
        <source>Relation</source>
        <translation>Parentesco</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="102" />
        <source>Allergies</source>
        <translation>Alergias</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="103" />
        <source>Medication</source>
        <translation>Medicamentos</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="104" />
        <source>Notes</source>
        <translation>Observações</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="105" />
        <source>Shelter name</source>
        <translation>Nome do abrigo</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="106" />
        <source>Staff name</source>
        <translation>Nome do funcionário</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="107" />
        <source>Answer</source>
        <translation>Resposta</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="114" />
        <source>is not text</source>
        <translation>não é texto</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="115" />
        <source>must not be empty</source>
        <translation>não pode ficar vazio</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="116" />
        <source>is too long</source>
        <translation>é longo demais</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="118" />
        <source>contains a control character or line break</source>
        <translation>contém um caractere de controle ou quebra de linha</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="121" />
        <source>contains an invisible formatting character</source>
        <translation>contém um caractere de formatação invisível</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="123" />
        <source>contains a broken character</source>
        <translation>contém um caractere corrompido</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="125" />
        <source>contains a character that cannot be exchanged (private use)</source>
        <translation>contém um caractere que não pode ser trocado (uso privado)</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="129" />
        <source>has characters this field does not allow</source>
        <translation>tem caracteres que este campo não aceita</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="131" />
        <source>is not a date (YYYY-MM-DD)</source>
        <translation>não é uma data (AAAA-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="132" />
        <source>is in the future</source>
        <translation>está no futuro</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="133" />
        <source>is too long ago</source>
        <translation>é antiga demais</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="142" />
        <source>{field}: {reason}</source>
        <translation>{field}: {reason}</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets.py" line="180" />
        <source>4-digit PIN</source>
        <translation>PIN de 4 dígitos</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="181" />
        <source>Clear</source>
        <translation>Apagar</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="182" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
</TS>
