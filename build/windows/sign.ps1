# Signing hook: signs each file given with the city's code-signing certificate (Authenticode,
# SHA-256, RFC 3161 time stamp), so that Windows SmartScreen and the administrators' policies
# can tell who published the kiosk. Called by the Windows workflow for the two programs and, via
# makensis /DSIGN_COMMAND, for the installer and its uninstaller.
#
# Configure in the repository's secrets (the workflow skips signing when the first is empty):
#   KAZASU_SIGNING_PFX       the certificate with its private key, PKCS#12, base64
#   KAZASU_SIGNING_PASSWORD  its password
#   KAZASU_TIMESTAMP_URL     an RFC 3161 time-stamp service of the certificate's issuer
# A certificate kept in a hardware token or a cloud key vault is signed with the vendor's tool
# instead: replace the signtool call below, keep the arguments (one file per argument).
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = "Stop"

$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
  Sort-Object FullName -Descending | Select-Object -First 1
if (-not $signtool) { throw "signtool.exe not found (Windows SDK)" }
if (-not $env:KAZASU_SIGNING_PFX) { throw "KAZASU_SIGNING_PFX is not set" }
if (-not $env:KAZASU_TIMESTAMP_URL) { throw "KAZASU_TIMESTAMP_URL is not set" }

$pfx = Join-Path $env:RUNNER_TEMP "kazasu-signing.pfx"
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:KAZASU_SIGNING_PFX))
try {
  foreach ($file in $Files) {
    & $signtool.FullName sign /f $pfx /p $env:KAZASU_SIGNING_PASSWORD /fd SHA256 `
      /tr $env:KAZASU_TIMESTAMP_URL /td SHA256 $file
    if ($LASTEXITCODE -ne 0) { throw "signing $file failed" }
  }
} finally {
  Remove-Item $pfx -Force
}
