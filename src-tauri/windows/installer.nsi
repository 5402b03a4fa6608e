; Campaign Kit's Windows installer, made offline by Debian's makensis
; (src-tauri/scripts/build-windows.sh passes VERSION, STAGE and OUT).
;
; It installs for the person using the laptop only, so no administrator password is needed:
; the program goes in %LOCALAPPDATA%\Programs\Campaign Kit, with a Start menu entry and an
; entry in "Apps" to uninstall it. The group's data is never in the program's folder (it is
; in %APPDATA%\uk.campaignkit.CampaignKit), and uninstalling leaves it alone unless the
; person says otherwise.

Unicode true
!include "MUI2.nsh"

!ifndef VERSION
  !error "Give the version: makensis -DVERSION=0.1.0 -DSTAGE=folder -DOUT=file.exe"
!endif

!define APP "Campaign Kit"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\CampaignKit"
!define DATA_FOLDER "uk.campaignkit.CampaignKit"

Name "${APP}"
OutFile "${OUT}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
BrandingText "${APP} ${VERSION}"

!define MUI_ICON "${STAGE}/${APP}.ico"
!define MUI_UNICON "${STAGE}/${APP}.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP}.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APP} now"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "GPL-3.0-or-later"

Section "Campaign Kit" Main
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}/${APP}.exe"
  File "${STAGE}/campaign-kit-cli.exe"
  File "${STAGE}/WebView2Loader.dll"
  File "${STAGE}/${APP}.ico"
  File "${STAGE}/LICENSE.txt"
  File "${STAGE}/README.txt"
  WriteUninstaller "$INSTDIR\Uninstall ${APP}.exe"

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${APP}.exe" "" "$INSTDIR\${APP}.ico"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Campaign Kit contributors"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP}.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall ${APP}.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall ${APP}.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$INSTDIR\${APP}.exe"
  Delete "$INSTDIR\campaign-kit-cli.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\${APP}.ico"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\Uninstall ${APP}.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"

  ; The group's data (petition signatures, leaflets, briefings) stays unless the person asks,
  ; and never in a silent uninstall. The answer preselected is No.
  IfSilent keep_data
  IfFileExists "$APPDATA\${DATA_FOLDER}\*.*" 0 keep_data
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 \
    "Also delete your group's Campaign Kit data on this laptop?$\r$\n$\r$\nThis deletes every petition signature, leaflet and briefing you made, and the backup copies. It cannot be undone.$\r$\n$\r$\nChoose No to keep it (for example, to install Campaign Kit again later)." \
    IDYES delete_data IDNO keep_data
  delete_data:
    RMDir /r "$APPDATA\${DATA_FOLDER}"
  keep_data:
SectionEnd
