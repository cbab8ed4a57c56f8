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
        <source>{name} — event entrance</source>
        <translation>{name} — Entrada do evento</translation>
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
        <location filename="../../ui/messages.py" line="68" />
        <source>The kiosk could not finish this. Please ask the staff.</source>
        <translation>Este terminal não conseguiu concluir. Pergunte à equipe.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>Não foi possível ler o cartão. Tente de novo.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/forms.py" line="350" />
        <source>Suggest a reading</source>
        <translation>Sugerir a leitura</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="336" />
        <source>Suggested reading — please check</source>
        <translation>Leitura sugerida — confira, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="338" />
        <source>No reading to suggest — please type it</source>
        <translation>Não há leitura para sugerir — digite-a</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="171" />
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="172" />
        <source>Furigana</source>
        <translation>Leitura do nome (furigana)</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="173" />
        <source>Sex</source>
        <translation>Sexo</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="174" />
        <source>Birth date</source>
        <translation>Data de nascimento</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="175" />
        <source>Relation to representative</source>
        <translation>Parentesco com o responsável</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="176" />
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="177" />
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="178" />
        <source>Pregnant</source>
        <translation>Grávida</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="179" />
        <source>Nursing</source>
        <translation>Amamentando</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="180" />
        <source>Care required</source>
        <translation>Precisa de cuidados</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="181" />
        <source>Disabilities</source>
        <translation>Deficiências</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="182" />
        <source>Allergies</source>
        <translation>Alergias</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="183" />
        <source>Medication</source>
        <translation>Medicamentos</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="184" />
        <source>Whereabouts may be told to relatives</source>
        <translation>O paradeiro pode ser informado a parentes</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>Safety may be published</source>
        <translation>A segurança pode ser publicada</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>The safety list may also name my shelter</source>
        <translation>A lista de segurança também pode indicar o meu abrigo</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="186" />
        <source>Protected (DV): never disclose</source>
        <translation>Protegido (violência doméstica): nunca revelar</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="192" />
        <source>Unknown</source>
        <translation>Não sei</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="193" />
        <source>Male</source>
        <translation>Masculino</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="194" />
        <source>Female</source>
        <translation>Feminino</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="195" />
        <source>Not applicable</source>
        <translation>Não se aplica</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="196" />
        <source>Physical</source>
        <translation>Física</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="197" />
        <source>Visual</source>
        <translation>Visual (vista)</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="198" />
        <source>Hearing</source>
        <translation>Auditiva</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="199" />
        <source>Mental</source>
        <translation>Mental (psíquica)</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="200" />
        <source>Intellectual</source>
        <translation>Intelectual</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="201" />
        <source>Developmental</source>
        <translation>Do desenvolvimento</translation>
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
<context>
    <name>WalkInWizard</name>
    <message>
        <location filename="../../ui/screens/walkin.py" line="169" />
        <source>Reading the card… keep it still</source>
        <translation>Lendo o cartão… não mexa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="203" />
        <source>Some characters could not be read (〓). Compare with the card.</source>
        <translation>Alguns caracteres não puderam ser lidos (〓). Compare com o cartão.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="212" />
        <source>Add a member</source>
        <translation>Adicionar membro</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="263" />
        <source>Not registered: {reason}</source>
        <translation>Não cadastrado: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Save as PDF</source>
        <translation>Salvar em PDF</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="289" />
        <source>Read name and address from the card</source>
        <translation>Ler nome e endereço do cartão</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="292" />
        <source>Place the card on the reader and enter its 4-digit PIN for the card's details.</source>
        <translation>Coloque o cartão no leitor e digite o PIN de 4 dígitos dos dados do cartão.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="298" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>Resta 1 tentativa: o terminal não vai tentar o PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="300" />
        <source>PIN tries left: {tries}</source>
        <translation>Tentativas de PIN restantes: {tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="301" />
        <source>Type the details instead</source>
        <translation>Digitar os dados</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="302" />
        <source>Representative</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="303" />
        <source>Other members</source>
        <translation>Outros membros</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="305" />
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="306" />
        <source>Staying at</source>
        <translation>Ficando em</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="308" />
        <source>In the shelter</source>
        <translation>No abrigo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="309" />
        <source>At home</source>
        <translation>Em casa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="310" />
        <source>In a car</source>
        <translation>No carro</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="311" />
        <source>In a tent</source>
        <translation>Numa barraca</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="312" />
        <source>Elsewhere</source>
        <translation>Outro lugar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="316" />
        <source>Register</source>
        <translation>Cadastrar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="317" />
        <source>Start over</source>
        <translation>Recomeçar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="318" />
        <source>Registered</source>
        <translation>Cadastrado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="320" />
        <source>Show this code at the entrance next time, or tap the card.</source>
        <translation>Na próxima vez, mostre este código na entrada ou encoste o cartão.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print receipt</source>
        <translation>Imprimir o comprovante</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="323" />
        <source>Finish</source>
        <translation>Concluir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="455" />
        <source>This may be the same person as someone already registered. Compare before saving.</source>
        <translation>Pode ser a mesma pessoa que alguém já cadastrado. Compare antes de salvar.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="362" />
        <source>Birth date: {date}</source>
        <translation>Data de nascimento: {date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="365" />
        <source>Household: {name}</source>
        <translation>Família: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="366" />
        <source>Shelter: {name}</source>
        <translation>Abrigo: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="371" />
        <source>Protected (DV): never disclose</source>
        <translation>Protegido (violência doméstica): nunca revelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="389" />
        <source>Checked in: {name}</source>
        <translation>Entrada registrada: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="462" />
        <source>This is the same person: check them in</source>
        <translation>É a mesma pessoa: registrar a entrada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="463" />
        <source>A different person: register</source>
        <translation>É outra pessoa: cadastrar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="464" />
        <source>Back to the form</source>
        <translation>Voltar ao formulário</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Print pass</source>
        <translation>Imprimir o passe</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print pass (PDF)</source>
        <translation>Imprimir o passe (PDF)</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Additional questions</source>
        <translation>Perguntas adicionais</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>YYYY-MM-DD</source>
        <translation>Exemplo: 1950-02-03</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: {text} is not a number</source>
        <translation>{label}: {text} não é um número</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: write the date as 1950-02-03</source>
        <translation>{label}: escreva a data como 1950-02-03</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
</TS>
