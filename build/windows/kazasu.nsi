; Kazasu kiosk: per-machine Windows installer over the PyInstaller bundle (dist\kazasu).
;
;   makensis -DVERSION=0.1.0 -DDIST=dist\kazasu -DOUTFILE=dist\Kazasu-0.1.0-setup.exe build\windows\kazasu.nsi
;
; Defines: VERSION (from pyproject.toml, X.Y.Z), DIST (the onedir bundle), OUTFILE; optional
; CHECK_ONLY (no compression: `make dist` compiles the script on Linux to prove it valid) and
; SIGN_COMMAND (a command that signs the file named %1; installer and uninstaller are signed
; with it when given, see docs/install).
;
; Silent use: Setup.exe /S [/AUTOSTART] [/D=C:\Path]; uninstall.exe /S [/REMOVEDATA].
; Both refuse (exit code 2) while Kazasu runs. Uninstalling keeps the encrypted data folder
; (%ProgramData%\Kazasu) unless the data component is ticked or /REMOVEDATA is given.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel admin

!ifndef VERSION
  !error "VERSION not defined: makensis -DVERSION=X.Y.Z (see the Makefile's installer target)"
!endif
!ifndef DIST
  !error "DIST not defined: the folder PyInstaller made (dist\kazasu)"
!endif
!ifndef OUTFILE
  !define OUTFILE "Kazasu-${VERSION}-setup.exe"
!endif

!define PRODUCT "Kazasu"
!define PUBLISHER "Kazasu"
!define GUI_EXE "kazasu.exe"
!define CONSOLE_EXE "kazasu-console.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Kazasu"
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define PRODUCT_KEY "Software\Kazasu"
!define EXIT_RUNNING 2

!ifdef CHECK_ONLY
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif
!ifdef SIGN_COMMAND
  !finalize '${SIGN_COMMAND} "%1"'
  !uninstfinalize '${SIGN_COMMAND} "%1"'
!endif

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
InstallDirRegKey HKLM "${PRODUCT_KEY}" "InstallDir"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Apache-2.0"

!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; Japanese first; the installer speaks the language of the Windows it runs on.
!insertmacro MUI_LANGUAGE "Japanese"
!insertmacro MUI_LANGUAGE "English"

LangString SecProgram ${LANG_JAPANESE} "Kazasu（キオスク本体）"
LangString SecProgram ${LANG_ENGLISH} "Kazasu (the kiosk)"
LangString SecAutostart ${LANG_JAPANESE} "ログオン時にキオスクモード（全画面）で起動"
LangString SecAutostart ${LANG_ENGLISH} "Start at logon in kiosk mode (full screen)"
LangString SecData ${LANG_JAPANESE} "暗号化されたデータも削除する（元に戻せません）"
LangString SecData ${LANG_ENGLISH} "Also delete the encrypted data (cannot be undone)"
LangString Running ${LANG_JAPANESE} "Kazasu が起動中です。キオスクを終了してから、もう一度実行してください。"
LangString Running ${LANG_ENGLISH} "Kazasu is running. Close the kiosk, then run this again."
LangString ShortcutSelfTest ${LANG_JAPANESE} "Kazasu 自己診断"
LangString ShortcutSelfTest ${LANG_ENGLISH} "Kazasu self-test"
LangString ShortcutLogs ${LANG_JAPANESE} "Kazasu ログフォルダ"
LangString ShortcutLogs ${LANG_ENGLISH} "Kazasu log folder"

; -- refuse while the kiosk runs ----------------------------------------------------------------
; tasklist lists the processes of every session (the kiosk may run under another account); with
; /FO CSV a match starts with a quote, while "no tasks" is a message in the system's language.
!macro RefuseWhileRunning UN
  Function ${UN}RefuseWhileRunning
    Push $0
    Push $1
    Push $2
    ${ForEach} $2 0 1 + 1
      ${If} $2 == 0
        StrCpy $0 "${GUI_EXE}"
      ${Else}
        StrCpy $0 "${CONSOLE_EXE}"
      ${EndIf}
      nsExec::ExecToStack '"$SYSDIR\tasklist.exe" /FO CSV /NH /FI "IMAGENAME eq $0"'
      Pop $1 ; exit code
      Pop $1 ; output
      StrCpy $1 $1 1
      ${If} $1 == '"'
        MessageBox MB_ICONSTOP|MB_OK "$(Running)" /SD IDOK
        SetErrorLevel ${EXIT_RUNNING}
        Quit
      ${EndIf}
    ${Next}
    Pop $2
    Pop $1
    Pop $0
  FunctionEnd
!macroend
!insertmacro RefuseWhileRunning ""
!insertmacro RefuseWhileRunning "un."

; -- install ------------------------------------------------------------------------------------
Section "!$(SecProgram)" SecProgram
  SectionIn RO
  SetShellVarContext all
  ; An update replaces the program's files, never the data folder: files of the old version
  ; that the new one no longer has must not linger in the bundle.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${DIST}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; The data folder belongs to the machine: the kiosk may run under a standard account, so
  ; local users may change files in it (the store in it is encrypted either way).
  CreateDirectory "$APPDATA\${PRODUCT}"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$APPDATA\${PRODUCT}" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $0

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\$(ShortcutSelfTest).lnk" "$SYSDIR\cmd.exe" \
    '/k ""$INSTDIR\${CONSOLE_EXE}" --self-test"' "$INSTDIR\${CONSOLE_EXE}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT}\$(ShortcutLogs).lnk" "$APPDATA\${PRODUCT}\logs"

  WriteRegStr HKLM "${PRODUCT_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${PRODUCT_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  ; Re-installing without the autostart component removes an earlier autostart.
  DeleteRegValue HKLM "${RUN_KEY}" "${PRODUCT}"
SectionEnd

Section /o "$(SecAutostart)" SecAutostart
  WriteRegStr HKLM "${RUN_KEY}" "${PRODUCT}" '"$INSTDIR\${GUI_EXE}" --kiosk'
SectionEnd

; -- uninstall ----------------------------------------------------------------------------------
Section "!un.$(SecProgram)" SecUnProgram
  SectionIn RO
  SetShellVarContext all
  DeleteRegValue HKLM "${RUN_KEY}" "${PRODUCT}"
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CONSOLE_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${PRODUCT_KEY}"
SectionEnd

Section /o "un.$(SecData)" SecUnData
  SetShellVarContext all
  RMDir /r "$APPDATA\${PRODUCT}"
SectionEnd

; -- start-up (after the sections, whose ids they use) ---------------------------------------
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "Kazasu needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  Call RefuseWhileRunning
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/AUTOSTART" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecAutostart} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

Function un.onInit
  Call un.RefuseWhileRunning
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecUnData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
