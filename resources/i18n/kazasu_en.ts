<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Please hold your My Number Card over the reader</source>
        <translation>Please hold your My Number Card over the reader</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>{name} — shelter entrance</source>
        <translation>{name} — shelter entrance</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>No card? Please ask staff.</source>
        <translation>No card? Please ask staff.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Call staff</source>
        <translation>Call staff</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff are on their way. Please wait here.</source>
        <translation>Staff are on their way. Please wait here.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>A card held over the card reader</source>
        <translation>A card held over the card reader</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Staff sign-in</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="52" />
        <source>Reading… keep the card still</source>
        <translation>Reading… keep the card still</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="57" />
        <source>or show your QR code to the camera</source>
        <translation>or show your QR code to the camera</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="59" />
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="125" />
        <source>{name} — event entrance</source>
        <translation>{name} — event entrance</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Asking the city's system for your registration</source>
        <translation>Asking the city's system for your registration</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="1" />
        <source>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</source>
        <translation>Checked in provisionally with the pass (offline). Staff: the name and household arrive at the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="126" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="132" />
        <source>Welcome. You are checked in.</source>
        <translation>Welcome. You are checked in.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="134" />
        <source>You are checked out. Take care.</source>
        <translation>You are checked out. Take care.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="138" />
        <source>Your household here: {names}</source>
        <translation>Your household here: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="139" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" line="147" />
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Check out</source>
        <translation>Check out</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>You are already checked in.</source>
        <translation>You are already checked in.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Already recorded (nothing was changed).</source>
        <translation>Already recorded (nothing was changed).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/citizen.py" />
        <source>Leaving the shelter? Press 'Check out'.</source>
        <translation>Leaving the shelter? Press 'Check out'.</translation>
    </message>
</context>
<context>
    <name>ConsoleScreen</name>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>🔔 Someone at the entrance is asking for staff (since {time}).</source>
        <translation>🔔 Someone at the entrance is asking for staff (since {time}).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>I'm going</source>
        <translation>I'm going</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>Local shelters</source>
        <translation>Local shelters</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="127" />
        <source>{name} ({role}) — polling site {site}</source>
        <translation>{name} ({role}) — polling site {site}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="127" />
        <source>Early voting</source>
        <translation>Early voting</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="73" />
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="73" />
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="75" />
        <source>{name} ({role}) — shelter {shelter}</source>
        <translation>{name} ({role}) — shelter {shelter}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="79" />
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="1" />
        <source>Web sign-in</source>
        <translation>Web sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="80" />
        <source>Quit Kazasu</source>
        <translation>Quit Kazasu</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="83" />
        <source>Roster</source>
        <translation>Roster</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="84" />
        <source>Counts</source>
        <translation>Counts</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="85" />
        <source>Walk-in registration</source>
        <translation>Walk-in registration</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="86" />
        <source>Settings and status</source>
        <translation>Settings and status</translation>
    </message>
    <message>
        <source>Sync conflicts</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Questions</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>Staff accounts</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>{days} d {hours} h</source>
        <translation>{days} d {hours} h</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>{hours} h {minutes} min</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>⚠ This kiosk's clock is {amount} behind the platform's. Records use the platform's time; please set the clock right.</source>
        <translation>⚠ This kiosk's clock is {amount} behind the platform's. Records use the platform's time; please set the clock right.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>⚠ This kiosk's clock is {amount} ahead of the platform's. Records use the platform's time; please set the clock right.</source>
        <translation>⚠ This kiosk's clock is {amount} ahead of the platform's. Records use the platform's time; please set the clock right.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>Quit Kazasu? Nobody can check in at this kiosk until it is started again.</source>
        <translation>Quit Kazasu? Nobody can check in at this kiosk until it is started again.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" />
        <source>⚠ The scheduled backup failed.</source>
        <translation>⚠ The scheduled backup failed.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="307" />
        <source>Supplies</source>
        <translation>Supplies</translation>
    </message>
    <message>
        <location filename="../../ui/screens/console.py" line="292" />
        <source>{name} ({role}) — event site {site}</source>
        <translation>{name} ({role}) — event site {site}</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="83" />
        <source>People present</source>
        <translation>People present</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="84" />
        <source>Households present</source>
        <translation>Households present</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="85" />
        <source>Present at noon</source>
        <translation>Present at noon</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="86" />
        <source>Present at 22:00</source>
        <translation>Present at 22:00</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="87" />
        <source>People needing care</source>
        <translation>People needing care</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="88" />
        <source>Capacity</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="92" />
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="93" />
        <source>Needing care, by kind</source>
        <translation>Needing care, by kind</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="94" />
        <source>Staying outside the shelter</source>
        <translation>Staying outside the shelter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="95" />
        <source>Present by age and sex</source>
        <translation>Present by age and sex</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="96" />
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="116" />
        <source>Capacity not set</source>
        <translation>Capacity not set</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="117" />
        <source>Room available</source>
        <translation>Room available</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="118" />
        <source>Filling up</source>
        <translation>Filling up</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="119" />
        <source>Crowded</source>
        <translation>Crowded</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="120" />
        <source>Full</source>
        <translation>Full</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="124" />
        <source>Pregnant</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="125" />
        <source>Nursing</source>
        <translation>Nursing</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="126" />
        <source>Care required</source>
        <translation>Care required</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="127" />
        <source>Allergies</source>
        <translation>Allergies</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="128" />
        <source>Medication</source>
        <translation>Medication</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="129" />
        <source>Physical disability</source>
        <translation>Physical disability</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="130" />
        <source>Visual disability</source>
        <translation>Visual disability</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="131" />
        <source>Hearing disability</source>
        <translation>Hearing disability</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="132" />
        <source>Mental disability</source>
        <translation>Mental disability</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="133" />
        <source>Intellectual disability</source>
        <translation>Intellectual disability</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="134" />
        <source>Developmental disability</source>
        <translation>Developmental disability</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="140" />
        <source>At home</source>
        <translation>At home</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="141" />
        <source>In a car</source>
        <translation>In a car</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="142" />
        <source>In a tent</source>
        <translation>In a tent</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="143" />
        <source>Elsewhere</source>
        <translation>Elsewhere</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="153" />
        <source>Male</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../ui/screens/dashboard.py" line="155" />
        <source>Female</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <location filename="../../ui/widgets.py" line="114" />
        <source>starting</source>
        <translation>starting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="115" />
        <source>card service not running</source>
        <translation>card service not running</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="118" />
        <source>not connected</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="119" />
        <location filename="../../ui/widgets.py" line="133" />
        <source>ready</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="120" />
        <source>card on reader</source>
        <translation>card on reader</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="121" />
        <source>card not answering</source>
        <translation>card not answering</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="122" />
        <location filename="../../ui/widgets.py" line="137" />
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="130" />
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="132" />
        <source>opening</source>
        <translation>opening</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="134" />
        <source>cannot open</source>
        <translation>cannot open</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="135" />
        <source>lost</source>
        <translation>lost</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="136" />
        <source>ended</source>
        <translation>ended</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <location filename="../../ui/forms.py" line="235" />
        <source>Registration number</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="236" />
        <source>Registered on</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="237" />
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="238" />
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="239" />
        <source>Home owned or rented</source>
        <translation>Home owned or rented</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="240" />
        <source>Damage to the home</source>
        <translation>Damage to the home</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="241" />
        <source>Water out</source>
        <translation>Water out</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="242" />
        <source>Electricity out</source>
        <translation>Electricity out</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="243" />
        <source>Gas out</source>
        <translation>Gas out</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="244" />
        <source>Home livable</source>
        <translation>Home livable</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="245" />
        <source>Staying at</source>
        <translation>Staying at</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="246" />
        <source>Car model</source>
        <translation>Car model</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="247" />
        <source>Number plate</source>
        <translation>Number plate</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="248" />
        <source>Car colour</source>
        <translation>Car colour</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="249" />
        <source>Car parked at</source>
        <translation>Car parked at</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="250" />
        <source>Pets</source>
        <translation>Pets</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="256" />
        <location filename="../../ui/forms.py" line="258" />
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="256" />
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="256" />
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="259" />
        <source>Owned</source>
        <translation>Owned</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="260" />
        <source>Rented</source>
        <translation>Rented</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="261" />
        <source>No damage</source>
        <translation>No damage</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="262" />
        <source>Destroyed</source>
        <translation>Destroyed</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="263" />
        <source>Half destroyed</source>
        <translation>Half destroyed</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="264" />
        <source>Partly damaged</source>
        <translation>Partly damaged</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="265" />
        <source>Flooded above floor</source>
        <translation>Flooded above floor</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="266" />
        <source>Flooded below floor</source>
        <translation>Flooded below floor</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="267" />
        <source>In the shelter</source>
        <translation>In the shelter</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="268" />
        <source>At home</source>
        <translation>At home</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="269" />
        <source>In a car</source>
        <translation>In a car</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="270" />
        <source>In a tent</source>
        <translation>In a tent</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="271" />
        <source>Elsewhere</source>
        <translation>Elsewhere</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="278" />
        <source>Add a pet</source>
        <translation>Add a pet</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="280" />
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</source>
        <translation>This shelter does not have your registration yet. Enter your card's 4-digit PIN to bring it here.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This card is not registered. Please register at the staff desk.</source>
        <translation>This card is not registered. Please register at the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Your registration is not shared with shelters. Please go to the staff desk.</source>
        <translation>Your registration is not shared with shelters. Please go to the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="14" />
        <source>We could not find you. Please go to the staff desk.</source>
        <translation>We could not find you. Please go to the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="17" />
        <source>This code cannot be used. Please go to the staff desk.</source>
        <translation>This code cannot be used. Please go to the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="20" />
        <source>This code has expired. Show a new one, or go to the staff desk.</source>
        <translation>This code has expired. Show a new one, or go to the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</source>
        <translation>This code was signed with a withdrawn key and cannot be used. Please go to the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="23" />
        <source>This is not a shelter pass. Please go to the staff desk.</source>
        <translation>This is not a shelter pass. Please go to the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>This code is not one we know. Please go to the staff desk.</source>
        <translation>This code is not one we know. Please go to the staff desk.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>This shelter is closed. Please ask the staff.</source>
        <translation>This shelter is closed. Please ask the staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="32" />
        <source>This kiosk is not set up yet. Please ask the staff.</source>
        <translation>This kiosk is not set up yet. Please ask the staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Wrong PIN. {tries} tries left.</source>
        <translation>Wrong PIN. {tries} tries left.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="46" />
        <source>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</source>
        <translation>Only one PIN try is left, so the kiosk will not try it. The PIN can be reset at the city office.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>The card moved away too soon. Please hold it still and try again.</source>
        <translation>The card moved away too soon. Please hold it still and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>No card on the reader. Please place your card on the reader.</source>
        <translation>No card on the reader. Please place your card on the reader.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="59" />
        <source>This card cannot be used. Please use your My Number Card.</source>
        <translation>This card cannot be used. Please use your My Number Card.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>The PIN is 4 digits.</source>
        <translation>The PIN is 4 digits.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="63" />
        <source>This card's PIN is locked. It can be unlocked at the city office.</source>
        <translation>This card's PIN is locked. It can be unlocked at the city office.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="66" />
        <location filename="../../ui/messages.py" line="72" />
        <source>This card could not be verified. Please call a supervisor.</source>
        <translation>This card could not be verified. Please call a supervisor.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This card's certificate has expired.</source>
        <translation>This card's certificate has expired.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="75" />
        <source>The card reader is not working. Please ask the staff.</source>
        <translation>The card reader is not working. Please ask the staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="78" />
        <source>The card reader is not connected. Please ask the staff.</source>
        <translation>The card reader is not connected. Please ask the staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="68" />
        <source>The kiosk could not finish this. Please ask the staff.</source>
        <translation>The kiosk could not finish this. Please ask the staff.</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>The card could not be read. Please try again.</source>
        <translation>The card could not be read. Please try again.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <location filename="../../ui/forms.py" line="350" />
        <source>Suggest a reading</source>
        <translation>Suggest a reading</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="336" />
        <source>Suggested reading — please check</source>
        <translation>Suggested reading — please check</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="338" />
        <source>No reading to suggest — please type it</source>
        <translation>No reading to suggest — please type it</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="171" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="172" />
        <source>Furigana</source>
        <translation>Furigana</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="173" />
        <source>Sex</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="174" />
        <source>Birth date</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="175" />
        <source>Relation to representative</source>
        <translation>Relation to representative</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="176" />
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="177" />
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="178" />
        <source>Pregnant</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="179" />
        <source>Nursing</source>
        <translation>Nursing</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="180" />
        <source>Care required</source>
        <translation>Care required</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="181" />
        <source>Disabilities</source>
        <translation>Disabilities</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="182" />
        <source>Allergies</source>
        <translation>Allergies</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="183" />
        <source>Medication</source>
        <translation>Medication</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="184" />
        <source>Whereabouts may be told to relatives</source>
        <translation>Whereabouts may be told to relatives</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="185" />
        <source>Safety may be published</source>
        <translation>Safety may be published</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="186" />
        <source>Protected (DV): never disclose</source>
        <translation>Protected (DV): never disclose</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="192" />
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="193" />
        <source>Male</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="194" />
        <source>Female</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="195" />
        <source>Not applicable</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="196" />
        <source>Physical</source>
        <translation>Physical</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="197" />
        <source>Visual</source>
        <translation>Visual</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="198" />
        <source>Hearing</source>
        <translation>Hearing</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="199" />
        <source>Mental</source>
        <translation>Mental</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="200" />
        <source>Intellectual</source>
        <translation>Intellectual</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="201" />
        <source>Developmental</source>
        <translation>Developmental</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="389" />
        <source>The safety list may also name my shelter</source>
        <translation>The safety list may also name my shelter</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets.py" line="180" />
        <source>4-digit PIN</source>
        <translation>4-digit PIN</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="181" />
        <source>Clear</source>
        <translation>Clear</translation>
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
        <translation>Needs care</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="160" />
        <source>Here</source>
        <translation>Here</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="162" />
        <source>At {shelter}</source>
        <translation>At {shelter}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="164" />
        <source>Outside</source>
        <translation>Outside</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="165" />
        <source>Not here</source>
        <translation>Not here</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="198" />
        <source>Not done: {reason}</source>
        <translation>Not done: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="207" />
        <location filename="../../ui/screens/roster.py" line="322" />
        <source>Edit person</source>
        <translation>Edit person</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="227" />
        <location filename="../../ui/screens/roster.py" line="323" />
        <source>Edit household</source>
        <translation>Edit household</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="249" />
        <location filename="../../ui/screens/roster.py" line="325" />
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="260" />
        <source>Exported {rows} rows to {file}</source>
        <translation>Exported {rows} rows to {file}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="267" />
        <source>Save as PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="293" />
        <source>Saved to {file}</source>
        <translation>Saved to {file}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="297" />
        <source>Search by name or furigana</source>
        <translation>Search by name or furigana</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="299" />
        <source>Everyone</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="300" />
        <source>Present</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="301" />
        <source>Staying outside</source>
        <translation>Staying outside</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="303" />
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="308" />
        <source>{shown} of {total}</source>
        <translation>{shown} of {total}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="312" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="313" />
        <source>Furigana</source>
        <translation>Furigana</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="314" />
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="315" />
        <source>Where</source>
        <translation>Where</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="316" />
        <source>Care</source>
        <translation>Care</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="319" />
        <source>Check in</source>
        <translation>Check in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="320" />
        <source>Check out</source>
        <translation>Check out</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="321" />
        <source>Move</source>
        <translation>Move</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="324" />
        <source>Show household</source>
        <translation>Show household</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="326" />
        <source>Print</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="333" />
        <source>Choose a person in the list.</source>
        <translation>Choose a person in the list.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="339" />
        <source>Status: {where}</source>
        <translation>Status: {where}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="342" />
        <source>Since: {since}</source>
        <translation>Since: {since}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="344" />
        <source>Birth date: {date}</source>
        <translation>Birth date: {date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="348" />
        <source>Protected (DV): never disclose</source>
        <translation>Protected (DV): never disclose</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" line="350" />
        <source>Registered here (provisional)</source>
        <translation>Registered here (provisional)</translation>
    </message>
    <message>
        <source>Sync conflicts ({count})</source>
        <translation>Sync conflicts ({count})</translation>
    </message>
    <message>
        <source>{count} of this person's edits lost to a later one elsewhere</source>
        <translation>{count} of this person's edits lost to a later one elsewhere</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>This card is not linked to anyone here.</source>
        <translation>This card is not linked to anyone here.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Link a card</source>
        <translation>Link a card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Link this card to a resident</source>
        <translation>Link this card to a resident</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>There is nothing to undo.</source>
        <translation>There is nothing to undo.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>check-in</source>
        <translation>check-in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>check-out</source>
        <translation>check-out</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undo the {what} of {name} at {time}?</source>
        <translation>Undo the {what} of {name} at {time}?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undid the {what} of {name}.</source>
        <translation>Undid the {what} of {name}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/roster.py" />
        <source>Undo last check-in/out</source>
        <translation>Undo last check-in/out</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <location filename="../../ui/screens/settings.py" line="143" />
        <source>Saved</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="158" />
        <source>Settings (administrators)</source>
        <translation>Settings (administrators)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="160" />
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="161" />
        <source>Shelter</source>
        <translation>Shelter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="162" />
        <source>Card reader (part of its name)</source>
        <translation>Card reader (part of its name)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="163" />
        <source>Camera (number, address or file)</source>
        <translation>Camera (number, address or file)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="164" />
        <source>Screen scale</source>
        <translation>Screen scale</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="165" />
        <source>Back to start after idle (s)</source>
        <translation>Back to start after idle (s)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="166" />
        <source>Confirmation shown for (s)</source>
        <translation>Confirmation shown for (s)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="167" />
        <source>Kiosk mode (full screen, staff-only exit)</source>
        <translation>Kiosk mode (full screen, staff-only exit)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="168" />
        <source>Staff may sign in with a code</source>
        <translation>Staff may sign in with a code</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="172" />
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="173" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="177" />
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="178" />
        <source>Enrolment</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="179" />
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="180" />
        <source>Events waiting</source>
        <translation>Events waiting</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="181" />
        <source>Provisioning</source>
        <translation>Provisioning</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="182" />
        <source>Reader / camera</source>
        <translation>Reader / camera</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="193" />
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="195" />
        <source>Enrolled</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="195" />
        <source>Not enrolled with the platform</source>
        <translation>Not enrolled with the platform</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="198" />
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>CA certificate (PEM)</source>
        <translation>CA certificate (PEM)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrolling…</source>
        <translation>Enrolling…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrolled. The kiosk now syncs with the platform.</source>
        <translation>Enrolled. The kiosk now syncs with the platform.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform address must begin with https:// (http:// only on a test network).</source>
        <translation>The platform address must begin with https:// (http:// only on a test network).</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The CA certificate file was not found.</source>
        <translation>The CA certificate file was not found.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform did not answer. Check the address and the network, then try again.</source>
        <translation>The platform did not answer. Check the address and the network, then try again.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform's certificate could not be verified. Check the CA certificate file.</source>
        <translation>The platform's certificate could not be verified. Check the CA certificate file.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The enrolment code is wrong, already used or expired. Ask the platform's administrator for a new code.</source>
        <translation>The enrolment code is wrong, already used or expired. Ask the platform's administrator for a new code.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>This kiosk is already enrolled.</source>
        <translation>This kiosk is already enrolled.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>This kiosk and the platform use different sync versions. Update the kiosk or the platform.</source>
        <translation>This kiosk and the platform use different sync versions. Update the kiosk or the platform.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The platform refused the enrolment.</source>
        <translation>The platform refused the enrolment.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Not connected (not enrolled yet)</source>
        <translation>Not connected (not enrolled yet)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Online, syncing now</source>
        <translation>Online, syncing now</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Offline: check-ins are kept and sent later</source>
        <translation>Offline: check-ins are kept and sent later</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Stopped: the kiosk or the platform must be updated</source>
        <translation>Stopped: the kiosk or the platform must be updated</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Stopped: the platform refused this kiosk's data</source>
        <translation>Stopped: the platform refused this kiosk's data</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Stopped for good: the platform revoked this kiosk. It no longer syncs; records stay on it. Ask the platform's administrator.</source>
        <translation>Stopped for good: the platform revoked this kiosk. It no longer syncs; records stay on it. Ask the platform's administrator.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Next try in {seconds} s</source>
        <translation>Next try in {seconds} s</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Complete</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Not started</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>{done} of {total} records</source>
        <translation>{done} of {total} records</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>{done} records downloaded</source>
        <translation>{done} records downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Downloaded</source>
        <translation>Downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrolment with the platform (administrators)</source>
        <translation>Enrolment with the platform (administrators)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Platform address</source>
        <translation>Platform address</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>One-time code</source>
        <translation>One-time code</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>CA certificate (optional)</source>
        <translation>CA certificate (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Enrol</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>A repeat tap within (s) only shows the confirmation again</source>
        <translation>A repeat tap within (s) only shows the confirmation again</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backups to a USB stick (administrators)</source>
        <translation>Backups to a USB stick (administrators)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backup folder</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Scheduled backups</source>
        <translation>Scheduled backups</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backups to keep</source>
        <translation>Backups to keep</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Last backup</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Back up now</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backup folder (a USB stick)</source>
        <translation>Backup folder (a USB stick)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Writing the backup…</source>
        <translation>Writing the backup…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Backup written: {path}</source>
        <translation>Backup written: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The scheduled backup is tried again at {time}.</source>
        <translation>The scheduled backup is tried again at {time}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Choose a backup folder first.</source>
        <translation>Choose a backup folder first.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The backup folder {folder} is not there. Is the USB stick plugged in?</source>
        <translation>The backup folder {folder} is not there. Is the USB stick plugged in?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>The backup folder {folder} is full. Use another USB stick or keep fewer backups.</source>
        <translation>The backup folder {folder} is full. Use another USB stick or keep fewer backups.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Nothing can be written in {folder}. Check that the USB stick is not write-protected, or choose another folder.</source>
        <translation>Nothing can be written in {folder}. Check that the USB stick is not write-protected, or choose another folder.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>No scheduled backups</source>
        <translation>No scheduled backups</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Every {minutes} minutes</source>
        <translation>Every {minutes} minutes</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Once a day</source>
        <translation>Once a day</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Every {hours} hours</source>
        <translation>Every {hours} hours</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" />
        <source>Only an administrator may do this.</source>
        <translation>Only an administrator may do this.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../ui/screens/signin.py" line="98" />
        <source>Card sign-in is not set up on this kiosk.</source>
        <translation>Card sign-in is not set up on this kiosk.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="103" />
        <source>Checking the card…</source>
        <translation>Checking the card…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="132" />
        <source>Not signed in: this card or code is not a staff account.</source>
        <translation>Not signed in: this card or code is not a staff account.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="143" />
        <source>Staff sign-in</source>
        <translation>Staff sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="144" />
        <source>Staff card and PIN</source>
        <translation>Staff card and PIN</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="145" />
        <source>Place your card on the reader and enter its 4-digit PIN.</source>
        <translation>Place your card on the reader and enter its 4-digit PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="149" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>1 try left: the kiosk will not try the PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="151" />
        <source>PIN tries left: {tries}</source>
        <translation>PIN tries left: {tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="152" />
        <source>Staff code</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="153" />
        <source>Staff ID</source>
        <translation>Staff ID</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="154" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="155" />
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="156" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>The kiosk's data is damaged.</source>
        <translation>The kiosk's data is damaged.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>Nothing has been changed or deleted. Do not set up the kiosk again: its data and its enrolment can be brought back.</source>
        <translation>Nothing has been changed or deleted. Do not set up the kiosk again: its data and its enrolment can be brought back.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>Ask the administrator to restore the latest backup (the USB stick) with
kazasu-kiosk restore &lt;backup file&gt;
and start Kazasu again.</source>
        <translation>Ask the administrator to restore the latest backup (the USB stick) with
kazasu-kiosk restore &lt;backup file&gt;
and start Kazasu again.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="105" />
        <source>Until then, keep a paper roster of arrivals and departures.</source>
        <translation>Until then, keep a paper roster of arrivals and departures.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="68" />
        <source>The passphrase is not correct. Enter it again.</source>
        <translation>The passphrase is not correct. Enter it again.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="72" />
        <source>This computer's key store does not hold the key of the kiosk's data.
Enter the administrator passphrase to open it.</source>
        <translation>This computer's key store does not hold the key of the kiosk's data.
Enter the administrator passphrase to open it.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="84" />
        <source>The kiosk's data in {folder} could not be opened.</source>
        <translation>The kiosk's data in {folder} could not be opened.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="90" />
        <source>See the installation guide: first start, key recovery.</source>
        <translation>See the installation guide: first start, key recovery.</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="100" />
        <source>Kazasu is already running on this computer.</source>
        <translation>Kazasu is already running on this computer.</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <location filename="../../ui/widgets.py" line="1" />
        <source>🔔 Staff called</source>
        <translation>🔔 Staff called</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="94" />
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="94" />
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="96" />
        <source>Events waiting: {count}</source>
        <translation>Events waiting: {count}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="101" />
        <source>Reader: {state}</source>
        <translation>Reader: {state}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="103" />
        <source>Camera: {state}</source>
        <translation>Camera: {state}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="106" />
        <source>Staff: {name}</source>
        <translation>Staff: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>◐ Syncing</source>
        <translation>◐ Syncing</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>⚠ Kiosk update needed</source>
        <translation>⚠ Kiosk update needed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>⚠ Refused by the platform</source>
        <translation>⚠ Refused by the platform</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>⛔ Revoked by the platform</source>
        <translation>⛔ Revoked by the platform</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" />
        <source>○ Offline (retry in {seconds} s)</source>
        <translation>○ Offline (retry in {seconds} s)</translation>
    </message>
</context>
<context>
    <name>WalkInWizard</name>
    <message>
        <location filename="../../ui/screens/walkin.py" line="169" />
        <source>Reading the card… keep it still</source>
        <translation>Reading the card… keep it still</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="203" />
        <source>Some characters could not be read (〓). Compare with the card.</source>
        <translation>Some characters could not be read (〓). Compare with the card.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="212" />
        <location filename="../../ui/screens/walkin.py" line="304" />
        <source>Add a member</source>
        <translation>Add a member</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="263" />
        <source>Not registered: {reason}</source>
        <translation>Not registered: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="267" />
        <source>Save as PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="289" />
        <source>Read name and address from the card</source>
        <translation>Read name and address from the card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="292" />
        <source>Place the card on the reader and enter its 4-digit PIN for the card's details.</source>
        <translation>Place the card on the reader and enter its 4-digit PIN for the card's details.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="298" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>1 try left: the kiosk will not try the PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="300" />
        <source>PIN tries left: {tries}</source>
        <translation>PIN tries left: {tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="301" />
        <source>Type the details instead</source>
        <translation>Type the details instead</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="302" />
        <source>Representative</source>
        <translation>Representative</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="303" />
        <source>Other members</source>
        <translation>Other members</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="305" />
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="306" />
        <source>Staying at</source>
        <translation>Staying at</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="308" />
        <source>In the shelter</source>
        <translation>In the shelter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="309" />
        <source>At home</source>
        <translation>At home</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="310" />
        <source>In a car</source>
        <translation>In a car</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="311" />
        <source>In a tent</source>
        <translation>In a tent</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="312" />
        <source>Elsewhere</source>
        <translation>Elsewhere</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="316" />
        <source>Register</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="317" />
        <source>Start over</source>
        <translation>Start over</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="318" />
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="320" />
        <source>Show this code at the entrance next time, or tap the card.</source>
        <translation>Show this code at the entrance next time, or tap the card.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="322" />
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="323" />
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="455" />
        <source>This may be the same person as someone already registered. Compare before saving.</source>
        <translation>This may be the same person as someone already registered. Compare before saving.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="362" />
        <source>Birth date: {date}</source>
        <translation>Birth date: {date}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="365" />
        <source>Household: {name}</source>
        <translation>Household: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="366" />
        <source>Shelter: {name}</source>
        <translation>Shelter: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="371" />
        <source>Protected (DV): never disclose</source>
        <translation>Protected (DV): never disclose</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="389" />
        <source>Checked in: {name}</source>
        <translation>Checked in: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="462" />
        <source>This is the same person: check them in</source>
        <translation>This is the same person: check them in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="463" />
        <source>A different person: register</source>
        <translation>A different person: register</translation>
    </message>
    <message>
        <location filename="../../ui/screens/walkin.py" line="464" />
        <source>Back to the form</source>
        <translation>Back to the form</translation>
    </message>
</context>
<context>
    <name>AdminTab</name>
    <message>
        <source>Only an administrator may do this.</source>
        <translation>Only an administrator may do this.</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>Not done: {reason}</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>Household: {field}</source>
        <translation>Household: {field}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Sync conflicts of {name}</source>
        <translation>Sync conflicts of {name}</translation>
    </message>
    <message>
        <source>Sync conflicts</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <source>The same field was changed in two places. The later change was kept; the other is shown here. If the lost value is right, enter it again in the editor.</source>
        <translation>The same field was changed in two places. The later change was kept; the other is shown here. If the lost value is right, enter it again in the editor.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Kept value</source>
        <translation>Kept value</translation>
    </message>
    <message>
        <source>Kept (changed at)</source>
        <translation>Kept (changed at)</translation>
    </message>
    <message>
        <source>Lost value</source>
        <translation>Lost value</translation>
    </message>
    <message>
        <source>Lost (changed at)</source>
        <translation>Lost (changed at)</translation>
    </message>
    <message>
        <source>No conflicts</source>
        <translation>No conflicts</translation>
    </message>
</context>
<context>
    <name>QuestionsTab</name>
    <message>
        <source>Question {id} added</source>
        <translation>Question {id} added</translation>
    </message>
    <message>
        <source>Add a question</source>
        <translation>Add a question</translation>
    </message>
    <message>
        <source>ID (a-z, 0-9, _)</source>
        <translation>ID (a-z, 0-9, _)</translation>
    </message>
    <message>
        <source>Asked about</source>
        <translation>Asked about</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Question in Japanese</source>
        <translation>Question in Japanese</translation>
    </message>
    <message>
        <source>Question in English</source>
        <translation>Question in English</translation>
    </message>
    <message>
        <source>Choices (separated by commas)</source>
        <translation>Choices (separated by commas)</translation>
    </message>
    <message>
        <source>Each person</source>
        <translation>Each person</translation>
    </message>
    <message>
        <source>The household</source>
        <translation>The household</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Yes or no</source>
        <translation>Yes or no</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>One of the choices</source>
        <translation>One of the choices</translation>
    </message>
    <message>
        <source>Add question</source>
        <translation>Add question</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>Choices</translation>
    </message>
    <message>
        <source>In the forms</source>
        <translation>In the forms</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>Retired</translation>
    </message>
    <message>
        <source>Retire from the forms</source>
        <translation>Retire from the forms</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restore</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Additional questions</source>
        <translation>Additional questions</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: {text} is not a number</source>
        <translation>{label}: {text} is not a number</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="1" />
        <source>{label}: write the date as 1950-02-03</source>
        <translation>{label}: write the date as 1950-02-03</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <source>Account {id} created</source>
        <translation>Account {id} created</translation>
    </message>
    <message>
        <source>Create a staff account</source>
        <translation>Create a staff account</translation>
    </message>
    <message>
        <source>Staff ID</source>
        <translation>Staff ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Code (6+ digits)</source>
        <translation>Code (6+ digits)</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Card read: it will sign this person in.</source>
        <translation>Card read: it will sign this person in.</translation>
    </message>
    <message>
        <source>Place the staff member's own card on the reader.</source>
        <translation>Place the staff member's own card on the reader.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>This site accepts staff cards only (see Settings).</source>
        <translation>This site accepts staff cards only (see Settings).</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Create account</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>Linked</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Disable account</source>
        <translation>Disable account</translation>
    </message>
    <message>
        <source>Enable account</source>
        <translation>Enable account</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PollWorkerTab</name>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="183" />
        <source>Reading the card…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="196" />
        <location filename="../../ui/screens/pollworker/tab.py" line="317" />
        <source>Card PIN checks are not set up on this kiosk.</source>
        <translation>Card PIN checks are not set up on this kiosk.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="202" />
        <location filename="../../ui/screens/pollworker/tab.py" line="322" />
        <source>Checking the card…</source>
        <translation>Checking the card…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="225" />
        <source>This card is not linked to anyone on the roll. Search by name.</source>
        <translation>This card is not linked to anyone on the roll. Search by name.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="258" />
        <source>Nobody on the roll matches.</source>
        <translation>Nobody on the roll matches.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="287" />
        <source>Choose the reason the voter gives.</source>
        <translation>Choose the reason the voter gives.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="355" />
        <source>Issuing… asking the platform</source>
        <translation>Issuing… asking the platform</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="416" />
        <source>This kiosk's polling site has not reached it yet: wait for the sync.</source>
        <translation>This kiosk's polling site has not reached it yet: wait for the sync.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="420" />
        <source>{election} — early voting at {site}</source>
        <translation>{election} — early voting at {site}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/tab.py" line="429" />
        <source>Incidents to review ({count}):</source>
        <translation>Incidents to review ({count}):</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="64" />
        <source>{name} voted online. A second poll worker confirms that this paper ballot cancels the online vote: their own staff card and PIN, or staff code.</source>
        <translation>{name} voted online. A second poll worker confirms that this paper ballot cancels the online vote: their own staff card and PIN, or staff code.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="69" />
        <source>A second poll worker confirms the ballot for {name}: their own staff card and PIN, or staff code.</source>
        <translation>A second poll worker confirms the ballot for {name}: their own staff card and PIN, or staff code.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="73" />
        <source>Second poll worker's card</source>
        <translation>Second poll worker's card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="75" />
        <source>Place your staff card on the reader and enter its 4-digit PIN.</source>
        <translation>Place your staff card on the reader and enter its 4-digit PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="78" />
        <source>Staff code</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="79" />
        <source>Staff ID</source>
        <translation>Staff ID</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="80" />
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="81" />
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/confirm.py" line="82" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>DeclarePage</name>
    <message>
        <location filename="../../ui/screens/pollworker/declare.py" line="67" />
        <source>Declaration at the desk for {name}, voting today ({date}): the reason</source>
        <translation>Declaration at the desk for {name}, voting today ({date}): the reason</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/declare.py" line="74" />
        <source>Record the declaration</source>
        <translation>Record the declaration</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/declare.py" line="75" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>FindPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="79" />
        <source>The voter's card</source>
        <translation>The voter's card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="83" />
        <source>Ask the voter to place the card on the reader and enter its 4-digit PIN. Or show the declaration QR code to the camera.</source>
        <translation>Ask the voter to place the card on the reader and enter its 4-digit PIN. Or show the declaration QR code to the camera.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="90" />
        <source>Ask the voter to place the card on the reader, or to show the declaration QR code to the camera.</source>
        <translation>Ask the voter to place the card on the reader, or to show the declaration QR code to the camera.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="95" />
        <source>Search the roll</source>
        <translation>Search the roll</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="96" />
        <source>Name or furigana</source>
        <translation>Name or furigana</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="97" />
        <source>Birth date</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/find.py" line="99" />
        <source>Search</source>
        <translation>Search</translation>
    </message>
</context>
<context>
    <name>PollWorkerTexts</name>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="21" />
        <source>1. Work, or an errand (study, local events, weddings, funerals…)</source>
        <translation>1. Work, or an errand (study, local events, weddings, funerals…)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="24" />
        <source>2. Travel or a stay outside the voting district</source>
        <translation>2. Travel or a stay outside the voting district</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="27" />
        <source>3. Illness, injury, pregnancy, old age, disability or childbirth making walking difficult, or detention</source>
        <translation>3. Illness, injury, pregnancy, old age, disability or childbirth making walking difficult, or detention</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="32" />
        <source>4. Living or staying on a remote island</source>
        <translation>4. Living or staying on a remote island</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="35" />
        <source>5. Living outside the municipality</source>
        <translation>5. Living outside the municipality</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="38" />
        <source>6. A disaster or bad weather</source>
        <translation>6. A disaster or bad weather</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="48" />
        <source>This code is not genuine (its signature does not verify). Do not accept it.</source>
        <translation>This code is not genuine (its signature does not verify). Do not accept it.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="52" />
        <source>This declaration code has expired. Declare at the desk instead.</source>
        <translation>This declaration code has expired. Declare at the desk instead.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="55" />
        <source>This code is not valid yet. Check the kiosk's clock.</source>
        <translation>This code is not valid yet. Check the kiosk's clock.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="58" />
        <source>This code was signed with a key the kiosk does not hold. Sync the kiosk.</source>
        <translation>This code was signed with a key the kiosk does not hold. Sync the kiosk.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="62" />
        <source>This code was signed with a key the platform revoked. Do not accept it; search the roll instead.</source>
        <translation>This code was signed with a key the platform revoked. Do not accept it; search the roll instead.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="67" />
        <source>This code cannot be read. Search the roll instead.</source>
        <translation>This code cannot be read. Search the roll instead.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="70" />
        <source>This is not a declaration code. Search the roll instead.</source>
        <translation>This is not a declaration code. Search the roll instead.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="73" />
        <source>This declaration is for another election. Declare at the desk instead.</source>
        <translation>This declaration is for another election. Declare at the desk instead.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="77" />
        <source>This declaration has not reached the kiosk. Search the roll and declare at the desk.</source>
        <translation>This declaration has not reached the kiosk. Search the roll and declare at the desk.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="81" />
        <source>The voter declared again: this code is replaced by the newer declaration.</source>
        <translation>The voter declared again: this code is replaced by the newer declaration.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="85" />
        <source>This declaration was already used. Search the roll to see the voter's status.</source>
        <translation>This declaration was already used. Search the roll to see the voter's status.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="97" />
        <source>Voted provisionally at this site ({site}) at {when}.</source>
        <translation>Voted provisionally at this site ({site}) at {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="101" />
        <source>Voted at this site ({site}) at {when}.</source>
        <translation>Voted at this site ({site}) at {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="105" />
        <source>Voted provisionally at {site} at {when}.</source>
        <translation>Voted provisionally at {site} at {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="109" />
        <source>Voted at {site} at {when}.</source>
        <translation>Voted at {site} at {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="112" />
        <source>Voted online at {when}.</source>
        <translation>Voted online at {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="122" />
        <source>Already voted — do not issue a ballot. {where}</source>
        <translation>Already voted — do not issue a ballot. {where}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="126" />
        <source>{where} Issuing a paper ballot cancels the online vote; a second poll worker confirms it.</source>
        <translation>{where} Issuing a paper ballot cancels the online vote; a second poll worker confirms it.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="132" />
        <source>This site does not hold early voting today. Do not issue a ballot.</source>
        <translation>This site does not hold early voting today. Do not issue a ballot.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="137" />
        <source>No declaration: the voter declares at the desk first.</source>
        <translation>No declaration: the voter declares at the desk first.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="141" />
        <source>The platform cannot be reached, and this site's procedure is to issue no ballot during an outage. Ask the voter to come back later or to go to another site. ({detail})</source>
        <translation>The platform cannot be reached, and this site's procedure is to issue no ballot during an outage. Ask the voter to come back later or to go to another site. ({detail})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="147" />
        <source>The platform cannot be reached. ({detail})</source>
        <translation>The platform cannot be reached. ({detail})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="158" />
        <source>Two ballots issued to one voter</source>
        <translation>Two ballots issued to one voter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="161" />
        <source>A revoked device tried to issue a ballot</source>
        <translation>A revoked device tried to issue a ballot</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="164" />
        <source>A ballot for a voter not on the roll</source>
        <translation>A ballot for a voter not on the roll</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="167" />
        <source>A ballot recorded outside this election</source>
        <translation>A ballot recorded outside this election</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="170" />
        <source>A ballot claim reused another device's claim id</source>
        <translation>A ballot claim reused another device's claim id</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="176" />
        <source>{name} (roll number {number})</source>
        <translation>{name} (roll number {number})</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="182" />
        <source>{kind} — voter {voter}, sites: {sites}, {when}</source>
        <translation>{kind} — voter {voter}, sites: {sites}, {when}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="190" />
        <source>The platform refused the ballot ({kind}): {detail}</source>
        <translation>The platform refused the ballot ({kind}): {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="195" />
        <source>The second poll worker must be someone else.</source>
        <translation>The second poll worker must be someone else.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="198" />
        <source>A second poll worker must confirm with their own card or code.</source>
        <translation>A second poll worker must confirm with their own card or code.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="201" />
        <source>Unknown staff ID or wrong code.</source>
        <translation>Unknown staff ID or wrong code.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="204" />
        <source>This site accepts staff cards only.</source>
        <translation>This site accepts staff cards only.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="207" />
        <source>This staff account is disabled.</source>
        <translation>This staff account is disabled.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="210" />
        <source>The voter has a declaration already: use it.</source>
        <translation>The voter has a declaration already: use it.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="213" />
        <source>The voter has already voted.</source>
        <translation>The voter has already voted.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="220" />
        <source>Not found: {detail}</source>
        <translation>Not found: {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="224" />
        <source>Please check: {detail}</source>
        <translation>Please check: {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="235" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>1 try left: the kiosk will not try the PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/texts.py" line="238" />
        <source>PIN tries left: {tries}</source>
        <translation>PIN tries left: {tries}</translation>
    </message>
</context>
<context>
    <name>ProvisionalPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="35" />
        <source>The platform could not be reached</source>
        <translation>The platform could not be reached</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="41" />
        <source>The platform cannot be reached. This site's procedure: record a provisional vote (仮投票), flagged for review, and reconciled when the network is back.</source>
        <translation>The platform cannot be reached. This site's procedure: record a provisional vote (仮投票), flagged for review, and reconciled when the network is back.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="45" />
        <source>Reason for the provisional vote</source>
        <translation>Reason for the provisional vote</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="46" />
        <source>Record the provisional vote</source>
        <translation>Record the provisional vote</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/provisional.py" line="47" />
        <source>Issue nothing</source>
        <translation>Issue nothing</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/result.py" line="29" />
        <source>Next voter</source>
        <translation>Next voter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/result.py" line="34" />
        <source>Provisional vote recorded for {name}: hand over the ballot and the provisional-vote envelope. It is flagged for review.</source>
        <translation>Provisional vote recorded for {name}: hand over the ballot and the provisional-vote envelope. It is flagged for review.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/result.py" line="41" />
        <source>Recorded as voted: hand the ballot to {name}.</source>
        <translation>Recorded as voted: hand the ballot to {name}.</translation>
    </message>
</context>
<context>
    <name>VoterPage</name>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="67" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="68" />
        <source>Furigana</source>
        <translation>Furigana</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="69" />
        <source>Birth date</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="70" />
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="71" />
        <source>Roll number</source>
        <translation>Roll number</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="72" />
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="73" />
        <source>Declaration</source>
        <translation>Declaration</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="74" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="77" />
        <source>Compare with the voter</source>
        <translation>Compare with the voter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="78" />
        <source>Declare at the desk</source>
        <translation>Declare at the desk</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="80" />
        <source>Issue a paper ballot (cancels the online vote)</source>
        <translation>Issue a paper ballot (cancels the online vote)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="82" />
        <source>Issue the ballot</source>
        <translation>Issue the ballot</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="83" />
        <source>Next voter</source>
        <translation>Next voter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="98" />
        <source>None yet</source>
        <translation>None yet</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="102" />
        <source>made online</source>
        <translation>made online</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="104" />
        <source>made at the desk</source>
        <translation>made at the desk</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="107" />
        <source>completed</source>
        <translation>completed</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="109" />
        <source>not completed yet</source>
        <translation>not completed yet</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="111" />
        <source>For {date}, {via}, {state}</source>
        <translation>For {date}, {via}, {state}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="115" />
        <source> — declared for another day: check with the voter</source>
        <translation> — declared for another day: check with the voter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="121" />
        <source>Not voted; an earlier issue was not answered by the platform</source>
        <translation>Not voted; an earlier issue was not answered by the platform</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pollworker/voter.py" line="124" />
        <source>Not voted</source>
        <translation>Not voted</translation>
    </message>
</context>
<context>
    <name>WebSignInDialog</name>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Checking the card…</source>
        <translation>Checking the card…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Sending the card's answer…</source>
        <translation>Sending the card's answer…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>This is not a web sign-in code. Show the QR code of the sign-in page, or copy its whole text.</source>
        <translation>This is not a web sign-in code. Show the QR code of the sign-in page, or copy its whole text.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>This kiosk is not connected to the platform yet, so it cannot sign anyone in.</source>
        <translation>This kiosk is not connected to the platform yet, so it cannot sign anyone in.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Not answered: this sign-in code has expired or was already used. Reload the sign-in page and show the new code.</source>
        <translation>Not answered: this sign-in code has expired or was already used. Reload the sign-in page and show the new code.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>The platform cannot be reached or cannot check cards now. Please try again later.</source>
        <translation>The platform cannot be reached or cannot check cards now. Please try again later.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: the platform does not trust this card.</source>
        <translation>Refused: the platform does not trust this card.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: this card's certificate has expired.</source>
        <translation>Refused: this card's certificate has expired.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: this card's certificate has been revoked.</source>
        <translation>Refused: this card's certificate has been revoked.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Web sign-in</source>
        <translation>Web sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Web sign-in with the My Number Card</source>
        <translation>Web sign-in with the My Number Card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Hold the sign-in QR code on the phone or computer up to the camera, or paste its text here.</source>
        <translation>Hold the sign-in QR code on the phone or computer up to the camera, or paste its text here.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Sign-in code text</source>
        <translation>Sign-in code text</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Read</source>
        <translation>Read</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Resident's card and PIN</source>
        <translation>Resident's card and PIN</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Place the card on the reader and enter its 4-digit PIN.</source>
        <translation>Place the card on the reader and enter its 4-digit PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused: the platform could not verify the card's answer.</source>
        <translation>Refused: the platform could not verify the card's answer.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Received by {host}. The resident continues on their own phone or computer.</source>
        <translation>Received by {host}. The resident continues on their own phone or computer.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Not answered: this sign-in is for {detail}. This kiosk signs in only at the platform it is connected to.</source>
        <translation>Not answered: this sign-in is for {detail}. This kiosk signs in only at the platform it is connected to.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Refused by the platform: {detail}</source>
        <translation>Refused by the platform: {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>1 try left: the kiosk will not try the PIN.</source>
        <translation>1 try left: the kiosk will not try the PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>Signing in at: {host}
Check that this is the site on the screen.</source>
        <translation>Signing in at: {host}
Check that this is the site on the screen.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/websignin.py" line="1" />
        <source>PIN tries left: {tries}</source>
        <translation>PIN tries left: {tries}</translation>
    </message>
</context>
<context>
    <name>ShelterMappingTab</name>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Local shelters</source>
        <translation>Local shelters</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>This kiosk recorded people at shelters of its own before it was enrolled. Choose the platform shelter each one is; its waiting check-ins are then sent as that shelter's. Until then they wait, and everything else syncs.</source>
        <translation>This kiosk recorded people at shelters of its own before it was enrolled. Choose the platform shelter each one is; its waiting check-ins are then sent as that shelter's. Until then they wait, and everything else syncs.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Local shelter</source>
        <translation>Local shelter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Platform shelter</source>
        <translation>Platform shelter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Map the selected shelter…</source>
        <translation>Map the selected shelter…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Every shelter of this kiosk is the platform's.</source>
        <translation>Every shelter of this kiosk is the platform's.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>No platform shelter has arrived yet: sync first, then map.</source>
        <translation>No platform shelter has arrived yet: sync first, then map.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Map {local} ({local_name}) to {platform} ({platform_name})? Its people, stays and waiting events become the platform shelter's. This cannot be undone.</source>
        <translation>Map {local} ({local_name}) to {platform} ({platform_name})? Its people, stays and waiting events become the platform shelter's. This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Map</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>{local} is now {platform}; {events} waiting events were re-addressed.</source>
        <translation>{local} is now {platform}; {events} waiting events were re-addressed.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shelters.py" line="1" />
        <source>Not mapped: {reason}</source>
        <translation>Not mapped: {reason}</translation>
    </message>
</context>
<context>
    <name>CardLinkDialog</name>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Also register the city card</source>
        <translation>Also register the city card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Show the resident's city card QR code to the camera, or scan it with the handheld scanner.</source>
        <translation>Show the resident's city card QR code to the camera, or scan it with the handheld scanner.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Register the city card</source>
        <translation>Register the city card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The city card is linked. From now on it checks this person in and out.</source>
        <translation>The city card is linked. From now on it checks this person in and out.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>This is not a city card of a format this kiosk knows: {detail}</source>
        <translation>This is not a city card of a format this kiosk knows: {detail}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>This city card is already linked to another person.</source>
        <translation>This city card is already linked to another person.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Link the resident's My Number Card first: a city card is linked only after the card's PIN has proven who they are.</source>
        <translation>Link the resident's My Number Card first: a city card is linked only after the card's PIN has proven who they are.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Reading the card… keep it still</source>
        <translation>Reading the card… keep it still</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Nobody at this kiosk has this card's name and birth date. Register the resident as a walk-in, or check the roster.</source>
        <translation>Nobody at this kiosk has this card's name and birth date. Register the resident as a walk-in, or check the roster.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The chosen person's name or birth date is not the card's.</source>
        <translation>The chosen person's name or birth date is not the card's.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Keep the card on the reader…</source>
        <translation>Keep the card on the reader…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The card is linked. It is sent to the platform now.</source>
        <translation>The card is linked. It is sent to the platform now.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The card is linked here. The platform is not reachable: the link is sent with the next sync.</source>
        <translation>The card is linked here. The platform is not reachable: the link is sent with the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>This card is already linked to another person.</source>
        <translation>This card is already linked to another person.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The chosen person's name is not the card's.</source>
        <translation>The chosen person's name is not the card's.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The chosen person's birth date is not the card's.</source>
        <translation>The chosen person's birth date is not the card's.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Connect this kiosk to the platform before linking cards.</source>
        <translation>Connect this kiosk to the platform before linking cards.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>A different card is on the reader. Start again.</source>
        <translation>A different card is on the reader. Start again.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>birth date</source>
        <translation>birth date</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>address</source>
        <translation>address</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Matches: {items}</source>
        <translation>Matches: {items}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source> — already holds this card</source>
        <translation> — already holds this card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Link a card</source>
        <translation>Link a card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The resident's card</source>
        <translation>The resident's card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Place the resident's My Number Card on the reader and have them enter its 4-digit PIN. Its name, address, birth date and sex are read; never the individual number.</source>
        <translation>Place the resident's My Number Card on the reader and have them enter its 4-digit PIN. Its name, address, birth date and sex are read; never the individual number.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>PIN tries left: {tries}</source>
        <translation>PIN tries left: {tries}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>The card says: {name}, born {born}, {address}</source>
        <translation>The card says: {name}, born {born}, {address}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Link the card to this person</source>
        <translation>Link the card to this person</translation>
    </message>
    <message>
        <location filename="../../ui/screens/cardlink.py" />
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>StartupProgress</name>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Loading the program</source>
        <translation>Loading the program</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Opening the encrypted data (key, check, updates)</source>
        <translation>Opening the encrypted data (key, check, updates)</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Preparing the screens</source>
        <translation>Preparing the screens</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Kazasu is starting</source>
        <translation>Kazasu is starting</translation>
    </message>
    <message>
        <location filename="../../ui/splash.py" />
        <source>Please wait. The first start on a new computer can take a minute.</source>
        <translation>Please wait. The first start on a new computer can take a minute.</translation>
    </message>
</context>
<context>
    <name>SuppliesTab</name>
    <message>
        <location filename="../../ui/screens/supplies.py" line="119" />
        <source>Drinking water (litres)</source>
        <translation>Drinking water (litres)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="120" />
        <source>Meals</source>
        <translation>Meals</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="121" />
        <source>Blankets</source>
        <translation>Blankets</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="122" />
        <source>Baby diapers</source>
        <translation>Baby diapers</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="123" />
        <source>Adult diapers</source>
        <translation>Adult diapers</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="124" />
        <source>Infant formula (litres)</source>
        <translation>Infant formula (litres)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="125" />
        <source>Allergen-free meals</source>
        <translation>Allergen-free meals</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="130" />
        <source>Supplies</source>
        <translation>Supplies</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="134" />
        <source>Stock at this shelter and what it asks headquarters for. The suggestion is a day's need of the people present (3 l of water and 3 meals each, diapers and formula for infants, allergen-free meals, adult diapers for care): a starting point, not a ration. Headquarters sees and totals what is saved here.</source>
        <translation>Stock at this shelter and what it asks headquarters for. The suggestion is a day's need of the people present (3 l of water and 3 meals each, diapers and formula for infants, allergen-free meals, adult diapers for care): a starting point, not a ration. Headquarters sees and totals what is saved here.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="141" />
        <source>Suggested a day</source>
        <translation>Suggested a day</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="146" />
        <source>{item}: stock</source>
        <translation>{item}: stock</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="148" />
        <source>{item}: requested</source>
        <translation>{item}: requested</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="150" />
        <source>Save supplies</source>
        <translation>Save supplies</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="151" />
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="154" />
        <source>Not saved: {reason}</source>
        <translation>Not saved: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="159" />
        <source>Saved: {items}.</source>
        <translation>Saved: {items}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="161" />
        <source>Nothing changed.</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/supplies.py" line="159" />
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
</TS>
