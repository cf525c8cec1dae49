; Inno Setup script: the Windows installer of 绩效自评助手 (Zeping), made by
; .github/workflows/windows.yml from the bundle of tools/build_bundle.py:
;
;     ISCC.exe /DAppVersion=0.1.0 tools\zeping.iss      ->  dist\installer\zeping-setup-0.1.0.exe
;
; Per-user: no administrator rights, installed in %LOCALAPPDATA%\Programs\Zeping, a
; Start-menu entry, optionally a desktop shortcut and "open with" for report .json files.
; The uninstaller removes the program only: the clerk's data lives in %APPDATA%\Zeping
; (storage/paths.py), which this script never names, so it stays.
;
; This file is UTF-8 with a byte-order mark: without it Inno Setup reads it in the
; machine's ANSI code page and the Chinese below is garbled.

#ifndef AppVersion
  #error Give the version: ISCC /DAppVersion=X.Y.Z tools\zeping.iss
#endif
#define AppName "绩效自评助手"
#define AppExe "zeping.exe"

[Setup]
; The AppId identifies the program to Windows across versions: never change it.
AppId={{5B0C6E2A-8F3D-4C1B-9A57-2E6D4F8B1C93}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Zeping
VersionInfoVersion={#AppVersion}
; Per-user install: {autopf} is %LOCALAPPDATA%\Programs, shortcuts go to the user's menu,
; registry entries to HKEY_CURRENT_USER.
PrivilegesRequired=lowest
DefaultDirName={autopf}\Zeping
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=zeping-setup-{#AppVersion}
SetupIconFile=..\resources\icons\zeping.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; A running copy is asked to close before its files are replaced.
CloseApplications=yes
ChangesAssociations=yes

[Languages]
; Inno Setup's sources list ChineseSimplified.isl among the official languages from 6.5
; on; older compilers had it only as an unofficial translation, not installed with them.
; Without it the installer's own buttons are English (the texts of this script stay Chinese).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma warning "Languages\ChineseSimplified.isl is not in this Inno Setup: the installer's own words are English"
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："
Name: "jsonopen"; Description: "在 .json 文件的“打开方式”中加入绩效自评助手（打开即导入报告）"; GroupDescription: "文件关联："; Flags: unchecked

[InstallDelete]
; An update replaces the program's files as a whole: nothing of the old version stays.
Type: filesandordirs; Name: "{app}\_internal"

[UninstallDelete]
; The font metrics cache (storage/documents/fontcache.py): made again on the next use, never data.
Type: filesandordirs; Name: "{localappdata}\Zeping\cache"
Type: dirifempty; Name: "{localappdata}\Zeping"

[Files]
Source: "..\dist\zeping\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "预算绩效自评报告的填写、评分、体检与导出"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Open with" only: .json keeps whatever program the clerk has for it.
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "Zeping.ReportJson"; ValueData: ""; Flags: uninsdeletevalue; Tasks: jsonopen
Root: HKA; Subkey: "Software\Classes\Zeping.ReportJson"; ValueType: string; ValueName: ""; ValueData: "绩效自评报告 JSON"; Flags: uninsdeletekey; Tasks: jsonopen
Root: HKA; Subkey: "Software\Classes\Zeping.ReportJson\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: jsonopen
Root: HKA; Subkey: "Software\Classes\Zeping.ReportJson\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: jsonopen

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent
